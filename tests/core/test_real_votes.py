"""Real roll-call votes, tallied with their chamber's preset to the official totals and result.

Each vote in tests/core/real/ (its README cites the source) becomes a session and a vote log:
every member in office; those absent from the vote never join; the others join and cast their
published vote. No count is adjusted: the tally must give the chamber's own figures.
"""

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.builders import Log, session_data
from videoacta.core.replay import replay
from videoacta.core.results import Result, RoundResult
from videoacta.core.session import Session
from videoacta.core.tally import tally

HERE = Path(__file__).resolve().parent / "real"

# Each chamber's published value of a member's vote: a choice, or None for a member absent
# from the vote. The Senate's `vote_cast`; the House Clerk's `<vote>`.
SENATE_CHOICES: dict[str, str | None] = {
    "Yea": "yes",
    "Nay": "no",
    "Present": "not_voting",
    "Present, Giving Live Pair": "not_voting",
    "Not Voting": None,
}
HOUSE_CHOICES: dict[str, str | None] = {
    "Yea": "yes",
    "Aye": "yes",
    "Nay": "no",
    "No": "no",
    "Present": "not_voting",
    "Not Voting": None,
}


@dataclass(frozen=True)
class Chamber:
    """How a chamber's CSV reads: its preset, seats, and the columns of a member's row."""

    body: str
    preset: str
    legal_members: int
    member_id: str  # the column of the member's id
    vote: str  # the column of the published vote
    choices: dict[str, str | None]
    name: str  # a member's name, from the row's columns


SENATE = Chamber("United States Senate", "us_senate", 100, "lis_member_id", "vote_cast",
                 SENATE_CHOICES, "{first_name} {last_name} ({party}-{state})")  # fmt: skip
HOUSE = Chamber("United States House of Representatives", "us_house", 435, "name_id", "vote",
                HOUSE_CHOICES, "{legislator} ({party}-{state})")  # fmt: skip


@dataclass(frozen=True)
class RealVote:
    """A published vote: its file, the session it is read into, and the official figures."""

    file: str
    chamber: Chamber
    date: dt.date
    title: str
    chair: str  # the presiding member's id
    secretary: str
    official: dict[str, float]  # yes, no, not_voting (present), absent (not voting)
    result: Result
    item: dict[str, Any] = field(default_factory=dict)  # the item's own rules (a majority)


VOTES = [
    RealVote(
        file="senate-108-2-00213.csv",
        chamber=SENATE,
        date=dt.date(2004, 11, 17),
        title="S. 2986: A bill to amend title 31 of the United States Code to increase the "
        "public debt limit (on passage)",
        chair="S090",  # Ted Stevens, President pro tempore of the 108th Congress
        secretary="Emily J. Reynolds",  # Secretary of the Senate, 2003-2007
        official={"yes": 52, "no": 44, "not_voting": 1, "absent": 3},
        result=Result.PASSED,  # "Bill Passed (52-44)"
    ),
    RealVote(
        file="house-119-1-240.csv",
        chamber=HOUSE,
        date=dt.date(2025, 9, 8),
        title="H.R. 3424: SPACE Act (on motion to suspend the rules and pass)",
        # The Clerk's XML does not name who presided (the Speaker, not listed, or a Speaker
        # pro tempore); the session needs a presiding member, so the first member listed
        # stands in. The presiding member votes as any other (HR I cl. 7): no count moves.
        chair="A000370",
        secretary="Clerk of the House",  # the XML names no officer
        official={"yes": 397, "no": 1, "not_voting": 0, "absent": 32},
        result=Result.PASSED,  # <vote-result>Passed</vote-result>, "2/3 YEA-AND-NAY"
        item={"majority": "at_least 2/3 of present_voting"},  # HR XV cl. 1(a)
    ),
]


