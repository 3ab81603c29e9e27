"""The page's actions turned into vote-log events, stamped with the time the caller gives.

An action is JSON from an HTTP request, so hostile: its shape is bounded before pydantic reads
it, and every model forbids unknown fields. One action per event type of the log, written as the
event without its time (`{"type": "vote_cast", "item": 2, "member": "m13", "choice": "no"}`),
plus the shortcuts: `members_joined` (several arrive at once), `votes_cast` (everyone reachable
votes X, each named group votes Y, then each named member's own choice), `ballots_cast` (who
took part in a secret ballot: no choice, ever) and `csv_choices` (the choices of votes.csv for
the open vote). "Reachable" is present, in the room, not recused and not yet voted in the open
round. Who is excused is no event: it is `excused` in session.toml, edited in the setup.
Whether the events may happen is not decided here: the journal's replay rules decide.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from videoacta.core import events as ev
from videoacta.core.attendance import State
from videoacta.core.terms import MAX_MEMBERS, Identifier, ItemNumber, StrictBool
from videoacta.editor import csv_import
from videoacta.editor.journal import Journal
from videoacta.errors import InputError
from videoacta.inputs import bounded
from videoacta.inputs.session_folder import describe

SOURCE = "action"
V = TypeVar("V")
Members = Annotated[tuple[Identifier, ...], Field(max_length=MAX_MEMBERS)]
Groups = Annotated[tuple[Identifier, ...], Field(max_length=MAX_MEMBERS)]


class Shortcut(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MembersJoined(Shortcut):
    """Several members arrive in person at once (a remote one arrives by `member_joined`)."""

    type: Literal["members_joined"]
    members: Annotated[Members, Field(min_length=1)]


class VotesCast(Shortcut):
    """Everyone reachable votes `everyone`, each group in `groups` its choice, then `choices`."""

    type: Literal["votes_cast"]
    item: ItemNumber
    everyone: ev.Choice | None = None
    groups: Annotated[dict[Identifier, ev.Choice], Field(max_length=MAX_MEMBERS)] = {}
    choices: Annotated[dict[Identifier, ev.Choice], Field(max_length=MAX_MEMBERS)] = {}


class BallotsCast(Shortcut):
    """Who took part in a secret ballot: everyone reachable and/or groups and members, less
    `excluding`."""

    type: Literal["ballots_cast"]
    item: ItemNumber
    everyone: StrictBool = False
    groups: Groups = ()
    members: Members = ()
    excluding: Members = ()


class CsvChoices(Shortcut):
    """Cast the choices votes.csv gives for the item whose vote is open."""

    type: Literal["csv_choices"]
    item: ItemNumber


SHORTCUTS: TypeAdapter[MembersJoined | VotesCast | BallotsCast | CsvChoices] = TypeAdapter(
    Annotated[MembersJoined | VotesCast | BallotsCast | CsvChoices, Field(discriminator="type")]
)
SHORTCUT_TYPES = frozenset({"members_joined", "votes_cast", "ballots_cast", "csv_choices"})


def to_events(action: Any, time: dt.datetime, journal: Journal) -> list[ev.Event]:
    """The events one action of the page stands for, each stamped `time`; InputError naming
    the field at fault for a malformed action."""
    if not isinstance(action, Mapping):
        raise InputError(SOURCE, "an action is a JSON object")
    data = dict(action)
    bounded.check_shape(data, SOURCE, entries=MAX_MEMBERS, keys=MAX_MEMBERS)
    kind = data.get("type")
    if kind == "excused":
        raise InputError(SOURCE, "who is excused is set in session.toml (the setup), not logged")
    if isinstance(kind, str) and kind in SHORTCUT_TYPES:
        return _expand(_validated(SHORTCUTS, data), time, journal)
    if "time" in data:
        raise InputError(SOURCE, "time: set by the clock, not by the action")
    return [_validated(ev.EVENT_ADAPTER, {"time": time, **data})]


def _validated(adapter: TypeAdapter[Any], data: dict[str, Any]) -> Any:
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        raise InputError(SOURCE, describe(error.errors()[0], data)) from None


def _expand(
    shortcut: MembersJoined | VotesCast | BallotsCast | CsvChoices,
    time: dt.datetime,
    journal: Journal,
) -> list[ev.Event]:
    if isinstance(shortcut, MembersJoined):
        return [
            ev.MemberJoined(type="member_joined", time=time, member=m) for m in shortcut.members
        ]
    if isinstance(shortcut, CsvChoices):
        found = csv_import.choices(journal.folder, journal.session, shortcut.item)
        return _casts(shortcut.item, found, time)
    if isinstance(shortcut, VotesCast):
        return _casts(shortcut.item, _choices(shortcut, journal), time)
    return _casts(shortcut.item, dict.fromkeys(_ballots(shortcut, journal)), time)


def _choices(shortcut: VotesCast, journal: Journal) -> dict[str, ev.Choice]:
    chosen: dict[str, ev.Choice] = {}
    if shortcut.everyone is not None:
        chosen.update(dict.fromkeys(reachable(journal, shortcut.item), shortcut.everyone))
    for group, choice in shortcut.groups.items():
        chosen.update(dict.fromkeys(reachable(journal, shortcut.item, group), choice))
    chosen.update(shortcut.choices)
    return _in_roll_order(journal, chosen)


def _ballots(shortcut: BallotsCast, journal: Journal) -> list[str]:
    taking: dict[str, None] = {}
    if shortcut.everyone:
        taking.update(dict.fromkeys(reachable(journal, shortcut.item)))
    for group in shortcut.groups:
        taking.update(dict.fromkeys(reachable(journal, shortcut.item, group)))
    taking.update(dict.fromkeys(shortcut.members))
    return [m for m in _in_roll_order(journal, taking) if m not in shortcut.excluding]


def _in_roll_order(journal: Journal, chosen: dict[str, V]) -> dict[str, V]:
    """Members in session.toml's order; ids it does not know last (the rules name them)."""
    roll = [m.id for m in journal.session.members if m.id in chosen]
    return {m: chosen[m] for m in roll + [m for m in chosen if m not in roll]}


def reachable(journal: Journal, item: int, group: str | None = None) -> list[str]:
    """Who a shortcut reaches in the open vote on `item`: present, in the room, not recused,
    not yet voted (in `group`, if given)."""
    state = journal.state
    vote = state.round
    if vote is None or vote.item != item:
        raise InputError(SOURCE, f"no vote is open on item {item}")
    if group is not None and journal.session.group(group) is None:
        raise InputError(SOURCE, f"group '{group}' is not in session.toml")
    recused = state.item.recusals if state.item is not None else {}
    return [
        member.id
        for member in journal.session.members
        if (group is None or member.group == group)
        and state.state[member.id] is State.IN_ROOM
        and member.id not in recused
        and member.id not in vote.cast_by
    ]


def _casts(item: int, chosen: Mapping[str, ev.Choice | None], time: dt.datetime) -> list[ev.Event]:
    if not chosen:
        raise InputError(SOURCE, f"no member to record on item {item}: all have voted or are away")
    return [
        ev.VoteCast(type="vote_cast", time=time, item=item, member=member, choice=choice)
        for member, choice in chosen.items()
    ]
