"""The ballot box of a secret vote cast from members' devices: totals, never who chose what.

The vote log records that a member took part (a `vote_cast` without a choice) in the order the
ballots arrive; the choices go only into three totals, written to the log at the close as the
vote's `ballots`. So neither the log, nor this box, nor the server's memory links a member to a
choice: the request that carried a ballot is the only place its choice ever was.

The box is kept on disk (`.videoacta/ballot-box.json`, atomic and fsynced) so that a ballot
acknowledged before a crash is still counted after it. One ballot is three writes: the box marks
a ballot pending (who, not what), the log records that the member took part, the box counts the
ballot and clears the mark. A crash between them leaves a pending mark: on restart the member's
`vote_cast` (if it reached the log) is taken back, and the member, never told the ballot was
counted, may cast it again.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from videoacta.core import events as ev
from videoacta.core.replay_state import ReplayState
from videoacta.editor.journal import Journal
from videoacta.editor.log_file import sync_folder
from videoacta.editor.versions import VERSIONS
from videoacta.errors import InputError
from videoacta.inputs.session_folder import JSONL_FILE
from videoacta.outputs import write_bytes_atomic

BOX = VERSIONS.parent / "ballot-box.json"
CHOICES = ("yes", "no", "abstain")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass
class Box:
    """The ballots of one round: (item, round, when it opened, in µs), totals, voters. Not the
    line that opened it: a correction of an earlier mark moves that line, not the round."""

    key: tuple[int, int, int]
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHOICES, 0))
    voters: list[str] = field(default_factory=list)
    pending: str | None = None


class BallotBox:
    """The secret round open now, as far as members' devices voted in it."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / BOX
        self.box: Box | None = _read(self.path)

    def reconcile(self, journal: Journal) -> None:
        """After a restart: drop a box of a round no longer open; take back a ballot whose
        counting a crash cut short (its `vote_cast` is the log's last event, if it got there)."""
        key = open_secret_round(journal)
        if self.box is None or self.box.key != key:
            self._store(None)
            return
        pending = self.box.pending
        if pending is not None:
            last = journal.entries[-1].event if journal.entries else None
            if isinstance(last, ev.VoteCast) and last.member == pending and last.choice is None:
                journal.delete(len(journal.entries) - 1, version=journal.version)
            self.box.pending = None
            self._store(self.box)

    def check(self, journal: Journal, state: ReplayState) -> None:
        """Refuse a correction or an undo of the log that would take back a ballot this box
        counted (leave `state`): the box cannot take one back, it does not know its choice.
        Nor may a secret vote closed with ballots open again: the box was emptied into its close."""
        vote = state.round
        if vote is not None and vote.secret and vote.cast_by and journal.state.round is None:
            _refuse_reopening(journal.state, vote.item, _key(vote.item, vote.number, vote.opened))
        box = self.counted(journal)
        if box is None or not box.voters or _closed(state, box.key):
            return
        same = vote is not None and _key(vote.item, vote.number, vote.opened) == box.key
        taken = [m for m in box.voters if not same or vote is None or m not in vote.cast_by]
        if taken:
            raise InputError(
                JSONL_FILE,
                f"the ballot box holds the ballots of {', '.join(sorted(taken))} in this secret "
                "vote: a change that takes them back is refused (reopen the vote instead)",
            )

    def cast(self, journal: Journal, member: str, choice: ev.Choice, event: ev.VoteCast) -> None:
        """Count one ballot of the open secret round: logged as taken part, counted, durable."""
        key = open_secret_round(journal)
        assert key is not None, "a ballot needs an open secret vote"
        box = self.box if self.box is not None and self.box.key == key else Box(key)
        box.pending = member
        self._store(box)
        journal.add([event])  # raises (and the mark is cleared below) if the rules refuse it
        box.totals[choice.value] += 1
        box.voters.append(member)
        box.pending = None
        self._store(box)

    def abandon(self) -> None:
        """Clear a pending mark left by a ballot the log refused."""
        if self.box is not None and self.box.pending is not None:
            self.box.pending = None
            self._store(self.box)

    def counted(self, journal: Journal) -> Box | None:
        """The box of the secret round open now, if members' devices voted in it."""
        key = open_secret_round(journal)
        return self.box if self.box is not None and self.box.key == key else None

    def ballots(self, journal: Journal, paper: ev.Ballots | None) -> ev.Ballots | None:
        """The ballots to close the open secret round with: this box's totals plus the paper
        ballots the secretary counted (of the members whose taking part they marked)."""
        box = self.counted(journal)
        if box is None:
            return paper
        extra = paper or ev.Ballots(yes=0, no=0, abstain=0)
        return ev.Ballots(
            yes=box.totals["yes"] + extra.yes,
            no=box.totals["no"] + extra.no,
            abstain=box.totals["abstain"] + extra.abstain,
        )

    def settle(self, journal: Journal) -> None:
        """Empty the box once its round is no longer open (closed, or its item taken back)."""
        if self.box is not None and self.box.key != open_secret_round(journal):
            self._store(None)

    def _store(self, box: Box | None) -> None:
        self.box = box
        if box is None:
            if self.path.exists():
                self.path.unlink()
                sync_folder(self.path.parent)
            return
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = {"key": list(box.key), "totals": box.totals, "voters": sorted(box.voters)} | {
            "pending": box.pending
        }
        write_bytes_atomic(self.path, json.dumps(data).encode())
        sync_folder(self.path.parent)


def open_secret_round(journal: Journal) -> tuple[int, int, int] | None:
    """The key (item, round, opening time) of the secret vote open now, or None."""
    vote = journal.state.round
    if vote is None or not vote.secret:
        return None
    return _key(vote.item, vote.number, vote.opened)


def _key(item: int, number: int, opened: dt.datetime) -> tuple[int, int, int]:
    return (item, number, (opened - EPOCH) // dt.timedelta(microseconds=1))


def _refuse_reopening(state: ReplayState, item: int, key: tuple[int, int, int]) -> None:
    if _closed(state, key):
        raise InputError(
            JSONL_FILE,
            f"the secret vote on item {item} was closed with its ballots counted: "
            "taking its close back is refused (reopen the vote instead)",
        )


def _closed(state: ReplayState, key: tuple[int, int, int]) -> bool:
    """Whether `state` holds the round of `key` closed (its ballots are in its close)."""
    item = state.item
    record = state.records.get(key[0])
    rounds = item.rounds if item is not None and item.number == key[0] else []
    rounds = [*rounds, *(record.rounds if record is not None else ())]
    return any(_key(r.item, r.number, r.opened) == key for r in rounds)


def _read(path: Path) -> Box | None:
    try:
        data: Any = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise InputError(str(path), f"cannot be read as the ballot box: {error}") from None
    try:
        item, number, line = (int(part) for part in data["key"])
        totals = {choice: int(data["totals"][choice]) for choice in CHOICES}
        voters = [str(member) for member in data["voters"]]
        pending = data.get("pending")
    except (KeyError, TypeError, ValueError):
        raise InputError(str(path), "is not a ballot box videoacta wrote") from None
    if sum(totals.values()) != len(voters) or min(totals.values()) < 0:
        raise InputError(str(path), "its totals do not match the number of ballots")
    return Box((item, number, line), totals, voters, None if pending is None else str(pending))
