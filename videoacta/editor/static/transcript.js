/* videoacta editor: the Transcript view, shown when the session folder has transcript.json.
   The secretary corrects a segment's text, gives it to another speaker (or to nobody), deletes
   it, and marks the whole transcript reviewed. Every change names the version of the file the
   page read and is checked by the server before it is saved; the page redraws from its answer.
   A segment's time seeks the recording when the editor plays one (the player is moved into
   this view while it is shown). The review's status stays in the header, in every view. */
"use strict";

(() => {
  const VA = window.VA;
  const h = VA.h;
  const $ = (selector) => document.querySelector(selector);
  const KINDS = { intervention: "Intervention", presiding: "Presiding", unattributed: "Unattributed" };

  async function load() {
    const data = await VA.call("api/transcript");
    if (data) draw(data);
  }

  async function change(body) {
    const data = await VA.call("api/transcript", { ...body, version: VA.transcript.version });
    if (data) { draw(data); VA.say(done(body.op), false); }
    else await reload();  // refused: show the file as it is, the message stays
    return data;
  }

  async function reload() {
    const message = $("#problem").textContent;
    const response = await fetch("api/transcript");
    if (response.ok) draw(await response.json());
    if (message) VA.say(message, true);
  }

  function done(op) {
    return { text: "Text corrected", speaker: "Speaker changed", delete: "Segment deleted", review: "Transcript marked reviewed", undo: "Last change undone" }[op];
  }

  function draw(data) {
    VA.transcript = data;
    const tab = document.querySelector('.tab[data-tab="transcript"]');
    const badge = $("#transcript-badge");
    tab.hidden = !data.exists;
    badge.hidden = !data.exists;
    if (!data.exists) return;
    if (data.error) {
      badge.textContent = "Transcript: cannot be read";
      $("#transcript-status").textContent = data.error;
      $("#transcript-status").className = "status-pill edited";
      $("#transcript-spans").replaceChildren();
      $("#transcript-problems").replaceChildren();
      return;
    }
    badge.textContent = `Transcript: ${data.status_text}`;
    badge.dataset.status = data.status;
    $("#transcript-status").textContent = data.status_text;
    $("#transcript-status").className = `status-pill ${data.status}`;
    $("#transcript-review").disabled = data.status === "reviewed" || data.problems.length > 0;
    $("#transcript-undo").disabled = !data.undo;
    $("#transcript-problems").replaceChildren(...data.problems.map((problem) => h("li", {}, problem)));
    const names = Object.fromEntries(data.members.map((m) => [m.id, m.name]));
    const spans = data.spans.map((span, n) => drawSpan(span, n, names, data.members));
    const withheld = data.withheld.map((w) => h("section", { class: "span withheld" },
      h("h3", {}, `Item ${w.item}, debated in camera `, h("span", { class: "meta" }, `${clock(w.start)}–${clock(w.end)}: never transcribed`))));
    const all = [...spans, ...withheld].sort((a, b) => Number(a.dataset.start) - Number(b.dataset.start));
    $("#transcript-spans").replaceChildren(...all);
  }

  function drawSpan(span, n, names, members) {
    const who = span.speaker ? (span.name || names[span.speaker] || span.speaker) : "nobody";
    const meta = [span.group, span.item ? `item ${span.item}` : null, `${clock(span.start)}–${clock(span.end)}`].filter(Boolean).join(" · ");
    const flags = (span.flags || []).map((flag) => h("p", { class: "hint" }, `Speech without text ${clock(flag.start)}–${clock(flag.end)}: listen to it`));
    return h("section", { class: "span", dataset: { span: String(n), start: String(span.start) } },
      h("h3", {}, `${KINDS[span.kind] || span.kind}: ${who} `, h("span", { class: "meta" }, meta)),
      span.segments.map((segment) => drawSegment(segment, names, members)),
      flags);
  }

  function drawSegment(segment, names, members) {
    const label = `segment ${segment.id} at ${clock(segment.start)}`;
    const time = VA.state?.mode === "recording" && !$("#player").hidden
      ? h("button", { type: "button", class: "seg-time", title: "Play from here", "aria-label": `Go to ${label}`, onclick: () => VA.seekOffset(segment.start) }, clock(segment.start))
      : h("time", { class: "seg-time" }, clock(segment.start));
    const text = h("textarea", { rows: 2, maxlength: 2000, "aria-label": `Text of ${label}` });
    text.value = segment.text;
    text.addEventListener("change", () => change({ op: "text", segment: segment.id, text: text.value }));
    const speaker = h("select", { "aria-label": `Speaker of ${label}` },
      h("option", { value: "" }, "nobody"),
      members.map((m) => h("option", { value: m.id }, m.group ? `${m.name} (${m.group})` : m.name)),
      segment.speaker && !names[segment.speaker] ? h("option", { value: segment.speaker }, `${segment.speaker} (not in the session)`) : null);
    speaker.value = segment.speaker || "";
    speaker.addEventListener("change", () => change({ op: "speaker", segment: segment.id, speaker: speaker.value || null }));
    const remove = h("button", { type: "button", "aria-label": `Delete ${label}`, onclick: () => change({ op: "delete", segment: segment.id }) }, "Delete");
    const notes = [segment.edited ? "edited" : null, segment.confidence === null ? null : `confidence ${Math.round(100 * segment.confidence)} %`].filter(Boolean).join(", ");
    return h("div", { class: `segment${segment.edited ? " edited" : ""}`, dataset: { segment: segment.id } },
      time, h("div", {}, text, notes ? h("span", { class: "hint" }, notes) : null),
      h("div", { class: "seg-tools" }, speaker, remove));
  }

  /* Seconds on the recording's timeline as 1:02:03 (or 2:03). */
  function clock(seconds) {
    const whole = Math.floor(seconds);
    const [hours, minutes, secs] = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60];
    const two = (n) => String(n).padStart(2, "0");
    return hours ? `${hours}:${two(minutes)}:${two(secs)}` : `${minutes}:${two(secs)}`;
  }

  /* The one player follows the view shown: here, or back at the top of the marking view. */
  function placePlayer(tab) {
    const player = $("#player");
    if (tab === "transcript") $("#transcript-player").append(player);
    else if (player.parentElement.id === "transcript-player") $("#view-mark .col").prepend(player);
  }

  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => {
      placePlayer(tab.dataset.tab);
      if (tab.dataset.tab === "transcript") load();
    });
  }
  $("#transcript-review").addEventListener("click", () => change({ op: "review" }));
  $("#transcript-undo").addEventListener("click", () => change({ op: "undo" }));
  VA.loadTranscript = load;
  load();
})();
