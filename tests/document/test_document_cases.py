"""The acta of sessions unlike the sample: weights, in camera, tabled, not dealt, no quorum."""

import io
from typing import Any

import pytest
from pypdf import PdfReader

from tests.acta_sample import synthetic_index
from tests.builders import Log, session_data
from videoacta.core.replay import replay
from videoacta.core.session import Session
from videoacta.core.tally import TallyRun, tally
from videoacta.core.terms import Language
from videoacta.document.writer import render_acta


def _session() -> Session:
    data: dict[str, Any] = session_data(members=5, groups=2)
    for member, weight in zip(data["members"], (1, 2.5, 3, 1, 1), strict=True):
        member["weight"] = weight
    data["items"] = [
        {"number": 1, "title": "Conveni reservat", "in_camera": True, "members_in_minutes": True},
        {"number": 2, "title": "Elecció del jutge de pau", "kind": "election", "vote": "secret"},
        {"number": 3, "title": "Preguntes", "kind": "question"},
        {"number": 4, "title": "Ordenança de civisme"},
        {"number": 5, "title": "Pressupost"},
        {"number": 6, "title": "Moció sense quòrum", "kind": "motion", "vote": "nominal"},
    ]
    return Session.model_validate(data)


def _log() -> Log:
    log = Log().opened(["m1", "m2", "m3", "m4", "m5"])
    log.add("item_opened", item=1).add("speech_started", speaker="m2")
    log.add("speech_ended", speaker="m2")
    log.vote(1, {"m1": "yes", "m2": "yes", "m3": "no", "m4": "yes", "m5": "abstain"})
    log.add("item_closed", item=1).add("item_opened", item=2)
    log.vote(
        2, dict.fromkeys(["m1", "m2", "m3", "m4", "m5"]), ballots={"yes": 3, "no": 1, "abstain": 1}
    )
    log.add("item_closed", item=2).add("item_opened", item=3).add("item_closed", item=3)
    log.add("item_tabled", item=4, reason="Cal un informe jurídic")
    for member in ("m2", "m3", "m4"):
        log.add("member_left", member=member)
    log.add("item_opened", item=6).vote(6, {"m1": "yes", "m5": "no"})
    log.add("item_closed", item=6).add("session_closed")
    return log


@pytest.fixture(scope="module")
def text() -> str:
    session = _session()
    proceedings = replay(session, _log().log())
    run = TallyRun(session=session, proceedings=proceedings, tally=tally(session, proceedings))
    acta = render_acta(run, synthetic_index(run), language=Language.CA, attachments=())
    reader = PdfReader(io.BytesIO(acta.data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _section(text: str, title: str, following: str) -> str:
    start = text.rindex(title)
    return text[start : text.index(following, start)]


def test_an_item_in_camera_gives_its_result_and_totals_only(text: str) -> None:
    section = _section(text, "1. Conveni reservat", "2. Elecció del jutge de pau")
    assert "Tractat a porta tancada (ROF 88.1): la deliberació no es publica." in section
    assert "Resultat: Aprovat" in section
    for hidden in ("Intervencions", "Per grups", "Vot de cada membre", "Membre 2"):
        assert hidden not in section, hidden


def test_weighted_counts(text: str) -> None:
    section = _section(text, "1. Conveni reservat", "2. Elecció del jutge de pau")
    assert "Vot ponderat 4,5 3 1 0 0 8,5" in section
    assert "Vots 3 1 1 0 0 5" in section


def test_tabled_and_not_dealt_items(text: str) -> None:
    assert "Queda sobre la taula. Motiu: Cal un informe jurídic" in text
    assert "No s'ha tractat." in _section(text, "5. Pressupost", "6. Moció sense quòrum")


def test_a_vote_without_quorum(text: str) -> None:
    section = _section(text, "6. Moció sense quòrum", "Integritat de l'enregistrament")
    assert "2 membres presents (calen 3) — NO es compleix" in section
    assert "Resultat: Sense quòrum" in section
    assert "Mínim en una votació: 2 membres presents (punt 6) — NO es compleix." in text
