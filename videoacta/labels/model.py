"""The model of the acta's words: one `Labels` per language (ca.py, es.py, en.py, gl.py, eu.py).

A label with `{name}` placeholders is a template filled with `str.format`. Every vocabulary
(session kinds, options, results...) must name every member of its enum: a missing one is an
error when the package is imported, not a blank in a signed document.
"""

from collections.abc import Collection
from enum import Enum
from typing import Self

from pydantic import Field, model_validator

from videoacta.core.events import Attendance
from videoacta.core.evidence import StartSource
from videoacta.core.proceedings import IncidentKind, ItemStatus
from videoacta.core.tally import Option, Result
from videoacta.core.terms import (
    Call,
    Frozen,
    ItemKind,
    Language,
    MajorityKind,
    Mode,
    SessionKind,
    VoteType,
)
from videoacta.core.timeline import Placement


class Formats(Frozen):
    """How numbers and dates are written; no system locale is consulted."""

    decimal: str = Field(min_length=1, max_length=1)
    thousands: str = Field(min_length=1, max_length=1)
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    date: str  # {weekday} {day} {month} {year}
    short_date: str  # {day} {month} {year}; Basque also {year_ko} {day_a} (basque.py)
    byte_count: str = "{n} bytes"  # a file's exact size


class Labels(Frozen):
    """Every word of the document in one language."""

    language: Language
    formats: Formats
    # metadata and running header
    title: str
    subject: str
    session_kind: dict[SessionKind, str]
    call: dict[Call, str]
    mode: dict[Mode, str]
    # header block
    body: str
    session: str
    session_value: str
    call_label: str
    mode_label: str
    place: str
    date: str
    time: str
    time_span: str
    # attendance
    attendance: str
    chair: str
    members_present: str
    excused: str
    absent: str
    none: str
    secretary: str
    comptroller: str
    member: str
    group: str
    attendance_mode: dict[Attendance, str]
    notes: str
    arrived: str
    left: str
    rejoined: str
    identity: str
    quorum: str
    quorum_required: str
    quorum_opening: str
    quorum_lowest: str
    held: str
    not_held: str
    not_checked: str  # a quorum the rules check only on request (or at the opening)
    # agenda index
    agenda: str
    agenda_intro: str
    number: str
    item: str
    in_recording: str
    result: str
    page: str
    status: dict[ItemStatus, str]
    placement: dict[Placement, str]
    no_vote: str
    # items
    item_kind: dict[ItemKind, str]
    recording: str
    in_camera_note: str
    interventions: str
    speaker: str
    clock: str
    duration: str
    not_in_recording: str
    reason: str
    withdrawn: str
    tabled: str
    not_dealt: str
    control_item: str
    recusal: str
    # votes
    vote: str
    vote_round: str
    repeat: str
    reopened: str
    vote_type_label: str
    vote_type: dict[VoteType, str]
    vote_kind: dict[VoteType, str]  # the vote named whole: "Secret ballot", as the viewer says
    majority: str
    majority_kind: dict[MajorityKind, str]
    simple_rule: str
    more_than: str
    at_least: str
    one_vote: str
    many_votes: str
    reached: str
    not_reached: str
    quorum_vote: str
    vote_time: str
    options: dict[Option, str]
    blank: str
    total: str
    heads: str
    weighted: str
    by_group: str
    position: str
    positions: dict[str, str]
    each_member: str
    choice: str
    nominal_note: str
    choices: dict[Option, str]
    by_proxy: str  # a delegated vote's choice, and who cast it: {choice}, {name}
    secret_note: str
    took_part: str
    changes_heading: str
    change: str
    casting_vote: str
    results: dict[Result, str]
    superseded_repeat: str
    superseded_reopened: str
    election_results: dict[Result, str]
    elected: str
    # incidents and events outside the items
    incidents_heading: str
    incident: dict[IncidentKind, str]
    opening: str
    closing: str
    between: str
    speech: str
    # integrity
    integrity: str
    integrity_intro: str
    part: str
    packaged: str
    file: str
    format: str
    size: str
    start: str
    end: str
    start_source: str
    start_sources: dict[StartSource, str]
    offset: str
    sha256: str
    embedded: str
    embedded_intro: str
    contents: str
    csv_verify: str  # before the sede's address, after the CSV in every page's footer
    attachment: dict[str, str]
    # signatures
    signatures: str
    certification: str
    certifies: str
    visto_bueno: str
    secretary_role: str
    chair_role: str
    mayor_role: str
    group_or_office: str
    video_stream: str
    audio_stream: str

    @model_validator(mode="after")
    def _complete(self) -> Self:
        vocabularies: dict[str, tuple[Collection[object], type[Enum]]] = {
            "session_kind": (set(self.session_kind), SessionKind),
            "call": (set(self.call), Call),
            "mode": (set(self.mode), Mode),
            "attendance_mode": (set(self.attendance_mode), Attendance),
            "status": (set(self.status), ItemStatus),
            "placement": (set(self.placement), Placement),
            "item_kind": (set(self.item_kind), ItemKind),
            "vote_type": (set(self.vote_type), VoteType),
            "majority_kind": (set(self.majority_kind), MajorityKind),
            "options": (set(self.options), Option),
            "choices": (set(self.choices), Option),
            "results": (set(self.results), Result),
            "election_results": (set(self.election_results), Result),
            "incident": (set(self.incident), IncidentKind),
            "start_sources": (set(self.start_sources), StartSource),
        }
        for name, (mapping, vocabulary) in vocabularies.items():
            missing = [member.value for member in vocabulary if member not in mapping]
            if missing:
                raise ValueError(f"{self.language.value} labels: {name} lacks {missing}")
        return self
