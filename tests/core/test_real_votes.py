"""Real roll-call votes, tallied with their chamber's preset to the official totals and result.

Each vote in tests/core/real/ (its README cites the source) becomes a session and a vote log:
every member in office; those absent from the vote never join; the others join and cast their
published vote. No count is adjusted: the tally must give the chamber's own figures.
"""

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.builders import Log, session_data
from videoacta.core.replay import replay
from videoacta.core.results import Result
from videoacta.core.session import Session
from videoacta.core.tally import tally

HERE = Path(__file__).resolve().parent / "real"

# The U.S. Senate's `vote_cast` values: a choice, or None for a senator absent from the vote.
SENATE_CHOICES: dict[str, str | None] = {
    "Yea": "yes",
    "Nay": "no",
    "Present": "not_voting",
    "Present, Giving Live Pair": "not_voting",
    "Not Voting": None,
}


@dataclass(frozen=True)
class RealVote:
    """A published vote: its file, the session it is read into, and the official figures."""

    file: str
    date: dt.date
    title: str
    chair: str  # the presiding officer's member id
    secretary: str
    official: dict[str, float]  # yes, no, not_voting (present), absent
    result: Result


VOTES = [
    RealVote(
        file="senate-108-2-00213.csv",
        date=dt.date(2004, 11, 17),
        title="S. 2986: A bill to amend title 31 of the United States Code to increase the "
        "public debt limit (on passage)",
        chair="S090",  # Ted Stevens, President pro tempore of the 108th Congress
        secretary="Emily J. Reynolds",  # Secretary of the Senate, 2003-2007
        official={"yes": 52, "no": 44, "not_voting": 1, "absent": 3},
        result=Result.PASSED,  # "Bill Passed (52-44)"
    ),
]


def senate_session(vote: RealVote) -> tuple[Session, Log]:
    """The session and vote log of a Senate roll call: one item, a nominal vote."""
    with (HERE / vote.file).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    data: dict[str, Any] = session_data(members=1)
    data |= {
        "id": vote.file.removesuffix(".csv"),
        "number": vote.file.removesuffix(".csv"),
        "place": "United States Senate",
        "date": vote.date,
        "chair": vote.chair,
        "body": {"name": "United States Senate", "legal_members": 100},
        "secretary": {"id": "secretary", "name": vote.secretary},
        "rules": {"preset": "us_senate"},
        "groups": [{"id": p, "name": p} for p in sorted({row["party"] for row in rows})],
        "members": [
            {
                "id": row["lis_member_id"],
                "name": f"{row['first_name']} {row['last_name']} ({row['party']}-{row['state']})",
                "group": row["party"],
            }
            for row in rows
        ],
        "items": [{"number": 1, "title": vote.title, "vote": "nominal"}],
    }
    session = Session.model_validate(data)
    choices = {row["lis_member_id"]: SENATE_CHOICES[row["vote_cast"]] for row in rows}
    log = Log(time=dt.datetime.combine(vote.date, dt.time(17, 0), tzinfo=dt.UTC))
    log.opened([member for member, choice in choices.items() if choice is not None])
    log.add("item_opened", item=1).add("vote_opened", item=1)
    for member, choice in choices.items():
        if choice is not None:
            log.add("vote_cast", item=1, member=member, choice=choice)
    log.add("vote_closed", item=1).add("item_closed", item=1).add("session_closed")
    return session, log


@pytest.mark.parametrize("vote", VOTES, ids=[v.file for v in VOTES])
def test_a_real_vote_tallies_to_the_official_count_and_result(vote: RealVote) -> None:
    session, log = senate_session(vote)
    (item,) = [i for i in tally(session, replay(session, log.log())).items if i.rounds]
    (round_,) = item.rounds
    counts = round_.counts
    assert {
        "yes": counts.yes,
        "no": counts.no,
        "not_voting": counts.not_voting,
        "absent": counts.absent,
    } == vote.official
    assert (counts.abstain, counts.recused) == (0, 0)
    assert round_.result is vote.result
    # A majority of those voting: the yeas against the yeas and nays, "present" left out.
    assert (round_.requirement.threshold, round_.requirement.basis) == (
        vote.official["no"],
        vote.official["yes"] + vote.official["no"],
    )


def test_a_quorum_call_counts_the_senators_present() -> None:
    """The quorum is checked only on a call (SR VI): more than half of the 100 in office, and
    a senator answering "present" counts towards it."""
    vote = VOTES[0]
    session, log = senate_session(vote)
    opened = next(n for n, e in enumerate(log.events) if e["type"] == "vote_opened")
    log.events.insert(opened, {**log.events[opened], "type": "quorum_requested"})
    del log.events[opened]["item"]
    log.events[opened]["member"] = vote.chair
    (item,) = [i for i in tally(session, replay(session, log.log())).items if i.rounds]
    quorum = item.rounds[0].quorum
    assert (quorum.checked, quorum.required, quorum.present, quorum.held) == (True, 51, 97, True)
