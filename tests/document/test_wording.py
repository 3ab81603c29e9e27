"""The acta reads the way a secretary writes it: one test a wording rule, on the text of the
sample acta in ca, es and en, and the label functions that make it."""

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import SAMPLE
from videoacta import pipeline
from videoacta.core.identity import Role
from videoacta.core.proceedings import RoundReason
from videoacta.core.results import Requirement, Result
from videoacta.core.session import Session
from videoacta.core.terms import Language, VoteType
from videoacta.core.video_index import Index
from videoacta.document import writer
from videoacta.labels import labels, media, wording
from videoacta.signing import stamp

WORDS = {
    Language.CA: {
        "majority": "majoria absoluta del nombre legal de membres: 11 vots — assolida",
        "elected": "Resultat: Candidatura escollida",
        "repeated": "Votació repetida per empat (ROF 100.2)",
        "reopened": "Votació reoberta: Incidència del sistema de votació electrònica",
        "office": "Montserrat Puigdollers i Ferrer Secretària general",
        "comptroller": "Jordi Casals i Vidal Interventor municipal",
        "chair": "Núria Soler i Bosch Alcaldessa",
        "format": "MP4 (vídeo H.264 320\u00d7180, àudio AAC)",
        "withdrawn": "Moció Al vídeo",
        "no_vote": "Sense votació",
        "vote_kind": "Elecció · votació secreta",
    },
    Language.ES: {
        "majority": "mayoría absoluta del número legal de miembros: 11 votos — alcanzada",
        "elected": "Resultado: Candidatura elegida",
        "repeated": "Votación repetida por empate (ROF 100.2)",
        "reopened": "Votación reabierta: Incidència del sistema de votació electrònica",
        "office": "Montserrat Puigdollers i Ferrer Secretària general",
        "comptroller": "Jordi Casals i Vidal Interventor municipal",
        "chair": "Núria Soler i Bosch Alcaldessa",
        "format": "MP4 (vídeo H.264 320\u00d7180, audio AAC)",
        "withdrawn": "Moción En el vídeo",
        "no_vote": "Sin votación",
        "vote_kind": "Elección · votación secreta",
    },
    Language.EN: {
        "majority": "absolute majority of the legal number of members: 11 votes — reached",
        "elected": "Result: Candidate elected",
        "repeated": "Vote repeated after a tie (ROF 100.2)",
        "reopened": "Vote reopened: Incidència del sistema de votació electrònica",
        "office": "Montserrat Puigdollers i Ferrer Secretària general",
        "comptroller": "Jordi Casals i Vidal Interventor municipal",
        "chair": "Núria Soler i Bosch Alcaldessa",
        "format": "MP4 (video H.264 320\u00d7180, audio AAC)",
        "withdrawn": "Motion In the video",
        "no_vote": "No vote",
        "vote_kind": "Election · secret ballot",
    },
}
RULES = sorted(WORDS[Language.CA])


@pytest.fixture(scope="module")
def texts(sample_index: Path) -> dict[Language, str]:
    run = pipeline.run_tally(SAMPLE)
    index = Index.model_validate_json((sample_index / "index.json").read_bytes())
    found = {}
    for language in WORDS:
        data = writer.render_acta(run, index, language=language, attachments=()).data
        pages = PdfReader(io.BytesIO(data)).pages
        found[language] = " ".join(" ".join(p.extract_text() for p in pages).split())
    return found


@pytest.mark.parametrize("language", list(WORDS))
@pytest.mark.parametrize("rule", RULES)
def test_the_acta_words_it(texts: dict[Language, str], language: Language, rule: str) -> None:
    assert WORDS[language][rule] in texts[language], rule


@pytest.mark.parametrize("language", list(WORDS))
def test_no_arithmetic_no_final_result_for_a_superseded_round(
    texts: dict[Language, str], language: Language
) -> None:
    text, words = texts[language], labels(language)
    assert "10,5" not in text
    assert "10.5" not in text
    assert f"{words.result}: {words.results[Result.TIED]}" not in text
    assert text.count(f"{words.result}: ") == 9  # one a voted item: none for a superseded round
    assert "(LBRL 76) (LBRL 76)" not in text
    assert text.count("LBRL 76") == 1


@pytest.mark.parametrize("language", list(WORDS))
def test_results_are_capitalised_alike(language: Language) -> None:
    words = labels(language)
    shown = [*words.results.values(), *words.election_results.values(), words.no_vote]
    shown += list(words.status.values())
    assert all(text[:1].isupper() for text in shown), shown


@pytest.mark.parametrize(
    ("majority", "threshold", "basis", "votes"),
    [
        ("absolute", 10.5, 21, 11),
        ("absolute", 10.0, 20, 11),
        ("absolute", 12.5, 25, 13),
        ("two_thirds", 14.0, 21, 14),
        ("two_thirds", 13.333, 21, 14),
        ("3/5", 12.6, 21, 13),
    ],
)
def test_whole_votes(majority: str, threshold: float, basis: float, votes: int) -> None:
    requirement = Requirement(majority=majority, threshold=threshold, basis=basis, reached=True)
    assert wording.whole_votes(requirement) == votes


