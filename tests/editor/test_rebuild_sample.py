"""The sample session rebuilt through the editor's page only, as a secretary would.

From `videoacta new --from` the sample and its two recording files, Debian's Chromium (driven by
Playwright) fills in the setup (date, number, excused, the 13 items, the recording parts) and
then marks the whole session on the recording: attendance, interventions, every vote (nominal,
ordinary, secret, tie and casting vote, change, reopen, recusal), the recess, the withdrawn item.
The result counts exactly as the sample does, and every item starts within 1 s of the sample's.
"""

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page

from tests.conftest import SAMPLE
from tests.editor.editor_process import Editor, editor
from tests.editor.ui_marking import mark_log
from videoacta import pipeline
from videoacta.cli import cli
from videoacta.inputs.session_folder import load_session

ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")
# Item 10 (nominal) with the group keys: 1 Veïns abstain, 2 Acord no, 3 Endavant yes, 4 Verd yes,
# 5 Independents no; item 6 (secret): everyone present took part.
SHORTCUTS = {
    10: {"1": "abstain", "2": "no", "3": "yes", "4": "yes", "5": "no"},
    6: {"0": "took_part"},
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("rebuild") / SAMPLE.name
    result = CliRunner().invoke(cli, ["new", str(target), "--from", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    for part in sorted((SAMPLE / "recording").iterdir()):
        shutil.copy(part, target / "recording" / part.name)
    return target


@pytest.fixture(scope="module")
def running(folder: Path) -> Iterator[Editor]:
    with editor(folder) as started:
        yield started


@pytest.fixture(scope="module")
def page(browser: Browser, running: Editor) -> Iterator[Page]:
    # The page's CSP forbids eval, which Playwright's waiting for a condition uses.
    page = browser.new_page(viewport={"width": 1500, "height": 1000}, bypass_csp=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(running.url)
    page.wait_for_function("window.VA && window.VA.state")
    yield page
    assert errors == []
    page.close()


def edit(control: Any, value: str) -> None:
    """Choose or type a value in a setup field and leave it: a change is sent on leaving."""
    if control.evaluate("e => e.tagName") == "SELECT":
        control.select_option(value)
    else:
        control.fill(value)
        control.press("Tab")


def saved(page: Page, count: int) -> None:
    page.wait_for_function("n => window.VA.setupSaves >= n", arg=count)
    problem = page.locator("#problem")
    assert problem.is_hidden(), problem.text_content()


def set_up(page: Page) -> None:
    """The setup view: what `new --from` could not know about this session."""
    sample = load_session(SAMPLE)
    page.get_by_role("button", name="Session setup").click()
    saves = 0

    def field(label: str, value: str) -> None:
        nonlocal saves
        edit(page.locator("#setup").get_by_label(label, exact=True).first, value)
        saves += 1
        saved(page, saves)

    field("Number", sample.number or "")
    field("Kind", sample.kind.value)
    field("Call", sample.call.value)
    page.locator('[name="excused-m20"]').check()
    saves += 1
    saved(page, saves)
    for index, item in enumerate(sample.items):
        values = {
            "No.": str(item.number),
            "Title": item.title,
            "Kind": item.kind.value,
            "Vote": item.vote.value if item.vote else "",
            "Majority": item.majority or "",
        }
        flags = {"In camera": item.in_camera, "Members in minutes": item.members_in_minutes}
        if index == 0:  # `new` wrote a first item, the minutes: make it the sample's
            row = page.locator('section[data-list="items"] tbody tr[data-index="0"]')
            for label in ("Title", "Kind", "Majority"):
                if values[label]:
                    edit(row.get_by_label(f"{label} 1", exact=True), values[label])
                    saves += 1
                    saved(page, saves)
            continue
        add_entry(page, "items", values, flags)
        saves += 1
        saved(page, saves)
    for part in sample.recording.parts:
        assert part.start is not None
        add_entry(
            page,
            "recording.parts",
            {"File": part.file, "Start (camera clock)": part.start.isoformat()},
            {},
        )
        saves += 1
        saved(page, saves)


def add_entry(page: Page, entries: str, values: dict[str, str], flags: dict[str, bool]) -> None:
    row = page.locator(f'section[data-list="{entries}"] tr.new')
    for label, value in values.items():
        control = row.get_by_label(f"New {label}", exact=True)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        elif value:
            control.fill(value)
    for label, on in flags.items():
        row.get_by_label(f"New {label}", exact=True).set_checked(on)
    row.get_by_role("button", name="Add").click()


def without_times(value: Any) -> Any:
    """A tally document with every time left out: marks placed by hand are not to the second."""
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if not _is_time(v)}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def _is_time(value: Any) -> bool:
    return isinstance(value, str) and bool(ISO_TIME.match(value))


def tally_json(folder: Path) -> Any:
    result = CliRunner().invoke(cli, ["tally", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_sample_is_rebuilt_through_the_page(page: Page, folder: Path) -> None:
    set_up(page)
    assert load_session(folder).model_dump(exclude={"recording"}) == load_session(
        SAMPLE
    ).model_dump(exclude={"recording"})
    page.get_by_role("button", name="Marking").click()
    page.wait_for_function("window.VA.state.mode === 'recording'")
    events = [json.loads(line) for line in (SAMPLE / "votes.jsonl").read_text().splitlines()]
    keys = mark_log(page, events, dict(SHORTCUTS))

    assert without_times(tally_json(folder)) == without_times(tally_json(SAMPLE))
    rebuilt, sample = pipeline.run_tally(folder), pipeline.run_tally(SAMPLE)
    for ours, theirs in zip(rebuilt.proceedings.items, sample.proceedings.items, strict=True):
        assert ours.opened is not None
        assert theirs.opened is not None
        assert abs((ours.opened - theirs.opened).total_seconds()) <= 1.0, ours.number
    # Keyboard first: the nominal vote of item 10, opened, drafted by groups, recorded, closed.
    assert keys[10].pressed == ["v", "1", "a", "2", "n", "3", "y", "4", "y", "5", "n", "Enter", "c"]
