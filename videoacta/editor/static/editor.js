/* videoacta editor: the marking view. The server's state is the truth: every action is sent,
   checked against the rules and logged there, and the page redraws from the answer. The only
   state kept here is the player's position and the draft of a vote not yet recorded. */
"use strict";

const VA = (window.VA = {
  state: null,
  draft: {},        // member id -> choice ("yes" | "no" | "abstain" | "took_part"), not yet sent
  selection: null,  // null, "all" or a group id: what the next y / n / a key applies to
  part: 0,          // the recording part loaded in the player
});

const $ = (selector) => document.querySelector(selector);

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}
VA.h = h;

function say(text, problem) {
  $("#status").textContent = problem ? "" : text;
  const alert = $("#problem");
  alert.hidden = !problem;
  alert.textContent = problem ? text : "";
}
VA.say = say;

async function call(path, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, init);
  const data = await response.json();
  if (response.status === 409) {
    // Another window or program changed the files: show them as they are, and say so after.
    await refresh();
    const why = (data.error || "").replace(/;[^;]*reload[^;]*$/, "");
    say(`Not recorded: ${why}. The page now shows it as it is: do it again if it is still needed.`, true);
    return null;
  }
  if (!response.ok) {
    say(data.error || `Error ${response.status}`, true);
    return null;
  }
  say("", false);
  return data;
}
VA.call = call;

async function refresh() {
  const data = await call("api/state");
  if (data) draw(data);
}

function draw(state) {
  const focus = focusKey();
  VA.state = state;
  const session = state.session.session || state.session;
  document.documentElement.lang = session.language || "en";
  $("#title").textContent = `${session.body?.name || ""} — ${session.id || ""}`;
  $("#clock-mode").textContent = state.mode === "recording"
    ? "Recording clock: each mark takes the time of the frame shown"
    : "Wall clock: each mark takes the time it is made";
  $("#player").hidden = state.mode !== "recording";
  $("#wall").hidden = state.mode === "recording";
  if (state.recording_problem) say(state.recording_problem, true);
  if (state.session_problem) say(state.session_problem, true);
  if (state.mode === "recording") loadPlayer(state.recording);
  drawSession(state);
  drawAgenda(state);
  drawVote(state);
  drawMembers(state);
  drawMarks(state);
  drawBuild(state.build);
  // The setup forms are drawn again only when session.toml changed, and only when shown.
  const key = JSON.stringify(state.session.session);
  if (key !== VA.setupKey) VA.setupDirty = true;
  VA.setupKey = key;
  if (VA.setupDirty && !$("#view-setup").hidden && window.VA.drawSetup) {
    VA.setupDirty = window.VA.drawSetup(state) === false;  // false: a text is being typed
  }
  if (VA.afterDraw) VA.afterDraw(state);  // the members' devices (devices.js)
  restoreFocus(focus);
}
VA.draw = draw;

/* The button the keyboard is on, as the path to it (the nearest id, the data-* of the rows in
   between) and its label: a redraw replaces it, and a keyboard user would start over from the
   top of the page. A button focused by a click is left alone (Space and Enter stay the
   marking keys). */
function focusKey() {
  const button = document.activeElement;
  if (!button?.matches("button:focus-visible") || button.closest("dialog")) return null;
  const path = [];
  for (let node = button.parentElement; node; node = node.parentElement) {
    if (node.id) { path.unshift(`#${CSS.escape(node.id)}`); break; }
    const data = Object.entries(node.dataset).map(([key, value]) => `[data-${key}="${CSS.escape(value)}"]`);
    if (data.length) path.unshift(data.join(""));
  }
  return { path: path.join(" "), label: button.getAttribute("aria-label") || button.textContent };
}

function restoreFocus(key) {
  if (!key || document.activeElement?.matches("button:focus-visible")) return;
  const scope = document.querySelector(key.path);
  const same = [...(scope?.querySelectorAll("button") || [])].find((button) => !button.disabled
    && (button.getAttribute("aria-label") || button.textContent) === key.label && button.offsetParent !== null);
  same?.focus({ focusVisible: true });
}

