"""The public rendition of the recording (ROF 88.1): recording.public.mp4, a stream copy of the
certified recording without the spans of the items debated in camera.

Cut conservatively at keyframes: a kept segment starts at a keyframe at or after the end of a
span and stops before the keyframe at or before the start of the next one, so a few seconds of
public footage may be lost at a boundary, never a frame or an audio sample of the secret part.
Each segment is cut on its own; every packet of it, video and audio, is matched to the
recording's own packet (time and size) and checked against the spans, and a segment that
reaches into one is cut again a keyframe (or a frame) further in. The segments are joined by
the concat demuxer, and the result must hold exactly their packets. A leak that remains is a
MediaError: nothing is published. The clips of public items (`index --clips`) are cut and
checked the same way, one segment each (write_clip).
"""

import bisect
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
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
GUARD = 1.0  # seconds: a span this near a clip's end is kept out as the rendition's cuts do
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
    scratch: Path, listing: Packets | None = None,
) -> Cut:  # fmt: skip
    """Write `output`, the recording without `spans` (sorted, merged), with the chapters that
    `chapters` makes of the segments kept. `listing`: the recording's packets, when listed."""
    source = listing if listing is not None else list_packets(recording)
    if not source.anchor:
        raise MediaError(f"{recording.name}: holds no video or audio packets to cut")
    by_time = {kind: _ByTime(packets) for kind, packets in source.streams()}
    plans = [
        (n, plan)
        for n, (begin, end) in enumerate(complement(spans, duration))
        if (plan := _plan(source, spans, begin, end, duration)) is not None
    ]

    def segment(numbered: tuple[int, _Try]) -> tuple[Path, Span, Packets] | None:
        n, plan = numbered
        return _segment(recording, source, by_time, spans, plan, scratch / f"seg-{n:03d}.mp4")

    # Each segment is cut and checked on its own (ffmpeg, then ffprobe): two at a time.
    with ThreadPoolExecutor(max_workers=2) as pool:
        segments = [made for made in pool.map(segment, plans) if made is not None]
    if not segments:
        raise MediaError(f"{recording.name}: nothing of it lies outside the items in camera")
    kept = tuple(span for _, span, _ in segments)
    laid_out = chapters(kept)
    _join(segments, laid_out, title, output, scratch)
    _check_joined(output, segments)
    # What was removed around each span (a keyframe's start offset alone removes nothing).
    removed = tuple(span for span in complement(kept, duration) if overlaps(span, spans))
    return Cut(kept=kept, cut=removed, chapters=laid_out)


def write_clip(
    recording: Path, start: float, end: float, output: Path, *, spans: Sequence[Span] = (),
    listing: Packets | None = None,
) -> bool:  # fmt: skip
    """A stream-copy clip of [start, end) of `recording` that holds no packet of `spans` (the
    items in camera): cut and checked as a segment of the rendition is, from the first keyframe
    at or after `start` (and after any span it would begin in), never the keyframe before.
    False, and nothing written, when no such clip can be cut (no keyframe of it outside the
    spans, or a leak that remains). `listing`: the recording's packets, when already listed."""
    source = listing if listing is not None else list_packets(recording)
    first = _first_key(source, spans, start) if source.anchor else None
    if first is None or first >= end:
        return False
    duration = max(p.end for _, packets in source.streams() for p in packets)
    plan = _Try(start=first, stop=None if end >= duration else end)
    if plan.stop is not None and overlaps((end, end + GUARD), spans):
        # An item in camera follows: stop before its keyframe, as the rendition does.
        last = source.key_at_or_before(end)
        if last is None or last <= first:
            return False
        plan = _Try(start=first, stop=source.decoded.get(last, last))
    if overlaps((plan.start, duration if plan.stop is None else plan.stop), spans):
        return False  # an item in camera within the item's own span
    by_time = {kind: _ByTime(packets) for kind, packets in source.streams()}
    try:
        made = _segment(recording, source, by_time, spans, plan, output)
    except MediaError:
        made = None
    if made is None:
        output.unlink(missing_ok=True)
    return made is not None


