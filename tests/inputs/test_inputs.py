"""Every bad input is refused with one line naming the file, the line and the fault."""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.builders import Log, session_data, write_folder
from videoacta.cli import cli
from videoacta.errors import ExitCode

Data = dict[str, Any]
Events = list[dict[str, Any]]


def base_log() -> Log:
    """A valid log; the line numbers in the cases below refer to it."""
    log = Log().opened(["m1", "m2", "m3", "m4"])  # lines 1-5
    log.add("item_opened", item=1)  # 6
    log.vote(1, {"m1": "yes", "m2": "yes", "m3": "no", "m4": "yes"})  # 7-12
    log.add("item_closed", item=1)  # 13
    log.add("item_opened", item=2)  # 14
    secret = {"m1": None, "m2": None, "m3": None, "m4": None}
    log.vote(2, secret, ballots={"yes": 3, "no": 1, "abstain": 0})  # 15-20
    log.add("item_closed", item=2)  # 21
    log.add("item_opened", item=3).add("item_closed", item=3)  # 22-23
    return log.add("session_closed")  # 24


def at(line: int, **fields: Any) -> Callable[[Events], None]:
    """Change fields of the event on a line (1-based)."""

    def change(events: Events) -> None:
        events[line - 1].update(fields)

    return change


def replace(line: int, **fields: Any) -> Callable[[Events], None]:
    """Put another event on a line, at the same time."""

    def change(events: Events) -> None:
        events[line - 1] = {"time": events[line - 1]["time"], **fields}

    return change


def drop(line: int, key: str) -> Callable[[Events], None]:
    def change(events: Events) -> None:
        del events[line - 1][key]

    return change


def insert(line: int, **fields: Any) -> Callable[[Events], None]:
    """Insert an event so that it becomes that line, at the time of the line before it."""

    def change(events: Events) -> None:
        events.insert(line - 1, {"time": events[line - 2]["time"], **fields})

    return change


