"""Recording parts: the path rules of session.toml, hostile names, and the joined recording
checked against the parts (issue 12, class 1)."""

import datetime as dt
import hashlib
import io
import json
import os
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.acta_sample import synthetic_index
from tests.builders import START, Log, session_data, to_toml
from tests.generated_media import link_part, make_clip
from tests.media.test_index import PART, PAUSE, colour_clip, make_session, run_index
from videoacta.core.replay import replay
from videoacta.core.session import RecordingPart, Session
from videoacta.core.tally import TallyRun, tally
from videoacta.core.terms import Language
from videoacta.document.writer import render_acta
from videoacta.errors import ExitCode, InputError, MediaError
from videoacta.media import probe, video
from videoacta.media.parts import check_joined, part_totals, resolve_parts


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two 20 s parts, as in test_index."""
    folder = tmp_path_factory.mktemp("parts")
    one = colour_clip(folder / "part-1.mp4", ["red", "green"], PART)
    return one, colour_clip(folder / "part-2.mp4", ["blue", "white"], PART)


def with_parts(session: Path, *files: str) -> Path:
    """Rewrite session.toml so that its parts are `files` (starting 30 s apart)."""
    toml = session / "session.toml"
    data = tomllib.loads(toml.read_text(encoding="utf-8"))
    data["recording"]["parts"] = [
        {"file": file, "start": START + dt.timedelta(seconds=n * (PART + PAUSE))}
        for n, file in enumerate(files)
    ]
    toml.write_text(to_toml(data) + "\n", encoding="utf-8")
    return session


def stream_counts(path: Path) -> list[tuple[str, int]]:
    return [(s.kind, s.packets) for s in probe.stream_totals(path)]


def broken(session: Path, case: str) -> tuple[list[str], str]:
    """Make `case` in the session folder; return the parts to list and the expected reason."""
    one = "recording/part-1.mp4"
    outside = session.parent / "outside.mp4"
    link_part(session / one, outside)
    if case == "absolute":
        path = str(session / one)
        return [path], f"recording.parts[0].file: {path!r} must be relative to the session folder"
    if case == "dot-dot":
        return [one, "../outside.mp4"], (
            "recording.parts[1].file: '../outside.mp4' is outside the session folder "
            "(after resolving links)"
        )
    if case == "link-out":
        (session / "recording" / "out.mp4").symlink_to(outside)
        return [one, "recording/out.mp4"], (
            "recording.parts[1].file: 'recording/out.mp4' is outside the session folder "
            "(after resolving links)"
        )
    if case == "newline":
        name = "recording/part-1.mp4\noutpoint 1\n#"
        # The text rules of session.toml refuse it before the part rules are reached.
        return [
            name
        ], "recording.parts[0].file: control or formatting character U+000A is not allowed"
    if case == "c1":
        return ["recording/\x85.mp4"], (
            "recording.parts[0].file: control or formatting character U+0085 is not allowed"
        )
    if case == "folder":
        return ["recording"], "recording.parts[0].file: 'recording' is not a regular file"
    if case == "fifo":
        os.mkfifo(session / "recording" / "pipe.mp4")
        return [one, "recording/pipe.mp4"], (
            "recording.parts[1].file: 'recording/pipe.mp4' is not a regular file"
        )
    return twice(session, case)


def twice(session: Path, case: str) -> tuple[list[str], str]:
    """The same file listed twice, under another spelling or link."""
    one, other = (
        "recording/part-1.mp4",
        {
            "same": "recording/part-1.mp4",
            "dot": "./recording/part-1.mp4",
            "dot-dot-inside": "recording/../recording/part-1.mp4",
            "hard-link": "recording/copy.mp4",
            "symlink": "recording/alias.mp4",
        }[case],
    )
    if case == "hard-link":
        os.link(session / one, session / other)
    if case == "symlink":
        (session / other).symlink_to("part-1.mp4")
    return [one, other], (
        f"recording.parts[1].file: {other!r} is the same file as recording.parts[0].file"
    )


CASES = ["absolute", "dot-dot", "link-out", "newline", "c1", "folder", "fifo", "same", "dot"]
CASES += ["dot-dot-inside", "hard-link", "symlink"]


@pytest.mark.parametrize("case", CASES)
def test_part_paths_break_the_contract(
    case: str, recorded: tuple[Path, Path], tmp_path: Path
) -> None:
    session = make_session(tmp_path / "session", recorded)
    files, reason = broken(session, case)
    with_parts(session, *files)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_index(session, tmp_path / "out" / "index")
    assert result.exit_code == ExitCode.INPUT, result.stderr
    assert result.stderr == f"Error: session.toml: {reason}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_a_missing_part_is_still_a_media_error(recorded: tuple[Path, Path], tmp_path: Path) -> None:
    session = with_parts(make_session(tmp_path / "s", recorded), "recording/part-1.mp4", "x.mp4")
    with pytest.raises(MediaError, match=r"^x\.mp4: recording part not found in "):
        parts_of(session, "recording/part-1.mp4", "x.mp4")


def parts_of(session: Path, *files: str) -> list[Path]:
    return resolve_parts(session, [RecordingPart(file=file) for file in files])


def test_links_inside_the_session_folder_are_accepted(
    recorded: tuple[Path, Path], tmp_path: Path
) -> None:
    session = make_session(tmp_path / "s", recorded)
    (session / "alias.mp4").symlink_to("recording/part-2.mp4")
    found = parts_of(session, "./recording/part-1.mp4", "alias.mp4")
    assert found == [session / "recording/part-1.mp4", session / "alias.mp4"]


def test_the_error_is_an_input_error_naming_the_field(
    recorded: tuple[Path, Path], tmp_path: Path
) -> None:
    session = make_session(tmp_path / "s", recorded)
    with pytest.raises(InputError) as caught:
        parts_of(session, "recording/part-1.mp4", "recording/part-2.mp4", "/etc/hostname")
    assert caught.value.source == "session.toml"
    assert caught.value.reason.startswith("recording.parts[2].file: '/etc/hostname' must be")


HOSTILE = [
    "-x 'quoted' \\back #hash.mp4",
    "$(touch pwned) \"dq\" ;file 'decoy.mp4'.mp4",
]


def test_hostile_names_that_the_contract_allows_join_exactly_the_parts(
    recorded: tuple[Path, Path], tmp_path: Path
) -> None:
    session = make_session(tmp_path / "session", recorded)
    recording = session / "recording"
    link_part(recorded[0], recording / HOSTILE[0])
    link_part(recorded[1], recording / HOSTILE[1])
    (recording / "decoy.mp4").write_bytes((recording / "part-1.mp4").read_bytes())
    with_parts(session, *(f"recording/{name}" for name in HOSTILE))
    result = run_index(session, tmp_path / "out", "--json")
    assert result.exit_code == 0, result.stderr
    index = json.loads(result.stdout)
    assert [p["file"] for p in index["parts"]] == [f"recording/{name}" for name in HOSTILE]
    expected = part_totals(list(recorded))
    assert stream_counts(tmp_path / "out" / "recording.mp4") == [
        (s.kind, s.packets) for s in expected
    ]
    assert not (tmp_path / "pwned").exists()
    assert not Path("pwned").exists()


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 3 s part and a 5 s decoy, of the same codecs."""
    folder = tmp_path_factory.mktemp("clips")
    return make_clip(folder / "part.mp4"), make_clip(folder / "decoy.mp4", seconds=5.0)


