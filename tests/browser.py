"""Debian's Chromium, headless, driven by Playwright for the viewer's and the editor's pages."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.system import missing

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright; nothing is downloaded.

    Module-scoped: while Playwright's sync API runs, its event loop counts as running in this
    thread, so asyncio.run() (which pyHanko's signing calls) fails in any later test.
    """
    if not CHROMIUM.exists():
        missing("chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
