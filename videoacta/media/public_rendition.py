"""The public rendition of the recording (ROF 88.1): recording.public.mp4, a stream copy of the
certified recording without the spans of the items debated in camera.

Cut conservatively at keyframes: a kept segment starts at a keyframe at or after the end of a
span and stops before the keyframe at or before the start of the next one, so a few seconds of
public footage may be lost at a boundary, never a frame or an audio sample of the secret part.
Each segment is cut on its own; every packet of it, video and audio, is matched to the
recording's own packet (time and size) and checked against the spans, and a segment that
reaches into one is cut again a keyframe (or a frame) further in. The segments are joined by
the concat demuxer, and the result must hold exactly their packets. A leak that remains is a
MediaError: nothing is published.
"""

import bisect
from collections.abc import Callable, Sequence
from pathlib import Path

from videoacta.core.chapters import Chapter, ffmetadata
from videoacta.core.public_cut import Span, complement, overlaps
from videoacta.core.terms import Frozen
from videoacta.errors import MediaError
from videoacta.media import ffmpeg
from videoacta.media.packets import Packet, Packets, list_packets, sizes

PUBLIC_RECORDING = "recording.public.mp4"
PUBLIC_CHAPTERS = "chapters.public.vtt"
TRIES = 8  # how many times a segment's ends may move inwards before the cut is refused
MATCH = 0.002  # seconds: a packet's time in a segment against the recording's (rounding)


class Cut(Frozen):
    """The rendition as written: the segments of the recording it keeps, in seconds."""

    kept: tuple[Span, ...]
    cut: tuple[Span, ...]
    chapters: tuple[Chapter, ...]


class _Try(Frozen):
    start: float  # a keyframe of the recording
    stop: float | None  # decoding times at or after this (seconds of the recording) are left out


def write_public(
    recording: Path, spans: Sequence[Span], *, duration: float,
    chapters: Callable[[tuple[Span, ...]], tuple[Chapter, ...]], title: str, output: Path,
    scratch: Path,
) -> Cut:  # fmt: skip
    """Write `output`, the recording without `spans` (sorted, merged), with the chapters that
    `chapters` makes of the segments kept."""
    source = list_packets(recording)
    anchor = source.video or source.audio
    if not anchor:
        raise MediaError(f"{recording.name}: holds no video or audio packets to cut")
    segments: list[tuple[Path, Span, Packets]] = []
    for n, (begin, end) in enumerate(complement(spans, duration)):
        first = _plan(source, begin, end, duration)
        if first is not None:
            made = _segment(recording, source, spans, first, scratch / f"seg-{n:03d}.mp4")
            if made is not None:
                segments.append(made)
    if not segments:
        raise MediaError(f"{recording.name}: nothing of it lies outside the items in camera")
    kept = tuple(span for _, span, _ in segments)
    laid_out = chapters(kept)
    _join(segments, laid_out, title, output, scratch)
    _check_joined(output, segments)
    # What was removed around each span (a keyframe's start offset alone removes nothing).
    removed = tuple(span for span in complement(kept, duration) if overlaps(span, spans))
    return Cut(kept=kept, cut=removed, chapters=laid_out)


def _plan(source: Packets, begin: float, end: float, duration: float) -> _Try | None:
    """The first cut to try for the segment [begin, end): from the first keyframe at or after
    `begin`, to before the last keyframe at or before `end` (or to the end of the recording)."""
    keys = source.keyframes
    starts = [k for k in keys if k >= begin]
    if not starts:
        return None
    if end >= duration:
        return _Try(start=starts[0], stop=None)
    stops = [k for k in keys if k <= end]
    if not stops or stops[-1] <= starts[0]:
        return None
    return _Try(start=starts[0], stop=_decoded_at(source, stops[-1]))


def _decoded_at(source: Packets, key: float) -> float:
    """When the keyframe at `key` is decoded: everything decoded before it shows before it."""
    packets = source.video or source.audio
    return next((p.dts for p in packets if p.key and p.pts == key), key)


