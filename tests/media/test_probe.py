"""Probing recording parts: what ffprobe says, damaged files, and parts that cannot be joined."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from tests.generated_media import SECONDS, Media, cut, make_clip
from videoacta.core.media_info import AudioStream, MediaInfo, VideoStream
from videoacta.errors import ExitCode, MediaError
from videoacta.media.probe import (
    check_complete,
    check_joinable,
    frame_rate,
    media_info,
    packets_end,
    probe,
    stream_differences,
    tag_time,
)

UTC = dt.UTC
CET = dt.timezone(dt.timedelta(hours=1))

# -- on generated media --------------------------------------------------------------------------


def test_probe_reads_streams_and_creation_time(media: Media) -> None:
    info = probe(media.dated)
    assert info.path == media.dated
    assert info.format_name.startswith("mov,mp4")
    assert info.duration == pytest.approx(SECONDS, abs=0.1)
    assert info.size == media.dated.stat().st_size
    assert info.video == VideoStream(
        codec="h264", width=160, height=90, pix_fmt="yuv420p", frame_rate=10.0
    )
    assert info.audio == AudioStream(codec="aac", sample_rate=48000, channels=1)
    assert info.creation_time == dt.datetime(2026, 10, 29, 18, 0, tzinfo=UTC)
    assert info.quicktime_creationdate is None


def test_probe_reads_the_quicktime_creation_date(media: Media) -> None:
    info = probe(media.quicktime)
    assert info.quicktime_creationdate == dt.datetime(2026, 10, 29, 19, 0, tzinfo=CET)
    assert info.quicktime_creationdate.utcoffset() == dt.timedelta(hours=1)


def test_a_plain_file_has_no_creation_time(media: Media) -> None:
    info = probe(media.plain)
    assert (info.creation_time, info.quicktime_creationdate) == (None, None)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated", r"truncated\.mp4: truncated: the header says 3\.0 s but the data ends at "),
        ("no_moov", r"no-moov\.mp4: the MP4 has no index \(moov atom\): the recording was cut off"),
        ("junk", r"junk\.mp4: unreadable: not a media file"),  # no ftyp box: not an MP4 at all
    ],
)
def test_damaged_files_are_refused_by_name(media: Media, name: str, message: str) -> None:
    with pytest.raises(MediaError, match=message) as caught:
        probe(getattr(media, name))
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code is ExitCode.MEDIA


def test_a_file_cut_before_the_last_seconds_is_truncated(media: Media, tmp_path: Path) -> None:
    longer = make_clip(tmp_path / "long.mp4", seconds=14.0, extra=("-movflags", "+faststart"))
    with pytest.raises(MediaError, match=r"long-cut\.mp4: truncated: "):
        probe(cut(longer, tmp_path / "long-cut.mp4", 0.3))


def test_a_truncated_matroska_file_is_refused(tmp_path: Path) -> None:
    mkv = make_clip(tmp_path / "part.mkv")
    assert probe(mkv).format_name.startswith("matroska")
    with pytest.raises(MediaError, match=r"part-cut\.mkv: truncated: "):
        probe(cut(mkv, tmp_path / "part-cut.mkv", 0.6))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "recording part not found"),
        (b"", "recording part is empty"),
        (b"\x00\x01garbage" * 64, "unreadable: not a media file ffprobe can read"),
    ],
)
def test_missing_empty_and_unreadable(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "part.bin"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(MediaError, match=f"^{path}: {message}$"):
        probe(path)


def test_a_text_file_is_not_a_recording(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("Ordre del dia " * 40)
    with pytest.raises(MediaError, match=r"notes\.txt: unreadable: not a recording"):
        probe(text)


def test_parts_with_the_same_streams_join(media: Media) -> None:
    check_joinable([probe(media.plain), probe(media.dated), probe(media.quicktime)])


@pytest.mark.parametrize(
    ("name", "difference"),
    [
        ("wider", "video size 320x180 vs 160x90"),
        ("resampled", "audio sample rate 44100 Hz vs 48000 Hz"),
    ],
)
def test_parts_that_differ_are_refused_naming_both(
    media: Media, name: str, difference: str
) -> None:
    other = getattr(media, name)
    with pytest.raises(MediaError) as caught:
        check_joinable([probe(media.plain), probe(other)])
    assert str(caught.value) == (
        f"{other} cannot be joined to {media.plain} without re-encoding: {difference}"
    )


# -- pure: from ffprobe's JSON -------------------------------------------------------------------

PART = Path("recording/part-1.mp4")
VIDEO: dict[str, Any] = {
    "codec_type": "video",
    "codec_name": "h264",
    "width": 1280,
    "height": 720,
    "pix_fmt": "yuv420p",
    "avg_frame_rate": "30000/1001",
    "tags": {"creation_time": "2026-10-29T18:00:05.000000Z"},
}
AUDIO: dict[str, Any] = {
    "codec_type": "audio",
    "codec_name": "aac",
    "sample_rate": "48000",
    "channels": 2,
}
FORMAT: dict[str, Any] = {
    "format_name": "mov,mp4,m4a,3gp,3g2,mj2",
    "duration": "160.000000",
    "start_time": "0.000000",
    "size": "2000000",
    "tags": {"creation_time": "2026-10-29T18:00:00.000000Z"},
}


def info(**changes: Any) -> MediaInfo:
    return media_info(PART, {"format": FORMAT, "streams": [VIDEO, AUDIO]}).model_copy(
        update=changes
    )


def test_media_info_from_json() -> None:
    result = media_info(PART, {"format": FORMAT, "streams": [VIDEO, AUDIO]})
    assert result == MediaInfo(
        path=PART,
        format_name="mov,mp4,m4a,3gp,3g2,mj2",
        duration=160.0,
        size=2_000_000,
        video=VideoStream(
            codec="h264", width=1280, height=720, pix_fmt="yuv420p", frame_rate=30000 / 1001
        ),
        audio=AudioStream(codec="aac", sample_rate=48000, channels=2),
        creation_time=dt.datetime(2026, 10, 29, 18, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("fmt", "streams", "expected"),
    [
        ({"tags": {}}, [VIDEO], dt.datetime(2026, 10, 29, 18, 0, 5, tzinfo=UTC)),  # stream tag
        ({"tags": {"CREATION_TIME": "2026-10-29T18:00:01Z"}}, [VIDEO],  # Matroska capitals
         dt.datetime(2026, 10, 29, 18, 0, 1, tzinfo=UTC)),
        ({"tags": {}}, [AUDIO], None),
    ],
)  # fmt: skip
def test_creation_time_sources(fmt: dict[str, Any], streams: list[Any], expected: Any) -> None:
    assert media_info(PART, {"format": FORMAT | fmt, "streams": streams}).creation_time == expected


def test_an_audio_only_recording_is_accepted() -> None:
    result = media_info(PART, {"format": FORMAT, "streams": [AUDIO]})
    assert (result.video, result.audio) == (
        None,
        AudioStream(codec="aac", sample_rate=48000, channels=2),
    )


def test_cover_art_is_not_the_video() -> None:
    cover = VIDEO | {"codec_name": "mjpeg", "disposition": {"attached_pic": 1}}
    assert media_info(PART, {"format": FORMAT, "streams": [cover, AUDIO]}).video is None


@pytest.mark.parametrize(
    ("fmt", "streams", "message"),
    [
        (FORMAT | {"duration": "N/A"}, [VIDEO], "unreadable: ffprobe finds no duration"),
        ({k: v for k, v in FORMAT.items() if k != "duration"}, [VIDEO], "no duration"),
        (FORMAT, [{"codec_type": "data"}], "unreadable: no video or audio stream"),
        (FORMAT | {"format_name": "tty"}, [VIDEO], "not a recording (ffprobe reads it as tty)"),
        (FORMAT | {"format_name": "png_pipe"}, [VIDEO], "not a recording"),
    ],
)
def test_media_info_refuses(fmt: dict[str, Any], streams: list[Any], message: str) -> None:
    with pytest.raises(MediaError, match=rf"^recording/part-1\.mp4: .*{re.escape(message)}"):
        media_info(PART, {"format": fmt, "streams": streams})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-29T18:00:00.000000Z", dt.datetime(2026, 10, 29, 18, 0, tzinfo=UTC)),
        ("2026-10-29T19:00:00+0100", dt.datetime(2026, 10, 29, 19, 0, tzinfo=CET)),
        ("2026-10-29T19:00:00+01:00", dt.datetime(2026, 10, 29, 19, 0, tzinfo=CET)),
        ("2026-10-29 18:00:00", dt.datetime(2026, 10, 29, 18, 0, tzinfo=UTC)),  # naive is UTC
        ("1970-01-01T00:00:00.000000Z", None),  # the camera's clock was never set
        ("1904-01-01T00:00:00Z", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_tag_time(text: str | None, expected: dt.datetime | None) -> None:
    assert tag_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("25/1", 25.0), ("30000/1001", 30000 / 1001), ("0/0", None), ("0/1", None), (None, None)],
)
def test_frame_rate(text: str | None, expected: float | None) -> None:
    assert frame_rate(text) == expected


@pytest.mark.parametrize(
    ("packets", "expected"),
    [
        ([], None),
        ([{"pts_time": "N/A"}], None),
        ([{"pts_time": "1.0", "duration_time": "0.5"}, {"pts_time": "1.2"}], 1.5),
        ([{"pts_time": "N/A", "dts_time": "2.0", "duration_time": "0.1"}], 2.1),
        ([{"pts_time": "0.000000", "dts_time": "-0.2", "duration_time": "0.1"}], 0.1),
    ],
)
def test_packets_end(packets: list[dict[str, str]], expected: float | None) -> None:
    assert packets_end(packets) == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("last_end", "start_time", "complete"),
    [
        (160.0, 0.0, True),
        (159.6, 0.0, True),  # within the tolerance: streams end a little apart
        (159.4, 0.0, False),
        (161.4, 1.4, True),  # a container that starts at 1.4 s
        (80.0, 0.0, False),
        (None, 0.0, False),
    ],
)
def test_check_complete(last_end: float | None, start_time: float, complete: bool) -> None:
    part = info(start_time=start_time)
    if complete:
        check_complete(part, last_packet_end=last_end)
    else:
        with pytest.raises(MediaError, match=r"^recording/part-1\.mp4: truncated: "):
            check_complete(part, last_packet_end=last_end)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, ()),
        ({"duration": 10.0, "creation_time": None}, ()),  # not a stream property
        ({"video": VideoStream(codec="hevc", width=1280, height=720, pix_fmt="yuv420p")},
         ("video codec hevc vs h264",)),
        ({"video": VideoStream(codec="h264", width=1280, height=720, pix_fmt="yuv422p")},
         ("pixel format yuv422p vs yuv420p",)),
        ({"audio": AudioStream(codec="aac", sample_rate=48000, channels=1)},
         ("audio channels 1 vs 2",)),
        ({"audio": None},
         ("audio codec none vs aac", "audio sample rate none vs 48000 Hz",
          "audio channels none vs 2")),
        ({"audio": AudioStream(codec="opus", sample_rate=44100, channels=2)},
         ("audio codec opus vs aac", "audio sample rate 44100 Hz vs 48000 Hz")),
    ],
)  # fmt: skip
def test_stream_differences(changes: dict[str, Any], expected: tuple[str, ...]) -> None:
    assert stream_differences(info(), info(**changes)) == expected


def test_check_joinable_names_the_first_part_that_differs() -> None:
    other = info(path=Path("recording/part-3.mp4"), audio=None)
    with pytest.raises(MediaError) as caught:
        check_joinable([info(), info(path=Path("recording/part-2.mp4")), other])
    assert str(caught.value).startswith(
        "recording/part-3.mp4 cannot be joined to recording/part-1.mp4 without re-encoding: "
        "audio codec none vs aac; "
    )


def test_one_part_or_none_always_joins() -> None:
    check_joinable([])
    check_joinable([info()])


def test_an_old_quicktime_layout_without_moov_is_cut_off_not_junk(
    media: Media, tmp_path: Path
) -> None:
    data = media.plain.read_bytes()
    mdat = data.index(b"mdat") - 4  # older cameras write `wide` and `mdat` first, no `ftyp`
    old = tmp_path / "MVI_0001.MOV"
    old.write_bytes(b"\x00\x00\x00\x08wide" + data[mdat : len(data) // 2])
    with pytest.raises(MediaError, match=r"MVI_0001\.MOV: the MP4 has no index \(moov atom\)"):
        probe(old)
