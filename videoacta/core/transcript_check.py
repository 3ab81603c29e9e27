"""Is a transcript consistent with its session and recording? (pure)

A reviewer may correct the text and the speaker of each segment, by the editor or by hand in
`transcript.json`; the check keeps what makes the transcript usable and safe to publish:
times inside the recording and inside their span, in order, without overlap; speakers who are
members, each span named as the session names its speaker (name and group: the captions, the
viewer and the annex print them); the log's interventions as they are in the index (a log
changed since is a transcript to make again); every item debated in camera withheld, and
nothing transcribed inside it.
Each problem is one line naming the field at fault.
"""

import bisect
import re
from collections.abc import Callable, Iterable

from videoacta.core.proceedings import IncidentKind, Proceedings
from videoacta.core.published import people
from videoacta.core.session import Session
from videoacta.core.terms import Frozen
from videoacta.core.timeline import PartWindow, Timeline
from videoacta.core.transcript import Span, SpanKind, Transcript, Withheld, heard_pieces
from videoacta.core.video_index import Index, IndexedItem
from videoacta.errors import shown

Roster = dict[str, tuple[str, str | None]]  # id: name and group (None: an official)
TOLERANCE = 0.05  # seconds: rounding of times written by hand or by the engine
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # C0, DEL, C1, LS, PS


class Presiding(Frozen):
    """Who the log says speaks between interventions, on the recording's timeline: the chair
    presiding at that moment (after each `chair_changed`) while the session is open, nobody
    (None) before its opening or after its closing. `transcribe` attributes by it, and the
    check keeps it."""

    opened: float
    closed: float
    chair: str
    changes: tuple[tuple[float, str], ...] = ()  # each chair_changed: when, who presides then

    @classmethod
    def of(cls, session: Session, proceedings: Proceedings, timeline: Timeline) -> "Presiding":
        changes = tuple(
            (timeline.locate(i.time).offset, i.member)
            for i in proceedings.incidents
            if i.kind is IncidentKind.CHAIR_CHANGED and i.member is not None
        )
        opened, closed = (
            timeline.locate(t).offset for t in (proceedings.opened, proceedings.closed)
        )
        return cls(opened=opened, closed=closed, chair=session.chair, changes=changes)

    @classmethod
    def of_index(
        cls, session: Session, proceedings: Proceedings, index: Index
    ) -> "Presiding | None":
        """As `of`, on the timeline of `index`'s parts (None if it lists none)."""
        windows = [
            PartWindow(start=p.start, duration=p.duration, offset=p.offset) for p in index.parts
        ]
        return cls.of(session, proceedings, Timeline(parts=tuple(windows))) if windows else None

    def at(self, offset: float) -> str | None:
        """Who presides at `offset`; None outside the session's hours."""
        if not self.opened <= offset < self.closed:
            return None
        chair = self.chair
        for at, member in self.changes:
            if at <= offset:
                chair = member
        return chair


def check_transcript(
    transcript: Transcript, session: Session, index: Index, presiding: Presiding | None = None
) -> tuple[str, ...]:
    """Every problem of `transcript` for `session` recorded as `index` places it, and, given
    `presiding` (the log's), the attribution of the spans between interventions; () if none."""
    problems: list[str] = []
    if transcript.session != session.id:
        problems.append(f"session: {transcript.session!r} is not this session ({session.id!r})")
    if abs(transcript.duration - index.duration) > 0.5:
        problems.append(
            f"duration: {transcript.duration:.2f} s, the recording lasts {index.duration:.2f} s"
        )
    problems += _withheld_problems(transcript, index)
    # Who may speak: the members, and the secretary and comptroller (the log lets them), each
    # named as every output names them (a member with their group's id, an official with none).
    roster = {person.id: (person.name, person.group) for person in people(session)}
    members = set(roster)
    items = {item.number for item in session.items}
    ids: set[str] = set()
    previous_end = 0.0
    in_camera = _in_camera(transcript)
    for n, span in enumerate(transcript.spans):
        where = f"spans[{n}]"
        problems += _span_problems(span, where, transcript.duration, members, items)
        problems += _name_problems(span, where, roster)
        problems += _attribution_problems(span, where, presiding)
        if span.start < previous_end - TOLERANCE:
            problems.append(f"{where}.start: {span.start:.2f} overlaps the span before it")
        previous_end = max(previous_end, span.end)
        if (item := in_camera(span.start, span.end)) is not None:
            problems.append(f"{where}: inside item {item}, debated in camera")
        problems += _segment_problems(span, where, members, ids)
    problems += _intervention_problems(transcript, index)
    return tuple(problems)


