"""Defects a hostile review found in the telematic pages, seen in Debian's Chromium against a real
`videoacta mark --live`: a vote being sent shown as the member's vote, a refused vote not named,
a tie shown as a rejection, 577 names cut off on the board, a link's time in the browser's zone."""

import datetime as dt
import json
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.builders import session_data, to_toml
from tests.editor.editor_process import editor
from tests.telematic.members import MADRID, act, issue, sitting, today


def opened(browser: Browser, url: str, width: int = 375, **options: Any) -> Page:
    """A page in its own context (a phone by default)."""
    # The pages forbid eval, which Playwright's waiting for a condition uses.
    viewport = {"width": width, "height": 812}
    context = browser.new_context(viewport=viewport, bypass_csp=True, **options)
    page = context.new_page()
    page.goto(url)
    return page


def test_a_vote_being_sent_is_not_shown_as_the_members_vote_and_a_refused_one_is_named(
    browser: Browser, tmp_path: Path
) -> None:
    with sitting(tmp_path) as (running, _folder):
        device = issue(running, "m2")
        for member in ["m1", "m2", "m3"]:
            act(running, type="member_joined", member=member)
        for action in [("session_opened", None), ("item_opened", 1), ("vote_opened", 1)]:
            act(running, type=action[0], **({"item": action[1]} if action[1] else {}))
        page = opened(browser, device.link)
        page.wait_for_function("page.view?.can_vote")
        page.locator('button[data-choice="yes"]').click()
        page.wait_for_function("page.pending === null && page.view.own?.choice === 'yes'")

        def cut(route: Route) -> None:
            route.abort("connectionreset")  # the network fails: the page sends it again

        page.route("**/api/vote", cut)
        page.locator('button[data-choice="no"]').click()
        page.wait_for_function("page.retry !== null")
        pressed = page.locator('.choice[aria-pressed="true"]')
        assert pressed.get_attribute("data-choice") == "yes"  # the recorded vote, not the one sent
        assert (
            "En contra" in page.locator("#own").inner_text()
        )  # "S'està enviant el vot (En contra)…"
        assert "registrat" not in page.locator("#own").inner_text()
        act(running, type="vote_closed", item=1)
        page.unroute("**/api/vote", cut)
        page.wait_for_function("page.pending === null && page.view.vote === null")
        problem = page.locator("#problem").inner_text()
        assert "«En contra» no s'ha comptat" in problem  # the change refused, not the vote
        assert page.locator(".own-result").inner_text() == "El vostre vot: A favor"


GROUPS = ["PSC", "ERC", "JUNTS", "CS", "VOX", "PP", "COMUNS", "CUP", "NI", "UPN", "BNG"]


def tied_577(folder: Path) -> Path:
    """A body of 577 members whose ordinary vote on a long-titled item tied, 288 to 288."""
    data = session_data(members=577, groups=11, date=today(), mode="mixed")
    data["groups"] = [{"id": group, "name": group} for group in GROUPS]
    for n, member in enumerate(data["members"]):
        member |= {"group": GROUPS[n % 11], "name": f"Maria Dolors Puigdollers i Vilaseca {n}"}
    data["items"] = [{"number": 1, "title": "Aprovació inicial de la modificació puntual " * 3}]
    folder.mkdir()
    (folder / "session.toml").write_text(to_toml(data) + "\n", "utf-8")
    ids = [member["id"] for member in data["members"]]
    events: list[dict[str, Any]] = [{"type": "member_joined", "member": m} for m in ids]
    events += [{"type": "session_opened"}, {"type": "item_opened", "item": 1}]
    events += [{"type": "vote_opened", "item": 1}]
    for n, member in enumerate(ids):
        choice = "yes" if n < 288 else "no" if n < 576 else "abstain"
        events.append({"type": "vote_cast", "item": 1, "member": member, "choice": choice})
    events.append({"type": "vote_closed", "item": 1})
    start = dt.datetime.now(MADRID) - dt.timedelta(hours=1)
    lines = [
        json.dumps({"time": (start + dt.timedelta(seconds=n)).isoformat(), **event})
        for n, event in enumerate(events)
    ]
    (folder / "votes.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_board_of_577_members_shows_counts_by_group_and_a_tie_as_undecided(
    browser: Browser, tmp_path: Path, size: tuple[int, int]
) -> None:
    with editor(tied_577(tmp_path / "big"), "--live") as running:
        board_url = issue(running, "m2").origin + "/board/?lang=en"
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        board = context.new_page()
        board.goto(board_url)
        board.locator(".outcome").wait_for()
        outcome = board.locator(".outcome")
        assert outcome.inner_text().endswith("Tied")
        assert "✗" not in outcome.inner_text()  # a tie rejected nothing
        assert outcome.get_attribute("class") == "outcome undecided"
        columns = board.locator(".members")
        assert columns.get_attribute("class") == "members by-group"  # no name cut off halfway
        assert (
            board.locator("#vote .note").first.inner_text()
            == "By group: the names are in the minutes."
        )
        fits = "(m) => m.scrollHeight <= m.clientHeight + 1"
        assert columns.evaluate(fits)
        assert "PSC (27)" in board.locator(".members .yes").inner_text()
        context.close()


def test_the_editor_shows_when_a_link_was_issued_on_the_sessions_clock(
    browser: Browser, tmp_path: Path
) -> None:
    with sitting(tmp_path) as (running, folder):
        page = opened(browser, running.url, 1440, timezone_id="America/New_York", locale="en-US")
        page.wait_for_function("window.VA?.state")
        row = page.locator('#devices tr[data-member="m2"]')
        row.get_by_role("button", name="Issue link for Membre 2").click()
        page.locator("#link-dialog").get_by_role("button", name="Close").click()
        access = json.loads((folder / ".videoacta" / "access.json").read_text("utf-8"))
        issued = dt.datetime.fromisoformat(access["links"][0]["issued"])
        clock = issued.astimezone(zoneinfo.ZoneInfo("Europe/Madrid")).strftime("%H:%M")
        assert row.locator("td").first.inner_text() == f"issued {clock}"
        assert row.get_by_role("button", name="Revoke the link of Membre 2").is_visible()
