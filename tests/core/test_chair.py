"""Who chairs an item, one line a case: the casting vote is the item's chair's, a chair who
recused does not chair it, and chair_changed moves the chair.

Five members, m1 the session's chair, all present; item 1 opens, then the steps, space-separated:
`r:m1` m1 recuses, `chair:m2` m2 takes the chair, `left:m1` m1 leaves the session,
`V:YYNN-` a round (one letter a member, as in test_tally), `cv:yes` a casting_vote,
`cv:yes@m2` one that names who gives it. The expected: each round's result, or `! message`.
"""

from typing import Any

import pytest

from tests.builders import Log, session_data
from tests.core.test_tally import CHOICES, cases
from videoacta.core.replay import replay
from videoacta.core.session import Session
from videoacta.core.tally import tally
from videoacta.errors import InputError

IDS = ["m1", "m2", "m3", "m4", "m5"]
RECUSED_CHAIR = "casting_vote on item 1, whose chair 'm1' recused from it (LBRL 76): "
RECUSED_CHAIR += "a chair_changed event names who presides"

# fmt: off
# id, steps, the result of each round (or "! the error after 'votes.jsonl line N: '")
CASES = [
    ("chair-casts-the-tie", "V:YYNN- V:YYNN-", "tied passed_by_casting_vote"),
    ("chair-casting-event", "V:-YN-- V:-YN-- cv:no", "tied failed_by_casting_vote"),
    ("chair-names-themself", "V:-YN-- V:-YN-- cv:no@m1", "tied failed_by_casting_vote"),
    ("not-the-chair-refused", "V:-YN-- V:-YN-- cv:yes@m3",
     "! casting_vote on item 1 by 'm3', who did not chair its tied vote ('m1' chaired it)"),
    ("recused-chair-refused", "r:m1 V:-YN-- V:-YN-- cv:yes", f"! {RECUSED_CHAIR}"),
    ("recused-chair-no-chair-at-vote", "r:m1 V:-YYN-", "no_quorum"),
    ("recused-chair-replaced", "r:m1 chair:m2 V:-YN-- V:-YN-- cv:yes",
     "tied passed_by_casting_vote"),
    ("replaced-by-name", "r:m1 chair:m2 V:-YN-- V:-YN-- cv:no@m2", "tied failed_by_casting_vote"),
    ("new-chair-own-vote-casts", "r:m1 chair:m2 V:-YN-- V:-YNY-", "tied passed"),
    ("new-chair-tie-own-vote", "r:m1 chair:m2 V:-NY-- V:-NY--", "tied failed_by_casting_vote"),
    ("old-chair-refused-after-change", "chair:m2 V:YYNN- V:YYNN- cv:yes@m1",
     "! casting_vote on item 1 by 'm1', who did not chair its tied vote ('m2' chaired it)"),
    ("chair-back-after-the-tie", "chair:m2 V:--YN- V:--YN- chair:m1 cv:yes@m1",
     "! casting_vote on item 1 by 'm1', who did not chair its tied vote ('m2' chaired it)"),
    ("tie-chair-casts-after-change", "chair:m2 V:--YN- V:--YN- chair:m1 cv:no@m2",
     "tied failed_by_casting_vote"),
    ("change-during-the-item", "V:-YN-- chair:m3 V:-YN-- cv:no@m3", "tied failed_by_casting_vote"),
    ("chair-changes-back", "chair:m2 chair:m1 V:-YN-- V:-YN-- cv:yes@m1",
     "tied passed_by_casting_vote"),
    ("chair-left-no-quorum", "left:m1 V:-YYN-", "no_quorum"),
    ("chair-left-replaced", "left:m1 chair:m2 V:-YYN-", "passed"),
    ("recused-member-takes-chair", "r:m2 chair:m2",
     "! member 'm2' took the chair of item 1, from which they recused (LBRL 76)"),
    ("absent-member-takes-chair", "left:m2 chair:m2",
     "! member 'm2' took the chair but is not present"),
    ("chair-takes-chair", "chair:m1", "! member 'm1' took the chair, which they already hold"),
    ("official-takes-chair", "chair:sec", "! 'sec' is an official, not a member"),
]
# fmt: on


def _log(steps: str) -> Log:
    log = Log().opened(IDS).add("item_opened", item=1)
    for step in steps.split():
        kind, _, value = step.partition(":")
        if kind == "r":
            log.add("recusal", item=1, member=value, reason="interès personal (LBRL 76)")
        elif kind == "chair":
            log.add("chair_changed", member=value, reason="absència de l'alcaldessa")
        elif kind == "left":
            log.add("member_left", member=value)
        elif kind == "V":
            log.add("vote_opened", item=1)
            for member, code in zip(IDS, value, strict=True):
                if code in CHOICES:
                    log.add("vote_cast", item=1, member=member, choice=CHOICES[code])
            log.add("vote_closed", item=1)
        else:
            choice, _, member = value.partition("@")
            fields: dict[str, Any] = {"member": member} if member else {}
            log.add("casting_vote", item=1, choice=choice, **fields)
    return log.add("item_closed", item=1).add("session_closed")


@pytest.mark.parametrize(("steps", "expected"), cases(CASES))
def test_chair(steps: str, expected: str) -> None:
    session = Session.model_validate(session_data(members=5))
    log = _log(steps).log()
    if expected.startswith("! "):
        with pytest.raises(InputError) as caught:
            tally(session, replay(session, log))
        assert caught.value.reason == expected[2:]
        return
    rounds = tally(session, replay(session, log)).items[0].rounds
    assert [r.result.value for r in rounds] == expected.split()


def test_the_log_records_who_presides_each_round_and_who_gave_the_casting_vote() -> None:
    session = Session.model_validate(session_data(members=5))
    log = _log("V:-YN-- r:m1 chair:m3 V:-YN-- cv:no@m3").log()
    proceedings = replay(session, log)
    first, second = proceedings.items[0].rounds
    assert (first.chair, second.chair, second.casting_member) == ("m1", "m3", "m3")
    (change,) = [i for i in proceedings.incidents if i.kind.value == "chair_changed"]
    assert (change.member, change.item, change.detail) == ("m3", 1, "absència de l'alcaldessa")
