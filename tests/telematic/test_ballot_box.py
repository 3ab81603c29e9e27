"""The ballot box of a secret vote cast from devices: totals only, durable, and a ballot whose
counting a crash cut short is taken back on restart (the member was never told it counted)."""

import json
from pathlib import Path

import pytest

from tests.editor.logs import event, opened, small_folder
from videoacta.core import events as ev
from videoacta.editor.journal import Journal
from videoacta.errors import InputError
from videoacta.telematic.ballot_box import BOX, BallotBox, open_secret_round


def secret_vote_open(tmp_path: Path) -> tuple[Path, Journal]:
    folder, session = small_folder(tmp_path / "session")
    journal = Journal.open(folder, session)
    start = opened(journal, ["m1", "m2", "m3", "m4"])
    journal.add([event(start + 1, "item_opened", item=2), event(start + 2, "vote_opened", item=2)])
    return folder, journal


def ballot(seconds: float, member: str) -> ev.VoteCast:
    cast = event(seconds, "vote_cast", item=2, member=member)
    assert isinstance(cast, ev.VoteCast)
    return cast


def test_ballots_are_counted_as_totals_and_close_the_vote(tmp_path: Path) -> None:
    folder, journal = secret_vote_open(tmp_path)
    box = BallotBox(folder)
    for n, (member, choice) in enumerate([("m1", "yes"), ("m2", "no"), ("m3", "yes")]):
        box.cast(journal, member, ev.Choice(choice), ballot(10 + n, member))
    stored = json.loads((folder / BOX).read_text())
    assert stored == {
        "key": list(open_secret_round(journal) or ()),  # item, round, when it opened (µs)
        "totals": {"yes": 2, "no": 1, "abstain": 0},
        "voters": ["m1", "m2", "m3"],
        "pending": None,
    }
    # A restart reads the same box.
    again = BallotBox(folder)
    again.reconcile(journal)
    assert again.ballots(journal, None) == ev.Ballots(yes=2, no=1, abstain=0)
    # Paper ballots the secretary counted are added to the box's.
    paper = ev.Ballots(yes=0, no=0, abstain=1)
    assert again.ballots(journal, paper) == ev.Ballots(yes=2, no=1, abstain=1)
    journal.add([event(20, "vote_closed", item=2, ballots={"yes": 2, "no": 1, "abstain": 0})])
    again.settle(journal)
    assert not (folder / BOX).exists()


def test_a_ballot_cut_short_by_a_crash_is_taken_back(tmp_path: Path) -> None:
    folder, journal = secret_vote_open(tmp_path)
    box = BallotBox(folder)
    box.cast(journal, "m1", ev.Choice.YES, ballot(10, "m1"))
    # The crash: the box marked m2's ballot pending, the log recorded that m2 took part, and
    # the process died before the box counted it.
    box.box.pending = "m2"  # type: ignore[union-attr]
    box._store(box.box)
    journal.add([ballot(11, "m2")])
    restarted = Journal.open(folder, journal.session)
    recovered = BallotBox(folder)
    recovered.reconcile(restarted)
    assert [e.event.member for e in restarted.entries if isinstance(e.event, ev.VoteCast)] == ["m1"]
    assert recovered.ballots(restarted, None) == ev.Ballots(yes=1, no=0, abstain=0)
    assert json.loads((folder / BOX).read_text())["pending"] is None
    # m2 may cast the ballot again.
    recovered.cast(restarted, "m2", ev.Choice.NO, ballot(12, "m2"))
    assert recovered.ballots(restarted, None) == ev.Ballots(yes=1, no=1, abstain=0)


def test_a_pending_mark_before_the_log_is_only_cleared(tmp_path: Path) -> None:
    folder, journal = secret_vote_open(tmp_path)
    box = BallotBox(folder)
    box.cast(journal, "m1", ev.Choice.YES, ballot(10, "m1"))
    box.box.pending = "m2"  # type: ignore[union-attr]
    box._store(box.box)  # the crash came before the log was written
    recovered = BallotBox(folder)
    recovered.reconcile(journal)
    assert len(journal.entries) == 8  # 4 arrivals, opened, item, vote, m1's ballot
    assert recovered.ballots(journal, None) == ev.Ballots(yes=1, no=0, abstain=0)


def test_a_box_of_a_round_no_longer_open_is_dropped(tmp_path: Path) -> None:
    folder, journal = secret_vote_open(tmp_path)
    box = BallotBox(folder)
    box.cast(journal, "m1", ev.Choice.YES, ballot(10, "m1"))
    journal.add([event(20, "vote_closed", item=2, ballots={"yes": 1, "no": 0, "abstain": 0})])
    BallotBox(folder).reconcile(journal)  # the crash came after the close, before settling
    assert not (folder / BOX).exists()


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"key": [2, 1, 7], "totals": {"yes": 1, "no": 0, "abstain": 0}, "voters": []}',
        '{"key": "x", "totals": {}, "voters": []}',
        '{"key": [2, 1, 7], "totals": {"yes": -1, "no": 1, "abstain": 0}, "voters": []}',
    ],
)
def test_a_box_videoacta_did_not_write_is_refused(tmp_path: Path, text: str) -> None:
    folder, _journal = secret_vote_open(tmp_path)
    (folder / BOX).parent.mkdir(parents=True, exist_ok=True)
    (folder / BOX).write_text(text)
    with pytest.raises(InputError, match=r"ballot-box\.json"):
        BallotBox(folder)
