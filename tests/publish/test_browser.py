"""The viewer in a real browser: Debian's headless Chromium, driven by Playwright.

The package is served from 127.0.0.1 by a server that answers Range requests, as a web server
would; one test opens it from file:// too. Screenshots are kept in tests/artifacts/.
"""

import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tests.publish.conftest import IN_CAMERA, SECRET, Published

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(browser: Browser, served: str) -> Iterator[Page]:
    """The viewer, loaded, with its video's metadata; console errors fail the test."""
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: _keep_error(errors, m))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(served + "index.html")
    until(tab, "document.getElementById('video').readyState >= 1")
    yield tab
    context.close()
    assert errors == []


def until(tab: Page, expression: str, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression until it is true (the page's CSP forbids Playwright's eval)."""
    deadline = time.monotonic() + timeout
    while not tab.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


def current_time(tab: Page) -> float:
    value: float = tab.evaluate("document.getElementById('video').currentTime")
    return value


def highlighted(tab: Page) -> list[str]:
    ids: list[str] = tab.eval_on_selector_all(".item.current", "cards => cards.map(c => c.id)")
    return ids


def test_the_agenda_lists_every_item(page: Page, published: Published) -> None:
    titles = page.locator(".agenda-list > li .item-title").all_inner_texts()
    expected = [f"{i.number}. {i.title}" for i in published.index.items]
    assert [" ".join(t.split()) for t in titles] == [
        title if i.number == IN_CAMERA else f"{title} comença a {_clock(i.start)}"
        for title, i in zip(expected, published.index.items, strict=True)
    ]


def _clock(seconds: float | None) -> str:
    assert seconds is not None
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def test_clicking_an_item_plays_from_its_start(page: Page, published: Published) -> None:
    item = next(i for i in published.index.items if i.number == 5)
    assert item.start is not None
    page.click("#item-5 .jump")
    until(page, "!document.getElementById('video').seeking")
    assert item.start <= current_time(page) < item.start + 2
    assert highlighted(page) == ["item-5"]
    assert page.get_attribute("#item-5", "aria-current") == "true"
    assert page.evaluate("location.hash") == "#item=5"
    expect(page.locator("#now-playing")).to_have_text(f"5. {item.title}")


def test_a_deep_link_plays_from_the_item(
    browser: Browser, served: str, published: Published
) -> None:
    item = next(i for i in published.index.items if i.number == 10)
    assert item.start is not None
    tab = browser.new_page(viewport=DESKTOP)
    tab.goto(served + "index.html#item=10")
    until(tab, "document.querySelector('.item.current')?.id === 'item-10'")
    assert item.start <= current_time(tab) < item.start + 1
    assert tab.evaluate("document.getElementById('video').paused")
    tab.goto(served + "index.html#t=100.5")
    until(tab, "document.getElementById('video').currentTime === 100.5")
    tab.close()


def test_the_keyboard_jumps_too(page: Page, published: Published) -> None:
    item = next(i for i in published.index.items if i.number == 9)
    page.focus("#item-9 .jump")
    page.keyboard.press("Enter")
    until(page, "!document.getElementById('video').seeking")
    assert item.start is not None
    assert item.start <= current_time(page) < item.start + 2
    assert highlighted(page) == ["item-9"]


def test_the_highlight_follows_playback(page: Page, published: Published) -> None:
    items = {i.number: i for i in published.index.items}
    for number in (2, 7, 12):
        start = items[number].start
        assert start is not None
        page.evaluate(f"document.getElementById('video').currentTime = {start + 1}")
        until(page, f"document.querySelector('.item.current')?.id === 'item-{number}'")
        assert highlighted(page) == [f"item-{number}"]
    # play from the end of item 2 into item 3 (a second apart)
    end, following = items[2].end, items[3].start
    assert end is not None
    assert following is not None
    page.evaluate(
        f"(() => {{ const v = document.getElementById('video'); v.muted = true;"
        f" v.currentTime = {end - 0.8}; return v.play(); }})()"
    )
    until(page, "document.querySelector('.item.current')?.id === 'item-3'")
    assert current_time(page) >= following
    page.evaluate("document.getElementById('video').pause()")


def test_an_in_camera_item_cannot_be_jumped_into(page: Page, published: Published) -> None:
    assert page.locator(f"#item-{IN_CAMERA} button, #item-{IN_CAMERA} [data-seek]").count() == 0
    cues = page.evaluate(
        "Array.from(document.getElementById('video').textTracks[0].cues || [], c => c.id)"
    )
    chapters = [f"item-{c.item}" for c in published.index.chapters if c.item != IN_CAMERA]
    assert cues == chapters
    item = next(i for i in published.index.items if i.number == IN_CAMERA)
    assert item.start is not None
    page.evaluate(f"document.getElementById('video').currentTime = {item.start + 1}")
    until(page, "!document.getElementById('video').seeking")
    assert highlighted(page) == []


def test_a_secret_ballot_lists_who_took_part_not_how(page: Page) -> None:
    card = page.locator(f"#item-{SECRET}")
    card.locator("summary").first.click()
    assert card.locator("[data-member], [data-option], table.members").count() == 0
    assert card.locator("ul.participants li").count() == 19


def test_the_language_can_be_switched(page: Page) -> None:
    heading = page.locator("#agenda-heading")
    expect(heading).to_have_text("Ordre del dia")
    page.select_option("#language", "en")
    expect(heading).to_have_text("Agenda")
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.locator("#item-1 .outcome").first).to_have_text("Passed")
    page.select_option("#language", "es")
    expect(heading).to_have_text("Orden del día")
    assert page.get_attribute("video", "aria-label") == "Grabación"


def test_controls_are_labelled(page: Page) -> None:
    assert page.locator("label[for=language]").count() == 1
    names = page.eval_on_selector_all("button", "bs => bs.map(b => b.textContent.trim())")
    assert names
    assert all(names)
    assert page.get_attribute("video", "aria-label") == "Enregistrament"


def test_the_server_answers_ranges(served: str, published: Published) -> None:
    size = (published.folder / "recording.mp4").stat().st_size
    request = urllib.request.Request(served + "recording.mp4", headers={"Range": "bytes=100-199"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 206
        assert response.headers["Content-Range"] == f"bytes 100-199/{size}"
        body = response.read()
    assert body == (published.folder / "recording.mp4").read_bytes()[100:200]


def test_the_page_works_from_file(browser: Browser, published: Published) -> None:
    tab = browser.new_page(viewport=DESKTOP)
    errors: list[str] = []
    tab.on("console", lambda m: _keep_error(errors, m))
    tab.goto((published.folder / "index.html").as_uri())
    until(tab, "document.getElementById('video').readyState >= 1")
    assert tab.evaluate("document.getElementById('video').textTracks[0].cues.length") > 0
    tab.click("#item-7 .jump")
    until(tab, "document.querySelector('.item.current')?.id === 'item-7'")
    tab.close()
    assert errors == []


def _keep_error(errors: list[str], message: ConsoleMessage) -> None:
    """A console error, but the 404 of signatures.json: an unsigned package has none yet."""
    if message.location.get("url", "").endswith("/signatures.json"):
        return
    if message.type == "error":
        errors.append(message.text)


def test_screenshots(browser: Browser, served: str, artifacts: Path) -> None:
    """Desktop, phone and print, kept for a person to look at."""
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        tab = browser.new_page(viewport=viewport)
        tab.goto(served + "index.html#item=10")
        until(tab, "document.querySelector('.item.current')?.id === 'item-10'")
        until(tab, "!document.getElementById('video').seeking")
        until(tab, "document.getElementById('video').readyState >= 2")
        tab.wait_for_timeout(500)
        tab.locator("#item-10 summary").first.click()
        tab.screenshot(path=str(artifacts / f"viewer-{name}.png"))
        tab.screenshot(path=str(artifacts / f"viewer-{name}-full.png"), full_page=True)
        tab.close()
    tab = browser.new_page(viewport=DESKTOP)
    tab.goto(served + "index.html")
    tab.locator(f"#item-{SECRET} summary").first.click()
    tab.locator(f"#item-{SECRET} .secret summary").click()
    for number in (IN_CAMERA, SECRET):
        tab.locator(f"#item-{number}").screenshot(path=str(artifacts / f"viewer-item-{number}.png"))
    tab.close()
    tab = browser.new_page(viewport={"width": 794, "height": 1123})
    tab.goto(served + "index.html")
    tab.emulate_media(media="print")
    tab.screenshot(path=str(artifacts / "viewer-print.png"))
    tab.pdf(path=str(artifacts / "viewer-print.pdf"), format="A4")
    assert tab.locator("video").is_hidden()
    assert tab.locator(f"#item-{SECRET} ul.participants").is_visible()
    tab.close()
    assert (artifacts / "viewer-print.pdf").stat().st_size > 10_000
