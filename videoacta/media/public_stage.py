"""The index stage's public files (ROF 88.1), when an item was debated in camera: the public
rendition of the recording (recording.public.mp4) and its chapters (chapters.public.vtt).

The certified recording keeps every item (it is the archive); the rendition leaves out the
items debated in camera, and its chapters name the public items only, on its own timeline. No
item in camera: no rendition, nothing else changes.
"""

import tempfile
from collections.abc import Sequence
from pathlib import Path

from videoacta import hashing
from videoacta.artefacts import Artefact, write_artefact
from videoacta.core.chapters import webvtt
from videoacta.core.public_cut import in_camera_spans, public_chapters
from videoacta.core.video_index import IndexedItem, PublicRecording
from videoacta.media import public_rendition
from videoacta.media.packets import Packets
from videoacta.media.public_rendition import PUBLIC_CHAPTERS, PUBLIC_RECORDING
from videoacta.progress import Progress, Step, quiet, report


def write_public_files(
    recording: Path, items: Sequence[IndexedItem], *, duration: float, title: str,
    progress: Progress = quiet, listing: Packets | None = None,
) -> tuple[PublicRecording | None, tuple[Artefact, ...]]:  # fmt: skip
    """Write the public rendition and its chapters beside `recording`, if an item was debated
    in camera; return what index.json records of it, and the files as artefacts. `listing`:
    the recording's packets, when already listed."""
    spans = in_camera_spans(items, duration)
    if not spans:
        return None, ()
    report(progress, Step.PUBLIC, 0, 1)
    output = recording.parent / PUBLIC_RECORDING
    with tempfile.TemporaryDirectory() as scratch:
        cut = public_rendition.write_public(
            recording, spans, duration=duration, chapters=lambda kept: public_chapters(items, kept),
            title=title, output=output, scratch=Path(scratch), listing=listing,
        )  # fmt: skip
    chapters = cut.chapters
    digest = hashing.sha256_file(output)
    vtt = write_artefact(recording.parent, PUBLIC_CHAPTERS, webvtt(chapters).encode("utf-8"))
    report(progress, Step.PUBLIC, 1, 1)
    public = PublicRecording(
        file=output.name, of=recording.name, size=digest.size, sha256=digest.sha256,
        duration=sum(end - start for start, end in cut.kept), kept=cut.kept, cut=cut.cut,
        chapters_file=PUBLIC_CHAPTERS, chapters=chapters,
    )  # fmt: skip
    return public, (Artefact(name=output.name, digest=digest), vtt)
