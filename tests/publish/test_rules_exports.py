"""The exports read the rules' outcomes: a member present and not voting, a delegated vote."""

import csv
import io

from tests.builders import Log, session_data
from videoacta.core.replay import replay
from videoacta.core.results import TallyRun
from videoacta.core.session import Session
from videoacta.core.tally import tally
from videoacta.publish.opendata import votes_csv
from videoacta.publish.popolo import popolo_document


def _run() -> TallyRun:
    """m5 is away and m2 casts her vote (the Assemblée's one delegation); m4 does not vote."""
    data = session_data(members=5)
    data["rules"] = {"preset": "assemblee_nationale"}
    session = Session.model_validate(data)
    log = Log().opened(["m1", "m2", "m3", "m4"]).add("item_opened", item=1)
    log.add("vote_opened", item=1)
    for member, choice in (("m1", "yes"), ("m2", "yes"), ("m3", "no"), ("m4", "not_voting")):
        log.add("vote_cast", item=1, member=member, choice=choice)
    log.add("vote_cast", item=1, member="m2", choice="no", on_behalf_of="m5")
    log.add("vote_closed", item=1).add("item_closed", item=1).add("session_closed")
    proceedings = replay(session, log.log())
    return TallyRun(session=session, proceedings=proceedings, tally=tally(session, proceedings))


def test_popolo_counts_not_voting_and_says_who_cast_a_delegated_vote() -> None:
    (event,) = popolo_document(_run())["vote_events"]
    assert {c["option"]: c["value"] for c in event["counts"]} == {
        "yes": 2,
        "no": 2,
        "abstain": 0,
        "absent": 0,
        "not voting": 1,
    }
    votes = {v["voter_id"]: v for v in event["votes"]}
    assert (votes["m4"]["option"], votes["m4"]["role"]) == ("not voting", "present")
    assert (votes["m5"]["option"], votes["m5"]["cast_by"]) == ("no", "m2")
    assert "cast_by" not in votes["m2"]
    assert event["result"] == "fail"  # 2-2: "l'égalité des voix", not adopted (RAN 68)


def test_the_csv_has_the_not_voting_option_and_who_cast_each_delegated_vote() -> None:
    rows = list(csv.DictReader(io.StringIO(votes_csv(_run()))))
    assert [(r["member_id"], r["option"], r["cast_by"]) for r in rows] == [
        ("m1", "yes", ""),
        ("m2", "yes", ""),
        ("m3", "no", ""),
        ("m4", "not_voting", ""),
        ("m5", "no", "m2"),
    ]
