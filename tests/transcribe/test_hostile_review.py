"""A hostile review of the speech-recognition side: each test is a promise the code breaks."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.transcribe.conftest import copy_session
from tests.transcribe.speech_session import SECRET_WORDS, SpeechSession
from videoacta.cli import cli


def _speech_before_item_in_camera(folder: Path) -> None:
    """m4's speech_started moved before item 2 (in camera) opens: the speech has no item, and
    all of it but its first tenth of a second is inside item 2."""
    path = folder / "votes.jsonl"
    events = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    opened = next(e for e in events if e["type"] == "item_opened" and e["item"] == 2)
    speech = next(e for e in events if e["type"] == "speech_started" and e["speaker"] == "m4")
    closed = next(e for e in events if e["type"] == "item_closed" and e["item"] == 1)
    speech["time"] = closed["time"]  # between items 1 and 2: no item open
    events.remove(speech)
    events.insert(events.index(opened), speech)
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")


def test_no_sound_of_an_item_in_camera_is_transcribed_even_by_a_speech_begun_before_it(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path
) -> None:
    """Issue 19 and DESIGN: items debated in camera are never transcribed, no text of their
    span anywhere (spans.py: "their sound is never sent to the engine")."""
    folder = copy_session(speech_session, tmp_path / "session")
    _speech_before_item_in_camera(folder)
    result = CliRunner().invoke(
        cli, ["transcribe", str(folder), "--model", str(whisper_model), "--threads", "2", "--quiet"]
    )
    path = folder / "transcript.json"
    if result.exit_code != 0:  # refusing is fine, if nothing of the item is written
        assert not path.exists(), result.output
        return
    text = path.read_text(encoding="utf-8").lower()
    data = json.loads(text)
    leaked = [w for w in SECRET_WORDS if w in text]
    for withheld in data["withheld"]:
        for span in data["spans"]:
            inside = span["start"] < withheld["end"] - 0.05 and withheld["start"] < span["end"]
            assert not inside, (span, withheld, leaked)
    assert not leaked
