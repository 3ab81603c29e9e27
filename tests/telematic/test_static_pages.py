"""The members' page and the board, read without a browser: relative assets only (the pages are
served under a member's token and under /board/), no inline script or style (the CSP is
`default-src 'self'`), a sentence in ca, es, en, gl and eu for every code the server may send
(CONTRACT.md), the date as the acta writes it, no browser storage on the member's page (a secret
ballot's choice stays in a variable), and JavaScript that parses (`node --check`, when node is
installed)."""

import datetime as dt
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from videoacta.core.results import Result
from videoacta.core.terms import Language
from videoacta.labels import LABELS, formatting

STATIC = Path(__file__).resolve().parents[2] / "videoacta" / "telematic" / "static"
PAGES = ["member.html", "board.html"]
SCRIPTS = ["member.js", "board.js", "i18n.js"]
LANGUAGES = ["ca", "es", "en", "gl", "eu"]
NAMES = {"ca": "Català", "es": "Castellano", "en": "English", "gl": "Galego", "eu": "Euskara"}
# A date template's fields: Basque writes the year and the day with their suffixes (basque.py).
DATE_FIELDS = {"day", "day_a", "month", "year", "year_ko"}
# The codes of the contract's MemberView and of the vote's refusals (CONTRACT.md, issue 15).
WHY_NOT = [
    "not_confirmed", "out_of_room", "recused", "left", "excused", "disconnected", "no_vote",
    "session_not_open", "already_voted",
]  # fmt: skip
STATUSES = ["not_confirmed", "present", "out_of_room", "left", "excused", "disconnected"]
SESSION_STATES = ["not_opened", "open", "recess", "closed"]
VOTE_TYPES = ["ordinary", "nominal", "secret"]
CHOICES = ["yes", "no", "abstain"]
COUNTS = ["yes", "no", "abstain", "absent", "recused"]
ERRORS = ["vote_closed", "other_round"]


