"""The links exported: a CSV, a printable page and one QR code each, private to their owner; the
QR code read back from the PNG module by module; every bad address or member refused."""

import base64
import csv
import io
import re
import stat
from pathlib import Path

import pytest
import segno

from tests.builders import START
from tests.editor.logs import small_folder
from tests.telematic import png
from videoacta.core.session import Session
from videoacta.errors import InputError, OutputError
from videoacta.telematic.access import AccessStore
from videoacta.telematic.links import QR_SCALE, check_url, export, link_of

BASE = "https://ple.example.cat/votacions/"


@pytest.fixture
def issued(tmp_path: Path) -> tuple[Session, dict[str, str]]:
    folder, session = small_folder(tmp_path / "test-session")
    return session, AccessStore.open(folder, session).issue(None, now=START)


def test_the_list_names_each_member_and_their_link(
    tmp_path: Path, issued: tuple[Session, dict[str, str]]
) -> None:
    session, tokens = issued
    out = tmp_path / "links"
    written = export(out, BASE, tokens, session)
    assert [path.name for path in written] == [
        "m1.png", "m2.png", "m3.png", "m4.png", "m5.png", "links.csv", "links.html",
    ]  # fmt: skip
    rows = list(csv.reader(io.StringIO((out / "links.csv").read_text("utf-8"))))
    assert rows[0] == ["member", "name", "group", "link"]
    assert rows[1] == [
        "m1", "Núria Núñez Roca", "Grup A", f"https://ple.example.cat/votacions/m/{tokens['m1']}/",
    ]  # fmt: skip
    assert [row[0] for row in rows[1:]] == ["m1", "m2", "m3", "m4", "m5"]


def test_the_files_are_private(tmp_path: Path, issued: tuple[Session, dict[str, str]]) -> None:
    session, tokens = issued
    out = tmp_path / "new" / "links"
    written = export(out, BASE, tokens, session)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert {stat.S_IMODE(path.stat().st_mode) for path in written} == {0o600}
    assert sorted(path.name for path in out.iterdir()) == sorted(p.name for p in written)


def test_each_qr_code_holds_the_members_link(
    tmp_path: Path, issued: tuple[Session, dict[str, str]]
) -> None:
    session, tokens = issued
    out = tmp_path / "links"
    export(out, BASE, tokens, session)
    for member, token in tokens.items():
        data = (out / f"{member}.png").read_bytes()
        assert data.startswith(png.SIGNATURE)
        expected = segno.make(link_of(BASE, token), micro=False).matrix
        read = png.modules(data, scale=QR_SCALE, border=4)
        assert read == [[bool(module) for module in row] for row in expected]


def test_the_page_is_self_contained_and_runs_nothing(
    tmp_path: Path, issued: tuple[Session, dict[str, str]]
) -> None:
    session, tokens = issued
    export(tmp_path, BASE, {"m1": tokens["m1"], "m2": tokens["m2"]}, session)
    page = (tmp_path / "links.html").read_text("utf-8")
    assert "<script" not in page
    assert not re.search(r"""(src|href)="(?!data:image/png;base64,)""", page)
    assert "default-src 'none'" in page
    assert '<html lang="ca">' in page
    assert page.count("<section>") == 2
    assert f"<code>{link_of(BASE, tokens['m2'])}</code>" in page
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert [base64.b64decode(image) for image in images] == [
        (tmp_path / "m1.png").read_bytes(),
        (tmp_path / "m2.png").read_bytes(),
    ]


def test_names_are_escaped_on_the_page_and_never_formulas_in_the_list(tmp_path: Path) -> None:
    folder, session = small_folder(tmp_path / "test-session")
    members = [member.model_copy() for member in session.members]
    members[1] = members[1].model_copy(update={"name": '=HYPERLINK("x") <b>&amp;'})
    session = session.model_copy(update={"members": tuple(members)})
    tokens = AccessStore.open(folder, session).issue(["m2"], now=START)
    out = tmp_path / "links"
    export(out, BASE, tokens, session)
    page = (out / "links.html").read_text("utf-8")
    assert "<h2>=HYPERLINK(&quot;x&quot;) &lt;b&gt;&amp;amp;</h2>" in page
    rows = list(csv.reader(io.StringIO((out / "links.csv").read_text("utf-8"))))
    assert rows[1][1] == '\'=HYPERLINK("x") <b>&amp;'


REFUSED_URLS = [
    ("ftp://ple.example.cat", "'ftp://ple.example.cat' is not an http:// or https:// address"),
    ("javascript:alert(1)", "'javascript:alert(1)' is not an http:// or https:// address"),
    ("https://", "'https://' is not an http:// or https:// address"),
    ("ple.example.cat", "'ple.example.cat' is not an http:// or https:// address"),
    ("", "'' is not an http:// or https:// address"),
    ("https://x.cat/?a=1", "'https://x.cat/?a=1' has a query, a fragment, a user or a space"),
    ("https://x.cat/#top", "'https://x.cat/#top' has a query, a fragment, a user or a space"),
    ("https://u:p@x.cat/", "'https://u:p@x.cat/' has a query, a fragment, a user or a space"),
    ("https://x.cat/a b", "'https://x.cat/a b' has a query, a fragment, a user or a space"),
    ("https://x.cat:99999/", "'https://x.cat:99999/' is not an address: Port out of range 0-65535"),
    ("https://ple.ajuntament.cat\n", "'https://ple.ajuntament.cat\\n' is not an address of "
     "printable ASCII characters up to 1000 (a domain in punycode)"),
    ("https://plé.cat", "'https://plé.cat' is not an address of printable ASCII characters up "
     "to 1000 (a domain in punycode)"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "message"), REFUSED_URLS)
def test_a_bad_address_is_refused_in_one_line(url: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        check_url(url)
    assert str(refused.value) == f"url: {message}"


def test_a_too_long_address_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="up to 1000"):
        check_url("https://x.cat/" + "a" * 1000)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "https://[::1]:8443/ple/", BASE])
def test_good_addresses_pass(url: str) -> None:
    assert check_url(url) == url


def test_nothing_is_written_for_a_bad_address(
    tmp_path: Path, issued: tuple[Session, dict[str, str]]
) -> None:
    session, tokens = issued
    with pytest.raises(InputError):
        export(tmp_path / "links", "https://x.cat/?", tokens, session)
    assert not (tmp_path / "links").exists()


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        ({"m9": "a" * 43}, "tokens: member 'm9' is not in session.toml"),
        ({"m1": "a/b"}, "tokens: member 'm1': the token is not one issued"),
    ],
)
def test_an_unknown_member_or_token_is_refused(
    tmp_path: Path, issued: tuple[Session, dict[str, str]], tokens: dict[str, str], message: str
) -> None:
    with pytest.raises(InputError) as refused:
        export(tmp_path / "links", BASE, tokens, issued[0])
    assert str(refused.value) == message
    assert not (tmp_path / "links").exists()


def test_an_unwritable_folder_is_refused(
    tmp_path: Path, issued: tuple[Session, dict[str, str]]
) -> None:
    session, tokens = issued
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(OutputError) as refused:
        export(tmp_path / "a-file", BASE, tokens, session)
    assert str(refused.value) == f"{tmp_path / 'a-file'}: exists and is not a folder"
    with pytest.raises(OutputError) as refused:
        export(tmp_path / "a-file" / "links", BASE, tokens, session)
    assert (
        str(refused.value)
        == f"{tmp_path / 'a-file' / 'links'}: cannot be written (Not a directory)"
    )
