/* videoacta editor: the setup view. Each field edits session.toml through the server, which
   checks the whole file as `videoacta tally` does (and the vote log against it) before writing;
   a refused change names the field and leaves the file as it was. */
"use strict";

(() => {
  const { h } = window.VA;

  const FIELDS = [
    ["number", "Number", "text"], ["date", "Date", "date"], ["place", "Place", "text"],
    ["kind", "Kind", "session_kinds"], ["call", "Call", "calls"], ["mode", "Mode", "modes"],
    ["timezone", "Time zone", "text"], ["language", "Language", "languages"],
  ];
  const NESTED = [
    [["body", "name"], "Body", "text"], [["body", "legal_members"], "Legal number of members", "int"],
    [["chair_title"], "Chair's office (Alcaldessa, Alcalde accidental…)", "text"],
    [["secretary", "name"], "Secretary", "text"], [["secretary", "title"], "Secretary's office", "text"],
    [["comptroller", "name"], "Comptroller", "text"], [["comptroller", "title"], "Comptroller's office", "text"],
    [["recording", "clock_offset"], "Clock offset (s, camera minus log)", "float"],
  ];
  const COLUMNS = {
    items: [["number", "No.", "int"], ["title", "Title", "text"], ["kind", "Kind", "item_kinds"],
      ["vote", "Vote", "vote_types"], ["majority", "Majority", "text"], ["in_camera", "In camera", "bool"],
      ["ties", "Ties", "ties"], ["members_in_minutes", "Members in minutes", "bool"], ["candidate", "Elected (an election)", "text"]],
    members: [["id", "Id", "text"], ["name", "Name", "text"], ["group", "Group", "groups"],
      ["role", "Role", "member_roles"], ["weight", "Weight", "int"],
      ["from", "In office from", "date"], ["until", "In office until", "date"]],
    groups: [["id", "Id", "text"], ["name", "Name", "text"]],
    "recording.parts": [["file", "File", "files"], ["start", "Start (camera clock)", "text"]],
  };
  const TITLES = { items: "Agenda", members: "Members", groups: "Groups", "recording.parts": "Recording parts" };

  async function change(body) {
    // The session's version: a retried or stale change (they name entries by place) is refused.
    const data = await window.VA.call("api/setup", { ...body, version: window.VA.state.session_version });
    if (data) {
      window.VA.setupSaves = (window.VA.setupSaves || 0) + 1;
      window.VA.draw(data);
      window.VA.say("session.toml saved", false);
    }
    return data;
  }

  function read(input, kind) {
    if (kind === "bool") return input.checked;
    const text = input.value.trim();
    if (text === "") return null;
    if (kind === "int") return Number.isInteger(Number(text)) ? Number(text) : text;
    if (kind === "float") return Number.isFinite(Number(text)) ? Number(text) : text;
    return text;
  }

  function control(kind, value, label, view, onchange) {
    const choices = kind === "groups" ? view.session.groups.map((g) => g.id)
      : kind === "files" ? view.recording_files : view.vocabularies[kind];
    let input;
    if (kind === "bool") {
      input = h("input", { type: "checkbox", checked: Boolean(value), "aria-label": label });
    } else if (choices) {
      input = h("select", { "aria-label": label }, h("option", { value: "" }, "—"),
        [...new Set([...(value ? [String(value)] : []), ...choices])].map((choice) => h("option", { value: choice, selected: String(value) === choice }, choice)));
    } else {
      input = h("input", { type: kind === "date" ? "date" : "text", value: value ?? "", "aria-label": label,
        inputmode: kind === "int" || kind === "float" ? "decimal" : null, size: kind === "int" ? 4 : null });
    }
    input.addEventListener("change", () => onchange(read(input, kind)));
    return input;
  }

  function fields(view) {
    const session = view.session;
    const rows = FIELDS.map(([key, label, kind]) => h("label", { class: "field" }, h("span", {}, label),
      control(kind, session[key], label, view, (value) => change({ op: "set", path: [key], value }))));
    for (const [path, label, kind] of NESTED) {
      const value = path.reduce((at, key) => (at == null ? undefined : at[key]), session);
      rows.push(h("label", { class: "field" }, h("span", {}, label),
        control(kind, value, label, view, (value) => change({ op: "set", path, value }))));
    }
    const chair = h("select", { "aria-label": "Chair" }, session.members.map((m) => h("option", { value: m.id, selected: m.id === session.chair }, m.name)));
    chair.addEventListener("change", () => change({ op: "set", path: ["chair"], value: chair.value }));
    rows.push(h("label", { class: "field" }, h("span", {}, "Chair"), chair));
    return h("section", { "aria-labelledby": "setup-session" }, h("h2", { id: "setup-session" }, "Session"), h("div", { class: "fields" }, rows), excused(session));
  }

  function excused(session) {
    const chosen = new Set(session.excused || []);
    return h("fieldset", { class: "excused" }, h("legend", {}, "Excused"), session.members.map((m) => {
      const box = h("input", { type: "checkbox", checked: chosen.has(m.id), name: `excused-${m.id}` });
      box.addEventListener("change", () => {
        const next = session.members.map((x) => x.id).filter((id) => (id === m.id ? box.checked : chosen.has(id)));
        change({ op: "set", path: ["excused"], value: next });
      });
      return h("label", { class: "check" }, box, " ", m.name);
    }));
  }

  function table(view, list) {
    const entries = list === "recording.parts" ? view.session.recording.parts : view.session[list];
    const columns = COLUMNS[list];
    const rows = entries.map((entry, index) => h("tr", { dataset: { index } },
      columns.map(([key, label, kind]) => h("td", {}, kind === "ties" ? (view.vocabularies.voted_item_kinds.includes(entry.kind) ? window.VA.itemTies(entry.ties, `${label} ${index + 1}`, index, change) : "")
        : control(kind, entry[key], `${label} ${index + 1}`, view,
          (value) => change({ op: "update", list, index, values: { [key]: value } })))),
      h("td", { class: "row-actions" },
        h("button", { type: "button", "aria-label": `Move ${list} ${index + 1} up`, disabled: index === 0,
          onclick: () => change({ op: "move", list, index, to: index - 1 }) }, "↑"),
        h("button", { type: "button", "aria-label": `Remove ${list} ${index + 1}`,
          onclick: () => change({ op: "remove", list, index }) }, "Remove"))));
    // An item's rule on ties is set once it is on the agenda.
    const fresh = columns.map(([key, label, kind]) => [key, kind, kind === "ties" ? h("span") : control(kind, null, `New ${label}`, view, () => {})]);
    const add = h("tr", { class: "new" }, fresh.map(([, , input]) => h("td", {}, input)),
      h("td", {}, h("button", { type: "button", class: "add", onclick: () => {
        const values = {};
        for (const [key, kind, input] of fresh) {
          if (kind === "ties") continue;
          const value = read(input, kind);
          if (value !== null && !(kind === "bool" && value === false)) values[key] = value;
        }
        change({ op: "add", list, values });
      } }, "Add")));
    const id = `setup-${list.replace(".", "-")}`;
    return h("section", { "aria-labelledby": id, dataset: { list } }, h("h2", { id }, TITLES[list]),
      h("table", { class: "entries" }, h("thead", {}, h("tr", {}, columns.map(([, label]) => h("th", { scope: "col" }, label)), h("th", {}, ""))),
        h("tbody", {}, rows, add)));
  }

  function recordingNote(state) {
    const parts = state.recording?.parts || [];
    return h("p", { class: "hint" }, state.recording_problem ? state.recording_problem
      : parts.length ? parts.map((p) => `${p.file}: starts ${p.camera_start} (from ${p.source})${p.warnings.length ? ` — ${p.warnings.join("; ")}` : ""}`).join(" · ")
        : "Put the recording's files in the folder's recording/ and add them here as parts.");
  }

  // Drawn again unless a text is being typed in it (false: not drawn; drawn once it is left);
  // a choice made (a select, a box) keeps the focus on the control of the same name.
  window.VA.drawSetup = (state) => {
    const view = state.session;
    const box = document.querySelector("#setup");
    const active = box.contains(document.activeElement) ? document.activeElement : null;
    if (active?.tagName === "INPUT" && active.type !== "checkbox") return false;
    const label = active?.getAttribute("aria-label");
    box.replaceChildren(fields(view), window.VA.rulesSection(view, change), table(view, "groups"), table(view, "members"), table(view, "items"),
      table(view, "recording.parts"), recordingNote(state));
    if (label) [...box.querySelectorAll("[aria-label]")].find((e) => e.getAttribute("aria-label") === label)?.focus();
    return true;
  };
  document.querySelector("#setup").addEventListener("focusout", () => setTimeout(() => {
    const VA = window.VA;
    if (VA.setupDirty && VA.state && !document.querySelector("#view-setup").hidden) VA.setupDirty = VA.drawSetup(VA.state) === false;
  }));
})();
