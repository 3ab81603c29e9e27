"""A live session with members voting from their devices: the editor's workspace, plus votes.

Each vote is one call here, under the workspace's one lock, so members' votes and the
secretary's actions are checked against the same log in one order. A vote is logged (and
fsynced) before it is answered; the answer of a vote id is kept, so a retried request is answered
again and counted once; a choice already recorded is not logged twice (a retry after a restart).
A secret ballot goes through the ballot box, which never keeps who chose what.
"""

import collections
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from videoacta.core import events as ev
from videoacta.editor.clock import wall_clock_now
from videoacta.editor.workspace import Workspace
from videoacta.errors import VideoactaError
from videoacta.telematic import views
from videoacta.telematic.access import AccessStore
from videoacta.telematic.ballot_box import BallotBox

ANSWERS_KEPT = 20_000  # the last answers, by (member, vote id): a retry comes within seconds

WHY_NOT = {
    "excused": "you are excused from this session",
    "not_confirmed": "the secretary has not yet confirmed your identity and presence",
    "left": "you have left the session",
    "disconnected": "your connection is recorded as lost",
    "session_not_open": "the session is not open",
    "recused": "you have recused yourself from this item",
    "out_of_room": "you are recorded as out of the room",
    "no_vote": "no vote is open",
    "already_voted": "your ballot in this secret vote was already cast",
}


class VoteRequest(BaseModel):
    """A member's vote as their page sends it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{16,64}$", description="the page's id of this vote")
    item: int = Field(ge=1, le=10_000)
    round: int = Field(ge=1, le=1_000)
    choice: ev.Choice


class VoteRefused(VideoactaError):
    """A vote not recorded, with its HTTP status and the code the member's page reads."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code = status, code


class Sitting(Workspace):
    """The editor's live workspace with members' votes, the ballot box and the pages' views."""

    def __init__(self, folder: Path, *, out: Path, notify: Callable[[str | None], None]) -> None:
        self.notify = notify
        self.answers: collections.OrderedDict[tuple[str, str], dict[str, Any]] = (
            collections.OrderedDict()
        )
        super().__init__(folder, live=True, out=out)
        self.access = AccessStore.open(folder, self.session_file.session)
        self.box = BallotBox(folder)
        with self.lock:
            self.box.reconcile(self.journal)
            self.journal.check_rewrite = lambda state: self.box.check(self.journal, state)
            self.shot = views.snapshot(self.journal, self.journal.version)

    # -- members -------------------------------------------------------------------------

    def member_view(self, member: str) -> dict[str, Any]:
        shot = self.shot  # read once: a change meanwhile replaces it whole
        return views.member_view(shot, self.session_file.session, member)

    def board_view(self) -> dict[str, Any]:
        return views.board_view(self.shot)

    def vote(self, member: str, request: VoteRequest) -> dict[str, Any]:
        """Record `member`'s vote (fsynced) and answer it; VoteRefused if it cannot count."""
        with self.lock:
            answer = self.answers.get((member, request.id))
            if answer is not None and not _same_vote(answer, request):
                raise VoteRefused(409, "id_reused", "not recorded: that vote id was another vote's")
            if answer is None:
                answer = self._vote(member, request, wall_clock_now(self.session_file.session))
                answer |= {"item": request.item, "round": request.round}
                self.answers[(member, request.id)] = answer
                while len(self.answers) > ANSWERS_KEPT:
                    self.answers.popitem(last=False)
        return {**answer, "state": self.member_view(member)}

    def _vote(self, member: str, request: VoteRequest, time: dt.datetime) -> dict[str, Any]:
        vote = self.journal.state.round
        if vote is None or vote.item != request.item:
            raise VoteRefused(409, "vote_closed", f"the vote on item {request.item} is closed")
        if vote.number != request.round:
            raise VoteRefused(409, "other_round", f"the vote on item {vote.item} was reopened")
        facts = views.member_facts(self.journal.state, member)
        if not facts["can_vote"]:
            code = facts["why_not"]
            raise VoteRefused(422, code, f"not recorded: {WHY_NOT[code]}")
        cast = ev.VoteCast(type="vote_cast", time=time, item=vote.item, member=member)
        if vote.secret:
            try:
                self.box.cast(self.journal, member, request.choice, cast)
            except VideoactaError:
                self.box.abandon()
                raise
            self._changed(member)
            return {"recorded": True, "choice": None}
        if vote.cast_by.get(member) != request.choice:
            self.journal.add([cast.model_copy(update={"choice": request.choice})])
            self._changed(member)
        return {"recorded": True, "choice": request.choice.value}

    # -- the workspace's hooks -----------------------------------------------------------

    def _prepare(self, events: list[Any]) -> list[Any]:
        """A secret vote closed by the secretary: its ballots are the box's plus the paper
        ballots they counted (of the members whose taking part they marked themselves)."""
        return [
            event.model_copy(update={"ballots": self.box.ballots(self.journal, event.ballots)})
            if isinstance(event, ev.VoteClosed) and self.box.counted(self.journal) is not None
            else event
            for event in events
        ]

    def _changed(self, member: str | None = None) -> None:
        if hasattr(self, "box"):  # not while the base class opens the folder
            self.box.settle(self.journal)
            if member is None:
                self.shot = views.snapshot(self.journal, self.journal.version)
            else:  # a member's vote: only the count and their own part change
                self.shot = views.with_vote_of(self.shot, self.journal, member)
        self.notify(member)

    def _state(self) -> dict[str, Any]:
        state = super()._state()
        box = self.box.counted(self.journal)
        state["telematic"] = {
            "ballots": 0 if box is None else len(box.voters),
            "links": self.access.listing(),
        }
        return state


def _same_vote(answer: dict[str, Any], request: VoteRequest) -> bool:
    """Whether a vote id's kept answer is this request's: the same item and round, and the same
    choice (a secret ballot's was never kept: its answer says no choice)."""
    if (answer["item"], answer["round"]) != (request.item, request.round):
        return False
    return answer["choice"] is None or answer["choice"] == request.choice.value
