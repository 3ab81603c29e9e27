"""acta.pdf of the sample session: every section's facts, links, pages, attachments, PDF/A."""

import datetime as dt
import io
import json
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from tests.acta_sample import synthetic_index
from tests.builders import Log, session_data
from tests.conftest import SAMPLE
from tests.system import require
from videoacta.core.replay import replay
from videoacta.core.session import Session
from videoacta.core.tally import TallyRun, tally
from videoacta.core.terms import Language
from videoacta.core.video_index import Index
from videoacta.document import pdfa
from videoacta.document.writer import render_acta
from videoacta.errors import InputError
from videoacta.inputs.session_folder import load_session
from videoacta.labels import formatting as fmt
from videoacta.signing.pdf_signing import FIELDS

ATTACHED = ("manifest.json", "index.json", "votes.popolo.json", "votes.csv")


@dataclass(frozen=True)
class Acta:
    folder: Path
    pdf: Path
    reader: PdfReader
    pages: list[str]
    index: Index

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.pages).split())


def read(folder: Path) -> Acta:
    reader = PdfReader(folder / "acta.pdf")
    pages = [page.extract_text() for page in reader.pages]
    index = Index.model_validate_json((folder / "index.json").read_bytes())
    return Acta(folder, folder / "acta.pdf", reader, pages, index)


@pytest.fixture(scope="module")
def acta(rendered_sample: Path) -> Acta:
    return read(rendered_sample)


def test_heading_block(acta: Acta) -> None:
    for fact in (
        "AJUNTAMENT DE VILANOVA DE L'ESTANY",
        "Acta de la sessió ordinària núm. 10/2026",
        "dijous, 29 d'octubre de 2026",
        "Sessió Ordinària, núm. 10/2026",
        "Convocatòria Primera convocatòria",
        "Modalitat Mixta, presencial i a distància",
        "Sala de Plens de la Casa de la Vila, plaça de la Vila, 1, Vilanova de l'Estany",
        "Horari de 19:00:05 a 19:05:40",
    ):
        assert fact in acta.text, fact


def test_attendance_and_quorum(acta: Acta) -> None:
    for fact in (
        "Presideix Núria Soler i Bosch, Alcaldessa (Veïns per Vilanova i l'Estany)",
        "Secretaria Montserrat Puigdollers i Ferrer, Secretària general",
        "Intervenció Jordi Casals i Vidal, Interventor municipal",
        "Membres presents (19)",
        "Marta Espinàs i Coll Acord Ciutadà per l'Estany a distància",
        "Guillem Ribó i Sanromà Veïns per Vilanova i l'Estany presencial surt a les 19:03:59; "
        "torna a les 19:05:14",
        "Han excusat l'assistència Bernat Colomer i Ventura (Independents de la Riera)",
        "Absents sense excusa Cèlia Ferran i Nadal (Endavant Vilanova - Alternativa Municipal)",
        "Necessari: 7 membres (1/3 dels 21 membres de dret, com a mínim 3)",
        "A l'obertura: 19 membres presents — es compleix.",
        "Mínim en una votació: 18 membres presents (punt 9) — es compleix.",
    ):
        assert fact in acta.text, fact


def _agenda(acta: Acta) -> str:
    return next(page for page in acta.pages if "Ordre del dia" in page and "Pàg." in page)


def _flat(outline: list[Any]) -> list[Any]:
    """The bookmarks at every depth (the items' are under the agenda's), in order."""
    return [e for entry in outline for e in (_flat(entry) if isinstance(entry, list) else [entry])]


