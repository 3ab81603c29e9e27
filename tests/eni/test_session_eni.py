"""`[eni]` of session.toml: refused with one line naming the field; recorded in the manifest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.builders import session_data, write_folder
from tests.inputs.test_inputs import base_log
from videoacta.cli import cli
from videoacta.core.eni import Eni, EniRecord, eni_record, specific_id
from videoacta.errors import ExitCode

GOOD = {"organ": "L01089990", "classification": "2012345"}
FAULTS = [
    ("short DIR3", {**GOOD, "organ": "L0108999"},
     "eni.organ: 'L0108999' is not a DIR3 code: 9 capital letters or digits"),
    ("lower-case DIR3", {**GOOD, "organ": "l01089990"},
     "eni.organ: 'l01089990' is not a DIR3 code: 9 capital letters or digits"),
    ("no classification", {"organ": "L01089990"}, "eni.classification: missing"),
    ("bad classification", {**GOOD, "classification": "SIA 12"},
     "eni.classification: 'SIA 12' is not a procedure code: SIA digits, or "
     "<DIR3>_PRO_<letters/digits>"),
    ("identifier of 29", {**GOOD, "identifier": "ES_L01089990_2026_" + "A" * 29},
     f"eni.identifier: 'ES_L01089990_2026_{'A' * 29}' is not an ENI identifier "
     "ES_<DIR3>_<year>_<30 letters or digits>"),
    ("identifier of another organ", {**GOOD, "identifier": "ES_L01000000_2026_" + "A" * 30},
     "eni: identifier: its organ L01000000 is not L01089990"),
    ("unknown key", {**GOOD, "dir3": "x"}, "eni.dir3: unknown field"),
    ("a number", {**GOOD, "organ": 108999},
     "eni.organ: expected a text in quotes, not a whole number (108999)"),
]  # fmt: skip


@pytest.mark.parametrize(("eni", "message"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_a_bad_eni_table_is_one_line(tmp_path: Path, eni: dict[str, object], message: str) -> None:
    data = {**session_data(), "eni": eni}
    result = CliRunner().invoke(cli, ["tally", str(write_folder(tmp_path / "s", data, base_log()))])
    assert result.stderr == f"Error: session.toml: {message}\n"
    assert result.exit_code == ExitCode.INPUT


def test_a_good_eni_table_is_read(tmp_path: Path) -> None:
    data = {**session_data(), "eni": GOOD}
    result = CliRunner().invoke(cli, ["tally", str(write_folder(tmp_path / "s", data, base_log()))])
    assert result.exit_code == 0, result.stderr


def test_the_schema_names_the_eni_table() -> None:
    from videoacta.core.schemas import session_schema

    schema = session_schema()
    assert "eni" in schema["properties"]
    assert set(schema["$defs"]["Eni"]["required"]) == {"organ", "classification"}


def test_a_generated_identifier_is_stable_and_30_characters() -> None:
    record = eni_record(
        Eni(**GOOD), session_id="2026-10-29-ple-ordinari", date=dt.date(2026, 10, 29),
        timezone="Europe/Madrid",
    )  # fmt: skip
    assert record.opened.isoformat() == "2026-10-29T00:00:00+01:00"
    first = record.document_id(2027)
    assert first == record.document_id(2027)
    assert first.startswith("ES_L01089990_2027_20261029PLEORDINA")
    assert len(first.split("_")[3]) == 30
    assert record.document_id(2027, "recording.mp4") != first
    assert record.expediente_id() == f"ES_L01089990_2026_EXP_{specific_id(record.session_id)}"
    # two ids that differ only by punctuation get different identifiers
    assert specific_id("2026-10-29-ple") != specific_id("2026.10.29.ple")


def test_a_given_identifier_is_kept() -> None:
    given = "ES_L01089990_2026_" + "ACTA" + "0" * 26
    record = EniRecord(**GOOD, identifier=given, session_id="s", opened=dt.datetime(2026, 1, 1))
    assert record.document_id(2026) == given


def test_the_build_records_eni_in_the_manifest() -> None:
    from videoacta.core.session import Session
    from videoacta.pipeline import _eni

    session = Session.model_validate({**session_data(), "eni": GOOD})
    record = _eni(session)
    assert record is not None
    assert (record.organ, record.classification, record.session_id) == (
        "L01089990", "2012345", session.id,
    )  # fmt: skip
    assert record.opened.date() == session.date
    assert _eni(Session.model_validate(session_data())) is None