/* -- the player: the parts as one timeline ------------------------------------------------ */

function loadPlayer(recording) {
  const video = $("#video");
  if (!video.dataset.loaded) {
    video.dataset.loaded = "1";
    video.addEventListener("timeupdate", showNow);
    video.addEventListener("ended", () => {
      if (VA.part + 1 < VA.state.recording.parts.length) switchPart(VA.part + 1, 0, true);
    });
  }
  // The parts changed in the setup (or were just read): play the same file at the same second
  // under its new number. A sync changes no file: the player stays on its frame.
  const files = recording.parts.map((p) => p.file);
  const before = video.dataset.files ? JSON.parse(video.dataset.files) : null;
  if (JSON.stringify(before) !== JSON.stringify(files)) {
    video.dataset.files = JSON.stringify(files);
    const same = before ? files.indexOf(before[VA.part]) : -1;
    switchPart(Math.max(same, 0), same >= 0 ? video.currentTime || 0 : 0, false);
  }
  showNow();
}

function switchPart(part, seconds, play) {
  const video = $("#video");
  VA.part = part;
  video.src = `media/${part}`;
  video.addEventListener("loadedmetadata", () => {
    video.currentTime = seconds;
    if (play) video.play();
  }, { once: true });
}

function position() {
  return { part: VA.part, seconds: Math.max(0, $("#video").currentTime || 0) };
}
VA.position = position;

function seekTo(part, seconds) {
  if (part !== VA.part) switchPart(part, seconds, false);
  else $("#video").currentTime = seconds;
}

function seekOffset(offset) {
  const parts = VA.state.recording.parts;
  offset = Math.min(Math.max(offset, 0), VA.state.recording.duration);
  let index = parts.findIndex((p) => offset < p.offset + p.duration);
  if (index < 0) index = parts.length - 1;
  seekTo(index, Math.max(0, offset - parts[index].offset));
}
VA.seekOffset = seekOffset;

/* Seek to a time on the log's clock; a time at the very end of a part stays in that part (a
   recess that paused the recording starts on its last frame), one in a pause goes to the next. */
function seekToTime(target) {
  const parts = VA.state.recording.parts;
  for (const [index, part] of parts.entries()) {
    const begin = Date.parse(part.start);
    if (target < begin) return seekTo(index, 0);
    if (target <= begin + 1000 * part.duration) return seekTo(index, (target - begin) / 1000);
  }
  return seekTo(parts.length - 1, parts[parts.length - 1].duration);
}

function seekBy(delta) {
  const part = VA.state.recording.parts[VA.part];
  seekOffset(part.offset + $("#video").currentTime + delta);
}

function frameTime() {
  if (!VA.state || VA.state.mode !== "recording") return new Date();
  const part = VA.state.recording.parts[VA.part];
  return new Date(Date.parse(part.start) + 1000 * ($("#video").currentTime || 0));
}

function clockText(date) {
  const zone = (VA.state?.session.session || VA.state?.session)?.timezone;
  return date.toLocaleTimeString("en-GB", { timeZone: zone, hour12: false });
}

function showNow() {
  $("#now").textContent = clockText(frameTime());
}

/* Seek to a wall-clock time of the session's day, e.g. 19:00:10, through the parts. */
function seekToClock(text) {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(text.trim());
  if (!match) { say(`"${text}" is not a time such as 19:00:10`, true); return null; }
  const parts = VA.state.recording.parts;
  const start = new Date(parts[0].start);
  const shown = clockText(start).split(":").map(Number);
  const wanted = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] || 0);
  const delta = wanted - (shown[0] * 3600 + shown[1] * 60 + shown[2]);
  return seekToTime(start.getTime() + 1000 * delta);
}
VA.seekToClock = seekToClock;