def test_agenda_gives_each_item_its_span_and_the_page_of_its_section(acta: Acta) -> None:
    agenda = _agenda(acta)
    outline = {entry["/Title"]: entry for entry in _flat(acta.reader.outline) if "/Title" in entry}
    for item in acta.index.items:
        assert item.start is not None
        assert item.end is not None
        span = fmt.span(fmt.offset(item.start), fmt.offset(item.end))
        match = re.search(re.escape(span) + r"\s.*?(\d+)\n", agenda + "\n", re.S)
        assert match, item.number
        page = int(match.group(1))
        entry = outline[f"{item.number}. {item.title}"]
        assert acta.reader.get_destination_page_number(entry) + 1 == page
        heading = " ".join(f"{item.number}. {item.title}".split())
        assert heading in " ".join(acta.pages[page - 1].split())


def test_agenda_and_interventions_link_into_the_recording(acta: Acta) -> None:
    uris = set()
    for page in acta.reader.pages:
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                uris.add(str(action["/URI"]))
    for item in acta.index.items:
        assert item.start is not None
        assert f"recording.mp4#t={fmt.fragment(item.start)}" in uris
    for speech in (s for s in acta.index.interventions if s.item is not None):
        assert f"recording.mp4#t={fmt.fragment(speech.start)}" in uris
    assert all(uri.startswith("recording.mp4#t=") for uri in uris)


def test_votes(acta: Acta) -> None:
    for fact in (
        "majoria simple: més vots a favor que en contra — assolida",
        "majoria absoluta del nombre legal de membres: 11 vots — assolida",
        "majoria de dos terços del nombre de fet de membres i absoluta del nombre legal: 14 vots",
        "19 membres presents (calen 7) — es compleix",
        "Sibil·la Ollé i Terricabras: de «en contra» a «abstenció» a les 19:00:55",
        "Votació repetida per empat (ROF 100.2)",
        "Vot de qualitat de la presidència (ROF 100.2): a favor.",
        "Resultat: Aprovat amb el vot de qualitat",
        "Votació reoberta: Incidència del sistema de votació electrònica",
        "Resultat: Rebutjat",
        "Votació nominal: crida per ordre alfabètic, la presidència en darrer lloc (ROF 101).",
        "Retirat de l'ordre del dia. Motiu: Retirada pel grup proposant",
        "Punt de la part de control: sense votació.",
    ):
        assert fact in acta.text, fact


def test_nominal_vote_calls_members_alphabetically_the_chair_last(acta: Acta) -> None:
    section = acta.text.split("10. Moció del grup municipal d'Endavant")[-1]
    table = section.split("Vot de cada membre")[1].split("Resultat:")[0]
    session = load_session(SAMPLE)
    called = sorted((m.name for m in session.members), key=table.index)
    assert called[-1] == "Núria Soler i Bosch"  # the chair
    assert called[:-1] == sorted(called[:-1], key=_plain)


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def test_incidents(acta: Acta) -> None:
    for fact in (
        "Josep Maria Canyellas i Font s'absté i surt de la sala per conflicte d'interès: "
        "El seu germà és administrador de Promocions Estany Nord, SL (LBRL 76)",
        "Entre els punts 5 i 6",
        "19:02:40 — Recés fins a les 19:03:10: A petició del grup d'Acord Ciutadà",
        "19:03:59 — Guillem Ribó i Sanromà surt de la sessió: Un assumpte familiar urgent",
        "19:05:14 — Guillem Ribó i Sanromà s'incorpora a la sessió",
        "Obertura de la sessió 19:00:06 — Intervenció de Núria Soler i Bosch",
    ):
        assert fact in acta.text, fact


def test_integrity_block(acta: Acta) -> None:
    for part in acta.index.parts:
        assert f": {part.file}" in acta.text
        assert part.sha256 in acta.text
        assert fmt.size(part.size, _ca()) in acta.text
    assert acta.index.recording is not None
    assert acta.index.recording.sha256 in acta.text
    assert "Font de l'hora d'inici fitxer de la sessió (session.toml)" in acta.text
    assert "Inici 19:03:10" in acta.text
    assert "Final 19:05:50" in acta.text


def _ca() -> fmt.Formats:
    from videoacta.core.terms import Language
    from videoacta.labels import labels

    return labels(Language.CA).formats


