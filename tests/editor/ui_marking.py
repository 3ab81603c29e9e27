"""Drive the editor's marking view as a secretary does, to re-create a vote log through the UI.

`mark_log` takes the events of a vote log and, for each, seeks the player to its time with the
"Go to time" form and presses the button or key a secretary would: nothing is sent to the server
but what the page sends. Votes are drafted with the group shortcuts or the members' buttons and
recorded with Enter; a change of vote is a click on the member's recorded choice.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Page, expect


@dataclass
class Keys:
    """The keystrokes a vote took, to check the keyboard-first promise."""

    pressed: list[str] = field(default_factory=list)

    def press(self, page: Page, key: str) -> None:
        self.pressed.append(key)
        page.keyboard.press(key)


def clock(event: dict[str, Any]) -> str:
    return dt.datetime.fromisoformat(event["time"]).strftime("%H:%M:%S")


def seek(page: Page, event: dict[str, Any]) -> None:
    page.fill("#goto-time", clock(event))
    page.press("#goto-time", "Enter")
    page.wait_for_function(
        "t => document.querySelector('#now').textContent === t", arg=clock(event)
    )


def settle(page: Page, before: int) -> None:
    """Wait until the page shows a log longer than `before` entries (the action was recorded)."""
    page.wait_for_function(
        "n => window.VA.state.log.entries.length > n"
        " || document.querySelector('#problem').textContent",
        arg=before,
    )
    problem = page.locator("#problem")
    assert problem.is_hidden(), problem.text_content()


def entries(page: Page) -> int:
    return int(page.evaluate("window.VA.state.log.entries.length"))


def member_button(page: Page, member: str, name: str) -> None:
    page.locator(f'li.member[data-member="{member}"]').get_by_role(
        "button", name=name, exact=True
    ).click()


def answer(page: Page, **fields: Any) -> None:
    """Fill the open dialog's fields and press OK."""
    dialog = page.locator("#ask")
    expect(dialog).to_be_visible()
    for name, value in fields.items():
        box = dialog.locator(f'[name="{name}"]')
        if isinstance(value, bool):
            box.set_checked(value)
        else:
            box.fill(str(value))
    dialog.locator("#ask-ok").click()


def _session(name: str) -> Callable[[Page, dict[str, Any]], None]:
    return lambda page, event: page.get_by_role("button", name=name, exact=True).click()


def _agenda(name: str, **reason: bool) -> Callable[[Page, dict[str, Any]], None]:
    def step(page: Page, event: dict[str, Any]) -> None:
        row = page.locator(f'li.item[data-item="{event["item"]}"]')
        row.get_by_role("button", name=name, exact=True).click()
        if reason:
            answer(page, reason=event.get("reason", ""))

    return step


def _member(name: str, *asked: str, who: str = "member") -> Callable[[Page, dict[str, Any]], None]:
    def step(page: Page, event: dict[str, Any]) -> None:
        member_button(page, event[who], name)
        if asked:
            answer(page, **{field: event.get(field, "") for field in asked})

    return step


def _with_reason(name: str) -> Callable[[Page, dict[str, Any]], None]:
    def step(page: Page, event: dict[str, Any]) -> None:
        page.get_by_role("button", name=name, exact=True).click()
        answer(page, **{key: event.get(key, "") for key in ("reason", "text") if key in event})

    return step


def _joined(page: Page, event: dict[str, Any]) -> None:
    if event.get("attendance") == "remote":
        _member("Arrives remotely", "identity", "in_spain")(page, event)
    else:
        member_button(page, event["member"], "Arrives")


def _casting(page: Page, event: dict[str, Any]) -> None:
    page.get_by_role("button", name=f"Casting vote: {event['choice']}").click()


STEPS: dict[str, Callable[[Page, dict[str, Any]], None]] = {
    "session_opened": _session("Open the session"),
    "session_closed": _session("Close the session"),
    "recess_started": _with_reason("Recess"),
    "recess_ended": _session("End the recess"),
    "incident_noted": _with_reason("Note an incident…"),
    "item_opened": _agenda("Open"),
    "item_closed": _agenda("Close"),
    "item_withdrawn": _agenda("Withdrawn", reason=True),
    "item_tabled": _agenda("Tabled", reason=True),
    "member_joined": _joined,
    "member_left": _member("Leaves", "reason"),
    "member_stepped_out": _member("Steps out"),
    "member_returned": _member("Returns"),
    "recusal": _member("Recuses", "reason"),
    "speech_started": _member("Speaks", who="speaker"),
    "speech_ended": _member("Ends speech", who="speaker"),
    "vote_reopened": _with_reason("Reopen the vote…"),
    "casting_vote": _casting,
}


def simple(page: Page, event: dict[str, Any]) -> None:
    """One event that is one click (and perhaps a dialog)."""
    STEPS[event["type"]](page, event)


CHOICE_LABELS = {"yes": "Yes", "no": "No", "abstain": "Abstains"}


def record_round(
    page: Page, casts: Sequence[dict[str, Any]], keys: Keys, groups: dict[str, str] | None
) -> None:
    """Draft the first cast of each member and record them with Enter; `groups` (group key ->
    choice) uses the keyboard shortcuts instead of the members' buttons."""
    before = entries(page)
    if groups is not None:
        for key, choice in groups.items():
            keys.press(page, key)
            keys.press(page, choice[0] if choice != "took_part" else "p")
    else:
        for cast in casts:
            member_button(page, cast["member"], CHOICE_LABELS[cast["choice"]])
    keys.press(page, "Enter")
    settle(page, before)


def mark_log(
    page: Page, events: Sequence[dict[str, Any]], shortcuts: dict[int, dict[str, str]]
) -> dict[int, Keys]:
    """Re-create `events` through the page; `shortcuts` gives, per item, the group keys to use
    for its first round. Returns the keys pressed for each vote."""
    keys: dict[int, Keys] = {}
    index = 0
    while index < len(events):
        event = events[index]
        seek(page, event)
        before = entries(page)
        if event["type"] == "vote_opened":
            item = event["item"]
            keys.setdefault(item, Keys()).press(page, "v")
            settle(page, before)
            index = vote_round(page, events, index + 1, keys[item], shortcuts.pop(item, None))
            continue
        simple(page, event)
        settle(page, before)
        index += 1
    return keys


def vote_round(
    page: Page,
    events: Sequence[dict[str, Any]],
    index: int,
    keys: Keys,
    groups: dict[str, str] | None,
) -> int:
    """From the first cast to the close of one round; returns the index after vote_closed."""
    first: dict[str, dict[str, Any]] = {}
    changes: list[dict[str, Any]] = []
    while events[index]["type"] == "vote_cast":
        cast = events[index]
        if cast["member"] in first:
            changes.append(cast)
        else:
            first[cast["member"]] = cast
        index += 1
    if first:
        seek(page, next(iter(first.values())))
        record_round(page, list(first.values()), keys, groups)
    for change in changes:
        seek(page, change)
        before = entries(page)
        member_button(page, change["member"], CHOICE_LABELS[change["choice"]])
        settle(page, before)
    closing = events[index]
    assert closing["type"] == "vote_closed", closing
    seek(page, closing)
    before = entries(page)
    keys.press(page, "c")
    if "ballots" in closing:
        answer(page, **closing["ballots"])
    settle(page, before)
    return index + 1