/* -- actions ---------------------------------------------------------------------------- */

async function act(action) {
  const body = { action, version: VA.state.log.version };
  if (VA.state.mode === "recording") body.at = position();
  const data = await call("api/action", body);
  if (data) { draw(data); say(`Recorded: ${action.type.replaceAll("_", " ")}`, false); }
  return data;
}
VA.act = act;

async function ask(title, fields) {
  const dialog = $("#ask");
  $("#ask-title").textContent = title;
  const box = $("#ask-fields");
  box.replaceChildren(...fields.map((field) => {
    const id = `ask-${field.name}`;
    if (field.kind === "checkbox") {
      return h("p", {}, h("label", {}, h("input", { type: "checkbox", id, name: field.name, checked: field.value }), " ", field.label));
    }
    return h("p", {}, h("label", { for: id }, field.label), " ",
      h("input", { id, name: field.name, type: field.kind || "text", required: field.required, value: field.value ?? "", min: field.min }));
  }));
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "ok") { resolve(null); return; }
      const values = {};
      for (const field of fields) {
        const input = box.querySelector(`[name="${field.name}"]`);
        values[field.name] = field.kind === "checkbox" ? input.checked
          : field.kind === "number" ? Number(input.value) : input.value.trim();
      }
      resolve(values);
    }, { once: true });
  });
}
VA.ask = ask;

async function withReason(title, type, extra, required) {
  const values = await ask(title, [{ name: "reason", label: "Reason", required }]);
  if (!values) return null;
  const action = { type, ...extra };
  if (values.reason) action.reason = values.reason;
  return act(action);
}

/* -- drawing -------------------------------------------------------------------------------- */

function button(label, onclick, attrs) {
  return h("button", { type: "button", onclick, ...(attrs || {}) }, label);
}

function drawSession(state) {
  const log = state.log;
  const actions = [];
  if (!log.opened) {
    actions.push(button("Everyone expected arrives", arriveAll));
    actions.push(button("Open the session", () => act({ type: "session_opened" })));
  } else if (!log.closed) {
    if (log.recess) actions.push(button("End the recess", () => act({ type: "recess_ended" })));
    else actions.push(button("Recess", () => withReason("Recess", "recess_started", {}, false)));
    actions.push(button("Note an incident…", noteIncident));
    actions.push(button("Close the session", () => act({ type: "session_closed" })));
  }
  const status = log.closed ? "closed" : log.recess ? "in recess" : log.opened ? "open" : "not opened";
  $("#session-actions").replaceChildren(h("span", { class: "pill" }, `Session ${status}`), ...actions);
}

async function noteIncident() {
  const values = await ask("An incident for the minutes", [{ name: "text", label: "What happened", required: true }]);
  if (values) await act({ type: "incident_noted", text: values.text });
}

async function arriveAll() {
  const session = VA.state.session.session || VA.state.session;
  const excused = new Set(session.excused || []);
  const members = session.members.filter((m) => !excused.has(m.id) && memberState(m.id).status !== "present");
  const values = await ask("Everyone expected arrives (in person)",
    members.map((m) => ({ name: m.id, label: m.name, kind: "checkbox", value: true })));
  if (!values) return;
  const chosen = members.filter((m) => values[m.id]).map((m) => m.id);
  if (chosen.length) await act({ type: "members_joined", members: chosen });
}

function itemStatus(number) {
  return VA.state.log.items?.[String(number)] || "not_dealt";
}

