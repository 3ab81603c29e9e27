"""Present, not voting; delegated votes; membership over time — one line a case (the notation
of the cases is test_tally's: V is "present, not voting", proxy=m5>m2:yes a delegated vote)."""

import datetime as dt

import pytest

from tests.builders import Log, session_data
from tests.core.test_tally import build, cases, counts, rounds_of
from videoacta.core.replay import replay
from videoacta.core.session import Session
from videoacta.core.tally import Option, tally
from videoacta.errors import InputError

# fmt: off
# id, rounds, options, counts of the last round, the result of each round
OUTCOMES = [
    ("not-voting-own-option", "YYNV-", "", "2 1 1 0 0 1", "passed"),
    ("not-voting-not-cast", "YYNVV", "more_than_half+of+cast", "2 1 0 0 0 2", "passed"),
    ("abstaining-is-cast", "YYNAA", "more_than_half+of+cast", "2 1 2 0 0 0", "failed"),
    ("not-voting-is-present", "YYNVV", "more_than_half+of+present", "2 1 0 0 0 2", "failed"),
    ("not-voting-keeps-quorum", "YVVxxxxxx", "", "1 0 0 6 0 2", "passed"),
    ("not-voting-no-group-line", "YNVVV", "", "1 1 0 0 0 3", "tied"),
    ("chair-not-voting-event-decides", "VYN--|VYN--", "casting=yes", "1 1 2 0 0 1",
     "tied passed_by_casting_vote"),
    ("proxy-counts-for-absent", "YYNNx", "proxies=1 proxy=m5>m2:yes", "3 2 0 0 0", "passed"),
    ("proxy-two-holders", "YYNxx", "proxies=1 proxy=m4>m2:no,m5>m3:no", "2 3 0 0 0", "failed"),
    ("proxy-no-quorum", "YYxxxxxxx", "proxies=2 proxy=m3>m2:yes,m4>m2:yes", "4 0 0 5 0",
     "no_quorum"),
    ("assemblee-delegation", "YYNNx", "preset=assemblee_nationale proxy=m5>m2:yes", "3 2 0 0 0",
     "passed"),
    ("proxy-weighted", "YNNNx", "proxies=1 proxy=m5>m1:yes weights=1,1,1,1,3", "2 3 0 0 0",
     "passed"),
]
# fmt: on


@pytest.mark.parametrize(
    ("rounds", "options", "expected", "results"),
    cases([row for row in OUTCOMES if row[-1] != "tied"]),
)
def test_outcome(rounds: str, options: str, expected: str, results: str) -> None:
    got = rounds_of(rounds, options)
    assert got[-1].counts == counts(expected)
    assert [r.result.value for r in got] == results.split()


def test_not_voting_is_left_out_of_a_groups_line_and_ties_as_ever() -> None:
    session, log = build("YNVVV", "groups=3")
    with pytest.raises(InputError, match=r"tied and the vote was not repeated"):
        tally(session, replay(session, log.log()))
    got = rounds_of("YNVVV|YNVVN", "groups=3")[-1]
    assert [g.position for g in got.groups] == ["yes", "no", "absent"]
    assert sum(g.counts.not_voting for g in got.groups) == got.counts.not_voting == 2


# fmt: off
# id, rounds, options, the message after "votes.jsonl line N: "
ERRORS = [
    ("forbidden", "YYNNx", "proxy=m5>m2:yes",
     "'m2' cast a vote for 'm5' on item 1, but votes cannot be delegated "
     '(rules.proxies = "forbidden", ROF 99.5)'),
    ("more-than-max", "YYNxx", "proxies=1 proxy=m4>m2:yes,m5>m2:no",
     "'m2' cast votes for 2 members on item 1, more than rules.max_proxies (1)"),
    ("assemblee-one-only", "YYNxx", "preset=assemblee_nationale proxy=m4>m2:yes,m5>m2:no",
     "'m2' cast votes for 2 members on item 1, more than rules.max_proxies (1)"),
    ("for-a-present-member", "YYNN-", "proxies=1 proxy=m5>m2:yes",
     "'m2' cast a vote for 'm5' on item 1, who is present"),
    ("for-oneself", "YYNN-", "proxies=1 proxy=m2>m2:yes",
     "'m2' cast a vote for 'm2' on item 1, who is present"),
    ("second-holder", "YYNxx", "proxies=1 proxy=m5>m2:yes,m5>m3:no",
     "'m3' cast a vote for 'm5' on item 1, whose vote 'm2' holds"),
    ("holder-out-of-room", "YoNxx", "proxies=1 proxy=m5>m2:yes",
     "member 'm2' cast a vote but is outside the room"),
    ("holder-absent", "YxNxx", "proxies=1 proxy=m5>m2:yes",
     "member 'm2' cast a vote but is not present"),
]
# fmt: on


@pytest.mark.parametrize(("rounds", "options", "message"), cases(ERRORS))
def test_error(rounds: str, options: str, message: str) -> None:
    session, log = build(rounds, options)
    with pytest.raises(InputError) as caught:
        tally(session, replay(session, log.log()))
    assert caught.value.reason == message


