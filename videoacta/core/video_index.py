"""The recording index: agenda items, interventions and votes placed in the video (pure)."""

import datetime as dt

from videoacta.core.chapters import Chapter
from videoacta.core.proceedings import ItemStatus, Proceedings
from videoacta.core.published import Publication
from videoacta.core.session import Session
from videoacta.core.tally import Tally
from videoacta.core.terms import Frozen
from videoacta.core.timeline import Placement, Timeline

INDEX_FORMAT = "videoacta-index/1"
INDEX_FILE = "index.json"  # its name in the index folder and the package


class IndexedPart(Frozen):
    """One original recording part: what it is, when it started, and its hash."""

    file: str
    size: int
    sha256: str
    duration: float
    offset: float
    start: dt.datetime
    start_source: str
    end: dt.datetime
    container: str
    video_codec: str | None
    audio_codec: str | None
    width: int | None
    height: int | None


class IndexedRecording(Frozen):
    """The packaged recording, a stream copy of the parts with chapters."""

    file: str
    size: int
    sha256: str
    duration: float
    container: str


class PublicRecording(Frozen):
    """The public rendition (ROF 88.1): a stream copy of the recording without the spans of the
    items debated in camera. `kept` and `cut` are seconds of the certified recording (`of`);
    `chapters` are the public items' chapters on the rendition's own timeline."""

    file: str
    of: str
    size: int
    sha256: str
    duration: float
    kept: tuple[tuple[float, float], ...]
    cut: tuple[tuple[float, float], ...]
    chapters_file: str
    chapters: tuple[Chapter, ...] = ()


class IndexedItem(Frozen):
    number: int
    title: str
    kind: str
    status: ItemStatus
    in_camera: bool
    placement: Placement
    start: float | None
    end: float | None
    wall_start: dt.datetime | None
    wall_end: dt.datetime | None
    result: str | None
    poster: str | None = None
    clip: str | None = None
    # A public item's clip that holds footage of an item in camera (no clip free of it could be
    # cut): the manifest withholds it from publication like the clips of items in camera.
    clip_withheld: bool = False
    notes: tuple[str, ...] = ()


class IndexedIntervention(Frozen):
    speaker: str
    name: str
    group: str | None
    item: int | None
    start: float
    end: float
    wall_start: dt.datetime
    wall_end: dt.datetime


class IndexedPerson(Frozen):
    """Someone the session names: a member (with their group's id) or an official (none)."""

    id: str
    name: str
    group: str | None = None


class IndexedVote(Frozen):
    item: int
    round: int
    time: dt.datetime
    offset: float
    in_recording: bool
    result: str


class SessionRef(Frozen):
    id: str
    body: str
    number: str
    date: dt.date
    timezone: str
    opened: dt.datetime
    closed: dt.datetime

    @classmethod
    def of(cls, session: Session, proceedings: Proceedings) -> "SessionRef":
        """The session an index belongs to, with when it was opened and closed."""
        return cls(
            id=session.id,
            body=session.body.name,
            number=session.number,
            date=session.date,
            timezone=session.timezone,
            opened=proceedings.opened,
            closed=proceedings.closed,
        )


class Index(Frozen):
    """What `index.json` holds."""

    format: str = INDEX_FORMAT
    session: SessionRef
    duration: float
    clock_offset: float
    parts: tuple[IndexedPart, ...]
    recording: IndexedRecording | None = None
    public: PublicRecording | None = None  # only when an item was debated in camera
    chapters: tuple[Chapter, ...] = ()
    items: tuple[IndexedItem, ...]
    interventions: tuple[IndexedIntervention, ...]
    votes: tuple[IndexedVote, ...]
    warnings: tuple[str, ...] = ()
    # The session's roster, as the interventions name them: the captions name a segment's
    # speaker by it (an index made before it was added has none).
    people: tuple[IndexedPerson, ...] = ()


def place_items(
    session: Session, proceedings: Proceedings, tally: Tally, timeline: Timeline, view: Publication
) -> tuple[IndexedItem, ...]:
    """Each agenda item's [start, end) in the recording, from its opened and closed events.

    Every item, in camera too (the certified recording is whole); `in_camera` says which may not
    be played, as `view` decides.
    """
    results = {item.number: item.result for item in tally.items}
    placed = []
    for record in proceedings.items:
        spec = session.item(record.number)
        assert spec is not None
        result = results.get(record.number)
        base = {
            "number": record.number,
            "title": spec.title,
            "kind": spec.kind.value,
            "status": record.status,
            "in_camera": not view.public(record.number),
            "wall_start": record.opened,
            "wall_end": record.closed,
            "result": None if result is None else result.value,
        }
        if record.opened is None:
            placed.append(
                IndexedItem(
                    **base,
                    placement=Placement.NOT_RECORDED,
                    start=None,
                    end=None,
                    notes=("item was not dealt with",),
                )
            )
            continue
        span = timeline.span(record.opened, record.closed, f"item {record.number}")
        if record.status is not ItemStatus.DEALT:
            span = span.model_copy(update={"notes": ()})
        start, end = (
            (None, None) if span.placement is Placement.NOT_RECORDED else (span.start, span.end)
        )
        placed.append(
            IndexedItem(**base, placement=span.placement, start=start, end=end, notes=span.notes)
        )
    return tuple(placed)


def place_people(view: Publication) -> tuple[IndexedPerson, ...]:
    """The members and the officials, named as the interventions are (`view.people`)."""
    return tuple(IndexedPerson(id=p.id, name=p.name, group=p.group) for p in view.people)


def place_interventions(view: Publication, timeline: Timeline) -> tuple[IndexedIntervention, ...]:
    """Every intervention that is at least partly in the recording.

    Only those that may be published (`view`'s): the index is published.
    """
    names = {person.id: (person.name, person.group) for person in view.people}
    placed = []
    for speech in view.interventions:
        span = timeline.span(speech.start, speech.end, f"speech by {speech.speaker}")
        if span.placement is Placement.NOT_RECORDED:
            continue
        name, group = names[speech.speaker]
        placed.append(
            IndexedIntervention(
                speaker=speech.speaker,
                name=name,
                group=group,
                item=speech.item,
                start=span.start,
                end=span.end,
                wall_start=speech.start,
                wall_end=speech.end,
            )
        )
    return tuple(placed)


def place_votes(tally: Tally, timeline: Timeline) -> tuple[IndexedVote, ...]:
    """The instant each round closed, in the recording."""
    votes = []
    for result in tally.rounds:
        located = timeline.locate(result.closed)
        votes.append(
            IndexedVote(
                item=result.item,
                round=result.number,
                time=result.closed,
                offset=located.offset,
                in_recording=located.snap.value == "inside",
                result=result.result.value,
            )
        )
    return tuple(votes)


def warnings_of(items: tuple[IndexedItem, ...], votes: tuple[IndexedVote, ...]) -> tuple[str, ...]:
    """Everything a secretary should look at: items and votes not (fully) in the recording."""
    notes = [
        note for item in items if item.status is not ItemStatus.NOT_DEALT for note in item.notes
    ]
    notes += [
        f"the vote on item {vote.item} (round {vote.round}) at {vote.time.isoformat()} "
        "is not in the recording"
        for vote in votes
        if not vote.in_recording
    ]
    return tuple(notes)