@pytest.mark.parametrize(
    "name",
    [
        "decoy.mp4\noutpoint 1\n#",  # the old list read the decoy, cut at 1 s
        "x.mp4'\nfile 'decoy.mp4",
        "x\r\nduration 0.5\n.mp4",
        "it's \\ #'.mp4",
    ],
)
def test_the_remux_never_reads_a_name_as_a_directive(
    name: str, clips: tuple[Path, Path], tmp_path: Path
) -> None:
    """Below the input contract: even a name with a newline reaches ffmpeg as no directive."""
    folder = tmp_path / "recording"
    folder.mkdir()
    first = link_part(clips[0], folder / "first.mp4")
    hostile = link_part(clips[0], folder / name)
    link_part(clips[1], folder / "decoy.mp4")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    (scratch / "decoy.mp4").write_bytes(clips[1].read_bytes())
    metadata = scratch / "chapters.ffmeta"
    metadata.write_text(";FFMETADATA1\n", encoding="utf-8")
    output = tmp_path / "joined.mp4"
    video.remux(
        [first, hostile], metadata=metadata, concat=scratch / "parts.ffconcat",
        output=output, creation_time=START,
    )  # fmt: skip
    expected = part_totals([first, hostile])
    assert [s.packets for s in expected] == [2 * p for _, p in stream_counts(clips[0])]
    check_joined(expected, 2 * probe.probe(first).duration, output)
    assert stream_counts(output) == [(s.kind, s.packets) for s in expected]
    assert sorted(p.name for p in scratch.iterdir() if p.is_symlink()) == [
        "part-000.mp4",
        "part-001.mp4" if name.endswith(".mp4") else "part-001",
    ]


