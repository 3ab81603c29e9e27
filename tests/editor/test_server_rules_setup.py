"""The rules of procedure edited over real HTTP (`api/setup`): a preset, every value of `[rules]`
over it, an item's majority and ties, a member's mandate; the hand-written file keeps its comments
and only the lines changed differ; a hostile value is refused with one line naming the field and
writes nothing; a stale page gets 409; a rule the vote log would not survive is refused."""

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.editor.editor_process import Editor, editor
from tests.editor.server_calls import files, folder_of, sample_copy

RULES = {"op": "set", "path": ["rules"]}
ITEM_9 = {"op": "update", "list": "items", "index": 8}
MEMBER_4 = {"op": "update", "list": "members", "index": 3}


def setup(running: Editor, change: dict[str, Any], version: int | None = None) -> tuple[int, Any]:
    """POST a change carrying the page's version of session.toml (the current one unless given)."""
    if version is None:
        version = running.state()["session_version"]
    return running.post("api/setup", {**change, "version": version})


def rule(*path: str, value: Any) -> dict[str, Any]:
    return {"op": "set", "path": ["rules", *path], "value": value}


CHANGES = [
    rule("preset", value="congreso"),
    rule("quorum", "of", value="in_office"),
    rule("quorum", "checked", value="on_request"),
    rule("majority", value="more_than_half of cast"),
    {"op": "ties", "ties": {"rule": "repeat", "rounds": 3, "then": "casting_vote"}},
    rule("proxies", value="allowed"),
    rule("max_proxies", value=2),
    {"op": "ties", "item": 8, "ties": {"rule": "fails"}},
    {**ITEM_9, "values": {"majority": "at_least 3/5 of in_office"}},
    {**MEMBER_4, "values": {"from": "2026-01-01", "until": "2027-05-01"}},
]
DIFF = [
    '-quorum = { fraction = "1/3", minimum = 3 }   # ⌈21/3⌉ = 7 members (LBRL 46.2.c)',
    '+quorum = { fraction = "1/3", minimum = 3, of = "in_office", checked = "on_request"}'
    "   # ⌈21/3⌉ = 7 members (LBRL 46.2.c)",
    '+preset = "congreso"',
    '+majority = "more_than_half of cast"',
    '+ties = { rule = "repeat", rounds = 3, then = "casting_vote" }',
    '+proxies = "allowed"',
    "+max_proxies = 2",
    "+from = 2026-01-01",
    "+until = 2027-05-01",
    '+ties = "fails"',
    '+majority = "at_least 3/5 of in_office"',
]


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_the_rules_round_trip_keeping_the_hand_written_file(tmp_path: Path) -> None:
    """Every rule set through the page: only its lines change, every comment stays; the page
    reads back the preset's values with those written over them; undone, the file is as it was."""
    folder = sample_copy(tmp_path / "session", lines=0)
    original = (folder / "session.toml").read_text(encoding="utf-8")
    with editor(folder) as running:
        for change in CHANGES:
            status, answer = setup(running, change)
            assert status == 200, (change, answer)
        view = running.state()["session"]
        edited = (folder / "session.toml").read_text(encoding="utf-8")
        assert changed_lines(original, edited) == DIFF
        rules = view["session"]["rules"]
        # The preset's (congreso: more than half present), under the values written.
        assert rules["quorum"] == {
            "fraction": "1/3",
            "minimum": 3,
            "of": "in_office",
            "checked": "on_request",
        }
        assert rules["ties"] == {"rule": "repeat", "rounds": 3, "then": "casting_vote"}
        assert (rules["preset"], rules["proxies"], rules["max_proxies"]) == (
            "congreso",
            "allowed",
            2,
        )
        assert set(view["rules_written"]) == {
            "out_of_room", "quorum", "preset", "majority", "ties", "proxies", "max_proxies"
        }  # fmt: skip
        assert view["vocabularies"]["presets"]["congreso"]["ties"]["rounds"] == 3
        item = view["session"]["items"][8]
        assert (item["ties"], item["majority"]) == (
            {"rule": "fails", "rounds": 2, "then": "casting_vote"},
            "at_least 3/5 of in_office",
        )
        assert view["session"]["members"][3]["from"] == "2026-01-01"
        # No quorum at all, then back to the preset's; every value removed again.
        assert setup(running, rule("quorum", value="none"))[0] == 200
        assert running.state()["session"]["session"]["rules"]["quorum"]["fraction"] == "none"
        assert 'quorum = "none"   # ⌈21/3⌉' in (folder / "session.toml").read_text("utf-8")
        assert setup(running, rule("quorum", value=None))[0] == 200
        quorum = running.state()["session"]["session"]["rules"]["quorum"]
        assert (quorum["fraction"], quorum["minimum"]) == ("more_than_half", 1)
        removals = [
            rule("preset", value=None),
            rule("majority", value=None),
            {"op": "ties", "ties": None},
            rule("max_proxies", value=None),
            rule("proxies", value=None),
            {"op": "ties", "item": 8, "ties": None},
            {**ITEM_9, "values": {"majority": None}},
            {**MEMBER_4, "values": {"from": None, "until": None}},
        ]
        for change in removals:
            status, answer = setup(running, change)
            assert status == 200, (change, answer)
    edited = (folder / "session.toml").read_text(encoding="utf-8")
    # Removing a value removes its line, with the comment written at its end.
    assert changed_lines(original, edited) == [DIFF[0]]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    """The sample with its whole vote log (a tie decided by the mayor's casting vote on item 9)."""
    with editor(sample_copy(tmp_path_factory.mktemp("rules") / "session")) as running:
        yield running


