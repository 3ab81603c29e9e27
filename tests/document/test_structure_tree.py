"""acta.pdf is tagged for PDF/UA-1: the structure tree checked by tests/document/structure.py on
the sample acta, and the check itself shown to catch a file that breaks each rule."""

from pathlib import Path

import pikepdf
import pytest

from tests.document.structure import problems, walk


@pytest.fixture(scope="module")
def tagged(rendered_sample: Path) -> pikepdf.Pdf:
    return pikepdf.open(rendered_sample / "acta.pdf")


def test_the_sample_acta_has_no_tagging_problem(tagged: pikepdf.Pdf) -> None:
    assert problems(tagged) == []


def test_every_table_has_header_cells_with_a_scope(tagged: pikepdf.Pdf) -> None:
    tables = [n for n in _roles(tagged) if n == "/Table"]
    headers = [n for n in _roles(tagged) if n == "/TH"]
    assert len(tables) >= 10
    assert len(headers) >= 3 * len(tables)


def _roles(pdf: pikepdf.Pdf) -> list[str]:
    return [node.role for node in walk(pdf)]


@pytest.fixture
def acta(rendered_sample: Path) -> Path:
    return rendered_sample / "acta.pdf"


def _broken(acta: Path) -> pikepdf.Pdf:
    """A copy of the sample acta in memory, to break."""
    return pikepdf.open(acta)


def test_the_check_catches_a_table_without_header_cells(acta: Path) -> None:
    pdf = _broken(acta)
    for node in walk(pdf):
        if node.role == "/TH":
            node.element.S = pikepdf.Name.TD
    found = problems(pdf)
    assert found
    assert all("no header row of TH cells" in line for line in found)


def test_the_check_catches_a_th_without_scope(acta: Path) -> None:
    pdf = _broken(acta)
    header = next(node.element for node in walk(pdf) if node.role == "/TH")
    del header.A
    assert any("a TH without /Scope" in line for line in problems(pdf))


def test_the_check_catches_untagged_content_and_a_skipped_heading(acta: Path) -> None:
    pdf = _broken(acta)
    nodes = walk(pdf)
    second = next(n.element for n in nodes if n.role == "/H2")
    second.S = pikepdf.Name.H4
    paragraph = next(n.element for n in nodes if n.marks)
    paragraph.K = pikepdf.Array()
    found = problems(pdf)
    assert any("H1 then H4" in line for line in found), found
    assert any("is in no structure element" in line for line in found), found


def test_the_check_catches_a_missing_language_and_untitled_widgets(acta: Path) -> None:
    pdf = _broken(acta)
    del pdf.Root.Lang
    for field in pdf.Root.AcroForm.Fields:
        del field.TU
    found = problems(pdf)
    assert "catalog: no /Lang" in found
    assert sum("without /TU" in line for line in found) == 2


def test_the_check_catches_headings_read_out_of_painted_order(acta: Path) -> None:
    pdf = _broken(acta)
    document = pdf.Root.StructTreeRoot.K[0]
    kids = list(document.K)
    headings = [n for n, kid in enumerate(kids) if str(kid.get("/S")) in ("/H1", "/H2")]
    first, last = headings[1], headings[-1]
    kids[first], kids[last] = kids[last], kids[first]
    document.K = pikepdf.Array(kids)
    assert walk(pdf)
    assert any("not the painted order" in line for line in problems(pdf))
