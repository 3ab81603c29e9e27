"""Captions of the debate from its transcript, as UNE 153010:2012 asks (pure).

UNE 153010:2012 (Subtitulado para personas sordas y personas con discapacidad auditiva):
- at most 2 lines a caption (the norm allows a third only exceptionally: never here);
- at most 37 characters a line: the norm's figure, inherited from teletext's 40 columns less
  the box and colour codes, and still what fits a phone's width at a readable size;
- reading speed at most 15 characters a second: a caption stays up at least (characters / 15) s
  when the speech leaves room before the next one, at least 1 s, at most 7 s (a longer stretch is
  split over several captions, the times shared in proportion to their characters);
- lines broken at natural places: after punctuation, never after an article, preposition or
  conjunction when another break fits;
- each speaker identified: a new caption at each change of speaker, every caption in a WebVTT
  voice span `<v Name>` (players and screen readers expose it), and the name in parentheses
  before the first caption of each turn, as the norm's labels do (colour, its first means, is
  not carried by every player and a council has more members than distinguishable colours; a
  dash marks a change of speaker inside one caption, which never happens here).

A caption never lies in an item debated in camera, whatever the transcript holds: a caption
with no room left before the item (speech of a few ms split in many captions) is dropped.
Speech shorter than 1 s with the next caption (or the end of the recording, or an item in
camera) right after it keeps its own length: it is never moved or made to overlap. Times are
whole milliseconds. A speaker's name is one line in a caption (its spaces and line breaks
collapsed; core/transcript_check.py refuses a span named otherwise than the session names).
"""

import math
import re
from collections.abc import Iterable, Mapping, Sequence

from videoacta.core.public_cut import to_cut
from videoacta.core.terms import Frozen
from videoacta.core.transcript import Transcript
from videoacta.core.video_index import Index

LINE = 37  # characters a line (UNE 153010:2012)
LINES = 2
READING = 15  # characters a second
SHORTEST = 1000  # milliseconds
LONGEST = 7000
NOT_REVIEWED = "automatic, not reviewed"
# Words a line should not end with (articles, prepositions, conjunctions) in the label languages.
_WEAK_WORDS = (
    "a an the of to in on at by for from with and or but as into about than that "
    "el la los las lo un una unos unas de del al en con por para sin sobre y e o u ni que "
    "els les l d' un' amb per i pel pels dels als o os as do da dos das no na nos nas co coa "
    "polo pola ou eta edo baina"
)
_WEAK = frozenset(_WEAK_WORDS.split())
_SENTENCE_END = re.compile(r"[.!?;:…]$")
_CLAUSE_END = re.compile(r"[,)]$")


class Cue(Frozen):
    """One caption: its times (ms), its speaker's name (the voice), its lines."""

    start: int
    end: int
    voice: str | None
    lines: tuple[str, ...]
    label: str | None = None  # "(Name)" leading the first caption of a turn

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def cues(transcript: Transcript, names: Mapping[str, str] | None = None) -> tuple[Cue, ...]:
    """The captions of `transcript` on the recording's timeline; `names` maps member ids to
    names (a segment whose speaker a reviewer corrected), the spans' names otherwise."""
    known = dict(names or {})
    for span in transcript.spans:
        if span.speaker is not None and span.name and span.speaker not in known:
            known[span.speaker] = span.name
    withheld = sorted((_ms(w.start), _ms(w.end)) for w in transcript.withheld)
    drafts: list[Cue] = []
    previous: object = ()
    for span in transcript.spans:
        for segment in span.segments:
            start, end = _ms(segment.start), _ms(segment.end)
            if end <= start or any(start < w_end and w_start < end for w_start, w_end in withheld):
                continue
            speaker = segment.speaker if segment.speaker is not None else span.speaker
            voice = None if speaker is None else " ".join(known.get(speaker, speaker).split())
            turn = (span.kind, speaker)
            label = f"({voice})" if voice is not None and turn != previous else None
            previous = turn
            drafts += _split(segment.text.split(), start, end, voice, label)
    return _timed(drafts, _ms(transcript.duration), withheld)


