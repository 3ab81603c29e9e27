"""The rules of procedure as data, one line a case: majorities as base and threshold, ties,
quorum, and each preset (the notation of the cases is test_tally's)."""

from typing import Any

import pytest

from tests.builders import session_data
from tests.core.test_tally import build, cases, rounds_of
from videoacta.core.presets import PRESETS
from videoacta.core.replay import replay
from videoacta.core.session import Session
from videoacta.core.tally import Requirement, tally
from videoacta.errors import InputError

# fmt: off
# id, rounds, options, the result of each round
OUTCOMES = [
    # Majorities: a base and a threshold.
    ("cast-counts-abstentions", "YYNAA", "more_than_half+of+cast", "failed"),
    ("cast-is-not-present", "YYYA-", "more_than_half+of+cast", "passed"),
    ("cast-silent-member-not-cast", "YYNA-", "more_than_half+of+cast", "failed"),
    ("present-base", "YYN--", "more_than_half+of+present", "failed"),
    ("present-base-reached", "YYY--", "more_than_half+of+present", "passed"),
    ("in-office-3/5", "YYYNN", "3/5+of+in_office legal=9", "passed"),
    ("legal-3/5-same-votes", "YYYNN", "3/5 legal=9", "failed"),
    ("more-than-2/3-not-at-two-thirds", "YYYYYYNNN", "more_than+2/3+of+legal", "failed"),
    ("at-least-2/3-at-two-thirds", "YYYYYYNNN", "at_least+2/3+of+legal", "passed"),
    ("explicit-two-thirds", "YYYYYYYYYYYN",
     "more_than_half+of+legal+and+at_least+2/3+of+in_office legal=21", "passed"),
    ("explicit-two-thirds-short", "YYYYYYYYYYNN",
     "more_than_half+of+legal+and+at_least+2/3+of+in_office legal=21", "failed"),
    ("rules-default-majority", "YYNAA", "rules_majority=absolute", "failed"),
    ("item-overrides-rules", "YYNAA", "simple rules_majority=absolute", "passed"),
    ("present-voting-named", "YAAAA", "more_than_half+of+present_voting", "passed"),
    ("weighted-cast", "YNA--", "more_than_half+of+cast weights=3,1,1,1,1", "passed"),
    # Ties.
    ("ties-fail", "YYNN-", "ties=fails", "failed"),
    ("repeat-3-then-fails", "YYNN-|YYNN-|YYNN-", "ties=repeat:3:fails", "tied tied failed"),
    ("repeat-3-decided-third", "YYNN-|YYNN-|YYYN-", "ties=repeat:3:fails", "tied tied passed"),
    ("repeat-3-then-casting", "YYNN-|YYNN-|YYNN-", "ties=repeat:3:casting_vote",
     "tied tied passed_by_casting_vote"),
    ("repeat-1-then-casting", "NYNY-", "ties=repeat:1:casting_vote", "failed_by_casting_vote"),
    ("absolute-tie-is-no-tie", "YYNN-", "absolute ties=repeat:3:fails", "failed"),
    ("cast-tie-is-no-tie", "YYNN-", "more_than_half+of+cast ties=repeat:3:fails", "failed"),
    # Quorum.
    ("no-quorum-rule", "YYxxxxxxx", "quorum=none", "passed"),
    ("no-quorum-rule-needs-chair", "xYYxx", "quorum=none", "no_quorum"),
    ("checked-at-opening-only", "YYxxxxxxx", "quorum=1/3:legal:opening:3", "passed"),
    ("checked-on-request-not-asked", "YYxxxxxxx", "quorum=more_than_half:legal:on_request:1",
     "passed"),
    ("more-than-half-of-legal", "YYYxx", "quorum=more_than_half:legal:every_vote:1", "passed"),
    ("not-more-than-half", "YYxxx", "quorum=more_than_half:legal:every_vote:1", "no_quorum"),
    ("half-of-in-office", "YYYYYxxxx", "legal=21 quorum=more_than_half:in_office:every_vote:1",
     "passed"),
    ("half-of-legal-21", "YYYYYxxxx", "legal=21 quorum=more_than_half:legal:every_vote:1",
     "no_quorum"),
    # Presets.
    ("town-council", "YYNN-|YYNN-", "preset=town_council", "tied passed_by_casting_vote"),
    ("town-council-quorum", "YYxxxxxxx", "preset=town_council", "no_quorum"),
    ("board-tie-fails", "YYNN-", "preset=board", "failed"),
    ("board-weights", "YNNAA", "preset=board weights=3,1,1,1,1", "passed"),
    ("board-weighted-tie-fails", "YNY--", "preset=board weights=1,2,1,1,1", "failed"),
    ("board-quorum-at-opening", "YYNxx", "preset=board", "passed"),
    ("congreso-tie-thrice", "YYNN-|YYNN-|YYNN-", "preset=congreso", "tied tied failed"),
    ("congreso-abstentions", "YAAAA", "preset=congreso", "passed"),
    ("congreso-quorum", "YYxxx", "preset=congreso", "no_quorum"),
    ("congreso-absolute", "YYNNA", "absolute preset=congreso", "failed"),
    ("assemblee-tie-rejected", "YYNN-", "preset=assemblee_nationale", "failed"),
    ("assemblee-no-quorum-asked", "YYxxxxxxx", "preset=assemblee_nationale", "passed"),
    ("assemblee-abstentions", "YAAAA", "preset=assemblee_nationale", "passed"),
    ("us-senate-tie-casting-vote-at-once", "YYNN-", "preset=us_senate", "passed_by_casting_vote"),
    ("us-senate-tie-chair-no", "NYNY-", "preset=us_senate", "failed_by_casting_vote"),
    ("us-senate-present-does-not-vote", "YVVVN", "preset=us_senate", "passed_by_casting_vote"),
    ("us-senate-present-not-voting", "YYVVN", "preset=us_senate", "passed"),
    ("us-senate-quorum-on-call-only", "YYxxxxxxx", "preset=us_senate", "passed"),
    ("us-senate-absent-not-counted", "YNYxx", "preset=us_senate", "passed"),
    ("us-senate-cloture", "YYYYYYNNN", "at_least+3/5+of+in_office preset=us_senate", "passed"),
    ("us-senate-cloture-short", "YYYYYNNNN", "at_least+3/5+of+in_office preset=us_senate",
     "failed"),
    ("us-house-tie-fails", "YYNN-", "preset=us_house", "failed"),
    ("us-house-present-does-not-vote", "YVVVN", "preset=us_house", "failed"),
    ("us-house-present-not-voting", "YYVVN", "preset=us_house", "passed"),
    ("us-house-abstain-not-in-base", "YYNAA", "preset=us_house", "passed"),
    ("us-house-quorum-on-point-only", "YYxxxxxxx", "preset=us_house", "passed"),
    ("us-house-suspension", "YYNVV", "at_least+2/3+of+present_voting preset=us_house", "passed"),
    ("us-house-suspension-short", "YYNNV", "at_least+2/3+of+present_voting preset=us_house",
     "failed"),
    ("us-house-suspension-present-left-out", "YYNVVVV",
     "at_least+2/3+of+present_voting preset=us_house", "passed"),
    ("preset-overridden", "YYNN-|YYNN-", "preset=congreso ties=casting_vote",
     "tied passed_by_casting_vote"),
    ("preset-quorum-overridden", "YYxxx", "preset=congreso quorum=none", "passed"),
]
# fmt: on


