/* videoacta member's page: the server's view is the truth and arrives by server-sent events.
   A vote is shown as recorded only after the server's 200; a secret ballot's choice lives
   only in the variable `ballot` below (never in storage, never sent back by the server). */
"use strict";

const CHOICES = ["yes", "no", "abstain"];
const page = {
  view: null,       // the last MemberView
  lang: null,       // the member's own choice of language, else the session's
  pending: null,    // {id, item, round, choice}: the one vote being sent
  alert: null,      // {key, args | choice}: why the last vote was not recorded, until another vote opens
  retry: null,      // {key, args}: the vote is being sent again (no connection, or too many requests)
  ballot: null,     // {item, round, choice}: a secret ballot's choice, this page's memory only
  source: null,     // the EventSource
  lost: false,      // the event stream dropped: re-read the state when it comes back
  revoked: false,
};

const $ = (selector) => document.querySelector(selector);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function lang() {
  return window.VA_TEXTS[page.lang] ? page.lang : "en";
}

function t(key, args) {
  const texts = window.VA_TEXTS[lang()];
  const text = texts[key] !== undefined ? texts[key] : window.VA_TEXTS.en[key] || key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (args && name in args ? args[name] : match));
}

function setText(node, text) {
  // Writing the same text again would make a screen reader announce it again.
  if (node.textContent !== text) node.textContent = text;
}

function show(node, text) {
  node.hidden = !text;
  setText(node, text || "");
}