class _ByTime:
    """One stream of the recording sorted by presentation time, sorted once: where a segment's
    packets are looked up."""

    def __init__(self, packets: Sequence[Packet]) -> None:
        self.packets = sorted(packets, key=lambda p: p.pts)
        self.times = [p.pts for p in self.packets]

    def find(self, at: float, size: int) -> Packet | None:
        """The packet of `size` within MATCH of `at` (the first of the few so near)."""
        n = bisect.bisect_left(self.times, at - MATCH)
        for packet in self.packets[n : n + 4]:
            if abs(packet.pts - at) <= MATCH and packet.size == size:
                return packet
        return None


def _plan(
    source: Packets, spans: Sequence[Span], begin: float, end: float, duration: float
) -> _Try | None:
    """The first cut to try for the segment [begin, end): from the first keyframe at or after
    `begin` whose lead-in stays out of the spans, to before the last keyframe at or before
    `end` (or to the end of the recording)."""
    start = _first_key(source, spans, begin)
    if start is None:
        return None
    if end >= duration:
        return _Try(start=start, stop=None)
    last = source.key_at_or_before(end)
    if last is None or last <= start:
        return None
    # When that keyframe is decoded: everything decoded before it shows before it.
    return _Try(start=start, stop=source.decoded.get(last, last))


def _first_key(source: Packets, spans: Sequence[Span], begin: float) -> float | None:
    """The first keyframe at or after `begin` whose lead-in stays out of the spans."""
    start = source.key_at_or_after(begin)
    while start is not None and overlaps((_lead_in(source, start), start), spans):
        start = source.key_after(start)
    return start


def _lead_in(source: Packets, key: float) -> float:
    """Where a copy cut at `key` likely begins: ffmpeg starts every stream from the keyframe's
    decoding time, a packet or two earlier. Only a guess, to spare a cut that the check would
    refuse: what is cut is checked all the same."""
    step = max((p.duration for _, packets in source.streams() for p in packets[:1]), default=0.0)
    return min(key, source.decoded.get(key, key)) - 2 * step


def _segment(
    recording: Path, source: Packets, by_time: dict[str, _ByTime], spans: Sequence[Span],
    plan: _Try, output: Path,
) -> tuple[Path, Span, Packets] | None:  # fmt: skip
    """Cut one segment, moving its ends inwards until no packet of it lies in a span."""
    for _ in range(TRIES):
        _cut(recording, plan, output)
        listed, matched = _matched(output, by_time, plan.start)
        leak = _leak(matched, spans, plan.start)
        if leak is None:
            return output, (plan.start, max(p.end for p in matched.anchor)), listed
        if leak == "start":
            later = source.key_after(plan.start)
            plan = _Try(start=later, stop=plan.stop) if later is not None else plan
        else:
            step = min((p.duration for p in source.anchor[:1]), default=0.1)
            stop = (plan.stop if plan.stop is not None else source.keyframes[-1]) - step
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


def _matched(segment: Path, by_time: dict[str, _ByTime], start: float) -> tuple[Packets, Packets]:
    """The segment's packets as listed, and the recording's own packets that they are, found by
    time and size. The first packet of its anchor stream (video, else audio) is the keyframe at
    `start`, where it was cut: that gives the shift from the segment's times to the
    recording's."""
    found = list_packets(segment)
    first = found.anchor[:1]
    if not first:
        raise MediaError(f"public copy {segment.name}: holds no packet")
    shift = start - first[0].pts
    matched = Packets(
        video=_find(segment, found.video, by_time["video"], shift),
        audio=_find(segment, found.audio, by_time["audio"], shift),
    )
    return found, matched


def _find(
    segment: Path, packets: Sequence[Packet], source: _ByTime, shift: float
) -> tuple[Packet, ...]:
    """Each packet's original in `source` (same size, at its time shifted by `shift`)."""
    found = []
    for packet in packets:
        original = source.find(packet.pts + shift, packet.size)
        if original is None:
            raise MediaError(
                f"public copy {segment.name}: a packet at {packet.pts:.3f} s is not one of "
                "the recording's; not published"
            )
        found.append(original)
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
    for n, (kind, packets) in enumerate(joined.streams()):
        expected = [size for *_, made in segments for size in sizes(made.streams()[n][1])]
        if sizes(packets) != expected:
            raise MediaError(
                f"{output.name}: its {kind} packets are not those of the checked segments "
                f"({len(packets)} against {len(expected)}); not published"
            )