def member(index: int, **fields: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["members"][index].update(fields)

    return change


def item(index: int, **fields: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["items"][index].update(fields)

    return change


def top(**fields: Any) -> Callable[[Data], None]:
    return lambda data: data.update(fields)


def without(key: str) -> Callable[[Data], None]:
    return lambda data: data.pop(key)


def remote_session(data: Data) -> None:
    data["mode"] = "mixed"


LOG_FAULTS: list[tuple[str, Callable[[Events], None], str]] = [
    (
        "unknown member",
        at(8, member="m-31"),
        "votes.jsonl line 8: member 'm-31' is not in session.toml",
    ),
    (
        "unknown item",
        at(6, item=9),
        "votes.jsonl line 6: item 9 is not on the agenda in session.toml",
    ),
    (
        "cast outside an open vote",
        insert(13, type="vote_cast", item=1, member="m1", choice="no"),
        "votes.jsonl line 13: no vote is open on item 1",
    ),
    (
        "cast by a member not present",
        at(11, member="m5"),
        "votes.jsonl line 11: member 'm5' cast a vote but is not present",
    ),
    (
        "secret cast with a choice",
        at(16, choice="yes"),
        "votes.jsonl line 16: a cast in the secret vote on item 2 carries a choice",
    ),
    (
        "naive time",
        at(3, time="2026-10-29T19:00:03"),
        "votes.jsonl line 3: time: '2026-10-29T19:00:03' has no time zone offset (use e.g. +01:00)",
    ),
    (
        "events out of order",
        at(9, time="2026-10-29T18:00:00+01:00"),
        "votes.jsonl line 9: time 2026-10-29T18:00:00+01:00 is earlier than the line before it",
    ),
    (
        "item voted after it closed",
        insert(14, type="vote_opened", item=1),
        "votes.jsonl line 14: item 1 is voted after it was closed",
    ),
    (
        "unknown event type",
        at(9, type="vote_casted"),
        "votes.jsonl line 9: unknown event type 'vote_casted'",
    ),
    ("no event type", drop(9, "type"), "votes.jsonl line 9: the line has no 'type'"),
    ("missing field", drop(9, "member"), "votes.jsonl line 9: member: missing"),
    ("unknown field", at(9, colour="red"), "votes.jsonl line 9: colour: unknown field"),
    (
        "invalid choice",
        at(9, choice="si"),
        "votes.jsonl line 9: choice: Input should be 'yes', 'no', 'abstain' or 'not_voting'",
    ),
    (
        "delegated vote where proxies are forbidden",
        at(9, on_behalf_of="m5"),
        "votes.jsonl line 9: 'm2' cast a vote for 'm5' on item 1, but votes cannot be "
        'delegated (rules.proxies = "forbidden", ROF 99.5)',
    ),
    (
        "cast without a choice",
        drop(9, "choice"),
        "votes.jsonl line 9: a cast by 'm2' on item 1 has no choice",
    ),
    (
        "ballot totals do not match",
        at(20, ballots={"yes": 3, "no": 2, "abstain": 0}),
        "votes.jsonl line 20: the secret vote on item 2 counted 5 ballots but 4 members cast one",
    ),
    (
        "secret vote without ballots",
        drop(20, "ballots"),
        "votes.jsonl line 20: the secret vote on item 2 closed without ballot totals",
    ),
    (
        "vote on a question",
        insert(23, type="vote_opened", item=3),
        "votes.jsonl line 23: item 3 is a question and takes no vote",
    ),
    (
        "cast by a recused member",
        insert(7, type="recusal", item=1, member="m4", reason="owner"),
        "votes.jsonl line 12: member 'm4' cast a vote on item 1, from which they recused",
    ),
    (
        "second secret ballot",
        at(17, member="m1"),
        "votes.jsonl line 17: member 'm1' cast a second ballot in a secret vote",
    ),
    (
        "item opened while another is open",
        replace(13, type="item_opened", item=2),
        "votes.jsonl line 13: item 2 opened while item 1 is still open",
    ),
    (
        "event after the session closed",
        insert(25, type="item_opened", item=3),
        "votes.jsonl line 25: item_opened after the session was closed",
    ),
    (
        "log ends before closing",
        lambda events: events.pop(),
        "votes.jsonl line 23: the vote log ends before the session was closed",
    ),
    (
        "event before opening",
        replace(1, type="item_opened", item=1),
        "votes.jsonl line 1: item_opened before the session was opened",
    ),
    (
        "member joins twice",
        at(2, member="m1"),
        "votes.jsonl line 2: member 'm1' joined but is already present",
    ),
    (
        "official casts",
        at(9, member="sec"),
        "votes.jsonl line 9: 'sec' is an official, not a member",
    ),
    (
        "cast by a member outside the room",
        insert(7, type="member_stepped_out", member="m4"),
        "votes.jsonl line 12: member 'm4' cast a vote but is outside the room",
    ),
    (
        "remote join in an in-person session",
        at(4, attendance="remote"),
        "votes.jsonl line 4: member 'm4' joined remotely in an in-person session",
    ),
    (
        "speech ended without start",
        insert(7, type="speech_ended", speaker="m2"),
        "votes.jsonl line 7: speech_ended for 'm2' without a speech_started",
    ),
    (
        "cast for another item",
        at(9, item=2),
        "votes.jsonl line 9: the open vote is on item 1, not item 2",
    ),
]


def rules(**values: Any) -> Callable[[Data], None]:
    return lambda data: data.setdefault("rules", {}).update(values)


RULES_FAULTS: list[tuple[str, Callable[[Data], None], str]] = [
    (
        "unknown preset",
        rules(preset="senado"),
        "session.toml: rules.preset: 'senado' is not a preset: one of town_council, board, "
        "congreso, assemblee_nationale, us_senate, us_house",
    ),
    (
        "unknown base",
        rules(majority="more_than_half of voters"),
        "session.toml: rules.majority: 'more_than_half of voters' is not a majority: simple, "
        "absolute, two_thirds, a fraction of N such as 3/5, or 'THRESHOLD of BASE' with BASE one "
        "of present_voting, legal, in_office, cast, present",
    ),
    (
        "bad threshold",
        item(0, majority="most of cast"),
        "session.toml: items[0].majority: 'most' is not a threshold: more_than_half, a fraction "
        "such as 3/5, 'at_least 2/3' or 'more_than 1/2'",
    ),
    (
        "threshold both sides reach",
        item(0, majority="at_least 1/2 of cast"),
        "session.toml: items[0].majority: threshold 'at_least 1/2' is not more than half: both "
        "sides could reach it",
    ),
    (
        "unknown tie rule",
        rules(ties="coin"),
        "session.toml: rules.ties.rule: Input should be 'casting_vote', 'fails' or 'repeat'",
    ),
    (
        "rounds of a tie rule that does not repeat",
        rules(ties={"rule": "fails", "rounds": 3}),
        "session.toml: rules.ties: ties 'fails' takes no rounds",
    ),
    (
        "too many tie rounds",
        item(0, ties={"rule": "repeat", "rounds": 11}),
        "session.toml: items[0].ties.rounds: Input should be less than or equal to 10",
    ),
    (
        "ties table without its rule",
        rules(preset="congreso", ties={"then": "casting_vote"}),
        'session.toml: rules.ties: a table of ties names its rule: { rule = "repeat", ... }',
    ),
    (
        "unknown then",
        rules(ties={"rule": "repeat", "then": "lots"}),
        "session.toml: rules.ties.then: Input should be 'fails' or 'casting_vote'",
    ),
    (
        "ties on a question",
        item(2, ties="fails"),
        "session.toml: items[2]: a question takes no vote, so it has no rule on ties",
    ),
    (
        "unknown quorum name",
        rules(quorum="some"),
        "session.toml: rules.quorum: 'some' is not a quorum: 'none' or a table "
        'such as { fraction = "1/3", minimum = 3 }',
    ),
    (
        "bad quorum fraction",
        rules(quorum={"fraction": "3/2"}),
        "session.toml: rules.quorum.fraction: '3/2' is not a fraction between 0 and 1 such as "
        "'1/3', nor more_than_half",
    ),
    (
        "unknown quorum check",
        rules(quorum={"checked": "daily"}),
        "session.toml: rules.quorum.checked: Input should be 'opening', 'every_vote' or "
        "'on_request'",
    ),
    (
        "unknown quorum base",
        rules(quorum={"of": "present"}),
        "session.toml: rules.quorum.of: Input should be 'legal' or 'in_office'",
    ),
    (
        "unknown proxies",
        rules(proxies="sometimes"),
        "session.toml: rules.proxies: Input should be 'forbidden' or 'allowed'",
    ),
    (
        "chair out of office",
        member(0, until=dt.date(2026, 10, 28)),
        "session.toml: chair: member 'm1' is not in office on 2026-10-29",
    ),
    (
        "excused member out of office",
        lambda data: (member(4, **{"from": dt.date(2026, 11, 1)})(data), top(excused=["m5"])(data)),
        "session.toml: excused: member 'm5' is not in office on 2026-10-29",
    ),
    (
        "mandate ends before it starts",
        member(1, **{"from": dt.date(2026, 1, 2), "until": dt.date(2026, 1, 1)}),
        "session.toml: members[1]: member 'm2' leaves office (2026-01-01) before taking it",
    ),
    (
        "out-of-office member in an unknown group",
        member(4, group="Z", until=dt.date(2026, 1, 1)),
        "session.toml: members[4] ('m5'): group 'Z' is not in groups",
    ),
    (
        "no member in office",
        lambda data: [m.update(until=dt.date(2026, 1, 1)) for m in data["members"]],
        "session.toml: members: no member is in office on 2026-10-29",
    ),
    (
        "weighted seats with a successor and no legal weight",
        lambda data: (
            member(0, weight=2)(data),
            member(4, until=dt.date(2026, 6, 30))(data),
            data["members"].append({**data["members"][3], "id": "m6", "from": dt.date(2026, 7, 1)}),
        ),
        "session.toml: body.legal_weight: required: members lists 6 members (with those out "
        "of office) for 5 weighted seats",
    ),
    (
        "max proxies zero",
        rules(proxies="allowed", max_proxies=0),
        "session.toml: rules.max_proxies: Input should be greater than or equal to 1",
    ),
]


SESSION_FAULTS: list[tuple[str, Callable[[Data], None], str]] = [
    (
        "unknown group",
        member(0, group="Z"),
        "session.toml: members[0] ('m1'): group 'Z' is not in groups",
    ),
    (
        "no secretary",
        without("secretary"),
        "session.toml: the session has no secretary (ROF 90: quorum needs one)",
    ),
    (
        "majority the item does not allow",
        item(2, majority="absolute"),
        "session.toml: items[2]: a question takes no vote, so it has no majority or vote",
    ),
    (
        "majority not more than half",
        item(0, majority="1/3"),
        "session.toml: items[0].majority: majority 1/3 is not more than half (LBRL 47)",
    ),
    (
        "secret vote on a proposal",
        item(0, vote="secret"),
        "session.toml: items[0]: a secret vote is only for electing or removing persons (ROF 102)",
    ),
    (
        "unknown majority",
        item(0, majority="most"),
        "session.toml: items[0].majority: 'most' is not a majority: simple, absolute, "
        "two_thirds, a fraction of N such as 3/5, or 'THRESHOLD of BASE' with BASE one of "
        "present_voting, legal, in_office, cast, present",
    ),
    *RULES_FAULTS,
    ("duplicate member", member(1, id="m1"), "session.toml: members: member id 'm1' appears twice"),
    ("chair not a member", top(chair="m9"), "session.toml: chair: 'm9' is not in members"),
    (
        "unknown time zone",
        top(timezone="Europe/Vilanova"),
        "session.toml: timezone: unknown time zone 'Europe/Vilanova'",
    ),
    ("unknown field", top(colour="blue"), "session.toml: colour: unknown field"),
    (
        "more members than seats",
        top(body={"name": "Ple", "legal_members": 3}),
        "session.toml: 5 members in office but body.legal_members is 3",
    ),
    (
        "excused unknown member",
        top(excused=["m9"]),
        "session.toml: excused: member 'm9' is not in members",
    ),
    (
        "negative weight",
        member(0, weight=-1),
        "session.toml: members[0].weight: Input should be greater than 0",
    ),
    (
        "bad session kind",
        top(kind="weekly"),
        "session.toml: kind: Input should be 'ordinary', 'extraordinary' or 'urgent'",
    ),
]


def run_tally(folder: Path) -> Any:
    return CliRunner().invoke(cli, ["tally", str(folder)])


@pytest.mark.parametrize(
    ("change", "message"), [c[1:] for c in LOG_FAULTS], ids=[c[0] for c in LOG_FAULTS]
)
def test_log_fault(tmp_path: Path, change: Callable[[Events], None], message: str) -> None:
    log = base_log()
    change(log.events)
    result = run_tally(write_folder(tmp_path / "s", session_data(), log))
    assert result.stderr == f"Error: {message}\n"
    assert result.exit_code == ExitCode.INPUT
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("change", "message"), [c[1:] for c in SESSION_FAULTS], ids=[c[0] for c in SESSION_FAULTS]
)
def test_session_fault(tmp_path: Path, change: Callable[[Data], None], message: str) -> None:
    data = session_data()
    change(data)
    result = run_tally(write_folder(tmp_path / "s", data, base_log()))
    assert result.stderr == f"Error: {message}\n"
    assert result.exit_code == ExitCode.INPUT


def test_the_base_log_is_valid(tmp_path: Path) -> None:
    result = run_tally(write_folder(tmp_path / "s", session_data(), base_log()))
    assert result.exit_code == 0, result.stderr


def test_remote_member_needs_identity(tmp_path: Path) -> None:
    log = base_log()
    log.events[3].update(attendance="remote", in_spain=True)
    result = run_tally(write_folder(tmp_path / "s", session_data(mode="mixed"), log))
    assert result.stderr == (
        "Error: votes.jsonl line 4: remote member 'm4' has no proof of identity (LBRL 46.3)\n"
    )
    log.events[3].update(identity="video call with ID card", in_spain=False)
    result = run_tally(write_folder(tmp_path / "s", session_data(mode="mixed"), log))
    assert result.stderr == (
        "Error: votes.jsonl line 4: remote member 'm4' is not declared in Spain (LBRL 46.3)\n"
    )


def test_excused_member_cannot_join(tmp_path: Path) -> None:
    result = run_tally(write_folder(tmp_path / "s", session_data(excused=["m4"]), base_log()))
    assert result.stderr == (
        "Error: votes.jsonl line 4: member 'm4' joined but is listed as excused in session.toml\n"
    )


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "votes.jsonl: the vote log is empty"),
        (["", "  "], "votes.jsonl: the vote log is empty"),
        (
            ["{not json"],
            "votes.jsonl line 1: not valid JSON: Expecting property name enclosed in double quotes",
        ),
        (["[1, 2]"], "votes.jsonl line 1: a line must hold one JSON object"),
    ],
    ids=["empty", "blank lines only", "malformed", "not an object"],
)
def test_bad_log_text(tmp_path: Path, lines: list[str], message: str) -> None:
    result = run_tally(write_folder(tmp_path / "s", session_data(), lines))
    assert result.stderr == f"Error: {message}\n"
    assert result.exit_code == ExitCode.INPUT


