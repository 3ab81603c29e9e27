/* videoacta editor: the rules of procedure in the setup view — a preset and its values, each of
   them overridable in [rules]; the rule on ties of one item (its majority is a column of the
   agenda). Every change goes through the server's checks as the rest of the setup. */
"use strict";

(() => {
  const { h } = window.VA;

  function select(label, choices, value, onchange, empty) {
    const input = h("select", { "aria-label": label },
      empty ? h("option", { value: "" }, empty) : null,
      choices.map((c) => h("option", { value: c, selected: String(value) === c }, c)));
    input.addEventListener("change", () => onchange(input.value === "" ? null : input.value));
    return input;
  }

  function text(label, value, onchange, size) {
    const input = h("input", { type: "text", value: value ?? "", "aria-label": label, size: size || null });
    input.addEventListener("change", () => {
      const typed = input.value.trim();
      const number = Number(typed);
      onchange(typed === "" ? null : size && Number.isInteger(number) ? number : typed);
    });
    return input;
  }

  // A rule on ties: its name, and for `repeat` the votes in all and what follows the last.
  // `empty` offers "no rule of its own" (an item follows [rules]).
  function tiesControl(label, ties, onchange, empty) {
    const send = (rule, rounds, then) => onchange(rule === null ? null
      : rule === "repeat" ? { rule, rounds: rounds ?? 2, then: then ?? "casting_vote" } : { rule });
    const vocab = window.VA.state.session.vocabularies;
    const rule = ties ? ties.rule : null;
    const box = h("span", { class: "ties" },
      select(`${label}`, vocab.tie_rules, rule ?? "", (value) => send(value, ties?.rounds, ties?.then), empty));
    if (rule === "repeat") {
      box.append(" ", text(`${label}: votes in all`, ties.rounds, (n) => send("repeat", n, ties.then), 2),
        " then ", select(`${label}: after the last`, ["fails", "casting_vote"], ties.then, (t) => send("repeat", ties.rounds, t)));
    }
    return box;
  }

  function describe(rules) {
    if (!rules) return "";
    const q = rules.quorum;
    const quorum = q === "none" ? "no quorum" : `quorum ${q.fraction} of ${q.of || "legal"}, at least ${q.minimum ?? 3}, checked ${q.checked || "every_vote"}`;
    const t = typeof rules.ties === "string" ? rules.ties : `${rules.ties.rule} ${rules.ties.rounds} votes, then ${rules.ties.then}`;
    return `${quorum}; majority ${rules.majority}; ties ${t}; proxies ${rules.proxies}${rules.max_proxies ? ` (at most ${rules.max_proxies} each)` : ""}; out of the room: ${rules.out_of_room}`;
  }

  function rulesSection(view, change) {
    const rules = view.session.rules;
    const written = view.rules_written || {};
    const presets = view.vocabularies.presets;
    const set = (path) => (value) => change({ op: "set", path: ["rules", ...path], value });
    // Where a value comes from: written in [rules] (it wins), else the preset's, else the default.
    const origin = (key) => {
      if (key in written) {
        return h("span", { class: "origin" }, rules.preset ? "overrides the preset " : "written ",
          h("button", { type: "button", "aria-label": `Use the ${rules.preset ? "preset's" : "default"} ${key}`,
            onclick: () => (key === "ties" ? change({ op: "ties", ties: null }) : set([key])(null)) }, rules.preset ? "use preset's" : "use default"));
      }
      return h("span", { class: "origin" }, rules.preset ? `from ${rules.preset}` : "default");
    };
    const row = (label, key, ...controls) => h("div", { class: "field rule", dataset: { rule: key } },
      h("span", {}, label), h("span", { class: "controls" }, controls.flat(), origin(key)));
    const q = rules.quorum;
    const none = q.fraction === "none";
    const quorum = [h("label", { class: "check" },
      h("input", { type: "checkbox", checked: none, "aria-label": "No quorum",
        onchange: (event) => set(["quorum"])(event.target.checked ? "none" : null) }), " none")];
    if (!none) {
      quorum.push(text("Quorum fraction", q.fraction, set(["quorum", "fraction"])), " of ",
        select("Quorum of", view.vocabularies.quorum_bases, q.of, set(["quorum", "of"])),
        " at least ", text("Quorum minimum", q.minimum, set(["quorum", "minimum"]), 3),
        " checked ", select("Quorum checked", view.vocabularies.quorum_checked, q.checked, set(["quorum", "checked"])));
    }
    const proxies = [select("Proxies", view.vocabularies.proxies, rules.proxies, set(["proxies"]))];
    if (rules.proxies === "allowed") proxies.push(" at most ", text("Proxies per holder", rules.max_proxies, set(["max_proxies"]), 3));
    return h("section", { "aria-labelledby": "setup-rules" }, h("h2", { id: "setup-rules" }, "Rules of procedure"),
      h("div", { class: "fields" },
        h("label", { class: "field" }, h("span", {}, "Preset (a body's rules; any value below can be changed)"),
          select("Preset", Object.keys(presets), rules.preset ?? "", set(["preset"]), "— none: the defaults —")),
        h("p", { class: "hint preset-values" }, rules.preset ? `${rules.preset}: ${describe(presets[rules.preset])}` : "No preset: a town council plenary's rules (LBRL, ROF).")),
      h("div", { class: "rules" },
        row("Quorum", "quorum", quorum),
        row("Majority of every item", "majority", text("Majority", rules.majority, set(["majority"]))),
        row("Ties", "ties", tiesControl("Ties", rules.ties, (ties) => change({ op: "ties", ties }))),
        row("Proxies (delegated votes)", "proxies", proxies),
        row("Out of the room at a vote counts as", "out_of_room",
          select("Out of the room at a vote counts as", view.vocabularies.out_of_room, rules.out_of_room, set(["out_of_room"])))),
      h("p", { class: "hint" }, "Majority: simple, absolute, two_thirds, a fraction of the legal number such as 3/5, or THRESHOLD of BASE (e.g. 'more_than_half of cast', 'at_least 3/5 of in_office'). An item's own majority and ties are in the agenda."));
  }

  window.VA.rulesSection = rulesSection;
  window.VA.itemTies = (ties, label, index, change) =>
    tiesControl(label, ties, (value) => change({ op: "ties", item: index, ties: value }), "as [rules]");
})();