def test_majority_text_by_head_and_by_weight() -> None:
    ca = labels(Language.CA)
    requirement = Requirement(majority="3/5", threshold=12.6, basis=21, reached=False)
    assert wording.majority(ca, requirement) == (
        "majoria de 3/5 del nombre legal de membres: 13 vots — no assolida"
    )
    weighted = Requirement(majority="absolute", threshold=52.5, basis=105, reached=True)
    assert wording.majority(ca, weighted, weighted=True).endswith(
        ": més de 52,5 de vot ponderat — assolida"
    )
    one = Requirement(majority="absolute", threshold=0.5, basis=1, reached=True)
    assert ": 1 vot — " in wording.majority(ca, one)
    # A round another replaced decided nothing: the rule, no verdict.
    assert wording.majority(ca, one, final=False) == (
        "majoria absoluta del nombre legal de membres: 1 vot"
    )


def test_result_of_an_election() -> None:
    es = labels(Language.ES)
    assert wording.result(es, Result.PASSED) == "Aprobado"
    assert wording.result(es, Result.FAILED, election=True) == "Candidatura no elegida"
    assert wording.result(es, Result.PASSED, election=True, candidate="Ana Gil") == (
        "Candidatura elegida: Ana Gil"
    )


@pytest.mark.parametrize(
    ("reason", "cited"),
    [
        ("El seu germà és administrador de l'empresa (LBRL 76)", True),
        ("según el artículo 76 de la Ley 7/1985", True),
        ("art. 76 LBRL", True),
        ("parentiu de segon grau", False),
        ("LBRL 46", False),
        ("76 veïns", False),
    ],
)
def test_a_law_is_cited_once(reason: str, cited: bool) -> None:
    assert wording.cites(reason, wording.CONFLICT_OF_INTEREST) is cited
    assert wording.citation(wording.CONFLICT_OF_INTEREST, reason) == ("" if cited else " (LBRL 76)")


@pytest.mark.parametrize(
    ("file", "demuxer", "video", "audio", "expected"),
    [
        ("a.mp4", "mov,mp4,m4a,3gp,3g2,mj2", "h264", "aac", "MP4 (vídeo H.264, àudio AAC)"),
        ("a.MOV", "mov,mp4,m4a,3gp,3g2,mj2", "hevc", None, "QuickTime (MOV) (vídeo H.265 (HEVC))"),
        ("a", "matroska,webm", "vp9", "opus", "Matroska (MKV) (vídeo VP9, àudio Opus)"),
        ("a.webm", "matroska,webm", None, "pcm_s16le", "WebM (àudio PCM)"),
        ("a.xyz", "", None, None, "?"),
    ],
)
def test_formats_as_people_name_them(
    file: str, demuxer: str, video: str | None, audio: str | None, expected: str
) -> None:
    streams = media.streams(labels(Language.CA), video, audio)
    assert media.described(file, demuxer, streams) == expected


def test_a_superseded_round_says_what_happened() -> None:
    run = pipeline.run_tally(SAMPLE)
    rounds = {(r.item, r.number): r for item in run.tally.items for r in item.rounds}
    reopened = rounds[(7, 2)]
    assert reopened.reason is RoundReason.REOPENED
    text = wording.superseded(labels(Language.EN), reopened)
    assert text == f"Vote reopened: {reopened.reopen_reason}"
    assert wording.superseded(labels(Language.CA), rounds[(9, 2)]) == (
        "Votació repetida per empat (ROF 100.2)"
    )


SIGNED = dt.datetime(2026, 10, 29, 18, 45, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (Language.CA, "Signat: 29 d'octubre de 2026, 19:45"),
        (Language.ES, "Firmado: 29 de octubre de 2026, 19:45"),
        (Language.EN, "Signed: 29 October 2026, 19:45"),
    ],
)
def test_the_stamp_gives_the_local_time_as_the_acta_writes_dates(
    language: Language, expected: str
) -> None:
    assert stamp.signed_text(SIGNED, language, "Europe/Madrid") == expected
    with_tsa = stamp.signed_text(SIGNED, language, "Europe/Madrid", time_stamped=True)
    assert with_tsa.splitlines() == [expected, stamp.TIME_STAMPED[language]]
    assert stamp.MONTHS[language] == labels(language).formats.months or language is Language.ES


def test_the_stamp_names_the_office_the_session_gives() -> None:
    assert stamp.stamp_role(Role.SECRETARY, Language.CA, title="Secretària general") == (
        "Secretària general, certifica"
    )
    assert stamp.stamp_role(Role.CHAIR, Language.ES, title="Alcalde accidental") == (
        "Alcalde accidental, visto bueno"
    )
    assert "El/la" not in stamp.stamp_role(Role.SECRETARY, Language.CA)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"chair_title": ""}, "chair_title"),
        ({"items": [{"number": 1, "title": "Punt", "candidate": "Ana Gil"}]}, "candidate"),
    ],
)
def test_the_new_session_fields_are_checked(change: dict[str, object], message: str) -> None:
    data = pipeline.run_tally(SAMPLE).session.model_dump(mode="json")
    with pytest.raises(ValueError, match=message):
        Session.model_validate({**data, **change})


@pytest.mark.parametrize("language", list(Language))
def test_the_vote_kind_reads_as_the_language_writes_it(language: Language) -> None:
    """The item's line names its vote as the viewer does ("Secret ballot", "Ordinary vote"),
    never the words in the order of another language ("vote secret")."""
    from videoacta.publish.viewer.labels import catalogue

    words, page = labels(language), catalogue()[language.value]
    for vote_type, phrase in words.vote_kind.items():
        assert page[f"vote_{vote_type.value}"] == phrase
        assert phrase[:1].isupper()
    assert labels(Language.EN).vote_kind[VoteType.NOMINAL] == "Roll-call vote"