def test_a_delegated_vote_says_who_cast_it() -> None:
    got = rounds_of("YYNNx", "proxies=1 proxy=m5>m2:yes")[-1]
    assert [(v.member, v.option, v.cast, v.by) for v in got.members] == [
        ("m1", Option.YES, True, None),
        ("m2", Option.YES, True, None),
        ("m3", Option.NO, True, None),
        ("m4", Option.NO, True, None),
        ("m5", Option.YES, True, "m2"),
    ]


# fmt: off
# id, the mandates of m1..m5 (from/until, `-` for none), members in office on 2026-10-29
MANDATES = [
    ("all-the-term", "-/- -/- -/- -/- -/-", "m1 m2 m3 m4 m5"),
    ("resigned-before", "-/- -/- -/- -/- -/2026-10-28", "m1 m2 m3 m4"),
    ("resigns-that-day", "-/- -/- -/- -/- -/2026-10-29", "m1 m2 m3 m4 m5"),
    ("takes-office-that-day", "-/- -/- -/- -/- 2026-10-29/-", "m1 m2 m3 m4 m5"),
    ("takes-office-after", "-/- -/- -/- 2026-11-01/- -/2026-10-28", "m1 m2 m3"),
    ("replaced-mid-term", "-/- -/- -/- -/2026-06-30 2026-07-01/-", "m1 m2 m3 m5"),
]
# fmt: on


def _mandated(mandates: str) -> Session:
    data = session_data(members=5)
    data["body"]["legal_members"] = 5
    for member, mandate in zip(data["members"], mandates.split(), strict=True):
        start, until = mandate.split("/")
        if start != "-":
            member["from"] = dt.date.fromisoformat(start)
        if until != "-":
            member["until"] = dt.date.fromisoformat(until)
    return Session.model_validate(data)


@pytest.mark.parametrize(("mandates", "expected"), cases(MANDATES))
def test_members_in_office(mandates: str, expected: str) -> None:
    session = _mandated(mandates)
    assert [m.id for m in session.members] == expected.split()
    assert sorted(m.id for m in session.members + session.out_of_office) == [
        f"m{n}" for n in range(1, 6)
    ]
    ids = [m.id for m in session.members]
    log = Log().opened(ids).add("item_opened", item=1)
    log.vote(1, dict.fromkeys(ids, "yes")).add("item_closed", item=1).add("session_closed")
    (result,) = tally(session, replay(session, log.log())).items[0].rounds
    assert result.counts.total == len(ids)
    assert result.requirement.reached


def test_a_member_out_of_office_cannot_vote() -> None:
    session = _mandated("-/- -/- -/- -/- -/2026-10-28")
    log = Log().opened(["m1", "m2", "m3", "m4"]).add("item_opened", item=1)
    log.add("vote_opened", item=1).add("vote_cast", item=1, member="m5", choice="yes")
    with pytest.raises(InputError) as caught:
        replay(session, log.log())
    assert caught.value.reason == "member 'm5' is not in office on 2026-10-29"


def test_a_seat_left_empty_lowers_a_majority_of_the_members_in_office() -> None:
    full, short = _mandated("-/- -/- -/- -/- -/-"), _mandated("-/- -/- -/- -/- -/2026-10-28")
    for session, reached in ((full, False), (short, True)):
        log = Log().opened(["m1", "m2", "m3", "m4"]).add("item_opened", item=1)
        votes = {"m1": "yes", "m2": "yes", "m3": "yes", "m4": "no"}
        log.vote(1, votes).add("item_closed", item=1).add("session_closed")
        data = session.model_dump(by_alias=True)
        data["items"][0]["majority"] = "at_least 3/4 of in_office"
        session = Session.model_validate(data)
        (result,) = tally(session, replay(session, log.log())).items[0].rounds
        assert result.requirement.reached is reached


def _proxy_then_joins(own: str | None) -> Log:
    """m2 casts yes for m5 (absent); m5 joins while the vote is open, and casts `own`."""
    log = Log().opened(["m1", "m2", "m3", "m4"]).add("item_opened", item=1)
    log.add("vote_opened", item=1)
    log.add("vote_cast", item=1, member="m2", choice="yes", on_behalf_of="m5")
    log.add("member_joined", member="m5")
    if own is not None:
        log.add("vote_cast", item=1, member="m5", choice=own)
    log.add("vote_closed", item=1)
    return log.add("item_closed", item=1).add("session_closed")


def test_a_delegated_vote_lapses_when_the_member_is_present_at_the_close() -> None:
    session = Session.model_validate(session_data(members=5, rules={"proxies": "allowed"}))
    with pytest.raises(InputError) as caught:
        replay(session, _proxy_then_joins(None).log())
    assert caught.value.reason == (
        "the vote 'm2' cast for 'm5' on item 1 stands for a member present at the close: "
        "the member must cast their own vote"
    )
    (result,) = tally(session, replay(session, _proxy_then_joins("no").log())).items[0].rounds
    m5 = next(v for v in result.members if v.member == "m5")
    assert (m5.option, m5.by) == (Option.NO, None)


def test_the_legal_weight_counts_the_seats_of_members_out_of_office() -> None:
    data = session_data(members=3)
    for member, weight in zip(data["members"], [1, 2, 3], strict=True):
        member["weight"] = weight
    data["members"][2]["until"] = dt.date(2026, 9, 30)
    assert Session.model_validate(data).legal_weight == 6
