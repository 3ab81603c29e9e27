"""A majority written as "THRESHOLD of BASE" reads in words in every language: the label
function one line a case and language, and the sample acta (its PDF through pdftotext) and
viewer page with such a majority on one item."""

import html
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.system import require
from videoacta import pipeline
from videoacta.core.results import Requirement
from videoacta.core.tally import TallyRun
from videoacta.core.terms import Language
from videoacta.core.video_index import Index
from videoacta.document import writer
from videoacta.labels import labels, wording
from videoacta.labels.conditions import spelled
from videoacta.publish.viewer import render_viewer

CA, ES, EN, GL, EU = Language.CA, Language.ES, Language.EN, Language.GL, Language.EU

# fmt: off
# majority as session.toml writes it, language, words
SPELLED = [
    ("more_than_half of cast", CA, "més de la meitat dels vots emesos"),
    ("more_than_half of cast", ES, "más de la mitad de los votos emitidos"),
    ("more_than_half of cast", EN, "more than half of the votes cast"),
    ("more_than_half of cast", GL, "máis da metade dos votos emitidos"),
    ("more_than_half of cast", EU, "emandako botoen erdia baino gehiago"),
    ("3/5 of legal", CA, "almenys 3/5 del nombre legal de membres"),
    ("3/5 of legal", ES, "al menos 3/5 del número legal de miembros"),
    ("3/5 of legal", EN, "at least 3/5 of the legal number of members"),
    ("3/5 of legal", GL, "polo menos 3/5 do número legal de membros"),
    ("3/5 of legal", EU, "legezko kide kopuruaren gutxienez 3/5"),
    ("at_least 2/3 of in_office", CA, "almenys 2/3 del nombre de fet de membres"),
    ("at_least 2/3 of in_office", ES, "al menos 2/3 del número de hecho de miembros"),
    ("at_least 2/3 of in_office", EN, "at least 2/3 of the members in office"),
    ("at_least 2/3 of in_office", GL, "polo menos 2/3 do número de feito de membros"),
    ("at_least 2/3 of in_office", EU, "egitatezko kide kopuruaren gutxienez 2/3"),
    ("more_than 2/3 of present", CA, "més de 2/3 dels membres presents"),
    ("more_than 2/3 of present", ES, "más de 2/3 de los miembros presentes"),
    ("more_than 2/3 of present", EN, "more than 2/3 of the members present"),
    ("more_than 2/3 of present", GL, "máis de 2/3 dos membros presentes"),
    ("more_than 2/3 of present", EU, "bertaratutako kideen 2/3 baino gehiago"),
    ("more_than_half of present_voting", CA, "més de la meitat dels vots a favor i en contra"),
    ("more_than_half of present_voting", ES,
     "más de la mitad de los votos a favor y en contra"),
    ("more_than_half of present_voting", EN, "more than half of the yes and no votes"),
    ("more_than_half of present_voting", GL, "máis da metade dos votos a favor e en contra"),
    ("more_than_half of present_voting", EU, "aldeko eta kontrako botoen erdia baino gehiago"),
    ("at_least 3/5 of legal and more_than_half of in_office", CA,
     "almenys 3/5 del nombre legal de membres i més de la meitat del nombre de fet de membres"),
    ("at_least 3/5 of legal and more_than_half of in_office", ES,
     "al menos 3/5 del número legal de miembros y más de la mitad del número de hecho de "
     "miembros"),
    ("at_least 3/5 of legal and more_than_half of in_office", EN,
     "at least 3/5 of the legal number of members and more than half of the members in office"),
    ("at_least 3/5 of legal and more_than_half of in_office", GL,
     "polo menos 3/5 do número legal de membros e máis da metade do número de feito de membros"),
    ("at_least 3/5 of legal and more_than_half of in_office", EU,
     "legezko kide kopuruaren gutxienez 3/5 eta egitatezko kide kopuruaren erdia baino gehiago"),
]
# fmt: on


@pytest.mark.parametrize(
    ("majority", "language", "words"),
    [pytest.param(*row, id=f"{row[0]}-{row[1].value}") for row in SPELLED],
)
def test_a_majority_in_words(majority: str, language: Language, words: str) -> None:
    assert spelled(language, majority) == words


def test_the_requirement_line_words_the_majority() -> None:
    requirement = Requirement(
        majority="more_than_half of cast", threshold=9.5, basis=19, reached=True
    )
    assert wording.majority(labels(EN), requirement) == (
        "more than half of the votes cast: 10 votes — reached"
    )
    assert wording.majority(labels(CA), requirement, final=False) == (
        "més de la meitat dels vots emesos: 10 vots"
    )


ITEM_3 = 'majority = "absolute"             # LBRL 47.2.ll'
CUSTOM = "more_than_half of legal"  # item 3: 11 yes of 21, as the absolute majority


@pytest.fixture(scope="module")
def custom_run(tmp_path_factory: pytest.TempPathFactory) -> TallyRun:
    folder = tmp_path_factory.mktemp("custom-majority") / "session"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("recording"))
    toml = folder / "session.toml"
    text = toml.read_text("utf-8")
    assert ITEM_3 in text
    toml.write_text(text.replace(ITEM_3, f'majority = "{CUSTOM}" #'), "utf-8")
    return pipeline.run_tally(folder)


@pytest.mark.parametrize(
    ("language", "line"),
    [
        (CA, "més de la meitat del nombre legal de membres: 11 vots — assolida"),
        (EN, "more than half of the legal number of members: 11 votes — reached"),
    ],
)
def test_the_acta_pdf_words_a_custom_majority(
    custom_run: TallyRun,
    sample_index: Path,
    tmp_path: Path,
    language: Language,
    line: str,
) -> None:
    pdftotext = require("pdftotext")
    index = Index.model_validate_json((sample_index / "index.json").read_bytes())
    pdf = tmp_path / "acta.pdf"
    pdf.write_bytes(writer.render_acta(custom_run, index, language=language, attachments=()).data)
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True)
    assert line in " ".join(text.stdout.split())
    assert CUSTOM not in text.stdout


def test_the_viewer_words_a_custom_majority(custom_run: TallyRun, sample_index: Path) -> None:
    index = Index.model_validate_json((sample_index / "index.json").read_bytes())
    page = html.unescape(render_viewer(run=custom_run, index=index))
    assert "Més de la meitat del nombre legal de membres" in page  # the session's language
    for language in (ES, EN, GL, EU):  # and the others, for the language switch
        words = spelled(language, CUSTOM)
        assert words[:1].upper() + words[1:] in page
    assert CUSTOM not in page