function drawAgenda(state) {
  const session = state.session.session || state.session;
  const open = state.log.item;
  $("#agenda").replaceChildren(...session.items.map((item) => {
    const status = itemStatus(item.number);
    const isOpen = open === item.number;
    const controls = [];
    if (isOpen) {
      controls.push(button("Close", () => act({ type: "item_closed", item: item.number })));
      controls.push(button("Withdrawn", () => withReason(`Item ${item.number} withdrawn`, "item_withdrawn", { item: item.number }, false)));
      controls.push(button("Tabled", () => withReason(`Item ${item.number} left on the table`, "item_tabled", { item: item.number }, false)));
    } else if (open === null && status === "not_dealt" && state.log.opened && !state.log.closed) {
      controls.push(button("Open", () => act({ type: "item_opened", item: item.number })));
    }
    return h("li", { class: `item ${isOpen ? "current" : ""}`, dataset: { item: item.number } },
      h("span", { class: "num" }, `${item.number}.`), " ", h("span", { class: "ititle" }, item.title), " ",
      h("span", { class: "pill" }, status.replaceAll("_", " ")), item.in_camera ? h("span", { class: "pill" }, "in camera") : null,
      h("span", { class: "controls" }, controls));
  }));
}

function memberState(id) {
  return VA.state.log.members?.[id] || { status: "absent" };
}

function groupsOf(session) {
  return session.groups.map((group, index) => ({ ...group, key: index + 1,
    members: session.members.filter((m) => m.group === group.id) }));
}

function drawMembers(state) {
  const session = state.session.session || state.session;
  const vote = state.log.vote;
  const officials = [session.secretary, session.comptroller].filter(Boolean);
  $("#members").replaceChildren(...groupsOf(session).map((group) => h("section", { class: "group", dataset: { group: group.id } },
    h("h3", {}, h("kbd", {}, String(group.key)), " ", group.name,
      VA.selection === group.id || VA.selection === "all" ? h("span", { class: "pill sel" }, "selected") : null),
    h("ul", { class: "members" }, group.members.map((member) => memberRow(member, vote))))),
  h("section", { class: "group" }, h("h3", {}, "Officials"),
    h("ul", { class: "members" }, officials.map((official) => officialRow(official, state.log)))));
}

function officialRow(official, log) {
  const speaking = (log.speaking || []).includes(official.id);
  return h("li", { class: "member", dataset: { member: official.id } },
    h("span", { class: "mname" }, official.name), " ", h("span", { class: "pill" }, official.title || ""),
    h("span", { class: "controls" }, log.opened && !log.closed ? (speaking
      ? button("Ends speech", () => act({ type: "speech_ended", speaker: official.id }), { class: "on" })
      : button("Speaks", () => act({ type: "speech_started", speaker: official.id }))) : null));
}

function memberRow(member, vote) {
  const info = memberState(member.id);
  const log = VA.state.log;
  const item = log.item;
  const controls = [];
  if (log.closed || info.status === "excused") {
    // The session is over, or the member is excused (in the setup): nothing to mark.
  } else if (info.status === "present") {
    if (log.opened) {
      controls.push(info.in_room === false
        ? button("Returns", () => act({ type: "member_returned", member: member.id }))
        : button("Steps out", () => act({ type: "member_stepped_out", member: member.id })));
    }
    if (info.attendance === "remote") controls.push(button("Connection lost", () => act({ type: "connection_lost", member: member.id })));
    controls.push(button("Leaves", () => withReason(`${member.name} leaves`, "member_left", { member: member.id }, false)));
    const speaking = (log.speaking || []).includes(member.id);
    if (!vote) controls.push(speaking
      ? button("Ends speech", () => act({ type: "speech_ended", speaker: member.id }), { class: "on" })
      : button("Speaks", () => act({ type: "speech_started", speaker: member.id })));
    if (item !== null && !info.recused && !vote) {
      controls.push(button("Recuses", () => withReason(`${member.name} recuses from item ${item}`, "recusal", { item, member: member.id }, true)));
    }
  } else if (info.status === "disconnected") {
    controls.push(button("Connection back", () => act({ type: "connection_restored", member: member.id })));
    controls.push(button("Leaves", () => withReason(`${member.name} leaves`, "member_left", { member: member.id }, false)));
  } else {
    controls.push(button("Arrives", () => act({ type: "member_joined", member: member.id })));
    controls.push(button("Arrives remotely", () => arriveRemote(member)));
  }
  const cells = [h("span", { class: "mname" }, member.name), " ", h("span", { class: "pill" }, describeMember(info))];
  if (vote) cells.push(" ", voteCell(member, vote, info));
  return h("li", { class: "member", dataset: { member: member.id } }, cells, h("span", { class: "controls" }, controls));
}

