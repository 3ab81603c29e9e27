"""Hostile chapter titles through a real ffmpeg and ffprobe: each stays one chapter's title."""

import json
from pathlib import Path

from tests.generated_media import make_clip
from videoacta.core.chapters import Chapter, ffmetadata
from videoacta.media import ffmpeg

HOSTILE = [
    "ends in a backslash\\",
    "cr\r[CHAPTER]\rSTART=0\rEND=99\rtitle=EVIL",
    "lf\n[CHAPTER]\nSTART=0\nEND=99\ntitle=EVIL",
    "crlf\\\r\n;comment\n#comment",
    "a=b;c#d",
    "nul\x00after",
]


def test_hostile_titles_stay_titles_through_ffmpeg(tmp_path: Path) -> None:
    """Each title reaches the MP4 as one chapter's title: no line of it is read as syntax."""
    clip = make_clip(tmp_path / "clip.mp4", seconds=3.0)
    chapters = [
        Chapter(item=n, title=title, start=n * 0.5, end=(n + 1) * 0.5)
        for n, title in enumerate(HOSTILE)
    ]
    metadata = tmp_path / "chapters.ffmeta"
    metadata.write_text(ffmetadata(chapters, HOSTILE[1]), encoding="utf-8")
    out = tmp_path / "out.mp4"
    args = ["-i", ffmpeg.file_url(clip), "-i", ffmpeg.file_url(metadata)]
    args += ["-map", "0", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy"]
    ffmpeg.run_ffmpeg([*args, ffmpeg.file_url(out)], subject=out.name, outputs=[out])
    probe = ffmpeg.run_ffprobe(
        ["-show_chapters", "-show_format", "-of", "json", ffmpeg.file_url(out)], subject=out.name
    )
    found = json.loads(probe)
    titles = [c["tags"]["title"] for c in found["chapters"]]
    assert [c["start_time"] for c in found["chapters"]] == [f"{n * 0.5:.6f}" for n in range(6)]
    assert titles == [
        "ends in a backslash\\ ",
        HOSTILE[1],
        HOSTILE[2],
        HOSTILE[3],
        "a=b;c#d",
        "nul after",
    ]
    assert found["format"]["tags"]["title"] == HOSTILE[1]
