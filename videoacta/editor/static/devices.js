/* videoacta editor: members' devices in a telematic session (`videoacta mark --live`). Shown
   only when the server says the session is telematic (its state has `telematic`). Issues and
   revokes members' personal links, shows who follows the session from a device, and polls the
   server's pulse so that members' votes appear here as they arrive. */
"use strict";

(() => {
  const VA = window.VA;
  const $ = (selector) => document.querySelector(selector);
  let polling = false;

  function drawDevices() {
    const state = VA.state;
    const section = $("#devices");
    if (!state?.telematic) { section.hidden = true; return; }
    section.hidden = false;
    const links = Object.fromEntries((state.telematic.links || []).map((link) => [link.member, link]));
    const online = VA.pulse?.online || {};
    const session = state.session.session || state.session;
    const rows = session.members.map((member) => {
      const link = links[member.id];
      return VA.h("tr", { dataset: { member: member.id } },
        VA.h("th", { scope: "row" }, member.name),
        VA.h("td", {}, link ? `issued ${issuedAt(link.issued, session.timezone)}` : "none"),
        VA.h("td", {}, online[member.id] ? `yes (${online[member.id]})` : "no"),
        VA.h("td", {},
          VA.h("button", { type: "button", onclick: () => issue(member), "aria-label": `${link ? "New link" : "Issue link"} for ${member.name}` }, link ? "New link" : "Issue link"),
          link ? VA.h("button", { type: "button", onclick: () => revoke(member), "aria-label": `Revoke the link of ${member.name}` }, "Revoke") : null));
    });
    $("#devices-table tbody").replaceChildren(...rows);
    if (!polling) { polling = true; setInterval(pulse, 1000); }
  }

  // The session's clock, as the editor's own clock shows it (not the browser's zone or 12-hour locale).
  function issuedAt(iso, zone) {
    return new Date(iso).toLocaleTimeString("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hour12: false });
  }

  async function issue(member) {
    const data = await VA.call("api/links", { op: "issue", member: member.id });
    if (!data) return;
    VA.state.telematic.links = data.links;
    drawDevices();
    $("#link-title").textContent = `Link of ${member.name}`;
    $("#link-text").value = data.link;
    $("#link-qr").src = data.qr;
    $("#link-copy").textContent = "Copy";
    $("#link-dialog").showModal();
  }

  async function revoke(member) {
    if (!window.confirm(`Revoke the link of ${member.name}? It stops working at once.`)) return;
    const data = await VA.call("api/links", { op: "revoke", member: member.id });
    if (!data) return;
    VA.state.telematic.links = data.links;
    drawDevices();
    VA.say(`The link of ${member.name} no longer works.`, false);
  }

  /* Members' votes change the log without this page: fetch the state when its version moved
     (not while a dialog is open or the secretary is drafting a vote). */
  async function pulse() {
    if (document.querySelector("dialog[open]") || Object.keys(VA.draft).length) return;
    const response = await fetch("api/pulse").catch(() => null);
    if (!response?.ok) return;
    VA.pulse = await response.json();
    if (VA.pulse.version !== VA.state.log.version) {
      const state = await fetch("api/state").then((r) => (r.ok ? r.json() : null)).catch(() => null);
      if (state && !document.querySelector("dialog[open]")) VA.draw(state);
    } else {
      drawDevices();
    }
  }

  $("#link-copy").addEventListener("click", async () => {
    const copied = await navigator.clipboard?.writeText($("#link-text").value).then(() => true, () => false);
    $("#link-copy").textContent = copied ? "Copied" : "Copy";
    if (!copied) $("#link-text").select(); // no clipboard: the link selected, for Ctrl+C
  });
  VA.afterDraw = drawDevices;
})();