function describeMember(info) {
  const words = [info.status];
  if (info.attendance === "remote") words.push("remote");
  if (info.status === "present" && info.in_room === false) words.push("out of the room");
  if (info.recused) words.push("recused");
  return words.join(", ");
}

async function arriveRemote(member) {
  const values = await ask(`${member.name} attends remotely (LBRL 46.3)`, [
    { name: "identity", label: "How the identity was proven", required: true },
    { name: "in_spain", label: "Declares being in Spanish territory", kind: "checkbox", value: true },
  ]);
  if (!values) return;
  await act({ type: "member_joined", member: member.id, attendance: "remote", identity: values.identity, in_spain: values.in_spain });
}

const CHOICES = [["yes", "y", "Yes"], ["no", "n", "No"], ["abstain", "a", "Abstains"]];

function voteCell(member, vote, info) {
  const recorded = vote.voted?.[member.id];
  const drafted = VA.draft[member.id];
  const has = vote.voted && member.id in vote.voted;
  if (vote.secret) {
    return h("span", { class: "choices" }, has ? h("span", { class: "pill on" }, "voted")
      : button(drafted ? "took part ✓" : "Took part", () => draftOne(member.id, "took_part"), { class: "choice", "aria-pressed": drafted ? "true" : "false" }));
  }
  return h("span", { class: "choices" }, CHOICES.map(([choice, , label]) => button(label,
    () => (has ? act({ type: "vote_cast", item: vote.item, member: member.id, choice }) : draftOne(member.id, choice)),
    { class: `choice ${recorded === choice ? "on" : ""} ${drafted === choice ? "draft" : ""}`,
      "aria-pressed": recorded === choice || drafted === choice ? "true" : "false",
      disabled: info.status !== "present" || info.recused || info.in_room === false })));
}

function draftOne(member, choice) {
  const focus = focusKey();
  VA.draft[member] = VA.draft[member] === choice ? undefined : choice;
  if (!VA.draft[member]) delete VA.draft[member];
  drawMembers(VA.state);
  drawVote(VA.state);
  restoreFocus(focus);
}

/* The members a shortcut reaches: present, in the room, not recused, not yet recorded. */
function reachable(selection) {
  const session = VA.state.session.session || VA.state.session;
  const vote = VA.state.log.vote;
  return session.members.filter((m) => {
    const info = memberState(m.id);
    return (selection === "all" || m.group === selection) && info.status === "present"
      && info.in_room !== false && !info.recused && !(vote.voted && m.id in vote.voted);
  }).map((m) => m.id);
}

function draftSelection(choice) {
  if (!VA.state.log.vote || VA.selection === null) return;
  for (const member of reachable(VA.selection)) VA.draft[member] = choice;
  VA.selection = null;
  drawMembers(VA.state);
  drawVote(VA.state);
}

async function commitDraft() {
  const vote = VA.state.log.vote;
  const entries = Object.entries(VA.draft);
  if (!vote || !entries.length) return;
  const action = vote.secret
    ? { type: "ballots_cast", item: vote.item, members: entries.map(([member]) => member) }
    : { type: "votes_cast", item: vote.item, choices: Object.fromEntries(entries) };
  const done = await act(action);
  if (done) { VA.draft = {}; drawMembers(VA.state); drawVote(VA.state); }
}
VA.commitDraft = commitDraft;

