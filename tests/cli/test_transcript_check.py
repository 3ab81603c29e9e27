"""`videoacta transcript check`: a transcript edited by hand, checked against its session and
recording (each kind of problem, exit 3), and marked reviewed with --reviewed-by."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.editor.transcript_fixture import write_sample
from videoacta.cli import cli
from videoacta.inputs import transcript_file
from videoacta.inputs.transcript_file import read_transcript

CLEAN = "transcript.json: 40 interventions, 80 segments, automatic, not reviewed\n"
Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_sample(tmp_path / "session")[0]


def run(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["transcript", "check", str(folder), *args])


def edit(folder: Path, change: Edit) -> None:
    path = folder / "transcript.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_clean_transcript(folder: Path) -> None:
    result = run(folder)
    assert (result.exit_code, result.output) == (0, CLEAN)


def _set(path: str, value: Any) -> Edit:
    """Set one field, given as `spans.0.segments.1.end`."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = data
        for part in parents:
            node = node[part]
        node[last] = value

    return change


def _in_camera(data: dict[str, Any]) -> None:
    """A span inside item 4 (debated in camera, 95-122 s), with text: the chair speaking."""
    segment = {"id": "s90000", "start": 100.0, "end": 104.0, "text": "Secret.", "speaker": "m01"}
    span = {"kind": "presiding", "speaker": "m01", "start": 100.0, "end": 110.0}
    at = next(n for n, s in enumerate(data["spans"]) if s["start"] > 100)
    data["spans"].insert(at, span | {"segments": [segment]})


PROBLEMS: list[tuple[str, Edit, str]] = [
    ("end before start", _set("spans.0.segments.0.end", 6.0), "segments[0].end: 6.00 is not"),
    (
        "out of order",
        _set("spans.0.segments.1.start", 6.2),
        "spans[0].segments[1].start: 6.20 overlaps the segment before it",
    ),
    (
        "outside its span",
        _set("spans.0.segments.1.end", 12.0),
        "spans[0].segments[1]: 7.50-12.00 is outside its span 6.00-9.00",
    ),
    (
        "unknown speaker",
        _set("spans.2.segments.0.speaker", "m99"),
        "spans[2].segments[0].speaker: 'm99' is not a member",
    ),
    ("text in camera", _in_camera, "inside item 4, debated in camera"),
    (
        "duplicate ids",
        _set("spans.1.segments.0.id", "s00001"),
        "spans[1].segments[0].id: 's00001' is used twice",
    ),
    ("not withheld", _set("withheld", []), "withheld: item 4 was debated in camera and is not"),
]


@pytest.mark.parametrize(("name", "change", "problem"), PROBLEMS, ids=[p[0] for p in PROBLEMS])
def test_each_problem_is_printed_with_exit_3(
    folder: Path, name: str, change: Edit, problem: str
) -> None:
    edit(folder, change)
    before = (folder / "transcript.json").read_bytes()
    result = run(folder, "--reviewed-by", "Anna Puig")
    assert result.exit_code == 3, result.output
    assert problem in result.output
    assert all(line.startswith("transcript.json: ") for line in result.output.splitlines())
    assert (folder / "transcript.json").read_bytes() == before  # not marked reviewed


def test_a_log_changed_since_is_a_transcript_to_make_again(folder: Path) -> None:
    log = folder / "votes.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    speech = [n for n, line in enumerate(lines) if '"speech_' in line][-2:]
    log.write_text("".join(line for n, line in enumerate(lines) if n not in speech))
    result = run(folder)
    assert result.exit_code == 3
    assert result.output == (
        "transcript.json: spans: the interventions (40) are not the vote log's (39); the log "
        "changed since the transcript was made: transcribe again\n"
    )


def test_reviewed_by_marks_it_reviewed_and_an_edit_after_undoes_it(folder: Path) -> None:
    result = run(folder, "--reviewed-by", "Anna Puig")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "transcript.json: 40 interventions, 80 segments, reviewed by Anna Puig on 20"
    )
    transcript = read_transcript(folder)
    assert transcript is not None
    assert transcript.reviewed
    assert transcript.review.reviewed_by == "Anna Puig"
    assert run(folder).output == result.output
    edit(folder, _set("spans.0.segments.0.text", "Good evening, we start."))
    result = run(folder)
    assert result.exit_code == 0
    assert result.output == (
        "transcript.json: 40 interventions, 80 segments, "
        "edited after the review by Anna Puig: review it again\n"
    )
    transcript = read_transcript(folder)
    assert transcript is not None
    assert not transcript.reviewed


@pytest.mark.parametrize("name", ["", "   ", "a\nb", "x" * 201, "Marta Puig \U0001f600"])
def test_a_reviewer_name_that_is_no_name_is_refused(folder: Path, name: str) -> None:
    before = (folder / "transcript.json").read_bytes()
    result = run(folder, "--reviewed-by", name)
    assert result.exit_code == 3
    assert result.output.startswith("Error: --reviewed-by: a name of 1 to 200 printable")
    assert (folder / "transcript.json").read_bytes() == before


def test_json_output(folder: Path) -> None:
    result = run(folder, "--json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "problems": [],
        "status": "automatic",
        "status_text": "automatic, not reviewed",
        "summary": CLEAN.strip(),
    }


HOSTILE_FILES: list[tuple[bytes, str]] = [
    (b"{", "transcript.json line 1: not JSON (Expecting property name enclosed in double quotes)"),
    (b"[]", "transcript.json: expected a JSON object at the top level"),
    (b"\xff\xfe", "transcript.json: not UTF-8 text (byte 0xff)"),
]


@pytest.mark.parametrize(("data", "error"), HOSTILE_FILES)
def test_a_file_that_is_no_transcript_is_one_line_exit_3(
    folder: Path, data: bytes, error: str
) -> None:
    (folder / "transcript.json").write_bytes(data)
    result = run(folder)
    assert (result.exit_code, result.output) == (3, f"Error: {error}\n")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (_set("duration", "long"), "duration: expected a number, not a text ('long')"),
        (_set("spans.0.segments.0.colour", "red"), "spans[0].segments[0].colour: unknown field"),
        (_set("spans.0.segments.0.start", None), "spans[0].segments[0].start: expected a number"),
        (_set("format", "other/2"), "format: 'other/2' is not videoacta-transcript/1"),
        (_set("spans.0.segments.0.text", "x" * 2001), "text: longer than 2,000 characters"),
    ],
)
def test_a_field_of_the_wrong_type_or_unknown_is_named(
    folder: Path, change: Edit, error: str
) -> None:
    edit(folder, change)
    result = run(folder)
    assert result.exit_code == 3
    assert result.output.startswith("Error: transcript.json: ")
    assert error in result.output
    assert len(result.output.splitlines()) == 1


def test_a_missing_or_too_large_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transcript_file, "TRANSCRIPT_BYTES", 1000)
    result = run(folder)
    assert (result.exit_code, result.output) == (
        3,
        "Error: transcript.json: is larger than 1,000 bytes, the limit for this file\n",
    )
    (folder / "transcript.json").unlink()
    result = run(folder)
    assert (result.exit_code, result.output) == (
        3,
        "Error: transcript.json: not found; make it with `videoacta transcribe`\n",
    )
