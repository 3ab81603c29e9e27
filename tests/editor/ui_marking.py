"""Drive the editor's marking view as a secretary does, to re-create a vote log through the UI.

`mark_log` takes the events of a vote log and, for each, seeks the player to its time with the
"Go to time" form and presses the button or key a secretary would: nothing is sent to the server
but what the page sends. Votes are drafted with the group shortcuts or the members' buttons and
recorded with Enter; a change of vote is a click on the member's recorded choice.
"""

import datetime as dt
from collections.abc import Sequence
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
    page.wait_for_function("t => document.querySelector('#now').textContent === t", arg=clock(event))
    page.locator("body").focus()


def settle(page: Page, before: int) -> None:
    """Wait until the page shows a log longer than `before` entries (the action was recorded)."""
    page.wait_for_function(
        "n => window.VA.state && window.VA.state.log.entries.length > n", arg=before
    )
    problem = page.locator("#problem")
    assert problem.is_hidden(), problem.text_content()


def entries(page: Page) -> int:
    return int(page.evaluate("window.VA.state.log.entries.length"))


def member_button(page: Page, member: str, name: str) -> None:
    page.locator(f'li.member[data-member="{member}"]').get_by_role("button", name=name, exact=True).click()


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


def simple(page: Page, event: dict[str, Any]) -> None:
    """One event that is one click (and perhaps a dialog)."""
    kind, item, member = event["type"], event.get("item"), event.get("member")
    agenda = page.locator(f'li.item[data-item="{item}"]')
    if kind == "session_opened":
        page.get_by_role("button", name="Open the session").click()
    elif kind == "session_closed":
        page.get_by_role("button", name="Close the session").click()
    elif kind == "recess_started":
        page.get_by_role("button", name="Recess").click()
        answer(page, reason=event.get("reason", ""))
    elif kind == "recess_ended":
        page.get_by_role("button", name="End the recess").click()
    elif kind == "item_opened":
        agenda.get_by_role("button", name="Open").click()
    elif kind == "item_closed":
        agenda.get_by_role("button", name="Close").click()
    elif kind in ("item_withdrawn", "item_tabled"):
        agenda.get_by_role("button", name="Withdrawn" if kind == "item_withdrawn" else "Tabled").click()
        answer(page, reason=event.get("reason", ""))
    elif kind == "member_joined" and event.get("attendance") == "remote":
        member_button(page, member, "Arrives remotely")
        answer(page, identity=event["identity"], in_spain=event["in_spain"])
    elif kind == "member_joined":
        member_button(page, member, "Arrives")
    elif kind == "member_left":
        member_button(page, member, "Leaves")
        answer(page, reason=event.get("reason", ""))
    elif kind == "member_stepped_out":
        member_button(page, member, "Steps out")
    elif kind == "member_returned":
        member_button(page, member, "Returns")
    elif kind == "recusal":
        member_button(page, member, "Recuses")
        answer(page, reason=event["reason"])
    elif kind == "speech_started":
        member_button(page, event["speaker"], "Speaks")
    elif kind == "speech_ended":
        member_button(page, event["speaker"], "Ends speech")
    elif kind == "vote_reopened":
        page.get_by_role("button", name="Reopen the vote…").click()
        answer(page, reason=event["reason"])
    elif kind == "casting_vote":
        page.get_by_role("button", name=f"Casting vote: {event['choice']}").click()
    else:
        raise AssertionError(f"no UI step for {kind}")


CHOICE_LABELS = {"yes": "Yes", "no": "No", "abstain": "Abstains"}


def record_round(page: Page, casts: Sequence[dict[str, Any]], keys: Keys, groups: dict[str, str] | None) -> None:
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


def mark_log(page: Page, events: Sequence[dict[str, Any]], shortcuts: dict[int, dict[str, str]]) -> dict[int, Keys]:
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


def vote_round(page: Page, events: Sequence[dict[str, Any]], index: int, keys: Keys, groups: dict[str, str] | None) -> int:
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