function drawVote(state) {
  const log = state.log;
  const box = $("#vote-body");
  const item = log.item;
  if (item === null || item === undefined) { box.replaceChildren(h("p", {}, "No item is open.")); return; }
  const vote = log.vote;
  const parts = [];
  if (!vote) {
    parts.push(button("Open the vote", () => act({ type: "vote_opened", item }), { title: "v" }));
    if (log.can_reopen) parts.push(button("Reopen the vote…", () => withReason(`Reopen the vote on item ${item}`, "vote_reopened", { item }, true)));
    if (log.tied) {
      parts.push(button("Casting vote: yes", () => act({ type: "casting_vote", item, choice: "yes" })));
      parts.push(button("Casting vote: no", () => act({ type: "casting_vote", item, choice: "no" })));
    }
  } else {
    const drafted = Object.keys(VA.draft).length;
    parts.push(h("p", {}, `Vote on item ${vote.item}, round ${vote.round}${vote.secret ? " (secret ballot)" : ""} is open.`));
    parts.push(button(`Record ${drafted} drafted`, commitDraft, { disabled: !drafted, title: "Enter" }));
    if (state.csv && !vote.secret) parts.push(button("Cast the choices of votes.csv", () => act({ type: "csv_choices", item: vote.item })));
    parts.push(button("Close the vote", closeVote, { title: "c" }));
  }
  if (log.tally) parts.push(tallyBox(log.tally));
  box.replaceChildren(...parts);
}

function tallyBox(tally) {
  const rows = Object.entries(tally.counts || {}).map(([key, value]) => h("tr", {}, h("th", { scope: "row" }, key.replaceAll("_", " ")), h("td", {}, String(value))));
  return h("div", { class: "tally" },
    h("table", {}, h("caption", {}, "Live tally"), h("tbody", {}, rows)),
    h("p", {}, tally.summary || ""),
    tally.waiting ? h("p", { class: "hint" }, `${tally.waiting} present in the room have not voted yet: if the vote closed now, they would count as abstaining.`) : null);
}

async function closeVote() {
  const vote = VA.state.log.vote;
  if (!vote) return;
  if (Object.keys(VA.draft).length) await commitDraft();
  if (!vote.secret) return act({ type: "vote_closed", item: vote.item });
  // Ballots cast from members' devices are counted by the server (telematic voting): only the
  // paper ballots of the members whose taking part was marked here are asked for.
  const electronic = VA.state.telematic?.ballots || 0;
  const paper = Object.keys(vote.voted || {}).length - electronic;
  if (electronic && paper === 0) return act({ type: "vote_closed", item: vote.item });
  const title = electronic
    ? `Paper ballots of item ${vote.item} (${paper}; the ${electronic} cast on members' devices are counted by the server)`
    : `Ballots of item ${vote.item}`;
  const values = await ask(title, [
    { name: "yes", label: "Yes", kind: "number", min: 0, required: true },
    { name: "no", label: "No", kind: "number", min: 0, required: true },
    { name: "abstain", label: "Blank", kind: "number", min: 0, required: true },
  ]);
  if (!values) return null;
  return act({ type: "vote_closed", item: vote.item, ballots: values });
}
VA.closeVote = closeVote;

const MARKS_SHOWN = 200;  // the latest marks; the earlier ones on demand

function drawMarks(state) {
  const recording = state.mode === "recording";
  const entries = state.log.entries || [];
  const shown = VA.allMarks ? entries : entries.slice(-MARKS_SHOWN);
  const earlier = entries.length - shown.length;
  const more = earlier ? h("li", {}, button(`Show the ${earlier} earlier marks`, () => { VA.allMarks = true; drawMarks(VA.state); })) : null;
  $("#marks").replaceChildren(...[...shown].reverse().map((entry) => {
    const n = entry.index + 1;
    return h("li", { class: "mark", dataset: { index: entry.index } },
      h("time", {}, entry.time.slice(11, 19)), " ", entry.summary || entry.type, " ",
      h("span", { class: "mark-actions" },
        recording ? button("Go", () => goToMark(entry), { "aria-label": `Go to mark ${n}`, title: "Show this mark's frame" }) : null,
        recording ? button("Here", () => edit({ op: "move", index: entry.index, at: position() }), { "aria-label": `Move mark ${n} to this frame`, title: "Move this mark to the frame shown" }) : null,
        button("Edit", () => correct(entry.index), { "aria-label": `Correct mark ${n}`, title: "Correct this mark" }),
        button("✕", () => edit({ op: "delete", index: entry.index }), { "aria-label": `Delete mark ${n}`, title: "Delete this mark" })));
  }), more ?? "");
}

