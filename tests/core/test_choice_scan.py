"""No module reads a member's choice, an incident or a rule's flag but through the published view.

The scan (tests/core/choice_scan.py) reads the source of every module of videoacta, the core
included, but those in EXEMPT; each evasion a review found is fed to it here as a snippet.
"""

import pytest

from tests.core.choice_scan import ALLOWED, EXEMPT, PACKAGE, scanned_modules, trespasses

EVASIONS = [
    ("result.members", [".members"]),
    ("trail.final_choices()", [".final_choices"]),
    ('getattr(result, "members")', ["getattr 'members'"]),
    ('hasattr(result, "participants")', ["hasattr 'participants'"]),
    ('operator.attrgetter("casts")(trail)', ["attrgetter 'casts'"]),
    ('from operator import attrgetter as pick\npick("casts")(trail)', ["attrgetter 'casts'"]),
    ('read = getattr\nread(result, "members")', ["getattr as a value"]),
    ("getattr(result, name)", ["getattr of a name that is not a constant"]),
    ('result.model_dump()["members"]', ["['members']", "model_dump() of a whole model"]),
    ('dict(result)["groups"]', ["['groups']", "dict() of a whole model"]),
    ('vars(result)["changes"]', ["['changes']", "vars() of a whole model"]),
    ('result.__dict__["groups"]', ["['groups']", ".__dict__"]),
    (
        'dumped = result.model_dump()\ndumped.get("members")',
        ["model_dump() of a whole model", ".get('members')"],
    ),
    ("json_text(run.model_dump())", ["model_dump() of a whole model"]),
    ("json_text(run.tally.dict())", ["dict() of a whole model"]),
    ("asdict(record)", ["asdict() of a whole model"]),
    ("spec.in_camera", [".in_camera"]),
    ("spec.members_in_minutes", [".members_in_minutes"]),
    ('spec.model_dump()["in_camera"]', ["['in_camera']", "model_dump() of a whole model"]),
    ("proceedings.incidents", [".incidents"]),
    ('vote_type == "secret"', ['"secret"']),
    ("vote_type in (VoteType.SECRET,)", ["VoteType.SECRET"]),
    ("vote_type in {VoteType.NOMINAL, VoteType.SECRET}", ["VoteType.NOMINAL", "VoteType.SECRET"]),
    ("BALLOTS = frozenset({VoteType.SECRET})", ["VoteType.SECRET"]),
    ('getattr(VoteType, "SECRET")', ['"secret"', "VoteType as a value"]),
    ("match vote_type:\n    case VoteType.SECRET:\n        pass", ["VoteType.SECRET"]),
    ('match vote_type.value:\n    case "secret":\n        pass', ['"secret"']),
    ('spec.vote_type.value != "ordinary"', ["a vote type compared as 'ordinary'"]),
    (
        'vote_type.value not in ("ordinary", "nominal")',
        ["a vote type compared as 'nominal'", "a vote type compared as 'ordinary'"],
    ),
    ("match result:\n    case RoundResult(members=votes):\n        pass", ["case (members=)"]),
    # Secrecy tested by exclusion, and a vote type made from its name.
    (
        "vote_type not in (VoteType.ORDINARY, VoteType.NOMINAL)",
        ["VoteType.NOMINAL", "VoteType.ORDINARY"],
    ),
    ("vote_type != VoteType.ORDINARY", ["VoteType.ORDINARY"]),
    ("match vote_type:\n    case VoteType.NOMINAL:\n        pass", ["VoteType.NOMINAL"]),
    ("OPEN = (terms.VoteType.ORDINARY,)", ["VoteType.ORDINARY"]),
    (
        'vote_type is VoteType("nominal")',
        ["VoteType as a value", "a vote type compared as 'nominal'"],
    ),
    ("shown = [t for t in list(VoteType)]", ["VoteType as a value"]),
    ("from videoacta.core.terms import VoteType as V\nx is V.NOMINAL", ["VoteType.NOMINAL"]),
    # The secretary's view, which shows the items debated in camera.
    ("publication(s, p, t, audience=Audience.SECRETARY)", ["Audience.SECRETARY"]),
    ('publication(s, p, t, audience=Audience("secretary"))', ["Audience as a value"]),
    ("publication(s, p, t, audience=published.Audience.SECRETARY)", ["Audience.SECRETARY"]),
    ("from videoacta.core.published import Audience as A\nA.SECRETARY", ["Audience.SECRETARY"]),
    # Whole models dumped by pydantic's functions, copied into a dict, iterated over, made text.
    ("pydantic_core.to_jsonable_python(run)", ["to_jsonable_python() of a whole model"]),
    ("from pydantic_core import to_json\nto_json(run)", ["to_json() of a whole model"]),
    ("TypeAdapter(RoundResult).dump_python(r)", ["dump_python() of a whole model"]),
    ("TypeAdapter(Tally).dump_json(tally)", ["dump_json() of a whole model"]),
    ("dict(r.model_copy())", ["dict() of a whole model"]),
    ("{k: v for k, v in result}", ["iteration over result"]),
    ("for name, value in run.tally:\n    pass", ["iteration over run.tally"]),
    ("str(run.tally)", ["run.tally made text"]),
    ("repr(result)", ["result made text"]),
    ('f"{proceedings}"', ["proceedings made text"]),
    ('"{}".format(shown.count)', ["shown.count made text"]),
    # A raw event's choice.
    ("[event.choice for event in log.events]", [".choice"]),
    ('match dumped:\n    case {"groups": stands}:\n        pass', ["case {'groups': }"]),
]