class Page(HTMLParser):
    """What a page refers to and what it holds inline."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (tag, url)
        self.inline: list[str] = []  # what the CSP would block: inline code or style
        self.keys: list[str] = []  # data-t: the texts the script fills in
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.urls += [(tag, values[name]) for name in ("src", "href") if name in values]
        inline = [name for name in values if name == "style" or name.startswith("on")]
        self.inline += [f"<{tag} {name}>" for name in inline]
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script" and "src" not in values:
            self.inline.append("<script> without src")
        self.in_script = tag == "script"
        self.keys += [values["data-t"]] if "data-t" in values else []

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.inline.append(f"<script> holding {data.strip()[:30]!r}")


def parsed(name: str) -> Page:
    page = Page()
    page.feed((STATIC / name).read_text(encoding="utf-8"))
    return page


def texts() -> dict[str, dict[str, str]]:
    source = (STATIC / "i18n.js").read_text(encoding="utf-8")
    found = re.search(r"^window\.VA_TEXTS = (\{.*\});\s*\Z", source, re.MULTILINE | re.DOTALL)
    assert found, "i18n.js: no `window.VA_TEXTS = {...};` at its end"
    loaded: dict[str, dict[str, str]] = json.loads(found.group(1))
    return loaded


@pytest.mark.parametrize("name", PAGES)
def test_a_page_refers_only_to_relative_assets_that_exist(name: str) -> None:
    page = parsed(name)
    # `data:,` is the empty icon: it keeps the browser from asking the server for /favicon.ico.
    urls = [(tag, url) for tag, url in page.urls if url != "data:,"]
    assets = [url for tag, url in urls if tag in {"script", "link", "img"}]
    assert sorted(assets) == sorted(f"static/{file}" for file in expected_assets(name))
    for tag, url in urls:
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc) == ("", ""), f"{name}: <{tag}> {url} is not relative"
        assert not url.startswith("/"), f"{name}: <{tag}> {url} ignores the token's path"
    for url in assets:
        assert (STATIC / url.removeprefix("static/")).is_file(), f"{name}: {url} is missing"


def expected_assets(name: str) -> list[str]:
    stem = name.removesuffix(".html")
    return [f"{stem}.css", "i18n.js", f"{stem}.js"]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_has_no_inline_script_or_style(name: str) -> None:
    assert parsed(name).inline == []


def test_the_check_sees_inline_code_and_absolute_assets() -> None:
    page = Page()
    page.feed(
        '<script>alert(1)</script><style>p{}</style><p style="x" onclick="y">'
        '<script src="/static/a.js"></script><link href="https://cdn.example/x.css">'
    )
    assert page.inline == [
        "<script> without src", "<script> holding 'alert(1)'", "<style>",
        "<p style>", "<p onclick>",
    ]  # fmt: skip
    assert [urlsplit(url).netloc or url[:1] for _, url in page.urls] == ["/", "cdn.example"]


@pytest.mark.parametrize("name", SCRIPTS)
def test_no_script_evaluates_text_or_writes_html(name: str) -> None:
    source = (STATIC / name).read_text(encoding="utf-8")
    for banned in ("eval(", "new Function", "innerHTML", "outerHTML", "document.write"):
        assert banned not in source, f"{name}: {banned}"


def test_the_member_page_keeps_nothing_in_the_browser_storage() -> None:
    # A secret ballot's choice may be shown from the page's memory only (issue 15, point 3).
    source = (STATIC / "member.js").read_text(encoding="utf-8")
    for banned in ("localStorage", "sessionStorage", "document.cookie", "indexedDB", "caches."):
        assert banned not in source, f"member.js: {banned}"


def test_every_code_of_the_contract_has_a_sentence_in_each_language() -> None:
    table = texts()
    assert sorted(table) == sorted(LANGUAGES)
    wanted = (
        [f"why_not_{code}" for code in WHY_NOT]
        + [f"status_{code}" for code in STATUSES]
        + [f"session_{state}" for state in SESSION_STATES]
        + [f"type_{kind}" for kind in VOTE_TYPES]
        + [f"choice_{choice}" for choice in CHOICES]
        + [f"count_{count}" for count in COUNTS]
        + [f"error_{code}" for code in ERRORS]
        + [f"result_{result.value}" for result in Result]
    )
    for language in LANGUAGES:
        missing = [key for key in wanted if not table[language].get(key, "").strip()]
        assert missing == [], f"i18n.js: {language} lacks {missing}"


def test_the_languages_have_the_same_texts_and_placeholders() -> None:
    table = texts()
    for language in LANGUAGES:
        assert table[language].keys() == table["en"].keys(), language
        for key, text in table[language].items():
            assert text.strip(), f"i18n.js: {language}.{key} is empty"
            if key == "date_format":  # the order and the numerals' suffixes are the language's
                assert placeholders(text) <= DATE_FIELDS, f"{language}.{key}"
                continue
            assert placeholders(text) == placeholders(table["en"][key]), f"{language}.{key}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_write_a_date_with_the_actas_months_and_order(language: str) -> None:
    table = texts()[language]
    formats = LABELS[Language(language)].formats
    assert table["date_format"] == formats.short_date
    assert [table[f"month_{n}"] for n in range(1, 13)] == list(formats.months)


def test_the_pages_date_is_the_actas_in_every_language() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the pages' dates are not computed")
    # Every day of a year, and the first of the month over years whose suffixes differ.
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    days += [dt.date(year, month, 1) for year in range(1990, 2131) for month in (1, 12)]
    isos = [day.isoformat() for day in days] + ["2026-13-01", "not a date"]
    script = (
        "globalThis.window = globalThis; require(process.argv[1]);"
        "const [isos, languages] = JSON.parse(process.argv[2]);"
        "console.log(JSON.stringify(languages.map((l) => isos.map((i) => window.vaDate(i, l)))));"
    )
    arguments = [str(STATIC / "i18n.js"), json.dumps([isos, LANGUAGES])]
    run = subprocess.run([node, "-e", script, *arguments], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for language, written in zip(LANGUAGES, json.loads(run.stdout), strict=True):
        formats = LABELS[Language(language)].formats
        wanted = [formatting.date(day, formats, weekday=False) for day in days]
        assert written == [*wanted, "2026-13-01", "not a date"], language
    assert written[days.index(dt.date(2026, 12, 4))] == "2026ko abenduaren 4a"
    assert written[days.index(dt.date(2025, 12, 1))] == "2025eko abenduaren 1a"


def test_the_member_page_offers_every_language_by_its_name() -> None:
    html = (STATIC / "member.html").read_text(encoding="utf-8")
    buttons = re.findall(r'data-lang="(\w+)" lang="(\w+)"[^>]*>(\w+)<span class="sr"> (\w+)<', html)
    assert buttons == [(code, code, code.upper(), NAMES[code]) for code in LANGUAGES]


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("name", PAGES)
def test_every_text_a_page_or_its_script_names_exists(name: str) -> None:
    known = texts()["en"]
    script = (STATIC / name.replace(".html", ".js")).read_text(encoding="utf-8")
    named = parsed(name).keys + re.findall(r"\bt\(\"(\w+)\"[,)]", script)
    assert named, name
    assert [key for key in named if key not in known] == []


@pytest.mark.parametrize("name", SCRIPTS)
def test_the_scripts_parse(name: str) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the scripts' syntax is not checked")
    checked = subprocess.run([node, "--check", str(STATIC / name)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
