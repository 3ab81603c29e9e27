"""The acta's CSV: the code (pure), the sede's settings and the key as hostile input, and the
code printed on every page of the sample acta, the same under the same key and content."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from tests.conftest import SAMPLE
from tests.system import require
from videoacta import pipeline
from videoacta.core import csv_code
from videoacta.core.csv_code import Sede
from videoacta.document.csv_stamp import CsvSettings, read_key
from videoacta.errors import InputError
from videoacta.inputs import session_folder

KEY = bytes(range(32))
URL = "https://seu.vilanova.example/csv?code={code}"


@pytest.mark.parametrize(
    ("content", "generation", "same"),
    [("abc", 0, True), ("abd", 0, False), ("abc", 1, False)],
)
def test_a_keyed_code_changes_only_with_content_or_generation(
    content: str, generation: int, same: bool
) -> None:
    first = csv_code.keyed_code(KEY, "abc", scope="s-1")
    again = csv_code.keyed_code(KEY, content, scope="s-1", generation=generation)
    assert (first == again) is same
    assert len(first) == 32
    assert set(first) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def test_a_code_is_printed_in_groups_and_read_back_as_typed() -> None:
    code = csv_code.random_code(bytes(range(20)))
    printed = csv_code.printed(code)
    assert printed == "AAAQ-EAYE-AUDA-OCAJ-BIFQ-YDIO-B4IB-CEQT"
    assert csv_code.normalised(f"  {printed.lower()} ") == code
    assert csv_code.normalised("AAAQ-EAYE") is None
    assert csv_code.lookup_name(code) == csv_code.lookup_name(csv_code.normalised(printed) or "")


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("https://seu.example/csv", "must hold {code} once"),
        ("https://seu.example/{code}/{code}", "must hold {code} once"),
        ("javascript:alert(1)//{code}", "not an http(s) address"),
        ("https://seu.example/csv?c={code} x", "not an http(s) address"),
        ("https://seu.example/csv?c={code}&x={y}", "not an http(s) address"),
    ],
)
def test_a_bad_verification_address_is_refused(url: str, error: str) -> None:
    with pytest.raises(ValidationError, match=error.replace("(", r"\(").replace(")", r"\)")):
        Sede(csv_url=url)


def test_a_bad_sede_in_session_toml_is_one_line_naming_the_field(tmp_path: Path) -> None:
    folder = _session_with_sede(tmp_path, "https://seu.example/csv")
    with pytest.raises(InputError) as raised:
        session_folder.load_session(folder)
    message = str(raised.value)
    assert "sede" in message
    assert "csv_url" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (b"not hex at all", "a CSV key is hex digits"),
        (b"ab" * 16, "64 to 4000 hex digits"),
        (b"\xff\xfe", "a CSV key is hex digits"),
    ],
)
def test_a_bad_key_file_is_refused_without_showing_it(
    tmp_path: Path, text: bytes, error: str
) -> None:
    path = tmp_path / "csv.key"
    path.write_bytes(text)
    with pytest.raises(InputError, match=error) as raised:
        read_key(path)
    assert str(path) in str(raised.value)
    assert "not hex" not in str(raised.value).split(":", 1)[1]


def test_a_key_file_is_read(tmp_path: Path) -> None:
    assert read_key(_key_file(tmp_path)) == KEY


def test_the_code_is_on_every_page_and_the_same_under_the_same_key(
    sample_index: Path, tmp_path: Path
) -> None:
    session = _session_with_sede(tmp_path, URL)
    settings = CsvSettings(key=KEY)
    first = _render(session, sample_index, tmp_path / "a", settings)
    again = _render(session, sample_index, tmp_path / "b", settings)
    renewed = _render(session, sample_index, tmp_path / "c", CsvSettings(key=KEY, generation=1))
    unkeyed = _render(session, sample_index, tmp_path / "d", CsvSettings())
    assert first == again
    assert len({first, renewed, unkeyed}) == 3
    pdf = tmp_path / "a" / "acta.pdf"
    pages = len(PdfReader(pdf).pages)
    assert pages >= 8
    printed = csv_code.printed(first)
    for page in range(1, pages + 1):
        text = subprocess.run(
            [require("pdftotext"), "-f", str(page), "-l", str(page), str(pdf), "-"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        assert f"CSV: {printed}" in text, f"page {page}"
        assert "Verificable a" in text


def test_without_a_sede_there_is_no_csv(rendered_sample: Path) -> None:
    manifest = json.loads((rendered_sample / "manifest.json").read_text())
    assert manifest["csv"] is None


def _render(session: Path, index: Path, folder: Path, settings: CsvSettings) -> str:
    """Render the acta into a copy of the index folder; the code its manifest records."""
    shutil.copytree(index, folder)
    pipeline.run_render(session, folder, csv=settings)
    manifest = json.loads((folder / "manifest.json").read_text())
    csv = manifest["csv"]
    assert csv["url"] == URL.replace("{code}", csv["code"])
    assert csv["regulation"] == "Decret 12/2024"
    return str(csv["code"])


def _session_with_sede(tmp_path: Path, url: str) -> Path:
    folder = tmp_path / "session"
    shutil.copytree(SAMPLE, folder)
    with (folder / "session.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'\n[sede]\ncsv_url = "{url}"\ncsv_regulation = "Decret 12/2024"\n')
    return folder


def _key_file(folder: Path) -> Path:
    path = folder / "csv.key"
    path.write_text(KEY.hex() + "\n")
    return path