@pytest.mark.parametrize(("rounds", "options", "results"), cases(OUTCOMES))
def test_outcome(rounds: str, options: str, results: str) -> None:
    assert [r.result.value for r in rounds_of(rounds, options)] == results.split()


# fmt: off
# id, rounds, options, the requirement of the last round: majority, threshold, basis, reached
REQUIREMENTS = [
    ("cast", "YYNAA", "more_than_half+of+cast", "more_than_half of cast|2.5|5|False"),
    ("present", "YYY-x", "more_than_half+of+present", "more_than_half of present|2|4|True"),
    ("in-office", "YYYNN", "3/5+of+in_office legal=9", "3/5 of in_office|3|5|True"),
    ("assemblee", "YAAAA", "preset=assemblee_nationale",
     "more_than_half of present_voting|0|1|True"),
    ("rules-absolute", "YYNAA", "rules_majority=absolute", "absolute|2.5|5|False"),
]
# fmt: on


@pytest.mark.parametrize(("rounds", "options", "expected"), cases(REQUIREMENTS))
def test_requirement(rounds: str, options: str, expected: str) -> None:
    majority, threshold, basis, reached = expected.split("|")
    assert rounds_of(rounds, options)[-1].requirement == Requirement(
        majority=majority, threshold=float(threshold), basis=float(basis), reached=reached == "True"
    )