def _segment(
    recording: Path, source: Packets, spans: Sequence[Span], plan: _Try, output: Path
) -> tuple[Path, Span, Packets] | None:
    """Cut one segment, moving its ends inwards until no packet of it lies in a span."""
    keys = source.keyframes
    for _ in range(TRIES):
        _cut(recording, plan, output)
        matched = _matched(output, source, plan.start)
        leak = _leak(matched, spans, plan.start)
        if leak is None:
            anchor = matched.video or matched.audio
            return output, (plan.start, max(p.end for p in anchor)), list_packets(output)
        if leak == "start":
            later = [k for k in keys if k > plan.start]
            plan = _Try(start=later[0], stop=plan.stop) if later else plan
        else:
            step = min((p.duration for p in source.video[:1] or source.audio[:1]), default=0.1)
            stop = (plan.stop if plan.stop is not None else max(k for k in keys)) - step
            plan = _Try(start=plan.start, stop=stop)
        if plan.stop is not None and plan.stop <= plan.start:
            return None
    raise MediaError(
        f"{recording.name}: the public copy keeps packets of an item in camera near "
        f"{plan.start:.3f} s; not published"
    )


def _cut(recording: Path, plan: _Try, output: Path) -> None:
    args = ["-ss", f"{plan.start:.6f}", "-i", ffmpeg.file_url(recording)]
    if plan.stop is not None:
        args += ["-t", f"{plan.stop - plan.start:.6f}"]
    args += ["-map", "0:v:0?", "-map", "0:a:0?", "-map_metadata", "-1", "-map_chapters", "-1"]
    args += ["-c", "copy", "-f", "mp4", ffmpeg.file_url(output)]
    ffmpeg.run_ffmpeg(args, subject=f"public copy {output.name}", outputs=[output])


def _matched(segment: Path, source: Packets, start: float) -> Packets:
    """The recording's own packets that the segment holds, found by time and size. The first
    packet of its anchor stream (video, else audio) is the keyframe at `start`, where it was
    cut: that gives the shift from the segment's times to the recording's."""
    found = list_packets(segment)
    first = (found.video or found.audio)[:1]
    if not first:
        raise MediaError(f"public copy {segment.name}: holds no packet")
    shift = start - first[0].pts
    return Packets(
        video=_find(segment, found.video, source.video, shift),
        audio=_find(segment, found.audio, source.audio, shift),
    )


def _find(
    segment: Path, packets: Sequence[Packet], source: Sequence[Packet], shift: float
) -> tuple[Packet, ...]:
    """Each packet's original in `source` (same size, at its time shifted by `shift`)."""
    ordered = sorted(source, key=lambda p: p.pts)
    times = [p.pts for p in ordered]
    found = []
    for packet in packets:
        at = packet.pts + shift
        n = bisect.bisect_left(times, at - MATCH)
        near = [p for p in ordered[n : n + 4] if abs(p.pts - at) <= MATCH and p.size == packet.size]
        if not near:
            raise MediaError(
                f"public copy {segment.name}: a packet at {packet.pts:.3f} s is not one of "
                "the recording's; not published"
            )
        found.append(near[0])
    return tuple(found)


def _leak(matched: Packets, spans: Sequence[Span], start: float) -> str | None:
    """Where the segment reaches into a span: "start" (a packet before its start), "end"."""
    for _, packets in matched.streams():
        for packet in packets:
            if overlaps((packet.pts, packet.end), spans):
                return "start" if packet.pts < start else "end"
    return None


def _join(
    segments: Sequence[tuple[Path, Span, Packets]], chapters: Sequence[Chapter], title: str,
    output: Path, scratch: Path,
) -> None:  # fmt: skip
    """Join the segments by the concat demuxer, each for its own duration, with `chapters`."""
    lines = ["ffconcat version 1.0"]
    for path, (start, end), _ in segments:
        lines += [f"file '{path.name}'", f"duration {end - start:.6f}"]
    listing = scratch / "public.ffconcat"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    metadata = scratch / "public.ffmeta"
    metadata.write_text(ffmetadata(chapters, title), encoding="utf-8")
    # auto_convert would rewrite the packets (SPS/PPS in band): they must stay as recorded.
    args = ["-f", "concat", "-safe", "1", "-auto_convert", "0", "-i", ffmpeg.file_url(listing)]
    args += ["-f", "ffmetadata", "-i", ffmpeg.file_url(metadata)]
    args += ["-map", "0", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy", "-f", "mp4"]
    ffmpeg.run_ffmpeg([*args, ffmpeg.file_url(output)], subject=output.name, outputs=[output])


def _check_joined(output: Path, segments: Sequence[tuple[Path, Span, Packets]]) -> None:
    """The joined file holds exactly the segments' packets, stream by stream, in order."""
    joined = list_packets(output)
    for kind, packets in joined.streams():
        expected = [size for *_, made in segments for size in sizes(dict(made.streams())[kind])]
        if sizes(packets) != expected:
            raise MediaError(
                f"{output.name}: its {kind} packets are not those of the checked segments "
                f"({len(packets)} against {len(expected)}); not published"
            )