def test_concat_list_takes_only_generated_names() -> None:
    assert video.concat_list(["part-000.mp4", "part-001"]) == (
        "ffconcat version 1.0\nfile 'part-000.mp4'\nfile 'part-001'\n"
    )
    with pytest.raises(ValueError, match="not a generated part name"):
        video.concat_list(["x.mp4\noutpoint 1"])


def test_a_joined_recording_that_is_not_the_parts_is_refused(
    recorded: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A remux that drops a part (as an injected `outpoint` would) fails the build: exit 4,
    and neither the package nor the folders made for it are left behind."""
    real = video.remux

    def first_part_only(found: list[Path], **options: Any) -> None:
        real(found[:1], **options)

    monkeypatch.setattr(video, "remux", first_part_only)
    session = make_session(tmp_path / "session", recorded)
    out = tmp_path / "new" / "deeper" / "index"
    result = run_index(session, out)
    assert result.exit_code == ExitCode.MEDIA, result.stderr
    video_packets = 2 * stream_counts(recorded[0])[0][1]
    assert result.stderr.startswith(
        "Error: recording.mp4: the joined recording is not the parts joined: its video stream 0 "
        f"has {video_packets // 2} packets and 20.000 s, the parts {video_packets} packets and "
        "40.000 s\n"
    ), result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session"]


def test_check_joined_counts_packets_of_every_stream(clips: tuple[Path, Path]) -> None:
    part = clips[0]
    expected, duration = part_totals([part]), probe.probe(part).duration
    check_joined(expected, duration, part)
    assert [s.kind for s in expected] == ["video", "audio"]
    more = [s.model_copy(update={"packets": s.packets + 1}) for s in expected]
    with pytest.raises(
        MediaError, match=r"video stream 0 has 30 packets and 3\.000 s, the parts 31"
    ):
        check_joined(more, duration, part)
    with pytest.raises(MediaError, match=r"its streams are video, audio, the parts' video$"):
        check_joined(expected[:1], duration, part)
    # A `duration` directive moves the next part without dropping a packet: a gap of 0.2 s.
    with pytest.raises(MediaError, match=r"the parts 30 packets and 3\.200 s$"):
        check_joined(expected, duration + 0.2, part)


@pytest.mark.parametrize("suffix", [".mp4", ".mkv", ".ts", ".mov"])
@pytest.mark.parametrize("container", list(video.Container))
def test_every_container_joins_within_the_tolerance(
    suffix: str, container: video.Container, tmp_path: Path
) -> None:
    """No false alarm: B-frames, AAC priming, 60 fps, Matroska and MPEG-TS timestamps."""
    extra = ("-bf", "3", "-f", {".mkv": "matroska", ".ts": "mpegts"}.get(suffix, suffix[1:]))
    found = [
        make_clip(tmp_path / f"p{n}{suffix}", seconds=seconds, rate=60, extra=extra)
        for n, seconds in enumerate((1.5, 2.2, 1.3))
    ]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    (scratch / "chapters.ffmeta").write_text(";FFMETADATA1\n", encoding="utf-8")
    output = tmp_path / f"joined.{container.value}"
    video.remux(
        found, metadata=scratch / "chapters.ffmeta", concat=scratch / "parts.ffconcat",
        output=output, creation_time=START,
    )  # fmt: skip
    duration = sum(probe.probe(part).duration for part in found)
    check_joined(part_totals(found), duration, output)


NFD = unicodedata.normalize("NFD", "sessió.mp4")  # as macOS writes names: o + U+0301
NFC = unicodedata.normalize("NFC", "sessió.mp4")


def test_a_part_name_is_taken_as_written_never_in_nfc(
    recorded: tuple[Path, Path], tmp_path: Path
) -> None:
    assert RecordingPart(file=f"recording/{NFD}").file == f"recording/{NFD}"
    session = make_session(tmp_path / "session", recorded)
    (session / "recording" / "part-2.mp4").rename(session / "recording" / NFD)
    with_parts(session, "recording/part-1.mp4", f"recording/{NFD}")
    result = run_index(session, tmp_path / "out", "--json")
    assert result.exit_code == 0, result.stderr
    parts = json.loads(result.stdout)["parts"]
    assert parts[1]["file"] == f"recording/{NFD}"
    digest = hashlib.sha256((session / "recording" / NFD).read_bytes()).hexdigest()
    assert parts[1]["sha256"] == digest


@pytest.mark.parametrize("twin", ["file", "folder"])
def test_a_part_with_a_twin_in_another_normalisation_is_refused(
    twin: str, recorded: tuple[Path, Path], tmp_path: Path
) -> None:
    """`sessió.mp4` in NFD beside a copy of part 1 named in NFC: the twin used to be packaged
    (part 1 twice); now neither is guessed."""
    session = make_session(tmp_path / "session", recorded)
    recording = session / "recording"
    if twin == "file":
        (recording / "part-2.mp4").rename(recording / NFD)
        link_part(recording / "part-1.mp4", recording / NFC)
        listed, step, other = f"recording/{NFD}", NFD, NFC
    else:
        (session / NFC).mkdir()
        (recording / "part-2.mp4").rename(session / NFC / "part-2.mp4")
        (session / NFD).mkdir()
        listed, step, other = f"{NFC}/part-2.mp4", NFC, NFD
    with_parts(session, "recording/part-1.mp4", listed)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_index(session, tmp_path / "out")
    assert result.exit_code == ExitCode.INPUT, result.stderr
    assert result.stderr == (
        f"Error: session.toml: recording.parts[1].file: {listed!r} is spelled {step!a}, and "
        f"{other!a} beside it differs only in Unicode normalisation: rename one of the two\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_the_acta_prints_a_part_named_in_nfd() -> None:
    """The name is kept as written (o + U+0301), and the acta draws it as the font can: in NFC."""
    session = Session.model_validate(session_data(members=3))
    log = Log().opened(["m1", "m2", "m3"]).add("session_closed")
    proceedings = replay(session, log.log())
    run = TallyRun(session=session, proceedings=proceedings, tally=tally(session, proceedings))
    index = synthetic_index(run)
    part = index.parts[0].model_copy(update={"file": f"recording/{NFD}"})
    index = index.model_copy(update={"parts": (part,)})
    pdf = render_acta(run, index, language=Language.CA, attachments=()).data
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert f"recording/{NFC}" in unicodedata.normalize("NFC", text)
