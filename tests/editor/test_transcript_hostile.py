"""Hostile review of issue 19: the Transcript view with hostile files in the session folder."""

import threading
from pathlib import Path

from tests.editor.transcript_fixture import write_sample
from videoacta.editor.transcript_page import TranscriptChange, TranscriptPage
from videoacta.editor.transcript_review import folder_index
from videoacta.editor.transcript_versions import FOLDER, HISTORY
from videoacta.errors import VideoactaError


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