/* Correct a mark: its fields (not its time: "Move here" moves it; not its type), as typed. */
async function correct(index) {
  const found = await call(`api/mark/${index}`);
  if (!found) return;
  const event = found.event;
  const keys = Object.keys(event).filter((key) => key !== "time" && key !== "type");
  const fields = keys.map((key) => {
    const value = event[key];
    if (typeof value === "boolean") return { name: key, label: key, kind: "checkbox", value };
    if (typeof value === "number") return { name: key, label: key, kind: "number", value, min: 0 };
    return { name: key, label: key, value: typeof value === "object" ? JSON.stringify(value) : value };
  });
  const values = await ask(`Correct mark ${index + 1}: ${event.type.replaceAll("_", " ")}`, fields);
  if (!values) return;
  for (const key of keys) {
    if (typeof event[key] === "object") {
      try { values[key] = JSON.parse(values[key]); } catch { say(`${key}: not valid JSON`, true); return; }
    }
  }
  await edit({ op: "replace", index, event: { ...event, ...values } });
}

function goToMark(entry) {
  return seekToTime(Date.parse(entry.time));
}

async function edit(request) {
  const data = await call("api/edit", { ...request, version: VA.state.log.version });
  if (data) { draw(data); say(`Mark ${{ delete: "deleted", move: "moved", replace: "corrected" }[request.op]}`, false); }
}

async function undo() {
  const data = await call("api/undo", { version: VA.state.log.version });
  if (data) { draw(data); say("Undone", false); }
}

/* -- build -------------------------------------------------------------------------------- */

function drawBuild(build) {
  $("#build-out").textContent = build.out;
  const bar = $("#build-progress");
  bar.hidden = !build.running;
  bar.value = build.done || 0;
  $("#build-status").textContent = build.running ? `Building: ${build.step || "starting"}…`
    : build.error ? `The build failed: ${build.error}`
    : build.package ? `Built: ${build.package}` : "";
  if (build.running) setTimeout(async () => { const data = await call("api/state"); if (data) drawBuild(data.build); }, 500);
}

/* -- keyboard ----------------------------------------------------------------------------- */

function groupByKey(key) {
  const session = VA.state.session.session || VA.state.session;
  return session.groups[Number(key) - 1]?.id;
}

function onKey(event) {
  if (event.target.closest("input, textarea, select, dialog") || event.ctrlKey && event.key !== "z" || event.altKey || event.metaKey) return;
  const log = VA.state?.log;
  if (!log || $("#view-mark").hidden) return;
  const key = event.key;
  // A button reached with Tab is pressed by Enter or Space, as on any page; Enter on a
  // member's choice still records the draft (Space drafts it).
  const tabbed = event.target.matches("button:focus-visible");
  if (tabbed && (key === " " || (key === "Enter" && !event.target.matches(".choice")))) return;
  const video = $("#video");
  const vote = log.vote;
  const handled = {
    " ": () => (video.paused ? video.play() : video.pause()),
    ArrowLeft: () => seekBy(event.shiftKey ? -10 : -1),
    ArrowRight: () => seekBy(event.shiftKey ? 10 : 1),
    j: () => seekBy(-5),
    l: () => seekBy(5),
    u: undo,
    z: () => event.ctrlKey && undo(),
    v: () => log.item !== null && !vote && act({ type: "vote_opened", item: log.item }),
    c: () => vote && closeVote(),
    x: () => log.item !== null && !vote && act({ type: "item_closed", item: log.item }),
    Enter: commitDraft,
    Escape: () => { VA.draft = {}; VA.selection = null; draw(VA.state); },
  };
  let run = handled[key];
  if (/^[0-9]$/.test(key) && vote) run = () => { VA.selection = key === "0" ? "all" : groupByKey(key) ?? null; drawMembers(VA.state); };
  else if (vote && VA.selection !== null && "yna".includes(key) && !vote.secret) run = () => draftSelection({ y: "yes", n: "no", a: "abstain" }[key]);
  else if (vote && VA.selection !== null && key === "p" && vote.secret) run = () => draftSelection("took_part");
  else if (key === "n" && !vote && log.item === null) run = openNext;
  if (!run) return;
  event.preventDefault();
  run();
}

