"""The viewer at 1280, 1920 and 390 px: no table wider than its card, no empty column under the
video; and both signatures read from a countersigned package's signatures.json.

Screenshots at each width are kept in tests/artifacts/ for a person to look at.
"""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.packages import PASSPHRASE_ENV, make_package, options
from tests.pki import PASSPHRASE, Pki
from tests.publish.conftest import NOMINAL, Published
from tests.publish.server import serve
from tests.publish.test_browser import until
from videoacta.core.identity import Role
from videoacta.package import SIGNATURES
from videoacta.signing.pdf_signing import Level, sign_package

WIDTHS = {"1280": (1280, 800), "1920": (1920, 1080), "390": (390, 844)}
# Every per-group, per-member, intervention, hash and signature table, and its card.
OVERFLOWING = """() => Array.from(document.querySelectorAll('table')).filter(table => {
    const box = table.closest('.scroll') || table.parentElement;
    const card = table.closest('.item, .integrity');
    return box.scrollWidth > box.clientWidth
        || table.getBoundingClientRect().right > card.getBoundingClientRect().right + 0.5;
}).map(table => table.className + ' in ' + (table.closest('[id]') || {}).id)"""


@pytest.fixture(scope="module")
def countersigned(
    pki: Pki, tsa_url: str, published: Published, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A package certified and countersigned at B-T, with the sample's viewer page beside it.

    Signed before the browser starts: pyHanko's asyncio.run fails while Playwright runs."""
    folder = make_package(tmp_path_factory.mktemp("countersigned") / "2026-10-29-ple")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PASSPHRASE_ENV, PASSPHRASE)
        for role in (Role.SECRETARY, Role.CHAIR):
            sign_package(folder, options(pki, role, tsa=tsa_url, level=Level.B_T))
    shutil.copy(published.folder / "index.html", folder / "index.html")
    return folder


@pytest.fixture
def opened(countersigned: Path, browser: Browser) -> Iterator[Page]:
    with serve(countersigned) as url:
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        tab.goto(url + "index.html")
        yield tab
        tab.close()


def test_the_page_shows_both_signatures_of_a_countersigned_package(
    countersigned: Path, opened: Page
) -> None:
    until(opened, "document.querySelectorAll('table.signatures tr.signed').length === 2")
    sidecar = json.loads((countersigned / SIGNATURES).read_text("utf-8"))
    rows = opened.locator("table.signatures tbody tr")
    signers = rows.locator(".signer").all_inner_texts()
    assert signers == [s["signer"] for s in sidecar["signatures"]]
    assert signers == ["TEST Secretària Puig", "TEST Alcaldessa Núñez"]
    assert rows.locator(".level").all_inner_texts()[0].startswith("B-T\nsegell de temps: ")
    times = rows.locator(".signed-at time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert times == [s["signed_at"] for s in sidecar["signatures"]]
    source = opened.locator("#signatures-source").inner_text()
    assert source.startswith("Signatures llegides de signatures.json")
    opened.select_option("#language", "en")
    assert rows.locator(".level").all_inner_texts()[1].startswith("B-T\ntime-stamp: ")
    opened.locator("table.signatures").screenshot(path=str(_artifacts() / "viewer-signed.png"))


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_table_overflows_its_card(browser: Browser, served: str, width: str) -> None:
    size = WIDTHS[width]
    tab = browser.new_page(viewport={"width": size[0], "height": size[1]})
    tab.goto(served + "index.html")
    for summary in tab.locator("details > summary").all():
        summary.click()  # every table shown, the per-member ones too
    tab.screenshot(path=str(_artifacts() / f"viewer-{width}.png"))
    assert tab.evaluate(OVERFLOWING) == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= size[0]
    tab.close()


@pytest.mark.parametrize("width", ["1280", "1920"])
def test_no_empty_column_under_the_video(browser: Browser, served: str, width: str) -> None:
    """At desktop widths the integrity summary fills the column under the video, beside the
    agenda, instead of leaving it blank down to the footer."""
    size = WIDTHS[width]
    tab = browser.new_page(viewport={"width": size[0], "height": size[1]})
    tab.goto(served + f"index.html#item={NOMINAL}")
    player = tab.locator(".player").bounding_box()
    integrity = tab.locator(".integrity").bounding_box()
    agenda = tab.locator(".agenda").bounding_box()
    assert player is not None
    assert integrity is not None
    assert agenda is not None
    assert integrity["y"] - (player["y"] + player["height"]) < 120
    assert integrity["x"] + integrity["width"] <= agenda["x"] + 1
    tab.close()


def _artifacts() -> Path:
    folder = Path(__file__).resolve().parent.parent / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
