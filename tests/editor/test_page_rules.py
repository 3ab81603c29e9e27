"""The rules of procedure chosen through the setup page in Debian's Chromium: a preset, its values
shown, the value session.toml wrote over it given back to the preset, and an item's own rule on
ties; session.toml holds exactly that, with its comments."""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.editor.editor_process import Editor, editor
from tests.editor.server_calls import folder_of, sample_copy
from videoacta.core.rules import TieRule
from videoacta.inputs.session_folder import load_session


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    with editor(sample_copy(tmp_path_factory.mktemp("rules-page") / "session", lines=0)) as started:
        yield started


@pytest.fixture
def page(browser: Browser, running: Editor) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(running.url)
    page.wait_for_function("window.VA && window.VA.state")
    page.get_by_role("button", name="Session setup").click()
    yield page
    assert errors == []
    page.close()


def saved(page: Page, count: int) -> None:
    page.wait_for_function("n => (window.VA.setupSaves || 0) >= n", arg=count)
    problem = page.locator("#problem")
    assert problem.is_hidden(), problem.text_content()


def test_a_preset_chosen_and_an_items_ties_overridden(page: Page, running: Editor) -> None:
    setup = page.locator("#setup")
    setup.get_by_label("Preset", exact=True).select_option("board")
    saved(page, 1)
    assert "board: quorum 1/2 of legal, at least 2, checked opening" in (
        setup.locator(".preset-values").inner_text()
    )
    # The sample writes its own quorum: it wins over the board's until given back.
    quorum = setup.locator('[data-rule="quorum"]')
    assert "overrides the preset" in quorum.inner_text()
    assert setup.get_by_label("Quorum fraction", exact=True).input_value() == "1/3"
    quorum.get_by_role("button", name="Use the preset's quorum").click()
    saved(page, 2)
    assert setup.get_by_label("Quorum fraction", exact=True).input_value() == "1/2"
    assert "from board" in setup.locator('[data-rule="ties"]').inner_text()
    assert setup.get_by_label("Ties", exact=True).input_value() == "fails"
    # Item 10 (the nominal vote): repeated up to 3 votes, then it fails.
    setup.get_by_label("Ties 10", exact=True).select_option("repeat")
    saved(page, 3)
    rounds = setup.get_by_label("Ties 10: votes in all", exact=True)
    rounds.fill("3")
    rounds.press("Tab")
    saved(page, 4)
    setup.get_by_label("Ties 10: after the last", exact=True).select_option("fails")
    saved(page, 5)
    assert setup.get_by_label("Ties 10: votes in all", exact=True).input_value() == "3"
    if os.environ.get("VIDEOACTA_SCREENSHOT"):  # a picture of the view for a reader
        page.locator("#setup-rules").scroll_into_view_if_needed()
        page.screenshot(path=os.environ["VIDEOACTA_SCREENSHOT"])

    folder = folder_of(running)
    text = (folder / "session.toml").read_text(encoding="utf-8")
    assert 'preset = "board"' in text
    assert "quorum =" not in text
    assert "[rules]                           # the defaults, written out" in text
    item_10 = text.split("number = 10\n", 1)[1].split("[[items]]", 1)[0]
    assert 'ties = { rule = "repeat", rounds = 3, then = "fails" }' in item_10
    session = load_session(folder)
    assert session.rules.preset == "board"
    assert (session.rules.quorum.fraction, session.rules.quorum.minimum) == ("1/2", 2)
    assert session.rules.ties.rule is TieRule.FAILS
    ties = session.ties(session.items[9])
    assert (ties.rule, ties.rounds, ties.then) == (TieRule.REPEAT, 3, "fails")
    assert session.ties(session.items[8]).rule is TieRule.FAILS  # the board's
