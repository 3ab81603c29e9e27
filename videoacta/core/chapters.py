"""Chapter arithmetic and the two chapter formats: FFMETADATA (for the remux) and WebVTT."""

import re
from collections.abc import Iterable

from videoacta.core.terms import Frozen

MILLISECONDS = 1000
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_OTHER_CONTROLS = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Chapter(Frozen):
    """One agenda item's chapter: [start, end) in seconds of the joined recording."""

    item: int
    title: str
    start: float
    end: float


def lay_out(spans: Iterable[tuple[int, str, float, float]], duration: float) -> tuple[Chapter, ...]:
    """Contiguous chapters from 0 to the end of the recording, one per item, sorted by start.

    MP4 stores only chapter starts (each ends where the next begins, the first at 0), so the
    chapters are laid out that way for every container: the first takes in the opening, each
    takes in any gap after its item, and the last runs to the end. An item that starts no later
    than the one before it, or not before the end of the recording, gets no chapter; the exact
    [start, end) of each item stays in the index.
    """
    ordered = sorted(spans, key=lambda span: (span[2], span[0]))
    kept: list[tuple[int, str, float]] = []
    for item, title, start, _end in ordered:
        start = max(0.0, start)
        if _ms(start) >= _ms(duration) or (kept and _ms(start) <= _ms(kept[-1][2])):
            continue
        kept.append((item, title, start))
    if not kept:
        return ()
    starts = [0.0, *(start for _, _, start in kept[1:])]
    ends = [*starts[1:], duration]
    return tuple(
        Chapter(item=item, title=title, start=start, end=end)
        for (item, title, _), start, end in zip(kept, starts, ends, strict=True)
    )


def _ms(seconds: float) -> int:
    return round(seconds * MILLISECONDS)


def escape_ffmetadata(text: str) -> str:
    """Escape `= ; # \\`, newline and carriage return with a backslash, as FFMETADATA requires.

    Other control characters (NUL ends ffmpeg's line) become spaces, and a value never ends in a
    backslash: ffmpeg's reader takes a line end after an escaped backslash as escaped too.
    """
    text = _OTHER_CONTROLS.sub(" ", text)
    for char in ("\\", "=", ";", "#", "\n", "\r"):
        text = text.replace(char, "\\" + char)
    return text + " " if text.endswith("\\") else text


def ffmetadata(chapters: Iterable[Chapter], title: str) -> str:
    """An FFMETADATA1 file with the recording's title and one [CHAPTER] per chapter."""
    lines = [";FFMETADATA1", f"title={escape_ffmetadata(title)}", ""]
    for chapter in chapters:
        lines += [
            "[CHAPTER]",
            f"TIMEBASE=1/{MILLISECONDS}",
            f"START={_ms(chapter.start)}",
            f"END={_ms(chapter.end)}",
            f"title={escape_ffmetadata(chapter.title)}",
            "",
        ]
    return "\n".join(lines)


def vtt_timestamp(seconds: float) -> str:
    total = _ms(seconds)
    hours, rest = divmod(total, 3600 * MILLISECONDS)
    minutes, rest = divmod(rest, 60 * MILLISECONDS)
    secs, millis = divmod(rest, MILLISECONDS)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def escape_vtt(text: str) -> str:
    """Cue text: entities for `& < >` (so `-->` cannot appear), no line breaks or controls."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(_CONTROLS.sub(" ", text).split())


def webvtt(chapters: Iterable[Chapter]) -> str:
    """A WebVTT chapters track: one cue per chapter, identified by its item number."""
    blocks = ["WEBVTT"]
    for chapter in chapters:
        timing = f"{vtt_timestamp(chapter.start)} --> {vtt_timestamp(chapter.end)}"
        blocks.append(f"item-{chapter.item}\n{timing}\n{escape_vtt(chapter.title)}")
    return "\n\n".join(blocks) + "\n"