function openNext() {
  const session = VA.state.session.session || VA.state.session;
  const next = session.items.find((item) => itemStatus(item.number) === "not_dealt");
  if (next) act({ type: "item_opened", item: next.number });
}

/* -- start ------------------------------------------------------------------------------- */

function start() {
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => {
      for (const other of document.querySelectorAll(".tab")) other.setAttribute("aria-pressed", String(other === tab));
      for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== `view-${tab.dataset.tab}`;
      if (tab.dataset.tab === "setup" && VA.setupDirty && VA.state) VA.setupDirty = window.VA.drawSetup(VA.state) === false;
    });
  }
  $("#play").addEventListener("click", () => { const v = $("#video"); if (v.paused) v.play(); else v.pause(); });
  for (const seek of document.querySelectorAll("[data-seek]")) seek.addEventListener("click", () => seekBy(Number(seek.dataset.seek)));
  $("#goto").addEventListener("submit", (event) => {
    event.preventDefault();
    seekToClock($("#goto-time").value);
    $("#goto-time").blur();  // the marking keys work again at once
  });
  $("#sync").addEventListener("submit", async (event) => {
    event.preventDefault();
    const time = syncTime($("#sync-time").value);
    if (!time) return;
    const data = await call("api/sync", { at: position(), time, target: $("#sync-target").value });
    if (data) { draw(data); say("Clock synchronised", false); }
  });
  $("#undo").addEventListener("click", undo);
  // Cancel is no submit button: Enter in a dialog's field is its OK.
  $("#ask-cancel").addEventListener("click", () => $("#ask").close("cancel"));
  $("#build").addEventListener("click", async () => { const data = await call("api/build", {}); if (data) drawBuild(data.build); });
  document.addEventListener("keydown", onKey);
  setInterval(() => { if (VA.state?.mode !== "recording") $("#wall-now").textContent = clockText(new Date()); }, 500);
  refresh();
}

/* A time of the session's day typed as 19:00:00, as a full time on the session's date (or the
   next day, when the frame shown is past midnight of it), in the session's time zone: the
   recording's own times may be on another clock (UTC), or another day (the camera's date). */
function syncTime(text) {
  const session = VA.state.session.session || VA.state.session;
  const frameDay = frameTime().toLocaleDateString("sv-SE", { timeZone: session.timezone });
  const nextDay = new Date(Date.parse(`${session.date}T12:00:00Z`) + 86400000).toISOString().slice(0, 10);
  const day = frameDay === nextDay ? nextDay : session.date;
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59 || Number(match[3] || 0) > 59) { say(`"${text}" is not a time such as 19:00:00`, true); return null; }
  const clock = `${match[1].padStart(2, "0")}:${match[2]}:${match[3] || "00"}`;
  return `${day}T${clock}${zoneOffset(new Date(`${day}T${clock}Z`), session.timezone)}`;
}

/* The UTC offset of time zone `zone` at `date`, as +01:00. */
function zoneOffset(date, zone) {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
  const name = format.formatToParts(date).find((part) => part.type === "timeZoneName").value;
  return name === "GMT" ? "+00:00" : name.slice(3);  // "GMT+01:00"
}

start();
