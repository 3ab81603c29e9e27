"""From speech to a published videoacta, end to end with the real engine and the real model:
`transcribe` the speaking session, `build` it certified by the secretary, `sign --as chair`.
The package's captions are the recognised speech within UNE 153010's limits, each turn marked
with its speaker and nothing of the item debated in camera anywhere; `verify` is VALID and says
the transcript is automatic, not reviewed; `publish`'s public copy verifies; in Chromium the
track's every cue is parsed and shown at its time, and the search finds a spoken word and seeks
the video to it. (The browser's tests come last: Playwright's loop would stop pyHanko's.)"""

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page

from tests.pki import PASSPHRASE, Pki
from tests.publish.test_browser import until
from tests.transcribe.conftest import copy_session
from tests.transcribe.speech_session import SECRET_WORDS, SPEECHES, SpeechSession
from videoacta.cli import cli
from videoacta.core.transcript import SpanKind, Transcript

TIMING = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$")
TAG = re.compile(r"</?(v|c|i|b|u)(\s[^>]*)?>")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
LINE, LINES, LONGEST = 37, 2, 7.0  # UNE 153010: characters a line, lines a cue; seconds a cue


def invoke(*args: object, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def package(
    speech_session: SpeechSession, whisper_model: Path, pki: Pki,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:  # fmt: skip
    root = tmp_path_factory.mktemp("transcribed")
    folder = copy_session(speech_session, root / "session")
    invoke("transcribe", folder, "--model", whisper_model, "--quiet")
    env = {"PASS": PASSPHRASE}
    signer = ["--pkcs12", pki["secretary.p12"], "--passphrase-env", "PASS", "--trust", pki.root]
    invoke("build", folder, "--out", root / "out", "--quiet", *signer, env=env)
    built = root / "out" / "speech-session"
    chair = ["--pkcs12", pki["chair.p12"], "--passphrase-env", "PASS", "--trust", pki.root]
    invoke("sign", built, "--as", "chair", *chair, env=env)
    assert (built / "transcript.json").read_bytes() == (folder / "transcript.json").read_bytes()
    return built


def cues(vtt: str) -> list[tuple[float, float, list[str]]]:
    """Each cue of a WebVTT file: start, end and its lines as a reader sees them (no tags)."""
    blocks = vtt.split("\n\n")
    assert blocks[0].splitlines()[0].startswith("WEBVTT")
    found = []
    for block in blocks[1:]:
        lines = [line for line in block.splitlines() if line]
        if not lines or lines[0].startswith("NOTE"):
            continue
        timing = TIMING.match(lines[0]) or TIMING.match(lines[1])
        assert timing is not None, block
        h1, m1, s1, ms1, h2, m2, s2, ms2 = (int(g) for g in timing.groups())
        start = h1 * 3600 + m1 * 60 + s1 + ms1 / 1000
        end = h2 * 3600 + m2 * 60 + s2 + ms2 / 1000
        text = lines[lines.index(timing.group(0)) + 1 :]
        found.append((start, end, [html.unescape(TAG.sub("", line)) for line in text]))
    return found


def test_the_captions_are_the_speech_within_the_norms_limits(package: Path) -> None:
    listed = {e["path"] for e in json.loads((package / "manifest.json").read_text())["files"]}
    assert {"transcript.json", "captions.en.vtt", "captions.public.en.vtt"} <= listed
    vtt = (package / "captions.en.vtt").read_text("utf-8")
    assert vtt.startswith("WEBVTT - automatic, not reviewed\n")
    found = cues(vtt)
    assert len(found) >= 6
    previous_end = 0.0
    for start, end, lines in found:
        assert 0 < end - start <= LONGEST
        assert start >= previous_end - 0.001
        previous_end = end
        assert 1 <= len(lines) <= LINES
        assert all(len(line) <= LINE for line in lines), lines
    spoken = " ".join(" ".join(lines) for _, _, lines in found).lower()
    for word in ("library", "trees", "bridge", "station"):
        assert word in spoken
    for member in ("Membre 2", "Membre 3", "Membre 5"):
        assert f"<v {member}>" in vtt  # each turn's speaker, as a voice span
        assert f"({member})" in vtt  # and shown at the start of the turn


def test_nothing_of_the_item_in_camera_is_anywhere_in_the_package(package: Path) -> None:
    for path in package.rglob("*"):
        if path.suffix in {".json", ".vtt", ".html", ".csv"}:
            text = path.read_text("utf-8").lower()
            assert not [w for w in SECRET_WORDS if w in text], path.name


def test_each_intervention_has_its_own_text_and_speaker(package: Path) -> None:
    transcript = Transcript.model_validate_json((package / "transcript.json").read_text())
    spans = [s for s in transcript.spans if s.kind is SpanKind.INTERVENTION]
    assert [s.speaker for s in spans] == list(SPEECHES)
    for span in spans:
        heard = " ".join(s.text for s in span.segments).lower()
        assert SPEECHES[span.speaker or ""].split()[3].lower() in heard
        assert all(s.speaker == span.speaker for s in span.segments)


def test_verify_says_valid_and_that_the_transcript_is_not_reviewed(
    package: Path, pki: Pki, tmp_path: Path
) -> None:
    report = invoke("verify", package, "--trust", pki.root)
    assert "VALID" in report
    assert "automatic, not reviewed" in report
    invoke("publish", package, "--out", tmp_path / "sede")
    public = tmp_path / "sede" / "speech-session"
    assert (public / "captions.public.en.vtt").is_file()
    assert not (public / "recording.mp4").exists()
    assert "VALID (public copy)" in invoke("verify", public, "--trust", pki.root)


@pytest.fixture
def tab(browser: Browser, package: Path) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((package / "index.html").as_uri())
    until(page, "document.getElementById('video').readyState >= 1")
    yield page
    context.close()
    assert errors == []


TRACK = "Array.from(document.getElementById('video').textTracks).find(t => t.kind === 'captions')"


def test_the_browser_parses_every_cue_and_shows_one_at_its_time(tab: Page, package: Path) -> None:
    found = cues((package / "captions.en.vtt").read_text("utf-8"))
    tab.evaluate(f"{TRACK}.mode = 'showing'")
    until(tab, f"{TRACK}.cues && {TRACK}.cues.length > 0")
    assert tab.evaluate(f"{TRACK}.cues.length") == len(found)  # Chromium's parser took each
    start, end, lines = next(c for c in found if any("library" in line for line in c[2]))
    tab.evaluate(f"document.getElementById('video').currentTime = {(start + end) / 2}")
    until(tab, f"{TRACK}.activeCues && {TRACK}.activeCues.length > 0")
    shown = html.unescape(TAG.sub("", tab.evaluate(f"{TRACK}.activeCues[0].text")))
    assert lines[-1] in shown


def test_the_search_finds_a_spoken_word_and_seeks_to_it(tab: Page, package: Path) -> None:
    transcript = Transcript.model_validate_json((package / "transcript.json").read_text())
    wanted = [s for s in transcript.segments() if "bridge" in s.text.lower()]
    assert wanted
    tab.fill("#transcript-search", "BRIDGE")
    until(tab, "document.querySelectorAll('#transcript-turns mark').length > 0")
    assert tab.locator("#transcript-turns .segment:not([hidden])").count() == len(wanted)
    tab.screenshot(path=str(ARTIFACTS / "transcribed-search.png"), full_page=True)
    tab.click("#transcript-turns .segment:not([hidden]) >> nth=0")
    until(tab, "!document.getElementById('video').seeking")
    now = tab.evaluate("document.getElementById('video').currentTime")
    assert abs(now - wanted[0].start) < 0.5
