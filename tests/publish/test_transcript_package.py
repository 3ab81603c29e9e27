"""The transcript in the package: transcript.json and its captions (archive and public
timelines) listed in the manifest, in the public copy, verified; a hostile transcript.json is
refused in one line, exit 3, with nothing written."""

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.publish.test_public_copy import ENV, IN_CAMERA, PKI, TRUST, in_camera_session
from tests.transcripts import transcript_of
from videoacta import pipeline
from videoacta.cli import cli
from videoacta.core.captions import caption_files, cues
from videoacta.core.identity import Role
from videoacta.core.public_cut import to_cut
from videoacta.core.transcript import Transcript
from videoacta.core.video_index import Index
from videoacta.credentials import SecretSource
from videoacta.errors import InputError
from videoacta.inputs import transcript_file
from videoacta.signing.pdf_signing import SignOptions, sign_package
from videoacta.signing.signers import Pkcs12Signer
from videoacta.verify.report import render_text
from videoacta.verify.verifier import verify_package

TIMES = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$", re.M)


def seconds(parts: tuple[str, ...]) -> float:
    h, m, s, ms = (int(p) for p in parts)
    return h * 3600 + m * 60 + s + ms / 1000


def cue_times(vtt: str) -> list[tuple[float, float]]:
    return [(seconds(m.groups()[:4]), seconds(m.groups()[4:])) for m in TIMES.finditer(vtt)]