function clientId() {
  const bytes = crypto.getRandomValues(new Uint8Array(18)); // 144 bits -> 24 characters
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function sameRound(a, b) {
  if (!a || !b) return a === b;
  return a.item === b.item && a.round === b.round;
}

/* Drawing: everything from page.view and the page's own few variables. */

function drawStatic() {
  document.documentElement.lang = lang();
  document.querySelectorAll("[data-t]").forEach((node) => setText(node, t(node.dataset.t)));
  document.title = "videoacta — " + t("member_title");
  document.querySelectorAll(".lang").forEach((button) => {
    button.setAttribute("aria-pressed", String(button.dataset.lang === page.lang));
  });
}

function drawHeader(view) {
  setText($("#body-name"), view.session.body);
  const group = view.member.group ? " (" + view.member.group + ")" : "";
  setText($("#member-name"), view.member.name + group);
  setText($("#status"), t("status_label", { status: t("status_" + view.status) }));
  setText($("#session-date"), t("session_" + view.session.state) + " · " + window.vaDate(view.session.date, lang()));
}

function drawItem(view) {
  const item = view.item;
  setText($("#session-state"), t("session_" + view.session.state));
  setText($("#item"), item ? t("item_number", { n: item.number }) + ". " + item.title : t("item_none"));
}

function voteLine(vote) {
  const round = vote.round > 1 ? " · " + t("round_n", { n: vote.round }) : "";
  return t("vote_open", { type: t("type_" + vote.type) }) + round;
}

function drawVote(view) {
  const vote = view.vote;
  setText($("#vote-state"), vote ? voteLine(vote) : t("why_not_no_vote"));
  const why = view.why_not && !(view.why_not === "no_vote" && !vote) ? t("why_not_" + view.why_not) : "";
  show($("#why-not"), view.can_vote ? "" : why);
  const open = Boolean(vote) && (view.can_vote || page.pending !== null);
  const choices = $("#choices");
  if (!open && choices.contains(document.activeElement)) $("#vote").focus(); // keep the focus in the vote
  choices.hidden = !open;
  const own = view.own && view.own.choice ? view.own.choice : null;
  document.querySelectorAll(".choice").forEach((button) => {
    // Pressed says "your vote": only what the server recorded, never the vote being sent.
    button.setAttribute("aria-pressed", String(button.dataset.choice === own));
    button.classList.toggle("pending", page.pending !== null && button.dataset.choice === page.pending.choice);
    button.setAttribute("aria-disabled", String(page.pending !== null));
  });
  show($("#hint"), open ? t(vote.type === "secret" ? "hint_secret" : "hint_change") : "");
  drawOwn(view);
}

function ownText(view) {
  if (page.pending) return t("sending", { choice: t("choice_" + page.pending.choice) });
  if (!view.vote) return "";
  if (view.own && view.own.choice) return t("recorded", { choice: t("choice_" + view.own.choice) });
  if (view.own && view.own.took_part) {
    const known = sameRound(page.ballot, view.vote) ? " " + t("secret_own", { choice: t("choice_" + page.ballot.choice) }) : "";
    return t("secret_cast") + known;
  }
  return view.can_vote ? t("none_yet") : "";
}

function drawOwn(view) {
  const own = $("#own");
  own.classList.toggle("sending", page.pending !== null);
  setText(own, ownText(view));
}

function resultOwn(result) {
  if (result.type === "secret") {
    const known = page.ballot && page.ballot.item === result.item && page.ballot.round === result.round;
    return known ? t("secret_own", { choice: t("choice_" + page.ballot.choice) }) : t("own_result_secret");
  }
  return result.own ? t("own_result", { choice: t("choice_" + result.own) }) : t("own_result_none");
}

function drawResult(view) {
  const box = $("#result");
  const result = view.result;
  const drawn = JSON.stringify([lang(), result, page.ballot]);
  if (box.dataset.drawn === drawn) return; // the same result: the live region stays quiet
  box.dataset.drawn = drawn;
  box.replaceChildren();
  if (!result) {
    box.append(h("p", {}, t("result_none")));
    return;
  }
  const round = result.round > 1 ? " · " + t("round_n", { n: result.round }) : "";
  box.append(
    h("p", {}, t("result_of", { n: result.item, type: t("type_" + result.type) }) + round),
    h("p", { class: "outcome " + outcome(result) },
      h("span", { class: "icon", "aria-hidden": "true" }, OUTCOME_ICONS[outcome(result)]), resultWord(result)),
    counts(result.counts),
    h("p", { class: "own-result" }, resultOwn(result)),
  );
}

// A tie or a vote without quorum decided nothing: neither approved (✓) nor rejected (✗).
const UNDECIDED = ["tied", "tie", "no_quorum"];
const OUTCOME_ICONS = { passes: "✓", fails: "✗", undecided: "=" };

function outcome(result) {
  if (UNDECIDED.includes(result.result)) return "undecided";
  return result.passes ? "passes" : "fails";
}

function resultWord(result) {
  const key = "result_" + result.result;
  return window.VA_TEXTS.en[key] ? t(key) : t(result.passes ? "result_passed" : "result_failed");
}

function counts(numbers) {
  const list = h("dl", { class: "counts", "aria-label": t("counts_label") });
  ["yes", "no", "abstain", "absent", "recused"].forEach((key) => {
    list.append(h("dt", {}, t("count_" + key)), h("dd", {}, String(numbers[key] || 0)));
  });
  return list;
}

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs).forEach(([key, value]) => node.setAttribute(key, value));
  node.append(...children);
  return node;
}

function drawNotes() {
  const alert = page.revoked ? { key: "revoked" } : page.alert;
  const args = alert && alert.choice ? { choice: t("choice_" + alert.choice) } : alert && alert.args;
  show($("#problem"), alert ? t(alert.key, args) : "");
  const notes = [];
  if (page.lost && !page.revoked) notes.push(t("reconnecting"));
  if (page.retry) notes.push(t(page.retry.key, page.retry.args));
  show($("#connection"), notes.join(" "));
}

function draw() {
  drawStatic();
  drawNotes();
  if (page.revoked) {
    document.body.classList.add("revoked");
    return;
  }
  if (!page.view) return;
  drawHeader(page.view);
  drawItem(page.view);
  drawVote(page.view);
  drawResult(page.view);
}

