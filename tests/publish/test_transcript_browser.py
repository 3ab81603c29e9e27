"""The transcript in the viewer, in Debian's Chromium opened from file:// (no server): the
captions track shows a cue at its time, the search finds a word (accents and case ignored), and
clicking a match seeks the video to its segment; the public page's times are the cut's."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.publish.test_browser import until
from tests.publish.test_transcript_package import session_with
from tests.transcripts import transcript_of
from videoacta import pipeline
from videoacta.core.captions import cues
from videoacta.core.public_cut import to_cut
from videoacta.core.transcript import Transcript
from videoacta.core.video_index import Index

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Transcript, Index]:
    root = tmp_path_factory.mktemp("viewer-transcript")
    session, index = session_with(root, "session")
    transcript = transcript_of(index)
    (session / "transcript.json").write_text(transcript.model_dump_json(), "utf-8")
    return pipeline.build(session, root / "out").package, transcript, index


def opened(browser: Browser, page: Path) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(page.as_uri())
    until(tab, "document.getElementById('video').readyState >= 1")
    yield tab
    context.close()
    assert errors == []


@pytest.fixture
def tab(browser: Browser, package: tuple[Path, Transcript, Index]) -> Iterator[Page]:
    yield from opened(browser, package[0] / "index.html")


CAPTIONS = (
    "Array.from(document.getElementById('video').textTracks).find(t => t.kind === 'captions')"
)


def test_the_captions_track_shows_a_cue_at_its_time(
    tab: Page, package: tuple[Path, Transcript, Index]
) -> None:
    _, transcript, _ = package
    label = tab.get_attribute("track[kind=captions]", "label")
    assert label == "Subtítols (automàtics, no revisats)"  # the sample's language: Catalan
    first = cues(transcript, {})[2]
    tab.evaluate(f"{CAPTIONS}.mode = 'showing'")
    middle = (first.start + first.end) / 2000
    tab.evaluate(f"document.getElementById('video').currentTime = {middle}")
    until(tab, f"{CAPTIONS}.activeCues && {CAPTIONS}.activeCues.length > 0")
    shown = tab.evaluate(f"{CAPTIONS}.activeCues[0].text")
    assert first.lines[0] in shown
    notice = tab.inner_text(".transcript-notice")
    assert "automàtica, no revisada" in notice
    tab.screenshot(path=str(ARTIFACTS / "transcript-captions.png"))


def test_the_search_finds_a_word_and_a_click_seeks_to_it(
    tab: Page, package: tuple[Path, Transcript, Index]
) -> None:
    _, transcript, _ = package
    tab.fill("#transcript-search", "CAFE")  # the text says "Café"
    until(tab, "document.querySelectorAll('#transcript-turns mark').length > 0")
    wanted = [s for s in transcript.segments() if "Café" in s.text]
    assert tab.locator("#transcript-turns .segment:not([hidden])").count() == len(wanted)
    assert tab.inner_text("#transcript-count") == f"Coincidències: {len(wanted)}"
    assert tab.inner_text("#transcript-turns mark >> nth=0") == "Café"
    tab.screenshot(path=str(ARTIFACTS / "transcript-search.png"), full_page=True)
    tab.focus("#transcript-turns .segment:not([hidden]) >> nth=0")
    tab.keyboard.press("Enter")  # the keyboard, as a click
    until(tab, "!document.getElementById('video').seeking")
    now = tab.evaluate("document.getElementById('video').currentTime")
    assert abs(now - wanted[0].start) < 0.5
    assert tab.evaluate("location.hash") == f"#t={wanted[0].start:.3f}"


def test_the_public_page_links_to_the_cut_timeline(
    browser: Browser,
    package: tuple[Path, Transcript, Index],
) -> None:
    folder, transcript, index = package
    assert index.public is not None
    after = [s for s in transcript.segments() if s.start > index.public.cut[0][1]]
    for tab in opened(browser, folder / "index.public.html"):
        link = tab.locator(f"#seg-{after[0].id}")
        expected = to_cut(after[0].start, index.public.kept)
        assert float(link.get_attribute("data-seek") or "nan") == pytest.approx(expected, abs=0.001)
        link.click()
        until(tab, "!document.getElementById('video').seeking")
        now = tab.evaluate("document.getElementById('video').currentTime")
        assert abs(now - expected) < 0.5
