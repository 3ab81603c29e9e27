"""Hostile review of issue 19: the Transcript view with hostile files in the session folder."""

import threading
from pathlib import Path

import pytest

from tests.editor.transcript_fixture import write_sample
from videoacta.editor.transcript_page import TranscriptChange, TranscriptPage
from videoacta.editor.transcript_review import folder_index
from videoacta.editor.transcript_versions import FOLDER, HISTORY
from videoacta.errors import VideoactaError
from videoacta.inputs.transcript_file import write_transcript


def test_a_damaged_versions_history_is_a_one_line_error_not_a_traceback(tmp_path: Path) -> None:
    """House rule: every hostile input (session files) a clear one-line error, never a
    traceback; the app answers only a VideoactaError with its status (422/409), anything else
    is a 500. A history.jsonl line whose `seq` is not a number (a hand edit, a disk error)
    makes every later change raise ValueError from `TranscriptVersions.keep`."""
    folder, _ = write_sample(tmp_path / "session")
    session, _ = folder_index(folder)
    page = TranscriptPage(folder, threading.Lock(), lambda: session)
    first = TranscriptChange(op="text", version=page.view()["version"], segment="s00001",
                             text="Good evening.")  # fmt: skip
    page.change(first)
    history = folder / FOLDER / HISTORY
    history.write_text(history.read_text("utf-8") + '{"seq": "x"}\n', "utf-8")
    second = TranscriptChange(op="text", version=page.view()["version"], segment="s00002",
                              text="We approve the minutes.")  # fmt: skip
    try:  # saved (the damaged line skipped, as a line a kill cut short) or refused in one line
        page.change(second)
    except VideoactaError as error:
        message = str(error)
    else:
        message = ""
    assert "\n" not in message


def test_a_history_line_without_its_digests_is_no_change_to_undo(tmp_path: Path) -> None:
    """A history.jsonl line with a number but no digests (a hand edit) is not a change Undo
    can take back: the page still draws, and Undo says there is nothing to undo."""
    folder, _ = write_sample(tmp_path / "session")
    session, _ = folder_index(folder)
    page = TranscriptPage(folder, threading.Lock(), lambda: session)
    (folder / FOLDER).mkdir(parents=True)
    (folder / FOLDER / HISTORY).write_text('{"seq": 1}\n{"seq": true}\n', "utf-8")
    view = page.view()
    assert view["undo"] is False
    undo = TranscriptChange(op="undo", version=view["version"])
    with pytest.raises(VideoactaError, match=r"^transcript\.json: there is no change to undo$"):
        page.change(undo)
    page.change(TranscriptChange(op="text", version=view["version"], segment="s00002",
                                 text="We approve the minutes."))  # fmt: skip
    assert (folder / FOLDER / "00000002.json").is_file()  # numbered after the damaged line


def test_deleting_a_segment_before_a_problem_is_not_a_new_problem(tmp_path: Path) -> None:
    """A problem the file had (here a speaker who is not a member, edited by hand) renumbered
    by a deletion before it (`segments[1]` becomes `segments[0]`) is the same problem: the
    harmless change is saved; a change that adds one more such problem is still refused."""
    folder, transcript = write_sample(tmp_path / "session")
    session, _ = folder_index(folder)
    span = transcript.spans[0]
    bad = span.segments[1].model_copy(update={"speaker": "nobody"})
    spans = (span.model_copy(update={"segments": (span.segments[0], bad)}), *transcript.spans[1:])
    write_transcript(folder, transcript.model_copy(update={"spans": spans}))
    page = TranscriptPage(folder, threading.Lock(), lambda: session)
    other = transcript.spans[1].segments[0].id
    view = page.view()
    assert view["problems"] == ["spans[0].segments[1].speaker: 'nobody' is not a member"]
    with pytest.raises(VideoactaError, match=r"spans\[1\]\.segments\[0\]\.speaker: 'nobody'"):
        page.change(TranscriptChange(op="speaker", version=view["version"], segment=other,
                                     speaker="nobody"))  # fmt: skip
    page.change(TranscriptChange(op="delete", version=view["version"],
                                 segment=span.segments[0].id))  # fmt: skip
    assert page.view()["problems"] == ["spans[0].segments[0].speaker: 'nobody' is not a member"]
