"""The secretary reviews the transcript in the editor's page (Chromium on a real editor): a
word corrected, a speaker changed, a segment deleted, the whole marked reviewed; an edit after
the review makes it automatic again. A segment's time seeks the recording."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.editor.editor_process import Editor, editor
from tests.editor.transcript_fixture import sentence, write_sample
from videoacta.core.transcript import Transcript
from videoacta.inputs.transcript_file import read_transcript

SECRETARY = "Montserrat Puigdollers i Ferrer"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample(tmp_path_factory.mktemp("review") / "session")[0]


@pytest.fixture(scope="module")
def running(folder: Path) -> Iterator[Editor]:
    with editor(folder) as started:
        yield started


@pytest.fixture
def page(browser: Browser, running: Editor) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    page.goto(running.url)
    page.wait_for_function("window.VA?.state && window.VA.transcript?.exists")
    page.click('.tab[data-tab="transcript"]')
    page.wait_for_selector("#view-transcript [data-segment='s00001']")
    yield page
    page.close()


def on_disk(folder: Path) -> Transcript:
    transcript = read_transcript(folder)
    assert transcript is not None
    return transcript


def saved(page: Page, version: str) -> None:
    """Wait until the page has the answer of its change (a new version of the file)."""
    page.wait_for_function("v => window.VA.transcript.version !== v", arg=version)


def version(page: Page) -> str:
    return str(page.evaluate("window.VA.transcript.version"))


def segment(page: Page, segment_id: str) -> str:
    return f"#view-transcript [data-segment='{segment_id}']"


def test_the_secretary_reviews_the_transcript(page: Page, folder: Path) -> None:
    assert page.text_content("#transcript-badge") == "Transcript: automatic, not reviewed"
    # A word corrected: saved when the box is left.
    before = version(page)
    corrected = sentence(0).replace("evening", "afternoon")
    page.fill(f"{segment(page, 's00001')} textarea", corrected)
    page.press(f"{segment(page, 's00001')} textarea", "Tab")
    saved(page, before)
    # The speaker of one segment: another member.
    before = version(page)
    page.select_option(f"{segment(page, 's00002')} select", "m05")
    saved(page, before)
    # A segment deleted.
    before = version(page)
    page.click(f"{segment(page, 's00004')} button:text('Delete')")
    saved(page, before)
    assert page.locator(segment(page, "s00004")).count() == 0
    transcript = on_disk(folder)
    first, second = transcript.spans[0].segments
    assert (first.text, first.edited, first.confidence) == (corrected, True, None)
    assert (second.speaker, second.edited, second.text) == ("m05", True, sentence(1))
    assert [s.id for s in transcript.spans[1].segments] == ["s00003"]
    assert not transcript.reviewed
    # Marked reviewed: by the session's secretary.
    before = version(page)
    page.click("#transcript-review")
    saved(page, before)
    transcript = on_disk(folder)
    assert transcript.reviewed
    assert transcript.review.reviewed_by == SECRETARY
    badge = page.text_content("#transcript-badge") or ""
    assert badge.startswith(f"Transcript: reviewed by {SECRETARY} on 20")
    assert page.is_disabled("#transcript-review")
    if "VIDEOACTA_SCREENSHOT" in os.environ:
        page.screenshot(path=os.environ["VIDEOACTA_SCREENSHOT"])
    # Any edit after the review makes it automatic again, and says so.
    before = version(page)
    page.select_option(f"{segment(page, 's00003')} select", "")
    saved(page, before)
    transcript = on_disk(folder)
    assert not transcript.reviewed
    assert transcript.spans[1].segments[0].speaker is None
    assert page.text_content("#transcript-status") == (
        f"edited after the review by {SECRETARY}: review it again"
    )
    assert page.is_enabled("#transcript-review")
    # Undo takes the edit back: the transcript is the one reviewed again.
    before = version(page)
    page.click("#transcript-undo")
    saved(page, before)
    assert on_disk(folder).reviewed
    assert page.get_attribute("#transcript-badge", "data-status") == "reviewed"


def test_a_refused_change_is_said_and_the_page_shows_the_file(page: Page, folder: Path) -> None:
    before = (folder / "transcript.json").read_bytes()
    page.fill(f"{segment(page, 's00005')} textarea", "a --> b")
    page.press(f"{segment(page, 's00005')} textarea", "Tab")
    page.wait_for_selector("#problem:not([hidden])")
    assert "text: a control character, a line break or '-->'" in page.text_content("#problem")
    assert (folder / "transcript.json").read_bytes() == before
    page.wait_for_function(
        "t => document.querySelector(\"[data-segment='s00005'] textarea\").value === t",
        arg=sentence(4),
    )


def test_a_segments_time_seeks_the_recording(page: Page) -> None:
    start = page.evaluate("window.VA.transcript.spans[3].segments[0].start")
    page.click(f"{segment(page, 's00007')} button.seg-time")
    page.wait_for_function(
        "s => Math.abs(window.VA.state.recording.parts[window.VA.part].offset"
        " + document.querySelector('#video').currentTime - s) < 0.05",
        arg=start,
    )
    assert page.locator("#view-transcript #player").is_visible()
    page.click('.tab[data-tab="mark"]')
    assert page.locator("#view-mark #player").is_visible()


def test_the_view_keeps_to_the_pages_content_security_policy(
    browser: Browser, running: Editor
) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})  # the CSP enforced
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text))
    page.goto(running.url)
    page.locator('.tab[data-tab="transcript"]').click()
    page.locator("#view-transcript [data-segment='s00001'] textarea").wait_for()
    assert page.locator("#transcript-status").text_content()
    assert [e for e in errors if "Content Security Policy" in e] == []
    page.close()