REFUSED = {
    "an unknown preset": (
        rule("preset", value="politburo"),
        "session.toml: rules.preset: 'politburo' is not a preset: one of town_council, board, "
        "congreso, assemblee_nationale, us_senate, us_house",
    ),
    "a preset as a number": (
        rule("preset", value=7),
        "session.toml: rules.preset: expected a text in quotes, not a whole number (7)",
    ),
    "an unknown rule on ties": (
        {"op": "ties", "ties": {"rule": "coin_toss"}},
        "request: ties.rule: Input should be 'casting_vote', 'fails' or 'repeat'",
    ),
    "ties as a text": (
        {"op": "ties", "ties": "fails"},
        "request: ties: expected an object, not a text ('fails')",
    ),
    "a hundred rounds": (
        {"op": "ties", "ties": {"rule": "repeat", "rounds": 100}},
        "request: ties.rounds: Input should be less than or equal to 10",
    ),
    "rounds as true": (
        {"op": "ties", "ties": {"rule": "repeat", "rounds": True}},
        "request: ties.rounds: expected a whole number, not a boolean (true)",
    ),
    "a field more in ties": (
        {"op": "ties", "ties": {"rule": "fails", "chair": "m01"}},
        "request: ties.chair: unknown field",
    ),
    "rounds for a tie that fails": (
        {"op": "ties", "item": 0, "ties": {"rule": "fails", "rounds": 3}},
        "session.toml: items[0].ties: ties 'fails' takes no rounds",
    ),
    "ties of an item not there": (
        {"op": "ties", "item": 99, "ties": {"rule": "fails"}},
        "request: items[99]: there is no such entry (13 in all)",
    ),
    "ties on a request, which takes no vote": (
        {"op": "ties", "item": 12, "ties": {"rule": "fails"}},
        "session.toml: items[12]: a request takes no vote, so it has no rule on ties",
    ),
    "a quorum of half": (
        rule("quorum", value="half"),
        "session.toml: rules.quorum: 'half' is not a quorum: 'none' or a table such as "
        '{ fraction = "1/3", minimum = 3 }',
    ),
    "a quorum of three halves": (
        rule("quorum", "fraction", value="3/2"),
        "session.toml: rules.quorum.fraction: '3/2' is not a fraction between 0 and 1 such as "
        "'1/3', nor more_than_half",
    ),
    "a quorum of everyone": (
        rule("quorum", "of", value="everyone"),
        "session.toml: rules.quorum.of: Input should be 'legal' or 'in_office'",
    ),
    "a quorum checked never": (
        rule("quorum", "checked", value="never"),
        "session.toml: rules.quorum.checked: Input should be 'opening', 'every_vote' or "
        "'on_request'",
    ),
    "a negative minimum": (
        rule("quorum", "minimum", value=-1),
        "session.toml: rules.quorum.minimum: Input should be greater than or equal to 0",
    ),
    "proxies sometimes": (
        rule("proxies", value="sometimes"),
        "session.toml: rules.proxies: Input should be 'forbidden' or 'allowed'",
    ),
    "no proxy per holder": (
        rule("max_proxies", value=0),
        "session.toml: rules.max_proxies: Input should be greater than or equal to 1",
    ),
    "a majority of nobody": (
        rule("majority", value="more_than_half of nobody"),
        "session.toml: rules.majority: 'more_than_half of nobody' is not a majority: simple, "
        "absolute, two_thirds, a fraction of N such as 3/5, or 'THRESHOLD of BASE' with BASE "
        "one of present_voting, legal, in_office, cast, present",
    ),
    "an item's majority of a third": (
        {**ITEM_9, "values": {"majority": "at_least 1/3 of cast"}},
        "session.toml: items[8].majority: threshold 'at_least 1/3' is not more than half: both "
        "sides could reach it",
    ),
    "a mandate from yesterday": (
        {**MEMBER_4, "values": {"from": "yesterday"}},
        "session.toml: members[3].from: 'yesterday' is not a date such as 2026-10-29",
    ),
    "a mandate as an object": (
        {**MEMBER_4, "values": {"until": {"year": 2027}}},
        "request: values.until: expected a text, a number, true, false, null or a list of ids, "
        "not a table",
    ),
    "a mandate ending before it starts": (
        {**MEMBER_4, "values": {"from": "2026-01-01", "until": "2025-01-01"}},
        "session.toml: members[3]: member 'm04' leaves office (2025-01-01) before taking it",
    ),
    "a member who voted, out of office that day": (
        {**MEMBER_4, "values": {"until": "2026-10-28"}},
        "votes.jsonl line 4: member 'm04' is not in office on 2026-10-29",
    ),
    "a tie that fails where the mayor decided": (
        {"op": "ties", "item": 8, "ties": {"rule": "fails"}},
        "votes.jsonl line 318: casting_vote on item 9, where a tie fails (rules.ties): no "
        "casting vote",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_hostile_rule_is_refused_naming_the_field(running: Editor, case: str) -> None:
    change, message = REFUSED[case]
    folder = folder_of(running)
    written = files(folder)
    status, answer = setup(running, change)
    assert (status, answer["error"]) == (422, message)
    assert "\n" not in answer["error"]
    assert files(folder) == written


def test_a_stale_page_changing_the_rules_gets_409(running: Editor) -> None:
    """The page read the file before another change: its changes are refused, none written."""
    folder = folder_of(running)
    stale = running.state()["session_version"]
    assert setup(running, rule("max_duration_hours", value=12))[0] == 200
    written = files(folder)
    for change in (rule("preset", value="board"), {"op": "ties", "ties": {"rule": "fails"}}):
        status, answer = setup(running, change, version=stale)
        assert status == 409, answer
        assert answer["error"] == ("session.toml: has changed since this page last read it; reload")
    assert files(folder) == written
    assert setup(running, rule("max_duration_hours", value=None))[0] == 200
