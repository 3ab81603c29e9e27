"""The viewer page as text: self-contained, escaped, in three languages, in-camera and secrecy."""

import base64
import datetime as dt
import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.publish.conftest import IN_CAMERA, NOMINAL, SECRET, Published
from tests.publish.scan import Element, embedded_data
from videoacta import outputs
from videoacta.core.session import Session
from videoacta.core.tally import TallyRun
from videoacta.core.terms import Language
from videoacta.errors import OutputError
from videoacta.publish.viewer import SignatureRole, SignatureSummary, render_viewer, write_viewer
from videoacta.publish.viewer.labels import LANGUAGES, catalogue


def page_of(published: Published) -> str:
    return (published.folder / "index.html").read_text(encoding="utf-8")


def _with(published: Published, session: Session) -> TallyRun:
    """The published run with another session (its tally and proceedings unchanged)."""
    return published.run.model_copy(update={"session": session})


def test_the_page_fetches_nothing_but_the_package_files(published: Published) -> None:
    page = page_of(published)
    references = re.findall(r'\s(?:src|href|poster)="([^"]*)"', page)
    outside = [r for r in references if not re.fullmatch(r"recording\.mp4|posters/\d\d\.jpg", r)]
    assert all(r.startswith(("data:", "#")) for r in outside), outside
    assert "http://" not in page
    assert "https://" not in page
    assert "recording.mp4" in references
    assert not re.search(r"<(?:link rel=\"stylesheet\"|script src|iframe|object|embed)", page)


