"""The tally engine, one line a case: counts, quorum, majorities, ties, attendance, weights.

A case's rounds are a string, one letter a member (m1, the chair, first), rounds split by `|`:

    Y yes   N no   A abstain   V present, not voting   B a secret ballot   - casts nothing
    o present but outside the room   x absent   r recused from the item

and its options a string of words, e.g. `two_thirds legal=21`: the item's majority (absolute,
two_thirds, 3/5), legal=N, groups=3, weights=2,1,1, legal_weight=20, out=absent (the rule for
members outside the room), casting=yes (the chair's casting_vote event after the last round),
changes=m4:yes,m2:no (casts after the last round's), reopen=reason (each round after the first is
reopened, `_` for spaces), ballots=yes,no,blank (of a secret vote); and `[rules]`: preset=NAME,
rules_majority=TEXT (`+` for spaces, as in an item's majority), ties=fails or
ties=repeat:3:fails, quorum=none or quorum=FRACTION:OF:CHECKED:MINIMUM, proxies=N (allowed, at
most N a holder); proxy=m5>m2:yes (m2 casts yes for m5 in each round; several joined by `,`).
Counts read "yes no abstain absent recused not_voting"; missing trailing numbers are 0.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.builders import Log, session_data
from videoacta.core.events import Choice
from videoacta.core.proceedings import Cast, RoundReason
from videoacta.core.replay import replay
from videoacta.core.session import Session
from videoacta.core.tally import (
    Counts,
    Option,
    QuorumCheck,
    Requirement,
    Result,
    RoundResult,
    count_round,
    tally,
)
from videoacta.errors import InputError

PROPOSAL, ELECTION = 1, 2
CHOICES = {"Y": "yes", "N": "no", "A": "abstain", "V": "not_voting"}


def _numbers(kind: Callable[[str], Any]) -> Callable[[str], tuple[Any, ...]]:
    return lambda text: tuple(kind(n) for n in text.split(","))


OPTIONS: dict[str, Callable[[str], Any]] = {
    "majority": lambda text: text.replace("+", " "),
    "legal": int,
    "groups": int,
    "weights": _numbers(float),
    "legal_weight": float,
    "out": str,
    "casting": str,
    "changes": lambda text: tuple(tuple(c.split(":")) for c in text.split(",")),
    "reopen": lambda text: text.replace("_", " "),
    "ballots": _numbers(int),
    "preset": str,
    "rules_majority": lambda text: text.replace("+", " "),
    "ties": str,
    "quorum": str,
    "proxies": int,
    "proxy": lambda text: tuple(
        (p.split(">")[0], *p.split(">")[1].split(":")) for p in text.split(",")
    ),
}


@dataclass(frozen=True)
class Case:
    """What a case sets besides its rounds."""

    majority: str | None = None
    legal: int | None = None
    groups: int = 2
    weights: tuple[float, ...] = ()
    legal_weight: float | None = None
    out: str | None = None
    casting: str | None = None
    changes: tuple[tuple[str, str], ...] = ()
    reopen: str | None = None
    ballots: tuple[int, int, int] | None = None
    preset: str | None = None
    rules_majority: str | None = None
    ties: str | None = None
    quorum: str | None = None
    proxies: int | None = None
    proxy: tuple[tuple[str, str, str], ...] = ()

    @classmethod
    def parse(cls, text: str) -> "Case":
        words = [word.split("=", 1) if "=" in word else ["majority", word] for word in text.split()]
        return cls(**{key: OPTIONS[key](value) for key, value in words})


def build(rounds_text: str, options: str = "") -> tuple[Session, Log]:
    """The session and the vote log a case describes."""
    rounds = rounds_text.split("|")
    case = Case.parse(options)
    item = ELECTION if "B" in rounds[0] else PROPOSAL
    session = _session(case, len(rounds[0]), item)
    ids = [m.id for m in session.members]
    log = _attendance(ids, rounds[0], item)
    for number, codes in enumerate(rounds, start=1):
        if number > 1 and case.reopen is not None:
            log.add("vote_reopened", item=item, reason=case.reopen)
        log.add("vote_opened", item=item)
        for member, code in zip(ids, codes, strict=True):
            if code in CHOICES:
                log.add("vote_cast", item=item, member=member, choice=CHOICES[code])
            elif code == "B":
                log.add("vote_cast", item=item, member=member)
        for principal, holder, choice in case.proxy:
            log.add("vote_cast", item=item, member=holder, choice=choice, on_behalf_of=principal)
        if number == len(rounds):
            for member, choice in case.changes:
                log.add("vote_cast", item=item, member=member, choice=choice)
        log.add("vote_closed", item=item, **_closing(case))
    if case.casting is not None:
        log.add("casting_vote", item=item, choice=case.casting)
    return session, log.add("item_closed", item=item).add("session_closed")


def _session(case: Case, size: int, item: int) -> Session:
    data = session_data(members=size, groups=case.groups)
    data["body"] = {"name": "Ple de Prova", "legal_members": case.legal or size}
    if case.legal_weight is not None:
        data["body"]["legal_weight"] = case.legal_weight
    for member, weight in zip(data["members"], case.weights, strict=False):
        member["weight"] = weight
    if case.majority is not None:
        data["items"][item - 1]["majority"] = case.majority
    if case.out is not None:
        data["rules"] = {"out_of_room": case.out}
    data["rules"] = {**data.get("rules", {}), **_rules(case)}
    return Session.model_validate(data)


def _rules(case: Case) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    if case.preset is not None:
        rules["preset"] = case.preset
    if case.rules_majority is not None:
        rules["majority"] = case.rules_majority
    if case.ties is not None:
        rule, *rest = case.ties.split(":")
        rules["ties"] = (
            rule if not rest else {"rule": rule, "rounds": int(rest[0]), "then": rest[1]}
        )
    if case.quorum == "none":
        rules["quorum"] = "none"
    elif case.quorum is not None:
        fraction, of, checked, minimum = case.quorum.split(":")
        rules["quorum"] = {
            "fraction": fraction,
            "of": of,
            "checked": checked,
            "minimum": int(minimum),
        }
    if case.proxies is not None:
        rules |= {"proxies": "allowed", "max_proxies": case.proxies}
    return rules


def _attendance(ids: list[str], codes: str, item: int) -> Log:
    """Everyone not absent joins; the item opens; recusals, and members stepping out."""
    log = Log().opened([m for m, code in zip(ids, codes, strict=True) if code != "x"])
    log.add("item_opened", item=item)
    for member, code in zip(ids, codes, strict=True):
        if code == "r":
            log.add("recusal", item=item, member=member, reason="interès personal (LBRL 76)")
        if code == "o":
            log.add("member_stepped_out", member=member)
    return log


def _closing(case: Case) -> dict[str, Any]:
    if case.ballots is None:
        return {}
    return {"ballots": dict(zip(("yes", "no", "abstain"), case.ballots, strict=True))}


def rounds_of(rounds: str, options: str = "") -> tuple[RoundResult, ...]:
    session, log = build(rounds, options)
    result = tally(session, replay(session, log.log()))
    return next(item.rounds for item in result.items if item.rounds)


def counts(text: str) -> Counts:
    numbers = [float(n) for n in text.split()]
    yes, no, abstain, absent, recused, not_voting = numbers + [0.0] * (6 - len(numbers))
    return Counts(
        yes=yes, no=no, abstain=abstain, absent=absent, recused=recused, not_voting=not_voting
    )


def cases(table: list[tuple[Any, ...]]) -> list[Any]:
    return [pytest.param(*row[1:], id=row[0]) for row in table]


# fmt: off
# id, rounds, options, counts of the last round, the result of each round
OUTCOMES = [
    ("simple-passed", "YYYNN", "", "3 2 0 0 0", "passed"),
    ("simple-failed", "YNNA-", "", "1 2 2 0 0", "failed"),
    ("abstentions-do-not-count", "YAAAA", "", "1 0 4 0 0", "passed"),
    ("all-abstain-0-0-fails-not-ties", "AAAAA", "", "0 0 5 0 0", "failed"),
    ("nobody-casts-fails", "-----", "", "0 0 5 0 0", "failed"),
    ("tie-repeated-then-decided", "YYNN-|YYYN-", "", "3 1 1 0 0", "tied passed"),
    ("tie-twice-chair-yes", "YYNN-|YYNN-", "", "2 2 1 0 0", "tied passed_by_casting_vote"),
    ("tie-twice-chair-no", "NNYY-|NNYY-", "", "2 2 1 0 0", "tied failed_by_casting_vote"),
    ("casting-event-yes", "AYN--|AYN--", "casting=yes", "1 1 3 0 0", "tied passed_by_casting_vote"),
    ("casting-event-no", "AYN--|AYN--", "casting=no", "1 1 3 0 0", "tied failed_by_casting_vote"),
    ("absolute-reached", "YYYNN", "absolute", "3 2 0 0 0", "passed"),
    ("absolute-simple-not-half", "YYNAA", "absolute", "2 1 2 0 0", "failed"),
    ("absolute-4-of-5-short-of-9", "YYYYN", "absolute legal=9", "4 1 0 0 0", "failed"),
    ("absolute-5-of-5-half-of-9", "YYYYY", "absolute legal=9", "5 0 0 0 0", "passed"),
    ("absolute-tie-fails-not-ties", "YYNN", "absolute", "2 2 0 0 0", "failed"),
    ("two-thirds-exactly", "YYYYYYNNN", "two_thirds", "6 3 0 0 0", "passed"),
    ("two-thirds-one-short", "YYYYYNNNN", "two_thirds", "5 4 0 0 0", "failed"),
    ("2/3-of-18-in-office", "YYYYYYYYYYYYNNNNNN", "two_thirds legal=21", "12 6 0 0 0", "passed"),
    ("11-short-of-2/3-of-18", "YYYYYYYYYYYNNNNNNN", "two_thirds legal=21", "11 7 0 0 0", "failed"),
    ("2/3-of-12-not-half-of-21", "YYYYYYYYYYNN", "two_thirds legal=21", "10 2 0 0 0", "failed"),
    ("2/3-of-12-and-half-of-21", "YYYYYYYYYYYN", "two_thirds legal=21", "11 1 0 0 0", "passed"),
    ("three-fifths-reached", "YYYYYYNNNN", "3/5", "6 4 0 0 0", "passed"),
    ("three-fifths-of-legal-11", "YYYYYYN", "3/5 legal=11", "6 1 0 0 0", "failed"),
    ("three-fifths-5-5-fails-not-ties", "YYYYYNNNNN", "3/5", "5 5 0 0 0", "failed"),
    ("quorum-lost", "YYxxxxxxx", "", "2 0 0 7 0", "no_quorum"),
    ("quorum-exactly-a-third", "YYNxxxxxx", "", "2 1 0 6 0", "passed"),
    ("quorum-minimum-three", "YYxx", "", "2 0 0 2 0", "no_quorum"),
    ("chair-absent", "xYYYN", "", "3 1 0 1 0", "no_quorum"),
    ("out-of-room-abstains", "YYNo-", "", "2 1 2 0 0", "passed"),
    ("out-of-room-absent-by-rule", "YYNo-", "out=absent", "2 1 1 1 0", "passed"),
    ("out-of-room-keeps-quorum", "YYoxxxxxx", "out=absent", "2 0 0 7 0", "passed"),
    ("recused", "YYNr-", "", "2 1 1 0 1", "passed"),
    ("recused-and-absent-member", "YNNrx", "", "1 2 0 1 1", "failed"),
    ("present-not-casting-abstains", "Y----", "", "1 0 4 0 0", "passed"),
    ("changed-vote-breaks-tie", "YYNN-", "changes=m4:yes", "3 1 1 0 0", "passed"),
    ("changed-twice-last-counts", "YYNN-", "changes=m3:yes,m3:abstain", "2 1 2 0 0", "passed"),
    ("reopened-reverses", "YYYNN|YNNNN", "reopen=system_error", "1 4 0 0 0", "passed failed"),
    ("secret-ballots", "BBBB-", "ballots=2,1,1", "2 1 2 0 0", "passed"),
    ("secret-absent-and-out", "BBBox", "ballots=1,1,1", "1 1 2 1 0", "tied"),
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


@pytest.mark.parametrize(
    ("rounds", "options", "expected", "results"),
    cases([row for row in OUTCOMES if row[-1] == "tied"]),
)
def test_outcome_of_a_round_left_tied(
    rounds: str, options: str, expected: str, results: str
) -> None:
    """A tie that is not repeated is refused; the round itself counts as tied."""
    session, log = build(rounds, options)
    proceedings = replay(session, log.log())
    vote = next(r for item in proceedings.items for r in item.rounds)
    spec = session.item(vote.item)
    assert spec is not None
    got = count_round(session, spec, vote, None, False, "votes.jsonl")
    assert (got.counts, got.result.value) == (counts(expected), results)
    with pytest.raises(InputError, match=r"tied and the vote was not repeated \(ROF 100.2\)$"):
        tally(session, proceedings)


# fmt: off
# id, rounds, options, the requirement of the last round: majority, threshold, basis, reached
REQUIREMENTS = [
    ("simple", "YYYNA", "", "simple 1 4 True"),
    ("absolute-of-9", "YYYYN", "absolute legal=9", "absolute 4.5 9 False"),
    ("2/3-of-18-in-office", "YYYYYYYYYYYYNNNNNN", "two_thirds legal=21", "two_thirds 12 21 True"),
    ("half-of-21-binds-2/3", "YYYYYYYYYYYN", "two_thirds legal=21", "two_thirds 10.5 21 True"),
    ("three-fifths-of-11", "YYYYYYN", "3/5 legal=11", "3/5 6.6 11 False"),
    ("weighted-absolute", "YNNNN", "absolute weights=4,1,1,1,1", "absolute 4 8 False"),
    ("legal-weight", "YYYYY", "absolute weights=2,2,2,2,2 legal_weight=20", "absolute 10 20 False"),
    ("secret-by-heads", "BBBBB", "absolute weights=3,1,1,1,1 ballots=3,2,0", "absolute 2.5 5 True"),
]
# fmt: on


@pytest.mark.parametrize(("rounds", "options", "expected"), cases(REQUIREMENTS))
def test_requirement(rounds: str, options: str, expected: str) -> None:
    majority, threshold, basis, reached = expected.split()
    assert rounds_of(rounds, options)[-1].requirement == Requirement(
        majority=majority, threshold=float(threshold), basis=float(basis), reached=reached == "True"
    )


# fmt: off
# id, rounds, options, quorum at the last round: required, present, chair present
QUORUMS = [
    ("all-present", "YYYNN", "", (3, 5, True)),
    ("a-third-of-nine", "YYNxxxxxx", "", (3, 3, True)),
    ("too-few", "YYxxxxxxx", "", (3, 2, True)),
    ("a-third-of-21-rounds-up", "YYYYYYYxxxxxxxxxxxxxx", "", (7, 7, True)),
    ("a-third-of-22-rounds-up", "YYYYYYYYxxxxxxxxxxxxxx", "", (8, 8, True)),
    ("out-of-room-is-present", "YYo-xxxxx", "", (3, 4, True)),
    ("chair-absent", "xYYYN", "", (3, 4, False)),
    ("chair-out-of-room-is-present", "oYYYN", "", (3, 5, True)),
]
# fmt: on


@pytest.mark.parametrize(("rounds", "options", "expected"), cases(QUORUMS))
def test_quorum(rounds: str, options: str, expected: tuple[int, int, bool]) -> None:
    required, present, chair = expected
    assert rounds_of(rounds, options)[-1].quorum == QuorumCheck(
        required=required, present=present, chair_present=chair, secretary_present=True
    )


# fmt: off
# id, rounds, options, counts of the last round by head and by weight, the result
WEIGHTED = [
    ("weights-overturn-heads", "YYYNN", "weights=1,1,1,3,3", "3 2 0 0 0", "3 6 0 0 0", "failed"),
    ("weights-carry-a-minority", "YNNNA", "weights=5,1,1,1,1", "1 3 1 0 0", "5 3 1 0 0", "passed"),
    ("absolute-short", "YNNNN", "absolute weights=4,1,1,1,1", "1 4 0 0 0", "4 4 0 0 0", "failed"),
    ("absolute-reached", "YYNNN", "absolute weights=4,1,1,1,1", "2 3 0 0 0", "5 3 0 0 0", "passed"),
    ("absent-recused", "YNxr-", "weights=2,0.5,3,1.5,1", "1 1 1 1 1", "2 0.5 1 3 1.5", "passed"),
]
# fmt: on


@pytest.mark.parametrize(("rounds", "options", "heads", "weighted", "results"), cases(WEIGHTED))
def test_weighted(rounds: str, options: str, heads: str, weighted: str, results: str) -> None:
    got = rounds_of(rounds, options)
    assert (got[-1].counts, got[-1].weighted) == (counts(heads), counts(weighted))
    assert [r.result.value for r in got] == results.split()


def test_a_tie_by_weight_goes_to_the_casting_vote() -> None:
    first, second = rounds_of("YNY--|YNY--", "weights=1,2,1,1,1 casting=no")
    assert (second.counts, second.weighted) == (counts("2 1 2"), counts("2 2 2"))
    assert (first.result, second.result) == (Result.TIED, Result.FAILED_BY_CASTING_VOTE)


def test_unweighted_body_has_no_weighted_counts() -> None:
    assert rounds_of("YYYNN", "weights=1,1,1,1,1")[-1].weighted is None


# fmt: off
# id, rounds, options, each member's option and in_majority (T, F, - for none) in the last round
MEMBERS = [
    ("passed", "YYNA-", "", "yes:T yes:T no:F abstain:- abstain:-"),
    ("failed", "YNNA-", "", "yes:F no:T no:T abstain:- abstain:-"),
    ("absolute-failed", "YYNAA", "absolute", "yes:F yes:F no:T abstain:- abstain:-"),
    ("casting-vote-yes", "YYNN-|YYNN-", "", "yes:T yes:T no:F no:F abstain:-"),
    ("casting-event-no", "AYN--|AYN--", "casting=no", "abstain:- yes:F no:T abstain:- abstain:-"),
    ("no-quorum", "YYxxxxxxx", "", "yes:- yes:- " + "absent:- " * 7),
    ("absent-out-recused", "YYNxor", "", "yes:T yes:T no:F absent:- abstain:- recused:-"),
    ("out-of-room-absent", "YYNxor", "out=absent", "yes:T yes:T no:F absent:- absent:- recused:-"),
]
# fmt: on
IN_MAJORITY = {"T": True, "F": False, "-": None}


@pytest.mark.parametrize(("rounds", "options", "expected"), cases(MEMBERS))
def test_members(rounds: str, options: str, expected: str) -> None:
    got = rounds_of(rounds, options)[-1].members
    wanted = [word.split(":") for word in expected.split()]
    assert [(v.member, v.option, v.in_majority) for v in got] == [
        (f"m{n}", Option(option), IN_MAJORITY[flag])
        for n, (option, flag) in enumerate(wanted, start=1)
    ]


def test_member_votes_keep_group_weight_and_whether_cast() -> None:
    got = rounds_of("YN-x", "weights=2,1,1,3")[-1].members
    assert [(v.group, v.weight, v.cast) for v in got] == [
        ("A", 2, True),
        ("B", 1, True),
        ("A", 1, False),
        ("B", 3, False),
    ]


# fmt: off
# id, rounds, options, counts of groups A (m1 m4), B (m2 m5), C (m3 m6), their positions
GROUPS = [
    ("unanimous-divided-and-no", "YYNYNx", "", "2|1 1|0 1 0 1", "yes divided no"),
    ("abstaining-and-absent", "YAxYAx", "", "2|0 0 2|0 0 0 2", "yes abstain absent"),
    ("recused-and-out-of-room", "YroY-o", "", "2|0 0 1 0 1|0 0 2", "yes abstain abstain"),
    ("weighted-body", "YYNNNN", "weights=5,1,1,1,1,1", "1 1|1 1|0 2", "divided divided no"),
]
# fmt: on


@pytest.mark.parametrize(("rounds", "options", "expected", "positions"), cases(GROUPS))
def test_groups(rounds: str, options: str, expected: str, positions: str) -> None:
    got = rounds_of(rounds, f"groups=3 {options}")[-1].groups
    assert [g.group for g in got] == ["A", "B", "C"]
    assert [g.counts for g in got] == [counts(c) for c in expected.split("|")]
    assert [g.position for g in got] == positions.split()


def test_secret_vote_shows_participants_and_totals_only() -> None:
    (result,) = rounds_of("BBBo-x", "ballots=2,1,0 groups=3")
    assert result.counts == counts("2 1 2 1 0")
    assert result.participants == ("m1", "m2", "m3")
    assert (result.members, result.groups, result.changes) == ((), (), ())


def test_secret_tie_repeated_then_casting_vote() -> None:
    got = rounds_of("BBBB-|BBBB-", "ballots=2,2,0 casting=no")
    assert [r.result for r in got] == [Result.TIED, Result.FAILED_BY_CASTING_VOTE]
    assert got[-1].casting_vote is Choice.NO
    assert [r.members for r in got] == [(), ()]


def test_changed_vote_keeps_the_trail() -> None:
    session, log = build("YYNN-", "changes=m4:yes,m2:no,m2:yes")
    (result,) = tally(session, replay(session, log.log())).items[0].rounds
    # Lines: 5 joins, opening, item, vote opened, 4 casts (9-12), then the changes 13-15.
    assert [(c.member, c.choice, c.line) for c in result.changes] == [
        ("m4", Choice.YES, 13),
        ("m2", Choice.NO, 14),
        ("m2", Choice.YES, 15),
    ]
    assert result.changes[0] == Cast(
        member="m4", choice=Choice.YES, time=log.events[12]["time"], line=13
    )
    assert (result.counts, result.result) == (counts("3 1 1 0 0"), Result.PASSED)


def test_reopened_vote_keeps_the_earlier_round() -> None:
    first, second = rounds_of("YYYNN|YNNNN", "reopen=error_del_sistema_de_votació")
    assert (first.number, first.reason, first.reopen_reason, first.superseded) == (
        1,
        RoundReason.INITIAL,
        None,
        True,
    )
    assert (second.number, second.reason, second.reopen_reason, second.superseded) == (
        2,
        RoundReason.REOPENED,
        "error del sistema de votació",
        False,
    )
    assert (first.result, second.result) == (Result.PASSED, Result.FAILED)
    assert first.counts == counts("3 2 0 0 0")


def test_repeated_round_after_a_tie() -> None:
    first, second = rounds_of("YYNN-|YYNN-")
    assert (first.reason, first.superseded, first.casting_vote) == (
        RoundReason.INITIAL,
        True,
        None,
    )
    assert (second.reason, second.superseded, second.casting_vote) == (
        RoundReason.REPEAT,
        False,
        Choice.YES,
    )


def test_item_result_is_its_last_round() -> None:
    session, log = build("YYNN-|NNYY-")
    item = tally(session, replay(session, log.log())).items[0]
    assert item.result is Result.FAILED_BY_CASTING_VOTE
    assert [r.number for r in item.rounds] == [1, 2]


REPEAT_AFTER_DECIDED = (
    "the vote on item 1 opened again after a decided vote; use vote_reopened with a reason"
)
NO_CASTING_VOTE = "is still tied after the repeated vote and there is no casting_vote by the chair"
NOT_TIED = "casting_vote on item 1, whose vote is not tied"

# fmt: off
# id, rounds, options, the line at fault, the message after "votes.jsonl line N: "
ERRORS = [
    ("repeat-without-tie", "YYYN-|YYYN-", "", 14, REPEAT_AFTER_DECIDED),
    ("tie-not-repeated", "YYNN-", "", 13, "item 1 tied and the vote was not repeated (ROF 100.2)"),
    ("repeated-tie-no-casting-vote", "AYN--|AYN--", "", 17, f"item 1 {NO_CASTING_VOTE}"),
    ("secret-tie-no-casting-vote", "BB--|BB--", "ballots=1,1,0", 14, f"item 2 {NO_CASTING_VOTE}"),
    ("casting-vote-on-untied-round", "YYNN-|YYYN-", "casting=yes", 20, NOT_TIED),
]
# fmt: on


@pytest.mark.parametrize(("rounds", "options", "line", "message"), cases(ERRORS))
def test_tally_error(rounds: str, options: str, line: int, message: str) -> None:
    session, log = build(rounds, options)
    proceedings = replay(session, log.log())
    with pytest.raises(InputError) as caught:
        tally(session, proceedings)
    assert str(caught.value) == f"votes.jsonl line {line}: {message}"
    assert (caught.value.source, caught.value.line, caught.value.reason) == (
        "votes.jsonl",
        line,
        message,
    )
