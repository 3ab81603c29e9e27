"""What the marking page tells the secretary when an action is not recorded: the rule's message
where they are looking (also scrolled down to the last members), and after another window
changed the log, that nothing was recorded (the page reloads the log, and keeps the message)."""

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import SAMPLE
from tests.editor.editor_process import Editor, editor


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    folder = tmp_path_factory.mktemp("refusals") / SAMPLE.name
    shutil.copytree(SAMPLE, folder)
    (folder / "votes.jsonl").unlink()
    with editor(folder) as started:
        yield started


def open_page(browser: Browser, running: Editor) -> Page:
    page = browser.new_page(viewport={"width": 1024, "height": 768}, bypass_csp=True)
    page.goto(running.url)
    page.wait_for_function("window.VA?.state && document.querySelector('#video').readyState >= 1")
    return page


def press(page: Page, member: str, label: str) -> None:
    before = page.evaluate("window.VA.state.log.version")
    page.locator(f'li.member[data-member="{member}"]').get_by_role(
        "button", name=label, exact=True
    ).click()
    page.wait_for_function(
        "v => window.VA.state.log.version !== v || document.querySelector('#problem').textContent",
        arg=before,
    )


def in_view(page: Page, selector: str) -> bool:
    box = page.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().toJSON()")
    return bool(box["height"] > 0 and box["top"] >= 0 and box["bottom"] <= 768)


def test_a_refusal_is_shown_where_the_secretary_is(browser: Browser, running: Editor) -> None:
    page = open_page(browser, running)
    press(page, "m21", "Arrives")
    press(page, "m21", "Speaks")
    assert page.evaluate("window.scrollY") > 300  # the last members are down the page
    problem = page.locator("#problem")
    assert problem.text_content() == (
        "votes.jsonl line 2: speech_started before the session was opened"
    )
    assert in_view(page, "#problem")
    page.close()


def test_an_excused_member_is_offered_no_arrival(browser: Browser, running: Editor) -> None:
    page = open_page(browser, running)
    row = page.locator('li.member[data-member="m20"]')
    assert row.locator(".pill").first.text_content() == "excused"
    assert row.get_by_role("button").count() == 0
    page.close()


def test_an_action_on_a_stale_page_says_it_was_not_recorded(
    browser: Browser, running: Editor
) -> None:
    first, second = open_page(browser, running), open_page(browser, running)
    press(first, "m01", "Arrives")
    press(second, "m02", "Arrives")
    problem = second.locator("#problem")
    assert problem.is_visible()
    said = problem.text_content() or ""
    assert said.startswith(
        "Not recorded: votes.jsonl: the log has changed since this page last read it"
    ), said
    assert said.endswith("The page now shows it as it is: do it again if it is still needed.")
    assert second.evaluate("window.VA.state.log.members.m01.status") == "present"
    assert second.evaluate("window.VA.state.log.members.m02.status") == "absent"
    first.close()
    second.close()