def _in_camera(transcript: Transcript) -> Callable[[float, float], int | None]:
    """A function: the item withheld that [start, end) enters, if any (n log n, not n x m)."""
    withheld = sorted((w.start, w.end, w.item) for w in transcript.withheld)
    starts = [w[0] for w in withheld]
    reach: list[tuple[float, int]] = []  # the latest end among withheld[: k + 1], and its item
    for _, end, item in withheld:
        reach.append(max(reach[-1], (end, item)) if reach else (end, item))

    def entered(start: float, end: float) -> int | None:
        k = bisect.bisect_left(starts, end - TOLERANCE) - 1  # those starting before the end
        if k >= 0 and start < reach[k][0] - TOLERANCE:
            return reach[k][1]
        return None

    return entered


def _attribution_problems(span: Span, where: str, presiding: Presiding | None) -> list[str]:
    """A span between interventions is attributed as the log says (`presiding`)."""
    if span.kind is SpanKind.INTERVENTION or presiding is None:
        return []
    chair = presiding.at((span.start + span.end) / 2)
    if chair is None and span.kind is SpanKind.PRESIDING:
        return [f"{where}.kind: presiding outside the session's hours (unattributed)"]
    if chair is not None and span.kind is SpanKind.UNATTRIBUTED:
        return [f"{where}.kind: unattributed while the session is open (presiding)"]
    if chair is not None and span.speaker != chair:
        return [f"{where}.speaker: {span.speaker!r} is not the chair then presiding ({chair})"]
    return []


def _segment_problems(span: Span, where: str, members: set[str], ids: set[str]) -> list[str]:
    """The segments of one span: in it, in order, not empty, their speakers members."""
    problems = []
    segment_end = span.start
    for m, segment in enumerate(span.segments):
        at = f"{where}.segments[{m}]"
        if segment.id in ids:
            problems.append(f"{at}.id: {segment.id!r} is used twice")
        ids.add(segment.id)
        if segment.end <= segment.start:
            problems.append(f"{at}.end: {segment.end:.2f} is not after its start")
        if segment.start < span.start - TOLERANCE or segment.end > span.end + TOLERANCE:
            problems.append(
                f"{at}: {segment.start:.2f}-{segment.end:.2f} is outside its span "
                f"{span.start:.2f}-{span.end:.2f}"
            )
        if segment.start < segment_end - TOLERANCE:
            problems.append(f"{at}.start: {segment.start:.2f} overlaps the segment before it")
        segment_end = max(segment_end, segment.end)
        if not segment.text.strip():
            problems.append(f"{at}.text: empty (delete the segment instead)")
        elif _CONTROL.search(segment.text) or "-->" in segment.text:
            problems.append(f"{at}.text: a control character, a line break or '-->'")
        if segment.speaker is not None and segment.speaker not in members:
            problems.append(f"{at}.speaker: {segment.speaker!r} is not a member")
    return problems


def _span_problems(
    span: Span, where: str, duration: float, members: set[str], items: set[int]
) -> list[str]:
    problems = []
    if span.end <= span.start:
        problems.append(f"{where}.end: {span.end:.2f} is not after its start {span.start:.2f}")
    if span.end > duration + TOLERANCE:
        problems.append(f"{where}.end: {span.end:.2f} is after the recording's end")
    if span.speaker is not None and span.speaker not in members:
        problems.append(f"{where}.speaker: {span.speaker!r} is not a member")
    if span.kind is not SpanKind.UNATTRIBUTED and span.speaker is None:
        problems.append(f"{where}.speaker: a {span.kind.value} span needs its speaker")
    if span.kind is SpanKind.UNATTRIBUTED and span.speaker is not None:
        problems.append(f"{where}.speaker: an unattributed span has no speaker")
    if span.item is not None and span.item not in items:
        problems.append(f"{where}.item: {span.item} is not on the agenda")
    for k, flag in enumerate(span.flags):
        if (
            flag.end < flag.start
            or flag.start < span.start - TOLERANCE
            or (flag.end > span.end + TOLERANCE)
        ):
            problems.append(f"{where}.flags[{k}]: {flag.start:.2f}-{flag.end:.2f} outside its span")
    return problems


