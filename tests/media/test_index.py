"""`videoacta index` end to end, on recordings generated with ffmpeg lavfi."""

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.builders import START, Log, session_data, write_folder
from tests.generated_media import link_part
from videoacta.cli import cli
from videoacta.errors import ExitCode
from videoacta.media import binaries, ffmpeg

PART = 20.0  # seconds in each part
PAUSE = 10.0  # seconds between the parts


def colour_clip(path: Path, colours: list[str], seconds: float) -> Path:
    """A clip whose picture is each colour in turn for an equal share of `seconds`."""
    each = seconds / len(colours)
    args: list[str] = []
    for colour in colours:
        args += ["-f", "lavfi", "-i", f"color=c={colour}:size=160x90:rate=10:duration={each}"]
    args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    inputs = "".join(f"[{n}:v]" for n in range(len(colours)))
    args += ["-filter_complex", f"{inputs}concat=n={len(colours)}:v=1:a=0[v]"]
    args += ["-map", "[v]", "-map", f"{len(colours)}:a"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "10"]
    args += ["-c:a", "aac", "-b:a", "32k", "-ac", "1", "-shortest", ffmpeg.file_url(path)]
    ffmpeg.run_ffmpeg(args, subject=path.name, outputs=[path])
    return path


@pytest.fixture(scope="session")
def parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Part 1 is red then green (10 s each); part 2 is blue then white."""
    folder = tmp_path_factory.mktemp("parts")
    one = colour_clip(folder / "part-1.mp4", ["red", "green"], PART)
    two = colour_clip(folder / "part-2.mp4", ["blue", "white"], PART)
    return one, two


def at(seconds: float) -> str:
    return (START + dt.timedelta(seconds=seconds)).isoformat()


def session_log() -> Log:
    """Item 1 in part 1's red, item 2 in its green, item 3 from the pause into part 2's blue."""
    events: list[tuple[float, str, dict[str, Any]]] = [
        *[(0.2, "member_joined", {"member": m}) for m in ("m1", "m2", "m3", "m4")],
        (0.5, "session_opened", {}),
        (2.0, "item_opened", {"item": 1}),
        (3.0, "speech_started", {"speaker": "m2"}),
        (6.0, "speech_ended", {"speaker": "m2"}),
        (7.0, "vote_opened", {"item": 1}),
        *[(8.0, "vote_cast", {"item": 1, "member": m, "choice": "yes"}) for m in ("m1", "m2")],
        (9.0, "vote_closed", {"item": 1}),
        (9.5, "item_closed", {"item": 1}),
        (11.0, "item_opened", {"item": 2}),
        (12.0, "vote_opened", {"item": 2}),
        *[(13.0, "vote_cast", {"item": 2, "member": m}) for m in ("m1", "m2", "m3")],
        (14.0, "vote_closed", {"item": 2, "ballots": {"yes": 2, "no": 1, "abstain": 0}}),
        (18.0, "item_closed", {"item": 2}),
        (25.0, "item_opened", {"item": 3}),
        (55.0, "item_closed", {"item": 3}),
        (56.0, "session_closed", {}),
    ]
    return Log(events=[{"time": at(t), "type": kind, **fields} for t, kind, fields in events])


def make_session(folder: Path, parts: tuple[Path, Path], **recording: Any) -> Path:
    data = session_data()
    data["recording"] = {
        "clock_offset": 0.0,
        "parts": [
            {"file": "recording/part-1.mp4", "start": START},
            {"file": "recording/part-2.mp4", "start": START + dt.timedelta(seconds=PART + PAUSE)},
        ],
        **recording,
    }
    write_folder(folder, data, session_log())
    (folder / "recording").mkdir()
    for part in parts:
        link_part(part, folder / "recording" / part.name)
    return folder


def run_index(session: Path, out: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["index", str(session), "--out", str(out), "--quiet", *args])


@pytest.fixture(scope="module")
def indexed(parts: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("indexed")
    out = root / "out"
    result = run_index(make_session(root / "session", parts), out)
    assert result.exit_code == 0, result.stderr
    return out


def ffprobe_json(path: Path, *args: str) -> Any:
    binary = binaries.locate(binaries.Tool.FFPROBE).path
    done = subprocess.run(
        [str(binary), "-v", "error", "-of", "json", *args, f"file:{path}"],
        capture_output=True,
        check=True,
        text=True,
    )
    return json.loads(done.stdout)


def test_chapters_agree_everywhere(indexed: Path) -> None:
    index = json.loads((indexed / "index.json").read_text(encoding="utf-8"))
    probed = ffprobe_json(indexed / "recording.mp4", "-show_chapters")["chapters"]
    expected = [(c["title"], round(c["start"], 3), round(c["end"], 3)) for c in index["chapters"]]
    assert [
        (c["tags"]["title"], float(c["start_time"]), float(c["end_time"])) for c in probed
    ] == expected
    cues = (indexed / "chapters.vtt").read_text(encoding="utf-8").split("\n\n")[1:]
    assert [cue.splitlines()[2] for cue in cues] == [title for title, _, _ in expected]
    assert [t for t, _, _ in expected] == ["1. Proposta", "2. Elecció", "3. Preguntes"]
    assert [(s, e) for _, s, e in expected] == [(0.0, 11.0), (11.0, 20.0), (20.0, 40.0)]


def test_items_are_placed_on_the_timeline(indexed: Path) -> None:
    index = json.loads((indexed / "index.json").read_text(encoding="utf-8"))
    items = {i["number"]: i for i in index["items"]}
    assert (items[1]["start"], items[1]["end"], items[1]["placement"]) == (2.0, 9.5, "recorded")
    assert (items[2]["start"], items[2]["end"]) == (11.0, 18.0)
    # item 3 opens in the pause (snapped to part 2's start) and ends after the recording
    assert (items[3]["start"], items[3]["end"], items[3]["placement"]) == (20.0, 40.0, "partial")
    assert index["interventions"][0] | {"wall_start": None, "wall_end": None} == {
        "speaker": "m2",
        "name": "Membre 2",
        "group": "B",
        "item": 1,
        "start": 3.0,
        "end": 6.0,
        "wall_start": None,
        "wall_end": None,
    }
    assert [(v["item"], v["offset"]) for v in index["votes"]] == [(1, 9.0), (2, 14.0)]
    assert "item 3 starts in a pause between recording parts" in index["warnings"]


def test_joined_duration_is_the_sum_of_the_parts(indexed: Path, parts: tuple[Path, Path]) -> None:
    joined = float(ffprobe_json(indexed / "recording.mp4", "-show_format")["format"]["duration"])
    assert joined == pytest.approx(2 * PART, abs=0.1)
    tags = ffprobe_json(indexed / "recording.mp4", "-show_format")["format"]["tags"]
    assert tags["creation_time"].startswith("2026-10-29T18:00:00")


def test_the_recording_is_not_re_encoded(indexed: Path, parts: tuple[Path, Path]) -> None:
    def packets(path: Path) -> list[str]:
        data = ffprobe_json(
            path, "-select_streams", "v:0", "-show_packets", "-show_entries", "packet=size"
        )
        return [p["size"] for p in data["packets"]]

    assert packets(indexed / "recording.mp4") == packets(parts[0]) + packets(parts[1])


def poster_colour(path: Path) -> tuple[int, int, int]:
    binary = binaries.locate(binaries.Tool.FFMPEG).path
    done = subprocess.run(
        [
            str(binary),
            "-v",
            "error",
            "-i",
            f"file:{path}",
            "-vf",
            "scale=1:1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=True,
    )
    red, green, blue = done.stdout[:3]
    return red, green, blue


def dominant(rgb: tuple[int, int, int]) -> str:
    """The one channel far above the others, or 'mixed'."""
    names = ("red", "green", "blue")
    top = max(range(3), key=lambda n: rgb[n])
    others = [rgb[n] for n in range(3) if n != top]
    return names[top] if rgb[top] > 100 and max(others) < 60 else "mixed"


def test_posters_are_jpeg_taken_at_the_right_time(indexed: Path) -> None:
    index = json.loads((indexed / "index.json").read_text(encoding="utf-8"))
    posters = {i["number"]: indexed / i["poster"] for i in index["items"]}
    for path in posters.values():
        assert path.read_bytes()[:3] == b"\xff\xd8\xff"
    assert dominant(poster_colour(posters[1])) == "red"  # item 1 is in part 1's first 10 s
    assert dominant(poster_colour(posters[2])) == "green"
    assert dominant(poster_colour(posters[3])) == "blue"  # item 3 is in part 2


def test_hashes_in_the_index(indexed: Path, parts: tuple[Path, Path]) -> None:
    import hashlib

    index = json.loads((indexed / "index.json").read_text(encoding="utf-8"))
    for entry, part in zip(index["parts"], parts, strict=True):
        assert entry["sha256"] == hashlib.sha256(part.read_bytes()).hexdigest()
        assert entry["size"] == part.stat().st_size
        assert entry["start_source"] == "session"
    recording = (indexed / "recording.mp4").read_bytes()
    assert index["recording"]["sha256"] == hashlib.sha256(recording).hexdigest()


def test_clips_and_mkv(parts: tuple[Path, Path], tmp_path: Path) -> None:
    session = make_session(tmp_path / "session", parts)
    result = run_index(session, tmp_path / "out", "--mkv", "--clips")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "recording.mkv").is_file()
    probed = ffprobe_json(tmp_path / "out" / "recording.mkv", "-show_chapters")["chapters"]
    assert len(probed) == 3
    clip = tmp_path / "out" / "clips" / "01.mp4"
    duration = float(ffprobe_json(clip, "-show_format")["format"]["duration"])
    assert 7.0 <= duration <= 9.6


def test_exact_clips_are_frame_exact(parts: tuple[Path, Path], tmp_path: Path) -> None:
    session = make_session(tmp_path / "session", parts)
    result = run_index(session, tmp_path / "out", "--exact-clips")
    assert result.exit_code == 0, result.stderr
    clip = tmp_path / "out" / "clips" / "02.mp4"
    duration = float(ffprobe_json(clip, "-show_format")["format"]["duration"])
    assert duration == pytest.approx(7.0, abs=0.15)


def test_clock_offset_moves_everything(parts: tuple[Path, Path], tmp_path: Path) -> None:
    session = make_session(tmp_path / "session", parts, clock_offset=1.5)
    result = run_index(session, tmp_path / "out", "--json")
    assert result.exit_code == 0, result.stderr
    items = {i["number"]: i for i in json.loads(result.stdout)["items"]}
    assert (items[1]["start"], items[1]["end"]) == (3.5, 11.0)


def test_an_existing_index_is_refused_without_force(
    indexed: Path, tmp_path: Path, parts: tuple[Path, Path]
) -> None:
    session = make_session(tmp_path / "session", parts)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_index(session, out)
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr == f"Error: {out}: already exists; use --force to replace it\n"
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert run_index(session, out, "--force").exit_code == 0
    assert not (out / "keep.txt").exists()


def _swap_part(session: Path, name: str, replacement: Path) -> None:
    link = session / "recording" / name
    link.unlink()
    link_part(replacement, link)


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        ("missing", "Error: recording/part-2.mp4: recording part not found in {session}\n"),
        ("junk", "Error: {part2}: unreadable: not a media file ffprobe can read\n"),
        ("truncated", "Error: {part2}: truncated: "),
        ("no_moov", "Error: {part2}: the MP4 has no index (moov atom): "),
        ("wider", "Error: {part2} cannot be joined to {part1} without re-encoding: video size "),
    ],
)
def test_bad_recordings(
    breakage: str, message: str, parts: tuple[Path, Path], media: Any, tmp_path: Path
) -> None:
    session = make_session(tmp_path / "session", parts)
    part2 = session / "recording" / "part-2.mp4"
    if breakage == "missing":
        part2.unlink()
    else:
        _swap_part(session, "part-2.mp4", getattr(media, breakage))
    result = run_index(session, tmp_path / "out")
    assert result.exit_code == ExitCode.MEDIA, result.stderr
    assert result.stderr.startswith(
        message.format(session=session, part1=part2.with_name("part-1.mp4"), part2=part2)
    ), result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["session"]


def test_a_session_outside_the_recording(parts: tuple[Path, Path], tmp_path: Path) -> None:
    session = make_session(tmp_path / "session", parts, clock_offset=-3600.0)
    result = run_index(session, tmp_path / "out")
    assert result.exit_code == ExitCode.MEDIA
    assert result.stderr == (
        "Error: the session (2026-10-29T19:00:00.500000+01:00 to 2026-10-29T19:00:56+01:00) "
        "falls entirely outside the recording (2026-10-29T20:00:00+01:00 to "
        "2026-10-29T20:00:50+01:00); check the parts' start times, the time zone and "
        "recording.clock_offset\n"
    )


def test_ffmpeg_not_found(
    parts: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make_session(tmp_path / "session", parts)
    monkeypatch.setenv("VIDEOACTA_FFPROBE", str(tmp_path / "no-ffprobe"))
    result = run_index(session, tmp_path / "out")
    assert result.exit_code == ExitCode.MEDIA
    assert result.stderr == (
        f"Error: VIDEOACTA_FFPROBE={tmp_path / 'no-ffprobe'}: no executable ffprobe there\n"
    )


def test_in_camera_items_have_no_poster_nor_interventions(
    parts: tuple[Path, Path], tmp_path: Path
) -> None:
    session = make_session(tmp_path / "session", parts)
    toml = session / "session.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text.replace('title = "Proposta"', 'title = "Proposta"\nin_camera = true'), "utf-8"
    )
    result = run_index(session, tmp_path / "out", "--json")
    assert result.exit_code == 0, result.stderr
    index = json.loads(result.stdout)
    item = next(i for i in index["items"] if i["number"] == 1)
    assert item["in_camera"] is True
    assert item["poster"] is None
    assert not (tmp_path / "out" / "posters" / "01.jpg").exists()
    assert [i for i in index["interventions"] if i["item"] == 1] == []