def test_attachments_are_the_files_beside_the_pdf(acta: Acta) -> None:
    attached = pdfa.attachments(acta.pdf.read_bytes())
    assert set(attached) == set(ATTACHED)
    for name in ATTACHED:
        assert attached[name] == (acta.folder / name).read_bytes(), name
    relationships = {
        str(spec.get_object()["/F"]): str(spec.get_object()["/AFRelationship"])
        for spec in acta.reader.trailer["/Root"]["/AF"]
    }
    assert relationships == {
        "manifest.json": "/Data",
        "index.json": "/Source",
        "votes.popolo.json": "/Data",
        "votes.csv": "/Data",
    }
    for name in ATTACHED[2:]:
        digest = pdfa.Attachment(
            name=name, data=attached[name], mime="", relationship="", description=""
        ).sha256
        assert digest in acta.text


def test_manifest_lists_every_other_file_and_the_parts(acta: Acta) -> None:
    manifest = json.loads((acta.folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"] for entry in manifest["files"]}
    on_disk = {p.relative_to(acta.folder).as_posix() for p in acta.folder.rglob("*") if p.is_file()}
    assert listed == on_disk - {"acta.pdf", "manifest.json"}
    assert [p["file"] for p in manifest["recording_parts"]] == [p.file for p in acta.index.parts]


def test_pdfa_3a_and_pdfua_1_metadata_in_agreement(acta: Acta) -> None:
    data = acta.pdf.read_bytes()
    assert data.startswith(b"%PDF-1.7\n")
    root = acta.reader.trailer["/Root"]
    assert root["/Lang"] == "ca"
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    for fragment in (
        "<pdfaid:part>3</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>",
        "Acta de la sessió ordinària núm. 10/2026",
        "<rdf:li>Ajuntament de Vilanova de l'Estany</rdf:li>",
        "<rdf:li>ca</rdf:li>",
        "<xmp:CreateDate>2026-10-29T19:05:40+01:00</xmp:CreateDate>",
    ):
        assert fragment in xmp, fragment
    info = acta.reader.trailer["/Info"].get_object()
    assert info["/Title"] == "Acta de la sessió ordinària núm. 10/2026"
    assert f"<rdf:li>{info['/Author']}</rdf:li>" in xmp
    assert f">{info['/Subject']}</rdf:li>" in xmp
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261029190540+01'00'"
    assert "/Producer" not in info  # a signature sets it, as it sets the XMP's (tests/test_build)
    assert f"<xmp:CreatorTool>{info['/Creator']}</xmp:CreatorTool>" in xmp


def test_fonts_are_embedded(acta: Acta) -> None:
    for page in acta.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_annotations_are_indirect_objects(acta: Acta) -> None:
    for page in acta.reader.pages:
        annotations = page.get("/Annots")
        if annotations is not None:
            assert all(isinstance(a, IndirectObject) for a in annotations.get_object())


def test_two_empty_signature_fields_on_the_last_page(acta: Acta) -> None:
    fields = acta.reader.trailer["/Root"]["/AcroForm"]["/Fields"]
    found = {}
    for field in fields:
        widget = field.get_object()
        assert widget["/FT"] == "/Sig"
        assert "/V" not in widget
        assert widget["/F"] == 4
        assert "/N" in widget["/AP"]
        found[str(widget["/T"])] = widget["/P"].get_object()
    assert set(found) == {"Signature_Secretary", "Signature_Chair"} == set(FIELDS.values())
    last = acta.reader.pages[-1]
    assert all(page.indirect_reference == last.indirect_reference for page in found.values())
    assert "Ho certifica" in acta.pages[-1]
    assert "Vist i plau" in acta.pages[-1]


def test_page_numbers_and_running_header(acta: Acta) -> None:
    total = len(acta.pages)
    for number, text in enumerate(acta.pages, start=1):
        assert f"{number} / {total}" in text
        if number > 1:
            assert text.startswith("Ajuntament de Vilanova de l'Estany Acta de la sessió")
            assert "29 d'octubre de 2026" in text.splitlines()[0]


@pytest.fixture
def qpdf() -> str:
    return require("qpdf")


def test_qpdf_finds_no_error(acta: Acta, qpdf: str) -> None:
    done = subprocess.run([qpdf, "--check", str(acta.pdf)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors" in done.stdout


def test_every_page_renders(acta: Acta, tmp_path: Path) -> None:
    tool = require("pdftoppm")
    done = subprocess.run(
        [tool, "-png", "-r", "30", str(acta.pdf), str(tmp_path / "page")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(acta.pages)
    assert all(image.stat().st_size > 1000 for image in images)


GREEK, CYRILLIC = "Σωκράτης Παπαδόπουλος", "Пётр Ильич Чайковский"
XML_HOSTILE = 'Ajuntament <x:a> & "Cal" \'Pi\' ]]> <?xpacket end="w"?> <!-- --'


def _render(session: Session) -> bytes:
    log = Log().opened(["m1", "m2", "m3"]).add("item_opened", item=1)
    log.vote(1, {"m1": "yes", "m2": "yes", "m3": "no"})
    log.add("item_closed", item=1).add("session_closed")
    proceedings = replay(session, log.log())
    run = TallyRun(session=session, proceedings=proceedings, tally=tally(session, proceedings))
    return render_acta(run, synthetic_index(run), language=Language.CA, attachments=()).data


def _hostile_session() -> Session:
    data = session_data(members=3)
    data["members"][1]["name"], data["members"][2]["name"] = GREEK, CYRILLIC
    data["body"]["name"] = XML_HOSTILE
    data["number"] = "10/2026 <b>&amp;</b>"
    data["items"][0]["title"] = "Moció <script>]]> &"
    return Session.model_validate(data)


def test_greek_and_cyrillic_names_are_drawn_in_the_acta() -> None:
    reader = PdfReader(io.BytesIO(_render(_hostile_session())))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert GREEK in text
    assert CYRILLIC in text


def test_the_xmp_is_well_formed_and_holds_the_text_as_given() -> None:
    reader = PdfReader(io.BytesIO(_render(_hostile_session())))
    packet = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    root = ElementTree.fromstring(packet)
    texts = [element.text for element in root.iter() if element.text]
    assert XML_HOSTILE in texts
    assert any("10/2026 <b>&amp;</b>" in t for t in texts)


@pytest.mark.parametrize(
    "hostile",
    ["\x00\x01\x07\x0b\x1b\x7f\x85", "a\r\nb\u2028", "\ud800\udfff\ufffe\uffff", "]]><!--<?x?>&"],
    ids=["controls", "line breaks", "not XML at all", "markup"],
)
def test_xmp_is_well_formed_whatever_the_metadata(hostile: str) -> None:
    """The XMP writer on its own, with text the input rules refuse: it still parses."""
    meta = pdfa.Metadata(
        title=hostile,
        author=hostile,
        subject=hostile,
        language=hostile,
        created=dt.datetime(2026, 10, 29, 19, tzinfo=dt.UTC),
        tool=hostile,
    )
    packet = pdfa.xmp(meta).encode("utf-8", errors="strict")
    root = ElementTree.fromstring(packet)
    items = [
        li for li in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li") if not len(li)
    ]
    assert len(items) == 4  # title, creator, description, language
    assert all((item.text or "").replace(" ", "").isprintable() for item in items)


def test_a_character_the_font_lacks_is_never_dropped_silently() -> None:
    """Text that skipped the input rules (a model built in code) still cannot lose a glyph."""
    session = _hostile_session()
    members = (*session.members[:2], session.members[2].model_copy(update={"name": "山田"}))
    with pytest.raises(InputError) as raised:
        _render(session.model_copy(update={"members": members}))
    assert str(raised.value) == "acta.pdf: character '山' (U+5C71) cannot be printed in the acta"
