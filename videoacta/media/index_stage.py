"""The index stage: probe the parts, place the session in the video, write the video outputs.

The hash of the original parts, the remux and the posters run concurrently: they read the same
files, which then come from the page cache once. The stage returns what it wrote as artefacts:
the files ffmpeg wrote (the recording, the posters, the clips) hashed once each, the others
hashed from the bytes written.
"""

import datetime as dt
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from videoacta import hashing
from videoacta.artefacts import JSON_SOURCE, Artefact, write_artefact
from videoacta.core import evidence
from videoacta.core.chapters import Chapter, ffmetadata, lay_out, webvtt
from videoacta.core.public_cut import in_camera_spans
from videoacta.core.published import Publication, publication
from videoacta.core.tally import TallyRun
from videoacta.core.terms import Frozen
from videoacta.core.timeline import Placement, build_timeline
from videoacta.core.video_index import (
    INDEX_FILE,
    Index,
    IndexedItem,
    IndexedPart,
    IndexedRecording,
    SessionRef,
    place_interventions,
    place_items,
    place_people,
    place_votes,
    warnings_of,
)
from videoacta.errors import MediaError, TimelineError
from videoacta.media import parts, probe, video
from videoacta.media.packets import Packets, list_packets
from videoacta.media.public_stage import write_public_files
from videoacta.outputs import json_text
from videoacta.progress import Progress, Step, bytes_hashed, quiet, report

POSTER_DELAY = 2.0  # seconds into an item, past the camera's cut to the speaker
CHAPTERS_FILE = "chapters.vtt"


class Indexed(Frozen):
    """What the index stage made: the index, and its files as artefacts."""

    index: Index
    artefacts: tuple[Artefact, ...]


class Placed:
    """A session placed on its recording: the parts, their probes and starts, the timeline, and
    what of the session may be published (`view`: the index is published)."""

    def __init__(self, folder: Path, run: TallyRun, view: Publication | None = None) -> None:
        self.run = run
        self.view = view or publication(run.session, run.proceedings, run.tally)
        self.paths = part_paths(folder, run)
        self.infos = [probe.probe(path) for path in self.paths]
        probe.check_joinable(self.infos)
        self.starts = evidence.part_starts(run.session, self.infos)
        offset = run.session.recording.clock_offset
        try:
            self.timeline = build_timeline(
                [s.camera_start for s in self.starts], [i.duration for i in self.infos], offset
            )
        except TimelineError as error:
            raise MediaError(f"session.toml [recording]: {error}") from None
        self._check_overlap()
        self.items = place_items(run.session, run.proceedings, run.tally, self.timeline, self.view)
        self.votes = place_votes(run.tally, self.timeline)

    def _check_overlap(self) -> None:
        """Refuse a recording that shares no moment with the session: its times must be wrong."""
        opened, closed = self.run.proceedings.opened, self.run.proceedings.closed
        if closed > self.timeline.start and opened < self.timeline.end:
            return
        raise MediaError(
            f"the session ({opened.isoformat()} to {closed.isoformat()}) falls entirely outside "
            f"the recording ({self.timeline.start.isoformat()} to {self.timeline.end.isoformat()}"
            "); check the parts' start times, the time zone and recording.clock_offset"
        )

    def warnings(self) -> tuple[str, ...]:
        starts = [w for start in self.starts for w in evidence.start_warnings(start)]
        return (*starts, *warnings_of(self.items, self.votes))


def part_paths(folder: Path, run: TallyRun) -> list[Path]:
    """The recording parts named in session.toml, checked against the input contract."""
    return parts.resolve_parts(folder, run.session.recording.parts)


