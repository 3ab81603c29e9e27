/* videoacta board: the session, the item, an open vote's count of voters and a closed vote's
   result, from the server's BoardView by server-sent events. It never sees a member's choice
   before the close, nor ever for a secret ballot: the server does not send it. */
"use strict";

const board = { view: null, lang: null, lost: false, drawn: "" };
const $ = (selector) => document.querySelector(selector);
const CHOICES = ["yes", "no", "abstain"];

function lang() {
  const wanted = board.lang || (board.view && board.view.lang);
  return window.VA_TEXTS[wanted] ? wanted : "en";
}

function t(key, args) {
  const texts = window.VA_TEXTS[lang()];
  const text = texts[key] !== undefined ? texts[key] : window.VA_TEXTS.en[key] || key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (args && name in args ? args[name] : match));
}

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs).forEach(([key, value]) => node.setAttribute(key, value));
  node.append(...children);
  return node;
}

function drawTop(view) {
  document.documentElement.lang = lang();
  document.title = "videoacta — " + t("board_title");
  document.querySelectorAll("[data-t]").forEach((node) => { node.textContent = t(node.dataset.t); });
  $("#body-name").textContent = view.session.body;
  $("#session").textContent = t("session_" + view.session.state) + " · " + window.vaDate(view.session.date, lang());
  const item = view.item;
  $("#item").textContent = item ? t("item_number", { n: item.number }) + ". " + item.title : t("item_none");
}

// A tie or a vote without quorum decided nothing: neither approved (✓) nor rejected (✗).
const UNDECIDED = ["tied", "tie", "no_quorum"];
const OUTCOME_ICONS = { passes: "✓", fails: "✗", undecided: "=" };

function outcome(result) {
  if (UNDECIDED.includes(result.result)) return "undecided";
  return result.passes ? "passes" : "fails";
}

function round(vote) {
  return vote.round > 1 ? " · " + t("round_n", { n: vote.round }) : "";
}

function openVote(vote) {
  return [
    h("p", { class: "state open" }, t("board_vote_open") + ": " + t("type_" + vote.type) + round(vote)),
    h("p", { class: "voted" }, t("board_voted", { n: vote.voted })),
  ];
}

function closedVote(result) {
  const word = window.VA_TEXTS.en["result_" + result.result] ? t("result_" + result.result)
    : t(result.passes ? "result_passed" : "result_failed");
  const parts = [
    h("div", { class: "result-head" },
      h("p", { class: "state" }, t("board_vote_closed") + ": " + t("result_of", { n: result.item, type: t("type_" + result.type) }) + round(result)),
      h("p", { class: "outcome " + outcome(result) },
        h("span", { class: "icon", "aria-hidden": "true" }, OUTCOME_ICONS[outcome(result)]), word)),
    counts(result.counts),
  ];
  if (result.members) parts.push(members(result.members));
  else if (result.type === "secret") parts.push(h("p", { class: "note" }, t("board_secret_note")));
  return parts;
}

function counts(numbers) {
  const list = h("dl", { class: "counts", "aria-label": t("counts_label") });
  ["yes", "no", "abstain", "absent", "recused"].forEach((key) => {
    list.append(h("div", { class: "count " + key }, h("dt", {}, t("count_" + key)), h("dd", {}, String(numbers[key] || 0))));
  });
  return list;
}

function members(list, byGroup) {
  const columns = h("div", { class: byGroup ? "members by-group" : "members", role: "group", "aria-label": t("board_members") });
  CHOICES.forEach((choice) => {
    const column = h("div", { class: choice }, h("h3", {}, t("choice_" + choice)));
    const groups = new Map();
    list.filter((member) => member.choice === choice).forEach((member) => {
      const group = member.group || t("board_no_group");
      groups.set(group, (groups.get(group) || []).concat(member.name));
    });
    const order = byGroup ? [...groups.keys()].sort((a, b) => a.localeCompare(b)) : [...groups.keys()];
    order.map((group) => [groups.get(group), group]).forEach(([names, group]) => {
      const label = h("span", { class: "group" }, group + " (" + names.length + ")" + (byGroup ? "" : ": "));
      column.append(h("p", {}, label, byGroup ? "" : names.join(", ")));
    });
    if (groups.size === 0) column.append(h("p", { class: "note" }, t("board_nobody")));
    columns.append(column);
  });
  return columns;
}

function draw() {
  const view = board.view;
  $("#connection").hidden = !board.lost;
  $("#connection").textContent = board.lost ? t("reconnecting") : "";
  if (!view) return;
  const drawn = JSON.stringify([lang(), view.session, view.item, view.vote, view.result]);
  if (drawn === board.drawn) return; // the same picture: the live region stays quiet
  board.drawn = drawn;
  drawTop(view);
  const box = $("#vote");
  if (view.vote) box.replaceChildren(...openVote(view.vote));
  else if (view.result) box.replaceChildren(...closedVote(view.result));
  else box.replaceChildren(h("p", { class: "state" }, t("board_no_vote")));
  fitMembers(view.result);
}

/* A large body's names (577 members) do not fit a screen, and names cut off halfway would
   mislead the room: then the columns show each group's count, and say where the names are. */
function fitMembers(result) {
  const columns = document.querySelector(".members");
  if (!columns || columns.classList.contains("by-group") || columns.scrollHeight <= columns.clientHeight + 1) return;
  columns.replaceWith(h("p", { class: "note" }, t("board_by_group")), members(result.members, true));
}

function accept(view) {
  board.view = view;
  draw();
}

async function readState() {
  try {
    const response = await fetch("api/state", { cache: "no-store" });
    if (response.ok) accept(await response.json());
  } catch (error) {
    // Offline: the event stream's reconnection brings the state back.
  }
}

function connect() {
  const source = new EventSource("api/events");
  source.addEventListener("state", (event) => accept(JSON.parse(event.data)));
  source.addEventListener("open", () => {
    if (board.lost) readState();
    board.lost = false;
    draw();
  });
  source.addEventListener("error", () => {
    board.lost = true;
    draw();
    if (source.readyState === EventSource.CLOSED) setTimeout(() => readState().then(connect), 3000);
  });
}

function start() {
  const wanted = new URLSearchParams(window.location.search).get("lang");
  board.lang = wanted && window.VA_TEXTS[wanted] ? wanted : null;
  readState().then(connect);
  window.addEventListener("resize", () => {
    board.drawn = ""; // the names may fit, or no longer fit, the new size
    draw();
  });
}

document.addEventListener("DOMContentLoaded", start);