@pytest.mark.parametrize(("source", "expected"), EVASIONS, ids=[s for s, _ in EVASIONS])
def test_the_scan_catches_each_evasion(source: str, expected: list[str]) -> None:
    found = [place.split(": ", 1)[1] for place in trespasses(source)]
    assert sorted(found) == sorted(expected)


def test_the_scan_names_the_line_of_each_place() -> None:
    source = """
def published(session, result):
    spec = session.item(result.item)
    names = [m.name for m in session.members]
    return result.vote_type is not VoteType.SECRET and not spec.in_camera and result.members
"""
    assert trespasses(source) == [
        "4: .members",
        "5: VoteType.SECRET",
        "5: .in_camera",
        "5: .members",
    ]


@pytest.mark.parametrize(
    "source",
    [
        'el("p", names, class_="secret")',  # a keyword's value names a thing, it tests nothing
        'event["participants"] = list(shown.took_part)',  # written into an output, not read
        '{"in_camera": not view.public(number)}',
        'labels("in_camera")',
        "dict(zip(names, parts, strict=True))",
        'getattr(font, "missing_glyphs", None)',
        "view.item(n).vote_type.value",
        "labels.vote_type[result.vote_type]",
        "{VoteType.ORDINARY: 'ordinary', VoteType.NOMINAL: 'nominal'}",
        "def words(vote_type: VoteType) -> dict[VoteType, str]:\n    pass",
        "publication(s, p, t, audience=Audience.PUBLIC)",
        "for low, high in ranges:\n    pass",
        'f"{result.number} {run.session.id}"',
        "str(count.total)",
        "view.public_incidents",
    ],
)
def test_the_scan_lets_through_what_reads_no_choice(source: str) -> None:
    assert trespasses(source) == []


def test_a_reviewed_dump_is_allowed_in_its_module_only() -> None:
    source = "json_text(index.model_dump(mode='json'))"
    assert trespasses(source, "media/index_stage.py") == []
    assert trespasses(source, "publish/popolo.py") == ["1: model_dump() of a whole model"]


def test_a_reviewed_line_is_allowed_in_its_module_and_as_written_only() -> None:
    line = "view = publication(session, run.proceedings, tally, audience=Audience.SECRETARY)"
    assert trespasses(f"def f():\n    {line}\n", "cli/report.py") == []
    assert trespasses(line, "publish/viewer/page.py") == ["1: Audience.SECRETARY"]
    changed = line.replace("tally,", "run.tally,")
    assert trespasses(changed, "cli/report.py") == ["1: Audience.SECRETARY"]


def test_every_exemption_and_allowed_place_is_still_needed() -> None:
    """An exempt module holds what the scan flags; without any one allowed call or line, its
    module is flagged there."""
    for module in EXEMPT:
        assert trespasses((PACKAGE / module).read_text(encoding="utf-8"), module), module
    for place in ALLOWED:
        module = place[0]
        source = (PACKAGE / module).read_text(encoding="utf-8")
        without = {p: why for p, why in ALLOWED.items() if p != place}
        assert trespasses(source, module, without) != trespasses(source, module), place


def test_the_output_modules_and_single_lines_are_no_longer_exempt() -> None:
    whole = {"labels/ca.py", "labels/es.py", "labels/en.py"}
    whole |= {"core/results.py", "core/terms.py", "inputs/csvlog.py"}
    assert not whole & set(EXEMPT)
    assert whole <= {module for module, _ in ALLOWED}


def test_the_scan_covers_every_layer_the_core_included() -> None:
    scanned = {m.relative_to(PACKAGE).as_posix() for m in scanned_modules()}
    layers = {module.split("/")[0] for module in scanned}
    assert {"core", "inputs", "document", "publish", "media", "cli", "pipeline.py"} <= layers
    assert {"core/video_index.py", "core/replay.py", "cli/report.py"} <= scanned
    assert not scanned & set(EXEMPT)


def test_no_module_reads_a_choice_or_a_rule_but_through_the_published_view() -> None:
    found = {}
    for module in scanned_modules():
        name = module.relative_to(PACKAGE).as_posix()
        if places := trespasses(module.read_text(encoding="utf-8"), name):
            found[name] = places
    assert found == {}