def session_with(root: Path, name: str) -> tuple[Path, Index]:
    """The sample with item 5 in camera, and its index (made by `videoacta index`)."""
    session = in_camera_session(root / name)
    index = pipeline.run_index(session, root / f"{name}-index")
    return session, index


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Transcript, Index]]:
    """The session with an automatic transcript, built and signed by secretary and chair."""
    root = tmp_path_factory.mktemp("transcribed")
    session, index = session_with(root, "session")
    transcript = transcript_of(index)
    (session / "transcript.json").write_text(transcript.model_dump_json(indent=1), "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV, "videoacta-sample")
        package = pipeline.build(session, root / "out").package
        for role, who in ((Role.SECRETARY, "secretary"), (Role.CHAIR, "chair")):
            signer = Pkcs12Signer(path=PKI / f"SAMPLE-{who}.p12", passphrase=SecretSource.env(ENV))
            sign_package(package, SignOptions(role=role, signer=signer, trust=TRUST))
        yield package, transcript, index


def test_the_package_lists_the_transcript_and_its_captions(
    built: tuple[Path, Transcript, Index],
) -> None:
    package, transcript, index = built
    listed = {
        entry["path"] for entry in json.loads((package / "manifest.json").read_text())["files"]
    }
    assert {"transcript.json", "captions.en.vtt", "captions.public.en.vtt"} <= listed
    saved = transcript_file.load_transcript(package / "transcript.json")
    assert saved == transcript
    for name, text in caption_files(transcript, index).items():
        assert (package / name).read_text("utf-8") == text
    vtt = (package / "captions.en.vtt").read_text("utf-8")
    assert vtt.startswith("WEBVTT - automatic, not reviewed\n")
    assert "&lt;as written&gt;." in vtt
    assert "<as written>" not in vtt


def test_no_caption_in_camera_and_public_times_mapped(
    built: tuple[Path, Transcript, Index],
) -> None:
    package, transcript, index = built
    item = next(i for i in index.items if i.number == IN_CAMERA)
    assert item.start is not None
    assert item.end is not None
    archive = cue_times((package / "captions.en.vtt").read_text("utf-8"))
    assert archive
    assert not [c for c in archive if c[0] < item.end and item.start < c[1]]
    assert index.public is not None
    kept = index.public.kept
    public = cue_times((package / "captions.public.en.vtt").read_text("utf-8"))
    made = cues(transcript, {})
    assert len(public) == len(made)
    for (start, _), cue in zip(public, made, strict=True):
        assert abs(start - to_cut(cue.start / 1000, kept)) < 0.002
    assert all(end <= index.public.duration + 0.5 for _, end in public)


def test_verify_reports_the_transcript_and_the_public_copy_is_valid(
    built: tuple[Path, Transcript, Index], tmp_path: Path
) -> None:
    package, _, _ = built
    report = verify_package(package, trust=TRUST)
    assert report.verdict == "valid", report.findings
    assert report.transcript is not None
    assert report.transcript.status == "automatic"
    assert report.transcript.notes == ()
    assert "  transcript: automatic, not reviewed" in render_text(report).splitlines()
    out = CliRunner().invoke(cli, ["publish", str(package), "--out", str(tmp_path), "--json"])
    assert out.exit_code == 0, out.output
    copy = Path(json.loads(out.stdout)["public_copy"]["folder"])
    assert (copy / "captions.public.en.vtt").is_file()
    assert (copy / "transcript.json").is_file()
    public = verify_package(copy, trust=TRUST)
    assert public.verdict == "valid", public.findings
    assert public.public_copy
    assert public.transcript is not None
    assert public.transcript.notes == ()
    result = CliRunner().invoke(
        cli, ["verify", str(copy), "--trust", str(TRUST.roots[0]), "--json"]
    )
    assert json.loads(result.stdout)["transcript"]["status"] == "automatic"


def test_reviewed_and_edited_after_review(tmp_path: Path) -> None:
    """Unsigned builds (the verdict is INCOMPLETE): the review's line, then an edit after it."""
    session, index = session_with(tmp_path, "session")
    reviewed = transcript_of(index, reviewed=True)
    path = session / "transcript.json"
    path.write_text(reviewed.model_dump_json(), "utf-8")
    package = pipeline.build(session, tmp_path / "out").package
    report = verify_package(package)
    assert report.transcript is not None
    assert report.transcript.line() == (
        "transcript: reviewed by Marta Puig i Ferrer on 2026-10-30T09:30+00:00"
    )
    assert (package / "captions.en.vtt").read_text("utf-8").startswith("WEBVTT\n")
    data = json.loads(reviewed.model_dump_json())
    data["spans"][0]["segments"][0]["text"] = "Something else was said."
    path.write_text(json.dumps(data), "utf-8")
    package = pipeline.build(session, tmp_path / "again").package
    report = verify_package(package)
    assert report.transcript is not None
    assert report.transcript.status == "edited after review"
    assert "edited after review" in render_text(report)
    (package / "captions.en.vtt").write_text("WEBVTT\n", "utf-8")  # no longer what it makes
    notes = verify_package(package).transcript
    assert notes is not None
    assert notes.notes == ("captions.en.vtt: not the captions transcript.json makes",)


def _edit(data: dict, change: str) -> str:  # type: ignore[type-arg]
    spans = data["spans"]
    if change == "wrong type":
        spans[0]["segments"][0]["start"] = "ten"
    elif change == "out of order":
        spans[0]["segments"][1]["start"] = spans[0]["segments"][0]["start"] + 0.1
    elif change == "unknown speaker":
        spans[0]["segments"][0]["speaker"] = "nobody"
    elif change == "in camera":
        w = data["withheld"][0]
        spans[1]["segments"][0].update(start=w["start"] + 1, end=w["start"] + 2)
        spans[1].update(start=w["start"] + 1, end=w["start"] + 2)
    return json.dumps(data)


HOSTILE = {
    "not JSON": ("{not json", "line 1: not JSON (Expecting property name"),
    "not an object": ("[1, 2]", "expected a JSON object at the top level"),
    "wrong type": (None, "spans[0].segments[0].start: expected a number"),
    "out of order": (None, "spans[0].segments[1].start: 6.10 overlaps the segment before it"),
    "unknown speaker": (None, "spans[0].segments[0].speaker: 'nobody' is not a member"),
    "in camera": (None, "debated in camera"),
}


@pytest.fixture(scope="module")
def hostile_session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Index]:
    return session_with(tmp_path_factory.mktemp("hostile"), "session")


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_transcript_is_refused_in_one_line_and_nothing_is_written(
    case: str, hostile_session: tuple[Path, Index], tmp_path: Path
) -> None:
    session, index = hostile_session
    text, expected = HOSTILE[case]
    if text is None:
        text = _edit(json.loads(transcript_of(index).model_dump_json()), case)
    (session / "transcript.json").write_text(text, "utf-8")
    result = CliRunner().invoke(cli, ["build", str(session), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr  # one line (the others are progress)
    message = errors[0]
    assert "transcript.json" in message
    assert expected in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_huge_transcript_is_refused_before_parsing(
    hostile_session: tuple[Path, Index], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, _ = hostile_session
    monkeypatch.setattr(transcript_file, "TRANSCRIPT_BYTES", 1024)
    (session / "transcript.json").write_text(" " * 2048 + "{}", "utf-8")
    with pytest.raises(InputError, match=r"transcript.json: is larger than"):
        pipeline.build(session, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_without_a_transcript_the_package_has_none(tmp_path: Path) -> None:
    session = in_camera_session(tmp_path / "session")
    package = pipeline.build(session, tmp_path / "out").package
    names = {p.name for p in package.iterdir()}
    assert not {n for n in names if n.startswith(("captions", "transcript"))}
    assert verify_package(package).transcript is None
    shutil.rmtree(package)


def test_a_transcript_edited_after_signing_is_tampered(
    built: tuple[Path, Transcript, Index], tmp_path: Path
) -> None:
    package = tmp_path / built[0].name
    shutil.copytree(built[0], package)
    path = package / "transcript.json"
    path.write_text(path.read_text("utf-8").replace("library", "LIBRARY"), "utf-8")
    report = verify_package(package, trust=TRUST)
    assert report.verdict == "tampered"
    assert [(f.subject, f.message) for f in report.findings] == [
        ("transcript.json", "SHA-256 does not match the manifest")
    ]