def _split(
    words: list[str], start: int, end: int, voice: str | None, label: str | None
) -> list[Cue]:
    """One segment as captions: the fewest that hold its text in 2 lines of 37 characters and
    last 7 s at most each, times shared by characters."""
    pieces = [piece for word in words for piece in _pieces(word)]
    if label is not None:
        pieces = [*_pieces(label), *pieces]
    if not pieces:
        return []
    chunks = _chunks(pieces)
    wanted = max(len(chunks), min(len(pieces), math.ceil((end - start) / LONGEST)))
    if wanted > 1:  # as many captions as needed, of about equal length: no short last one
        balanced = _balanced(pieces, wanted)
        chunks = balanced if len(balanced) <= wanted else chunks
    total = sum(len(" ".join(chunk)) for chunk in chunks)
    result, at, used = [], start, 0
    for n, chunk in enumerate(chunks):
        used += len(" ".join(chunk))
        until = end if n == len(chunks) - 1 else start + round((end - start) * used / total)
        lines = _lines(chunk)
        result.append(Cue(start=at, end=max(until, at), voice=voice, lines=lines,
                          label=label if n == 0 else None))  # fmt: skip
        at = until
    return result


def _pieces(word: str) -> list[str]:
    """A word longer than a line, cut into pieces of a line."""
    return [word[i : i + LINE] for i in range(0, len(word), LINE)] or [word]


def _fits(chunk: Sequence[str]) -> bool:
    return _best_break(chunk) is not None


def _chunks(pieces: Sequence[str]) -> list[list[str]]:
    """Greedy: as many words as 2 lines hold, backed off to a sentence or clause end, or off a
    weak word, when one is in the second half."""
    chunks, rest = [], list(pieces)
    while rest:
        n = 1
        while n < len(rest) and _fits(rest[: n + 1]):
            n += 1
        if n < len(rest):
            n = _natural_end(rest[:n])
        chunks.append(rest[:n])
        rest = rest[n:]
    return chunks


