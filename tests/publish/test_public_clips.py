"""A clip cut by `videoacta index --clips` (stream copy) for a public item right after one in
camera (ROF 88.1): it starts at the first keyframe at or after the item, never the keyframe
before (which would carry the end of the item in camera), and holds no packet of that item,
found by the MD5 of each packet's bytes among the recording's."""

import subprocess
from pathlib import Path

from tests.publish.test_public_copy import packets
from videoacta.media import binaries, video

IN_CAMERA = (6.0, 11.0)  # item 5, in camera; item 6 (public) follows at once
PUBLIC_NEXT = (11.0, 16.0)


def _recording(path: Path) -> None:
    """20 s, 25 fps, a keyframe every 2 s, AAC audio of a rising tone (every packet unique)."""
    binary = binaries.locate(binaries.Tool.FFMPEG).path
    subprocess.run(
        [str(binary), "-v", "error", "-f", "lavfi", "-i",
         "testsrc2=size=160x120:rate=25:duration=20", "-f", "lavfi", "-i",
         "aevalsrc=sin(2*PI*(200+37*t)*t):s=48000:d=20", "-c:v", "libx264", "-g", "50",
         "-bf", "0", "-c:a", "aac", f"file:{path}"],
        check=True, capture_output=True,
    )  # fmt: skip


def test_keyframe_clip_of_the_public_item_after_one_in_camera_holds_none_of_it(
    tmp_path: Path,
) -> None:
    """Item 6's clip, cut from the keyframe before its start, carried the tail of item 5 (in
    camera) into the public copy: the manifest withholds only the clips of items in camera."""
    recording = tmp_path / "recording.mp4"
    _recording(recording)
    clip = tmp_path / "06.mp4"
    video.clip(recording, *PUBLIC_NEXT, clip, video.ClipMode.KEYFRAME)
    start, end = IN_CAMERA
    inside = {
        (stream, digest)
        for stream, pts, duration, digest in packets(recording)
        if pts < end and pts + duration > start
    }
    outside = {
        (stream, digest)
        for stream, pts, duration, digest in packets(recording)
        if not (pts < end and pts + duration > start)
    }
    leaked = [
        (stream, pts)
        for stream, pts, _, digest in packets(clip)
        if (stream, digest) in inside and (stream, digest) not in outside
    ]
    assert leaked == [], f"{len(leaked)} packets of the item in camera in a public clip"


def test_a_clip_around_an_item_in_camera_is_not_public(tmp_path: Path) -> None:
    """A public item whose span holds one in camera: no clip free of it can be cut, so the
    clip is cut for the archive and reported as not public (the manifest withholds it)."""
    recording = tmp_path / "recording.mp4"
    _recording(recording)
    clip = tmp_path / "04.mp4"
    assert not video.clip(recording, 4.0, 14.0, clip, video.ClipMode.KEYFRAME,
                          in_camera=[IN_CAMERA])  # fmt: skip
    assert clip.is_file()
    public = tmp_path / "06.mp4"
    assert video.clip(recording, *PUBLIC_NEXT, public, video.ClipMode.KEYFRAME,
                      in_camera=[IN_CAMERA])  # fmt: skip
