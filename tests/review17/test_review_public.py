"""Review of int17, the public copy (ROF 88.1): what still reaches a published file, and what
`verify` accepts as a public copy."""

import json
import shutil
import subprocess
from pathlib import Path

from tests.publish.test_public_copy import TRUST, archive, packets
from videoacta.media import binaries, video
from videoacta.verify.verifier import verify_package

__all__ = ["archive"]
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
    """`videoacta index --clips` cuts every item's clip from the keyframe BEFORE its start;
    the manifest withholds only the clips of the items in camera, so clips/06.mp4 (public)
    carries the tail of item 5 (in camera) into the public copy."""
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


def test_an_archive_with_its_recording_deleted_is_not_valid(archive: Path, tmp_path: Path) -> None:
    """Only recording.mp4 removed from the ARCHIVE package (index.html, the archive's page, is
    still there): that is no public copy, yet verify reports VALID and skips the ENI check."""
    package = tmp_path / archive.name
    shutil.copytree(archive, package)
    (package / "recording.mp4").unlink()
    report = verify_package(package, trust=TRUST)
    assert report.verdict != "valid", [f.message for f in report.findings if f.kind == "withheld"]


def test_a_public_copy_with_a_half_withheld_set_is_not_a_public_copy(
    archive: Path, tmp_path: Path
) -> None:
    """The same seen from the flag: is_public_copy is true as soon as ONE withheld file is
    absent; a copy missing recording.mp4 but holding index.html is called a public copy."""
    package = tmp_path / archive.name
    shutil.copytree(archive, package)
    (package / "recording.mp4").unlink()
    manifest = json.loads((package / "manifest.json").read_text())
    assert (package / "index.html").exists()
    assert "index.html" in manifest["withheld"]
    assert not verify_package(package, trust=TRUST).public_copy