def test_the_security_policy_allows_exactly_the_inlined_style_and_script(
    published: Published,
) -> None:
    page = page_of(published)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    assert "default-src 'none'" in policy[1]
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.S)
        assert body is not None
        digest = base64.b64encode(hashlib.sha256(body[1].encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy[1]


def test_every_item_is_on_the_agenda_in_order(published: Published) -> None:
    page = page_of(published)
    numbers = [int(n) for n in re.findall(r'<li id="item-(\d+)"', page)]
    assert numbers == [item.number for item in published.index.items]
    for item in published.index.items:
        assert Element(page, f"item-{item.number}").text.startswith(f"{item.number}. {item.title}")


def test_buttons_jump_to_the_items_start(published: Published) -> None:
    page = page_of(published)
    for item in published.index.items:
        card = Element(page, f"item-{item.number}")
        jumps = [a for a in card.attributes if "jump" in (a.get("class") or "")]
        if item.number == IN_CAMERA:
            assert jumps == []
        else:
            assert [float(a["data-seek"] or "nan") for a in jumps] == [item.start]


def test_in_camera_item_shows_no_deliberation(published: Published) -> None:
    page = page_of(published)
    card = Element(page, f"item-{IN_CAMERA}")
    assert card.found
    assert not [a for a in card.attributes if "data-seek" in a]
    assert not [a for a in card.attributes if a["tag"] in ("table", "details", "button")]
    assert "ROF 88.1" in card.text
    assert not [s for s in published.index.interventions if s.item == IN_CAMERA]
    names = {m.id: m.name for m in published.run.session.members}
    spoke = published.run.proceedings.interventions
    speakers = {names[s.speaker] for s in spoke if s.item == IN_CAMERA and s.speaker in names}
    assert speakers
    assert not any(name in card.text for name in speakers if name != "")
    assert IN_CAMERA not in [i["number"] for i in embedded_data(page)["items"]]
    track = re.search(r'<track [^>]*src="data:text/vtt;base64,([^"]+)"', page)
    assert track is not None
    cues = base64.b64decode(track[1]).decode()
    assert f"item-{IN_CAMERA}\n" not in cues
    assert "item-5\n" in cues


def test_a_secret_ballot_shows_totals_and_who_took_part(published: Published) -> None:
    page = page_of(published)
    card = Element(page, f"item-{SECRET}")
    assert not [a for a in card.attributes if "data-option" in a or "data-member" in a]
    (round_,) = next(i for i in published.run.tally.items if i.number == SECRET).rounds
    names = {m.id: m.name for m in published.run.session.members}
    assert all(names[m] in card.text for m in round_.participants)
    assert f"A favor {int(round_.counts.yes)} En contra {int(round_.counts.no)}" in card.text
    assert "Votació secreta" in card.text


def test_a_nominal_vote_lists_every_member_chair_last(published: Published) -> None:
    page = page_of(published)
    card = Element(page, f"item-{NOMINAL}")
    rows = [(a["data-member"], a["data-option"]) for a in card.attributes if "data-member" in a]
    (round_,) = next(i for i in published.run.tally.items if i.number == NOMINAL).rounds
    assert sorted(rows) == sorted((v.member, v.option.value) for v in round_.members)
    assert rows[-1][0] == published.run.session.chair


def test_an_ordinary_vote_gives_counts_and_groups_but_no_names(published: Published) -> None:
    card = Element(page_of(published), "item-2")
    assert [a for a in card.attributes if a["tag"] == "table" and a.get("class") == "groups"]
    assert not [a for a in card.attributes if "data-member" in a]


def test_everything_from_the_inputs_is_escaped(published: Published) -> None:
    hostile = "</script><script>alert(1)</script> & <b>\u2028"
    session = published.run.session
    items = tuple(
        i.model_copy(update={"title": hostile}) if i.number == 1 else i for i in session.items
    )
    index_items = tuple(
        i.model_copy(update={"title": hostile}) if i.number == 1 else i
        for i in published.index.items
    )
    page = render_viewer(
        run=_with(published, session.model_copy(update={"items": items, "place": hostile})),
        index=published.index.model_copy(update={"items": index_items}),
        signatures=[SignatureSummary(signer=hostile, role=SignatureRole.CERTIFIES)],
    )
    assert "<script>alert" not in page
    assert "<b>" not in page
    assert page.count("</script>") == 2  # the data block's and the script's own
    assert embedded_data(page)["items"][0]["title"] == f"1. {hostile}"
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in page


@pytest.mark.parametrize("language", list(Language))
def test_labels_in_the_session_language(published: Published, language: Language) -> None:
    session = published.run.session.model_copy(update={"language": language})
    page = render_viewer(run=_with(published, session), index=published.index)
    labels = catalogue()[language.value]
    assert f'<html lang="{language.value}">' in page
    assert f">{labels['agenda']}</span></h2>" in page
    unsigned = f'<span data-l10n="unsigned">{labels["unsigned"]}</span>'
    assert f'<p class="unsigned" id="signatures-source">{unsigned}</p>' in page


def test_every_language_has_every_label() -> None:
    keys = [set(catalogue()[code]) for code in LANGUAGES]
    assert keys[0] == keys[1] == keys[2]
    assert all(text.strip() for code in LANGUAGES for text in catalogue()[code].values())


def test_signatures_known_at_build_time_are_listed(published: Published) -> None:
    when = dt.datetime(2026, 10, 30, 9, 15, tzinfo=dt.UTC)
    signatures = [
        SignatureSummary(
            signer="Montserrat Puigdollers i Ferrer", role=SignatureRole.CERTIFIES, signed_at=when
        ),
        SignatureSummary(signer="Núria Soler i Bosch", role=SignatureRole.APPROVES),
    ]
    page = render_viewer(run=published.run, index=published.index, signatures=signatures)
    assert '<td class="signer">Montserrat Puigdollers i Ferrer</td>' in page
    assert '<time datetime="2026-10-30T09:15:00+00:00">2026-10-30 10:15:00 +0100</time>' in page
    assert ">Certifica (secretaria)<" in page
    assert ">Vist i plau (presidència)<" in page
    assert '<td class="signer">Núria Soler i Bosch</td>' in page


def test_the_integrity_summary_has_every_hash(published: Published) -> None:
    page = page_of(published)
    assert published.index.recording is not None
    for digest in [p.sha256 for p in published.index.parts] + [published.index.recording.sha256]:
        assert f'<code class="hash">{digest}</code>' in page
    session_id = published.run.session.id
    assert f"<code>pip install videoacta\nvideoacta verify {session_id}</code>" in page
    assert 'class="unsigned"' in page


def test_write_viewer_replaces_the_page_atomically(
    published: Published, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = write_viewer(tmp_path, run=published.run, index=published.index)
    path = tmp_path / page.name
    assert page.name == "index.html"
    assert path.read_text(encoding="utf-8") == page_of(published)
    assert page.data == path.read_bytes()
    assert page.digest.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert not page.embedded

    def broken(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "replace", broken)
    empty = published.index.model_copy(update={"items": ()})
    with pytest.raises(OutputError, match="No space"):
        write_viewer(tmp_path, run=published.run, index=empty)
    assert path.read_text(encoding="utf-8") == page_of(published)
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


class _Tags(HTMLParser):
    """Every start tag of a page with its attribute names."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, set[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name for name, _ in attrs}))


def test_line_breaks_and_quotes_from_the_inputs_add_no_markup(published: Published) -> None:
    """Text the input rules refuse (line breaks, NUL, quotes) still adds no tag or attribute."""
    hostile = '"\r\n onmouseover="alert(1)\'\x00 <img src=x onerror=alert(2)>\u2028</script>'
    session = published.run.session
    members = tuple(m.model_copy(update={"name": hostile}) for m in session.members)
    groups = tuple(g.model_copy(update={"name": hostile}) for g in session.groups)
    clean = render_viewer(
        run=published.run,
        index=published.index,
        signatures=[SignatureSummary(signer="Anna Puig", role=SignatureRole.CERTIFIES)],
    )
    hostile_session = session.model_copy(
        update={"members": members, "groups": groups, "number": hostile}
    )
    page = render_viewer(
        run=_with(published, hostile_session),
        index=published.index,
        signatures=[SignatureSummary(signer=hostile, role=SignatureRole.CERTIFIES)],
    )
    tags, clean_tags = _Tags(), _Tags()
    tags.feed(page)
    clean_tags.feed(clean)
    assert [t for t, _ in tags.tags] == [t for t, _ in clean_tags.tags]
    assert not [a for _, a in tags.tags if "onmouseover" in a or "onerror" in a]
    assert html.escape(hostile, quote=True) in page