def write_index(
    placed: Placed,
    work: Path,
    *,
    container: video.Container = video.Container.MP4,
    clips: video.ClipMode | None = None,
    progress: Progress = quiet,
) -> Indexed:
    """Write the index stage's files into `work`, a folder the caller makes atomic."""
    recording = work / f"recording.{container.value}"
    with tempfile.TemporaryDirectory() as scratch:
        digests, items = _write_video(placed, recording, Path(scratch), progress)
    duration = placed.timeline.duration
    # The recording's packets, listed once for the keyframe clips and the public rendition.
    wanted = clips is video.ClipMode.KEYFRAME or bool(in_camera_spans(items, duration))
    listing = list_packets(recording) if wanted else None
    if clips is not None:
        items = _write_clips(recording, items, clips, work, progress, duration, listing)
    digest = _hash_recording(recording, progress)
    run = placed.run
    title = f"{run.session.body.name} — {run.session.number}"
    public, public_files = write_public_files(
        recording, items, duration=duration, title=title, progress=progress, listing=listing
    )
    index = Index(
        session=SessionRef.of(run.session, run.proceedings),
        duration=placed.timeline.duration,
        clock_offset=run.session.recording.clock_offset,
        parts=_parts(placed, digests),
        recording=IndexedRecording(
            file=recording.name,
            size=digest.size,
            sha256=digest.sha256,
            duration=placed.timeline.duration,
            container=container.value,
        ),
        public=public,
        chapters=_chapters(placed),
        items=items,
        interventions=place_interventions(placed.view, placed.timeline),
        people=place_people(placed.view),
        votes=placed.votes,
        warnings=(*placed.warnings(), *_withheld_clips(items)),
    )
    artefacts = (
        Artefact(name=recording.name, digest=digest),
        *_stills(work, items),
        *public_files,
        write_artefact(work, CHAPTERS_FILE, webvtt(index.chapters).encode("utf-8")),
        write_artefact(
            work,
            INDEX_FILE,
            json_text(index.model_dump(mode="json")).encode("utf-8"),
            embedded=JSON_SOURCE,  # acta.pdf is made from index.json
        ),
    )
    return Indexed(index=index, artefacts=artefacts)


def _stills(work: Path, items: Sequence[IndexedItem]) -> tuple[Artefact, ...]:
    """The posters and clips ffmpeg wrote, each hashed once."""
    names = [name for item in items for name in (item.poster, item.clip) if name is not None]
    digests = hashing.sha256_files(work / name for name in names)
    return tuple(Artefact(name=name, digest=digests[work / name]) for name in names)


def _hash_recording(recording: Path, progress: Progress) -> hashing.FileDigest:
    return hashing.sha256_file(recording, bytes_hashed(progress, recording.stat().st_size))


def _chapters(placed: Placed) -> tuple[Chapter, ...]:
    """A chapter for every recorded item, in camera too: the certified recording is whole, and
    its chapters, chapters.vtt and index.json name every item. Only the viewer leaves out what
    would play an item in camera (`Publication.public_chapters`)."""
    spans = [
        (item.number, f"{item.number}. {item.title}", item.start, item.end)
        for item in placed.items
        if item.placement is not Placement.NOT_RECORDED
        and item.start is not None
        and item.end is not None
    ]
    return lay_out(spans, placed.timeline.duration)


def _write_video(
    placed: Placed, recording: Path, scratch: Path, progress: Progress
) -> tuple[list[hashing.FileDigest], tuple[IndexedItem, ...]]:
    metadata = scratch / "chapters.ffmeta"
    title = f"{placed.run.session.body.name} — {placed.run.session.number}"
    metadata.write_text(ffmetadata(_chapters(placed), title), encoding="utf-8")
    total = placed.timeline.duration

    def beside_the_remux() -> tuple[dict[Path, hashing.FileDigest], tuple[IndexedItem, ...]]:
        # The remux is I/O-bound and keeps one core; the other hashes the parts (read once
        # for all, from the page cache), counts their packets, then takes the posters.
        digests = hashing.sha256_files(placed.paths)
        expected.extend(parts.part_totals(placed.paths))
        return digests, _write_posters(placed, recording.parent / "posters")

    expected: list[probe.StreamTotal] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        side = pool.submit(beside_the_remux)
        remuxed = pool.submit(
            video.remux,
            placed.paths,
            metadata=metadata,
            concat=scratch / "parts.ffconcat",
            output=recording,
            creation_time=placed.timeline.start,
            on_progress=lambda done: report(progress, Step.JOINING, done, total),
        )
        remuxed.result()
        report(progress, Step.JOINING, total, total)
        digests, items = side.result()
    # The joined file must hold exactly the parts hashed: no more, no fewer packets.
    parts.check_joined(expected, sum(info.duration for info in placed.infos), recording)
    return [digests[path] for path in placed.paths], items