def test_duplicate_line(tmp_path: Path) -> None:
    lines = base_log().lines()
    lines.insert(9, lines[8])
    result = run_tally(write_folder(tmp_path / "s", session_data(), lines))
    assert result.stderr == "Error: votes.jsonl line 10: duplicate of line 9\n"


def test_invalid_toml(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "s", session_data(), base_log())
    (folder / "session.toml").write_text("id = \n", encoding="utf-8")
    result = run_tally(folder)
    assert result.stderr == (
        "Error: session.toml: invalid TOML: Invalid value (at line 1, column 6)\n"
    )
    assert result.exit_code == ExitCode.INPUT


def test_missing_session_file(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    result = run_tally(tmp_path / "s")
    assert result.stderr == (
        f"Error: {tmp_path / 's' / 'session.toml'}: not found; "
        "a session folder needs a session.toml\n"
    )


def test_missing_log(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "s", session_data(), base_log())
    (folder / "votes.jsonl").unlink()
    result = run_tally(folder)
    assert result.stderr == f"Error: {folder}: has no vote log (votes.jsonl or votes.csv)\n"


def test_both_logs(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "s", session_data(), base_log())
    (folder / "votes.csv").write_text("item,member,choice\n", encoding="utf-8")
    result = run_tally(folder)
    assert result.stderr == f"Error: {folder}: has both votes.jsonl and votes.csv; keep one\n"


CSV_OK = "item,member,choice,time\n1,m1,yes,2026-10-29T19:10:00+01:00\n1,m2,no,\n1,m3,yes,\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("item,member\n1,m1\n", "votes.csv line 1: missing column 'choice' in the header"),
        ("item,member,choice\n1,m9,yes\n", "votes.csv line 2: member 'm9' is not in session.toml"),
        (
            "item,member,choice\n7,m1,yes\n",
            "votes.csv line 2: item '7' is not on the agenda in session.toml",
        ),
        (
            "item,member,choice\n1,m1,si\n",
            "votes.csv line 2: choice 'si' is not yes, no or abstain",
        ),
        (
            "item,member,choice\n1,m1,yes\n1,m1,no\n",
            "votes.csv line 3: member 'm1' has a second choice for item 1 (first at line 2)",
        ),
        (
            "item,member,choice\n2,m1,yes\n",
            "votes.csv line 2: item 2 is a secret vote: give it in votes.jsonl with ballot totals, "
            "never per member",
        ),
        (
            "item,member,choice\n3,m1,yes\n",
            "votes.csv line 2: item 3 is a question and takes no vote",
        ),
        (
            "item,member,choice,time\n1,m1,yes,19:00\n",
            "votes.csv line 2: time '19:00' is not an ISO 8601 time with a zone offset",
        ),
        ("item,member,choice\n", "votes.csv: the vote log is empty"),
    ],
    ids=[
        "missing column",
        "unknown member",
        "unknown item",
        "bad choice",
        "two choices",
        "secret item",
        "question",
        "bad time",
        "empty",
    ],
)
def test_bad_csv(tmp_path: Path, text: str, message: str) -> None:
    folder = write_folder(tmp_path / "s", session_data(), base_log())
    (folder / "votes.jsonl").unlink()
    (folder / "votes.csv").write_text(text, encoding="utf-8")
    result = run_tally(folder)
    assert result.stderr == f"Error: {message}\n"
    assert result.exit_code == ExitCode.INPUT


def test_csv_log_is_tallied(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "s", session_data(), base_log())
    (folder / "votes.jsonl").unlink()
    (folder / "votes.csv").write_text(CSV_OK, encoding="utf-8")
    result = CliRunner().invoke(cli, ["tally", str(folder), "--json"])
    assert result.exit_code == 0, result.stderr
    (event,) = json.loads(result.stdout)["vote_events"]
    counts = {c["option"]: c["value"] for c in event["counts"]}
    assert counts == {"yes": 2, "no": 1, "abstain": 0, "absent": 2, "not voting": 0}
    assert event["result"] == "pass"
    assert event["start_date"] == "2026-10-29T19:10:00+01:00"