def _name_problems(span: Span, where: str, roster: Roster) -> list[str]:
    """A span's `name` and `group` are those the session gives its speaker (the captions, the
    viewer and the annex print them); an unattributed span has neither."""
    if span.speaker is not None and span.speaker not in roster:
        return []  # not a member: said with its speaker
    if span.speaker is None:
        return [f"{where}.{field}: an unattributed span has none" for field, value in
                (("name", span.name), ("group", span.group)) if value is not None]  # fmt: skip
    name, group = roster[span.speaker]
    problems = []
    if span.name != name:
        problems.append(
            f"{where}.name: {_quoted(span.name)} is not how the session names "
            f"{span.speaker!r} ({_quoted(name)})"
        )
    if span.group != group:
        problems.append(
            f"{where}.group: {_quoted(span.group)} is not {span.speaker!r}'s group in the "
            f"session ({_quoted(group)})"
        )
    return problems


def _quoted(value: str | None) -> str:
    return "none" if value is None else f"'{shown(value)}'"


def withheld_items(items: Iterable[IndexedItem]) -> tuple[Withheld, ...]:
    """The items debated in camera that have a place in the recording: never transcribed."""
    return tuple(
        Withheld(item=item.number, start=item.start, end=item.end)
        for item in items
        if item.in_camera and item.start is not None and item.end is not None
    )


def _withheld_problems(transcript: Transcript, index: Index) -> list[str]:
    """Every item in camera with a place in the recording is withheld, with its span."""
    wanted = {w.item: (w.start, w.end) for w in withheld_items(index.items)}
    given = {w.item: (w.start, w.end) for w in transcript.withheld}
    problems = []
    for number, (start, end) in sorted(wanted.items()):
        if number not in given:
            problems.append(f"withheld: item {number} was debated in camera and is not withheld")
            continue
        got_start, got_end = given[number]
        if got_start > start + TOLERANCE or got_end < end - TOLERANCE:
            problems.append(
                f"withheld: item {number} is {start:.2f}-{end:.2f} in the recording, "
                f"not {got_start:.2f}-{got_end:.2f}"
            )
    problems += [
        f"withheld: item {number} was not debated in camera"
        for number in sorted(set(given) - set(wanted))
    ]
    return problems


def _intervention_problems(transcript: Transcript, index: Index) -> list[str]:
    """The intervention spans are the index's interventions: same speakers, same times."""
    said = index.interventions
    withheld = [
        (item.start, item.end)
        for item in index.items
        if item.in_camera and item.start is not None and item.end is not None
    ]  # an item in camera cuts a speech; speeches overlapping are cut as transcribe cuts them
    pieces = heard_pieces([(s.start, s.end) for s in said], withheld)
    logged = sorted((said[n].speaker, round(a, 1), round(b, 1)) for n, a, b in pieces)
    spans = sorted(
        (s.speaker or "", round(s.start, 1), round(s.end, 1))
        for s in transcript.spans
        if s.kind is SpanKind.INTERVENTION
    )
    if _close(logged, spans):
        return []
    return [
        f"spans: the interventions ({len(spans)}) are not the vote log's ({len(logged)}); "
        "the log changed since the transcript was made: transcribe again"
    ]


def _close(a: list[tuple[str, float, float]], b: list[tuple[str, float, float]]) -> bool:
    return len(a) == len(b) and all(
        x[0] == y[0] and abs(x[1] - y[1]) <= 0.2 and abs(x[2] - y[2]) <= 0.2
        for x, y in zip(a, b, strict=True)
    )