function accept(view) {
  if (page.view && !sameRound(page.view.vote, view.vote) && view.vote) page.alert = null; // a new vote
  page.view = view;
  if (!page.lang) page.lang = view.lang;
  draw();
}

/* Voting: one request at a time; the same id again after a network failure or a 429. */

function vote(choice) {
  const view = page.view;
  if (page.pending || !view || !view.vote || !view.can_vote) return;
  page.pending = { id: clientId(), item: view.vote.item, round: view.vote.round, choice: choice };
  page.alert = null;
  draw();
  send(page.pending).then(finish);
}

async function send(ballot) {
  const body = JSON.stringify(ballot);
  for (let attempt = 0; ; attempt += 1) {
    let response = null;
    let data = null;
    try {
      response = await fetch("api/vote", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: body, cache: "no-store",
      });
      data = await response.json();
    } catch (error) {
      data = null; // no answer, or not the server's JSON (a proxy's page): the vote's fate is unknown
    }
    if (data && response.status !== 429 && response.status < 500) return { status: response.status, data: data };
    const rated = response && response.status === 429;
    const wait = rated ? retryAfter(response) : Math.min(1000 * 2 ** attempt, 15000);
    page.retry = { key: rated ? "rate_limited" : "retrying", args: { s: Math.ceil(wait / 1000) } };
    drawNotes();
    await sleep(wait);
  }
}

function retryAfter(response) {
  const seconds = parseInt(response.headers.get("Retry-After") || "1", 10);
  return Math.max(1, Number.isFinite(seconds) ? seconds : 1) * 1000;
}

function finish(answer) {
  const ballot = page.pending;
  page.pending = null;
  page.retry = null;
  const data = answer.data;
  if (answer.status === 200) return recorded(ballot, data);
  if (answer.status === 403) return revoke();
  if (answer.status === 409) {
    page.alert = { key: data.code === "other_round" ? "error_other_round" : "error_vote_closed", choice: ballot.choice };
  } else if (answer.status === 422 && window.VA_TEXTS.en["why_not_" + data.code]) {
    page.alert = { key: "why_not_" + data.code };
  } else {
    page.alert = { key: "error_refused", args: { status: answer.status } };
  }
  draw();
  readState();
}

function recorded(ballot, data) {
  if (data.choice === null) page.ballot = { item: ballot.item, round: ballot.round, choice: ballot.choice };
  if (!page.view || data.state.version >= page.view.version) accept(data.state);
  else draw();
}

/* The event stream: the browser reconnects by itself; when it gives up (an HTTP error), the page starts again. */

function connect() {
  const source = new EventSource("api/events");
  page.source = source;
  source.addEventListener("state", (event) => accept(JSON.parse(event.data)));
  source.addEventListener("revoked", revoke);
  source.addEventListener("open", () => {
    if (page.lost) readState();
    page.lost = false;
    drawNotes();
  });
  source.addEventListener("error", () => {
    if (page.revoked) return;
    page.lost = true;
    drawNotes();
    if (source.readyState === EventSource.CLOSED) setTimeout(restart, 3000);
  });
}

function restart() {
  if (page.revoked) return;
  readState().then(() => {
    if (!page.revoked) connect();
  });
}

async function readState() {
  try {
    const response = await fetch("api/state", { cache: "no-store" });
    if (response.status === 403) return revoke();
    if (response.ok) accept(await response.json());
  } catch (error) {
    // Offline: the event stream's own reconnection brings the state back.
  }
}

function revoke() {
  page.revoked = true;
  page.ballot = null;
  if (page.source) page.source.close();
  draw();
}

function start() {
  document.querySelectorAll(".choice").forEach((button) => {
    button.addEventListener("click", () => vote(button.dataset.choice));
  });
  document.querySelectorAll(".lang").forEach((button) => {
    button.addEventListener("click", () => {
      page.lang = button.dataset.lang;
      draw();
    });
  });
  page.lang = null;
  readState().then(() => {
    if (!page.revoked) connect();
  });
}

document.addEventListener("DOMContentLoaded", start);
