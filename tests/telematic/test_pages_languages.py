"""The member's page and the board of a Galician or Basque session, in Chromium against a real
`videoacta mark --live`: every word the pages draw is the session's language (no English left
from a missing text or the HTML's fallback), and the date is written as the acta writes it."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.telematic.members import act, issue, sitting, today
from tests.telematic.test_pages_review import opened
from tests.telematic.test_static_pages import texts
from videoacta.core.terms import Language
from videoacta.labels import LABELS, formatting

# The words a page shows: its text, its title and what it says to a screen reader.
SHOWN = """() => [document.title, ...document.body.innerText.split("\\n"),
  ...[...document.querySelectorAll("[aria-label]")].map((node) => node.ariaLabel)]"""


def english_left(page: Page, language: str) -> list[str]:
    """The page's lines that hold an English text where the language's own differs."""
    table = texts()
    lines = [line for line in page.evaluate(SHOWN) if line.strip()]
    found = []
    for key, english in table["en"].items():
        if english == table[language][key] or key.startswith(("month_", "date_")):
            continue
        parts = re.split(r"\{\w+\}", english)
        pattern = re.compile(r"(?<!\w)" + ".+".join(map(re.escape, parts)) + r"(?!\w)")
        found += [f"{key}: {line}" for line in lines if pattern.search(line)]
    return found


@pytest.mark.parametrize("language", ["gl", "eu"])
def test_a_sessions_pages_in_galician_or_basque_show_no_english(
    browser: Browser, tmp_path: Path, language: str
) -> None:
    words = texts()[language]
    with sitting(tmp_path, language=language) as (running, _folder):
        device = issue(running, "m2")
        for member in ["m1", "m2", "m3"]:
            act(running, type="member_joined", member=member)
        for action in [("session_opened", None), ("item_opened", 1), ("vote_opened", 1)]:
            act(running, type=action[0], **({"item": action[1]} if action[1] else {}))
        page = opened(browser, device.link)
        page.wait_for_function("page.view?.can_vote")
        assert page.evaluate("document.documentElement.lang") == language
        assert english_left(page, language) == []
        page.locator('button[data-choice="yes"]').click()
        page.wait_for_function("page.pending === null && page.view.own?.choice === 'yes'")
        act(running, type="vote_closed", item=1)
        page.wait_for_function("page.view.result !== null")
        board = opened(browser, device.origin + "/board/", 1280)
        board.locator(".outcome").wait_for()
        for shown in [page, board]:
            assert english_left(shown, language) == [], shown.url
        english = opened(browser, device.origin + "/board/?lang=en", 1280)
        english.locator(".outcome").wait_for()
        seen = english_left(english, language)  # the check sees English where it is shown
        assert [found for found in seen if found.startswith("result_passed: ")] != []
        day = formatting.date(today(), LABELS[Language(language)].formats, weekday=False)
        assert page.locator("#session-date").inner_text().endswith(" · " + day)
        assert board.locator("#session").inner_text().endswith(" · " + day)
        assert page.locator(".own-result").inner_text() == words["own_result"].format(
            choice=words["choice_yes"]
        )
        # One vote for, none against: a simple majority passes.
        assert board.locator(".outcome").inner_text().endswith(words["result_passed"])
        assert page.evaluate("page.view.result.counts.yes") == 1