NOT_REPEATED = "item 1 tied and the vote was not repeated"

# fmt: off
# id, rounds, options, the message after "votes.jsonl line N: "
ERRORS = [
    ("fails-then-repeated", "YYNN-|YYYN-", "ties=fails",
     "the vote on item 1 opened again after a decided vote; use vote_reopened with a reason"),
    ("repeat-3-stopped-at-2", "YYNN-|YYNN-", "ties=repeat:3:casting_vote",
     f"{NOT_REPEATED} (ties: 3 votes)"),
    ("congreso-stopped-at-2", "YYNN-|YYNN-", "preset=congreso", f"{NOT_REPEATED} (ties: 3 votes)"),
    ("casting-vote-where-ties-fail", "AYN--|AYN--", "casting=yes ties=repeat:2:fails",
     "casting_vote on item 1, where a tie fails after 2 votes (rules.ties): no casting vote"),
    ("casting-vote-assemblee", "YN---", "casting=yes preset=assemblee_nationale",
     "casting_vote on item 1, where a tie fails (rules.ties): no casting vote"),
]
# fmt: on


@pytest.mark.parametrize(("rounds", "options", "message"), cases(ERRORS))
def test_error(rounds: str, options: str, message: str) -> None:
    session, log = build(rounds, options)
    with pytest.raises(InputError) as caught:
        tally(session, replay(session, log.log()))
    assert caught.value.reason == message


def test_a_requested_quorum_is_checked_at_the_next_vote_only() -> None:
    session, log = build("YYxxxxxxx", "preset=assemblee_nationale")
    events = log.events
    opened = next(i for i, e in enumerate(events) if e["type"] == "vote_opened")
    events.insert(opened, {**events[opened], "type": "quorum_requested", "member": "m2"})
    del events[opened]["item"]
    first = tally(session, replay(session, log.log())).items[0].rounds[0]
    assert (first.quorum.checked, first.quorum.required, first.result.value) == (
        True,
        5,
        "no_quorum",
    )


def _session(**rules: Any) -> Session:
    data = session_data(members=5)
    data["rules"] = rules
    return Session.model_validate(data)


def test_every_value_of_a_preset_is_a_valid_rule_and_can_be_overridden() -> None:
    for name, values in PRESETS.items():
        session = _session(preset=name)
        assert session.rules.preset == name
        assert session.rules.proxies.value == values["proxies"]
        assert _session(preset=name, proxies="allowed", max_proxies=3).rules.max_proxies == 3
        quorum = _session(preset=name, quorum={"minimum": 0}).rules.quorum
        assert (quorum.minimum, quorum.fraction) == (0, values["quorum"]["fraction"])


def test_the_town_council_preset_is_the_default() -> None:
    default, preset = _session(), _session(preset="town_council")
    assert default.rules.model_dump(exclude={"preset"}) == preset.rules.model_dump(
        exclude={"preset"}
    )