def _natural_end(chunk: Sequence[str]) -> int:
    """Where to end a full chunk: after the last sentence end, else clause end, in its second
    half; else not after a weak word; else where it is full."""
    half = max(1, len(chunk) // 2)
    for pattern in (_SENTENCE_END, _CLAUSE_END):
        for n in range(len(chunk), half - 1, -1):
            if pattern.search(chunk[n - 1]):
                return n
    n = len(chunk)
    while n > half and _weak(chunk[n - 1]):
        n -= 1
    return n


def _balanced(pieces: Sequence[str], count: int) -> list[list[str]]:
    """`pieces` in `count` chunks of about equal characters (a long, slow stretch of speech)."""
    total = sum(len(p) + 1 for p in pieces)
    chunks: list[list[str]] = [[] for _ in range(count)]
    at = 0
    for n, piece in enumerate(pieces):
        slot = min(count - 1, at * count // total, n)
        chunks[slot].append(piece)
        at += len(piece) + 1
    result: list[list[str]] = []
    for chunk in (c for c in chunks if c):
        result += [chunk] if _fits(chunk) else _chunks(chunk)
    return result


def _best_break(chunk: Sequence[str]) -> int | None:
    """Where the line breaks in `chunk` (len(chunk): one line); None if 2 lines do not hold it."""
    if len(" ".join(chunk)) <= LINE:
        return len(chunk)
    best: tuple[float, int] | None = None
    for n in range(1, len(chunk)):
        first, second = len(" ".join(chunk[:n])), len(" ".join(chunk[n:]))
        if first > LINE or second > LINE:
            continue
        cost = abs(first - second) / LINE
        word = chunk[n - 1]
        cost += -1.0 if _SENTENCE_END.search(word) else -0.6 if _CLAUSE_END.search(word) else 0
        cost += 2.0 if _weak(word) else 0
        if best is None or cost < best[0]:
            best = (cost, n)
    return None if best is None else best[1]


def _weak(word: str) -> bool:
    return word.lower().strip("«»\"'“”¿¡(") in _WEAK


def _lines(chunk: Sequence[str]) -> tuple[str, ...]:
    n = _best_break(chunk)
    assert n is not None, "a chunk holds in 2 lines"
    first, second = " ".join(chunk[:n]), " ".join(chunk[n:])
    return (first, second) if second else (first,)


def _timed(
    drafts: Sequence[Cue], duration: int, withheld: Sequence[tuple[int, int]]
) -> tuple[Cue, ...]:
    """Each caption kept long enough to read (15 characters a second, 1 s at least, 7 s at most)
    where the next caption, an item in camera or the end of the recording leaves room.

    A caption pushed back by the one before it (speech of a few ms split in many captions: 1 ms
    each) never reaches into an item in camera: one left no room before the item is dropped."""
    result: list[Cue] = []
    for n, cue in enumerate(drafts):
        start = max(cue.start, result[-1].end if result else 0)
        # The first item in camera not over before the caption's speech starts: a wall.
        wall = min((w_start for w_start, w_end in withheld if w_end > cue.start), default=None)
        if wall is not None and start >= wall:
            continue
        limit = drafts[n + 1].start if n + 1 < len(drafts) else duration
        limit = min(limit, wall) if wall is not None else limit
        reading = max(SHORTEST, math.ceil(len(cue.text) * 1000 / READING))
        end = min(max(cue.end, start + reading), start + LONGEST, max(limit, cue.end))
        end = max(end, start + 1)  # speech of a few ms split in many captions: 1 ms each
        end = end if wall is None else min(end, wall)  # start < wall: still after start
        result.append(cue.model_copy(update={"start": start, "end": end}))
    return tuple(result)


def public_cues(captions: Iterable[Cue], kept: Sequence[tuple[float, float]]) -> tuple[Cue, ...]:
    """The captions on the public rendition's timeline (`kept`: the segments of the recording
    it keeps); a caption outside them is dropped, one across a cut is clipped to it."""
    result: list[Cue] = []
    spans = [(_ms(start), _ms(end)) for start, end in kept]
    for cue in captions:
        inside = [
            (max(cue.start, s), min(cue.end, e)) for s, e in spans if cue.start < e and s < cue.end
        ]
        if not inside:
            continue
        start = _ms(to_cut(inside[0][0] / 1000, kept))
        end = _ms(to_cut(inside[-1][1] / 1000, kept))
        start = max(start, result[-1].end if result else 0)
        if end > start:
            result.append(cue.model_copy(update={"start": start, "end": end}))
    return tuple(result)


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def escape(text: str) -> str:
    """Text as WebVTT cue text: &, < and > as character references."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(captions: Iterable[Cue], *, reviewed: bool, language: str) -> str:
    """The captions as a WebVTT file; its header says whether the transcript was reviewed."""
    header = "WEBVTT" + ("" if reviewed else f" - {NOT_REVIEWED}")
    status = "reviewed transcript" if reviewed else f"transcript {NOT_REVIEWED}"
    blocks = [header, f"NOTE\nCaptions ({language}) of the {status}; UNE 153010:2012 layout."]
    for n, cue in enumerate(captions, start=1):
        lines = [escape(line) for line in cue.lines]
        if cue.voice is not None:
            lines[0] = f"<v {escape(cue.voice)}>{lines[0]}"
            lines[-1] += "</v>"
        blocks.append(f"{n}\n{timestamp(cue.start)} --> {timestamp(cue.end)}\n" + "\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def captions_file(language: str, *, public: bool = False) -> str:
    return f"captions.public.{language}.vtt" if public else f"captions.{language}.vtt"


def caption_files(transcript: Transcript, index: Index) -> dict[str, str]:
    """The package's captions files, names and texts, from what the package holds: on the
    recording and, with an item in camera, on the public rendition. The names are the session's
    roster as index.json holds it (`people`: a segment a reviewer gave to anyone), else the
    spans' and the interventions' (an index made before it held the roster)."""
    names = {s.speaker: s.name for s in transcript.spans if s.speaker and s.name}
    names.update({s.speaker: s.name for s in index.interventions})
    names.update({person.id: person.name for person in index.people})
    made = cues(transcript, names)
    reviewed, language = transcript.reviewed, transcript.language
    texts = {captions_file(language): webvtt(made, reviewed=reviewed, language=language)}
    if index.public is not None:
        public = public_cues(made, index.public.kept)
        texts[captions_file(language, public=True)] = webvtt(
            public, reviewed=reviewed, language=language
        )
    return texts
