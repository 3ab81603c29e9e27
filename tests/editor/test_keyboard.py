"""The marking page used with the keyboard only, in the room (`--live`): Tab reaches a button and
Enter or Space presses it (they are not taken for the marking keys), a dialog's Enter is its OK,
and the focus stays where it was when the page redraws after an action."""

import datetime as dt
import json
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.editor.editor_process import Editor, editor
from tests.editor.logs import small_folder

TODAY = dt.datetime.now(zoneinfo.ZoneInfo("Europe/Madrid")).date()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return small_folder(tmp_path / "test-session", date=TODAY)[0]


@pytest.fixture
def running(folder: Path) -> Iterator[Editor]:
    with editor(folder, "--live") as started:
        yield started


@pytest.fixture
def page(browser: Browser, running: Editor) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    page.goto(running.url)
    page.wait_for_function("window.VA?.state")
    yield page
    page.close()


def focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement.textContent"))


def tab_to(page: Page, label: str) -> None:
    for _ in range(200):
        page.keyboard.press("Tab")
        if focused(page) == label:
            return
    raise AssertionError(f"Tab never reaches {label}")


def logged(page: Page, count: int) -> None:
    page.wait_for_function(
        "n => window.VA.state.log.entries.length >= n"
        " || document.querySelector('#problem').textContent",
        arg=count,
    )
    assert page.locator("#problem").is_hidden(), page.locator("#problem").text_content()


def events(folder: Path) -> list[dict[str, object]]:
    lines = (folder / "votes.jsonl").read_text(encoding="utf-8").splitlines()
    return [{k: v for k, v in json.loads(line).items() if k != "time"} for line in lines]


def test_a_session_marked_with_the_keyboard_only(page: Page, folder: Path) -> None:
    tab_to(page, "Everyone expected arrives")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#ask').open")
    tab_to(page, "OK")
    page.keyboard.press("Enter")
    logged(page, 5)
    assert focused(page) == "Everyone expected arrives"  # the same button, redrawn
    tab_to(page, "Open the session")
    page.keyboard.press(" ")
    logged(page, 6)
    for keys, count in ((["n"], 7), (["v"], 8), (["0", "y", "Enter"], 13), (["c"], 14)):
        for key in keys:
            page.keyboard.press(key)
        logged(page, count)
    tab_to(page, "Recess")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#ask').open")
    page.keyboard.type("A break")
    page.keyboard.press("Enter")  # OK, not Cancel
    logged(page, 15)
    assert [event["type"] for event in events(folder)][5:] == [
        "session_opened",
        "item_opened",
        "vote_opened",
        *["vote_cast"] * 5,
        "vote_closed",
        "recess_started",
    ]
    assert events(folder)[-1] == {"type": "recess_started", "reason": "A break"}