def _write_posters(placed: Placed, folder: Path) -> tuple[IndexedItem, ...]:
    """One still per recorded item, taken from the original part that holds it.

    An item that may not be played (in camera, ROF 88.1) gets none: a still would show its
    deliberation.
    """
    folder.mkdir()
    items, shots = [], []
    for item in placed.items:
        if item.start is None or item.end is None or not placed.view.playable(item.number):
            items.append(item)
            continue
        at = min(item.start + POSTER_DELAY, (item.start + item.end) / 2)
        part, local = placed.timeline.part_at(at)
        name = f"{item.number:02d}.jpg"
        shots.append((placed.paths[part], local, folder / name))
        items.append(item.model_copy(update={"poster": f"posters/{name}"}))
    video.posters(shots)
    return tuple(items)


def _write_clips(
    recording: Path,
    items: Sequence[IndexedItem],
    mode: video.ClipMode,
    work: Path,
    progress: Progress,
    duration: float,
    listing: Packets | None,
) -> tuple[IndexedItem, ...]:
    """One clip per recorded item; a public item's clip that would hold footage of an item in
    camera is marked `clip_withheld` (the manifest withholds it from publication), and said."""
    (work / "clips").mkdir()
    spans = in_camera_spans(items, duration)
    result = []
    for done, item in enumerate(items):
        report(progress, Step.CUTTING, done, len(items))
        if item.start is None or item.end is None or item.placement is Placement.NOT_RECORDED:
            result.append(item)
            continue
        name = f"{item.number:02d}.mp4"
        # An item in camera's clip is withheld anyway: cut without avoiding its own span.
        avoid = () if item.in_camera else spans
        public = video.clip(recording, item.start, item.end, work / "clips" / name, mode,
                            in_camera=avoid, listing=listing)  # fmt: skip
        result.append(
            item.model_copy(update={"clip": f"clips/{name}", "clip_withheld": not public})
        )
    report(progress, Step.CUTTING, len(items), len(items))
    return tuple(result)


def _withheld_clips(items: Sequence[IndexedItem]) -> tuple[str, ...]:
    return tuple(
        f"item {item.number}: its clip {item.clip} holds footage of an item in camera (no "
        "keyframe of it lies outside): withheld from the public copy"
        for item in items
        if item.clip_withheld and not item.in_camera
    )


def _parts(placed: Placed, digests: list[hashing.FileDigest]) -> tuple[IndexedPart, ...]:
    return tuple(_part(placed, n, digest) for n, digest in enumerate(digests))


def _part(placed: Placed, n: int, digest: hashing.FileDigest) -> IndexedPart:
    info, start = placed.infos[n], placed.starts[n]
    return IndexedPart(
        file=placed.run.session.recording.parts[n].file,
        size=digest.size,
        sha256=digest.sha256,
        duration=info.duration,
        offset=placed.timeline.parts[n].offset,
        start=start.camera_start,
        start_source=start.source.value,
        end=start.camera_start + dt.timedelta(seconds=info.duration),
        container=info.format_name,
        video_codec=info.video.codec if info.video else None,
        audio_codec=info.audio.codec if info.audio else None,
        width=info.video.width if info.video else None,
        height=info.video.height if info.video else None,
    )