def real_session(vote: RealVote) -> tuple[Session, Log]:
    """The session and vote log of a roll call: one item, a nominal vote."""
    chamber = vote.chamber
    with (HERE / vote.file).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    data: dict[str, Any] = session_data(members=1)
    data |= {
        "id": vote.file.removesuffix(".csv"),
        "number": vote.file.removesuffix(".csv"),
        "place": chamber.body,
        "date": vote.date,
        "chair": vote.chair,
        "body": {"name": chamber.body, "legal_members": chamber.legal_members},
        "secretary": {"id": "secretary", "name": vote.secretary},
        "rules": {"preset": chamber.preset},
        "groups": [{"id": p, "name": p} for p in sorted({row["party"] for row in rows})],
        "members": [
            {
                "id": row[chamber.member_id],
                "name": chamber.name.format(**row),
                "group": row["party"],
            }
            for row in rows
        ],
        "items": [{"number": 1, "title": vote.title, "vote": "nominal"} | vote.item],
    }
    session = Session.model_validate(data)
    choices = {row[chamber.member_id]: chamber.choices[row[chamber.vote]] for row in rows}
    log = Log(time=dt.datetime.combine(vote.date, dt.time(17, 0), tzinfo=dt.UTC))
    log.opened([member for member, choice in choices.items() if choice is not None])
    log.add("item_opened", item=1).add("vote_opened", item=1)
    for member, choice in choices.items():
        if choice is not None:
            log.add("vote_cast", item=1, member=member, choice=choice)
    log.add("vote_closed", item=1).add("item_closed", item=1).add("session_closed")
    return session, log


def the_round(session: Session, log: Log) -> RoundResult:
    (item,) = [i for i in tally(session, replay(session, log.log())).items if i.rounds]
    (round_,) = item.rounds
    return round_


@pytest.mark.parametrize("vote", VOTES, ids=[v.file for v in VOTES])
def test_a_real_vote_tallies_to_the_official_count_and_result(vote: RealVote) -> None:
    round_ = the_round(*real_session(vote))
    counts = round_.counts
    assert {
        "yes": counts.yes,
        "no": counts.no,
        "not_voting": counts.not_voting,
        "absent": counts.absent,
    } == vote.official
    assert (counts.abstain, counts.recused) == (0, 0)
    assert round_.result is vote.result


def test_the_senate_majority_is_of_those_voting() -> None:
    """The yeas against the yeas and nays, "present" left out: more than half of 96."""
    requirement = the_round(*real_session(VOTES[0])).requirement
    assert (requirement.threshold, requirement.basis) == (44, 96)


def test_a_suspension_needs_two_thirds_of_those_voting() -> None:
    """HR XV cl. 1: two thirds of the 398 voting (397 yeas, 1 nay), the 32 not voting left
    out: at least 265.33 yeas."""
    requirement = the_round(*real_session(VOTES[1])).requirement
    assert requirement.majority == "at_least 2/3 of present_voting"
    assert (requirement.basis, requirement.reached) == (398, True)
    assert requirement.threshold == pytest.approx(398 * 2 / 3)


def quorum_called(vote: RealVote) -> tuple[bool, int, int, bool]:
    """The vote's quorum after a quorum call (a point of no quorum) just before it."""
    session, log = real_session(vote)
    opened = next(n for n, e in enumerate(log.events) if e["type"] == "vote_opened")
    log.events.insert(opened, {**log.events[opened], "type": "quorum_requested"})
    del log.events[opened]["item"]
    log.events[opened]["member"] = vote.chair
    quorum = the_round(session, log).quorum
    return (quorum.checked, quorum.required, quorum.present, quorum.held)


def test_a_quorum_call_counts_the_senators_present() -> None:
    """The quorum is checked only on a call (SR VI): more than half of the 100 in office, and
    a senator answering "present" counts towards it."""
    assert quorum_called(VOTES[0]) == (True, 51, 97, True)


def test_a_point_of_no_quorum_counts_the_representatives_present() -> None:
    """US Const. I 5: more than half of the 430 listed in office (216); the 398 who voted."""
    assert quorum_called(VOTES[1]) == (True, 216, 398, True)
