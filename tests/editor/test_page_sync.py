"""The page's Sync on a recording whose start was detected, not typed: the container's creation
time is in UTC, yet the time the secretary types is the session's (Europe/Madrid); the frame then
shows the time given, and the player stays on that frame."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page

from tests.conftest import SAMPLE
from tests.editor.editor_process import Editor, editor
from videoacta.cli import cli
from videoacta.inputs.session_folder import load_session


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sync") / SAMPLE.name
    result = CliRunner().invoke(cli, ["new", str(folder), "--from", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    for part in sorted((SAMPLE / "recording").iterdir()):
        shutil.copy(part, folder / "recording" / part.name)
    return folder


@pytest.fixture(scope="module")
def running(folder: Path) -> Iterator[Editor]:
    with editor(folder) as started:
        for name in ("part-1.mp4", "part-2.mp4"):  # no start: detected (creation time, UTC)
            values = {"file": f"recording/{name}"}
            change = {"op": "add", "list": "recording.parts", "values": values}
            status, answer = started.post("api/setup", change)
            assert status == 200, answer
        assert answer["recording"]["parts"][0]["start"] == "2026-10-29T18:00:00+00:00"
        yield started


@pytest.fixture
def page(browser: Browser, running: Editor) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    page.goto(running.url)
    page.wait_for_function("window.VA?.state && document.querySelector('#video').readyState >= 1")
    yield page
    page.close()


def shows(page: Page, time: str) -> None:
    page.wait_for_function("t => document.querySelector('#now').textContent === t", arg=time)


def sync(page: Page, time: str, target: str) -> None:
    saved = page.evaluate("window.VA.state.session.session.recording")
    page.fill("#sync-time", time)
    page.select_option("#sync-target", target)
    page.click("#sync button[type=submit]")
    page.wait_for_function(
        "r => JSON.stringify(window.VA.state.session.session.recording) !== JSON.stringify(r)"
        " || document.querySelector('#problem').textContent",
        arg=saved,
    )
    assert page.locator("#problem").is_hidden(), page.locator("#problem").text_content()


def test_sync_makes_the_frame_show_the_time_typed_and_keeps_the_frame(
    page: Page, folder: Path
) -> None:
    page.fill("#goto-time", "19:00:20")
    page.press("#goto-time", "Enter")
    shows(page, "19:00:20")
    sync(page, "19:00:30", "offset")
    shows(page, "19:00:30")
    assert page.evaluate("document.querySelector('#video').currentTime") == 20
    sync(page, "19:00:35", "part")
    shows(page, "19:00:35")
    assert page.evaluate("document.querySelector('#video').currentTime") == 20
    recording = load_session(folder).recording
    assert recording.clock_offset == -10.0
    assert recording.parts[0].start is not None
    assert recording.parts[0].start.isoformat() == "2026-10-29T19:00:05+01:00"


def test_a_sync_time_that_is_no_time_is_refused_on_the_page(page: Page, folder: Path) -> None:
    before = (folder / "session.toml").read_bytes()
    for typed in ("7 pm", "19:75"):
        page.fill("#sync-time", typed)
        page.click("#sync button[type=submit]")
        problem = page.locator("#problem")
        page.wait_for_function("document.querySelector('#problem').textContent !== ''")
        assert problem.text_content() == f'"{typed}" is not a time such as 19:00:00'
        page.evaluate("window.VA.say('', false)")
    assert (folder / "session.toml").read_bytes() == before
