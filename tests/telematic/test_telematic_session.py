"""A telematic session run through the pages only, in Debian's Chromium: the secretary's editor,
three members on their own phones (separate browser contexts, one attending remotely) and the
room's board. An ordinary vote, a nominal vote with a change, a recusal and a vote reopened
after an incident, a secret ballot mixing devices and paper; the log it leaves tallies to the
results seen, and becomes a signed videoacta that verifies."""

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, expect

from tests.editor.editor_process import Editor, editor
from tests.editor.logs import small_folder
from tests.editor.ui_marking import answer, member_button, settle, simple
from tests.generated_media import make_clip
from tests.pki import PASSPHRASE, Pki
from tests.telematic.members import log, today
from videoacta.cli import cli

ITEMS = [
    {"number": 1, "title": "Pressupost municipal"},
    {"number": 2, "title": "Moció sobre l'habitatge", "vote": "nominal"},
    {"number": 3, "title": "Adjudicació del servei de neteja"},
    {"number": 4, "title": "Elecció de jutge de pau", "kind": "election", "vote": "secret"},
]
PHONES = ["m2", "m3", "m4"]  # m1 (the chair) and m5 vote in the room, marked by the secretary


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("telematic")
    return small_folder(base / "2026-ple-telematic", date=today(), items=ITEMS, mode="mixed")[0]


@pytest.fixture(scope="module")
def running(folder: Path) -> Iterator[Editor]:
    with editor(folder, "--live") as started:
        yield started


class Session:
    """The pages of the session: the secretary's, the members' phones, the board."""

    def __init__(self, browser: Browser, running: Editor) -> None:
        self.errors: list[str] = []
        self.admin = self._page(browser, running.url, 1440, 900, "secretary")
        self.admin.wait_for_function("window.VA?.state")
        self.links = {member: self.issue(member) for member in PHONES}
        self.phones = {m: self._page(browser, self.links[m], 390, 844, m) for m in PHONES}
        base = running.url.rsplit("/", 2)[0]
        self.board = self._page(browser, base + "/board/?lang=en", 1280, 720, "board")

    def _page(self, browser: Browser, url: str, width: int, height: int, who: str) -> Page:
        # The pages forbid eval, which Playwright's waiting for a condition uses.
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{who}: {error}"))
        page.goto(url)
        return page

    def issue(self, member: str) -> str:
        row = self.admin.locator(f'#devices tr[data-member="{member}"]')
        row.get_by_role("button", name="Issue link").click()
        dialog = self.admin.locator("#link-dialog")
        expect(dialog).to_be_visible()
        link = dialog.locator("#link-text").input_value()
        assert (
            dialog.locator("#link-qr")
            .get_attribute("src", timeout=5000)
            .startswith("data:image/png")
        )
        dialog.get_by_role("button", name="Close").click()
        return link

    def act(self, event: dict[str, Any]) -> None:
        before = int(self.admin.evaluate("window.VA.state.log.entries.length"))
        simple(self.admin, event)
        settle(self.admin, before)

    def open_vote(self, item: int) -> None:
        before = int(self.admin.evaluate("window.VA.state.log.entries.length"))
        self.admin.get_by_role("button", name="Open the vote", exact=True).click()
        settle(self.admin, before)
        for phone in self.phones.values():
            phone.wait_for_function("n => page.view?.vote?.item === n", arg=item)

    def vote(self, member: str, choice: str) -> None:
        """The member presses a button and waits for the server's acknowledgement."""
        phone = self.phones[member]
        phone.locator(f'button[data-choice="{choice}"]').click()
        phone.wait_for_function(
            "c => page.pending === null && (page.view?.own?.choice === c"
            " || (page.view?.own?.took_part && page.ballot?.choice === c))",
            arg=choice,
        )

    def mark(self, choices: dict[str, str]) -> None:
        """The secretary records the votes of the members in the room."""
        self.admin.wait_for_function("n => window.VA.state.log.version === n", arg=self.version())
        before = int(self.admin.evaluate("window.VA.state.log.entries.length"))
        for member, choice in choices.items():
            label = {"yes": "Yes", "no": "No", "abstain": "Abstains", "took_part": "Took part"}
            member_button(self.admin, member, label[choice])
        self.admin.keyboard.press("Enter")
        settle(self.admin, before)

    def version(self) -> int:
        return int(
            self.admin.evaluate("fetch('api/pulse').then(r => r.json()).then(p => p.version)")
        )

    def close_vote(self, **ballots: int) -> None:
        self.admin.wait_for_function("n => window.VA.state.log.version === n", arg=self.version())
        before = int(self.admin.evaluate("window.VA.state.log.entries.length"))
        self.admin.get_by_role("button", name="Close the vote", exact=True).click()
        if ballots:
            answer(self.admin, **ballots)
        settle(self.admin, before)

    def board_result(self) -> str:
        self.board.wait_for_function(
            "document.querySelector('#vote').textContent.includes('closed')"
        )
        return str(self.board.locator("#vote").text_content())


def tally(folder: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["tally", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_a_telematic_session_from_the_pages_to_a_verified_videoacta(
    browser: Browser, running: Editor, folder: Path, pki: Pki, tsa_url: str, tmp_path: Path
) -> None:
    s = Session(browser, running)
    phone = s.phones["m4"]
    phone.wait_for_function("page.view !== null")
    assert phone.evaluate("page.view.why_not") == "not_confirmed"
    expect(phone.locator('button[data-choice="yes"]')).to_be_hidden()
    for member in ["m1", "m2", "m3", "m5"]:
        s.act({"type": "member_joined", "member": member})
    s.act({"type": "member_joined", "member": "m4", "attendance": "remote",
           "identity": "videotrucada amb DNI", "in_spain": True})  # fmt: skip
    s.act({"type": "session_opened"})
    phone.wait_for_function("page.view.status === 'present'")

    # 1. An ordinary vote: three phones and two hands in the room.
    s.act({"type": "item_opened", "item": 1})
    s.open_vote(1)
    expect(s.board.locator("#vote")).to_contain_text("Votes cast: 0")
    for member, choice in [("m2", "yes"), ("m3", "yes"), ("m4", "no")]:
        s.vote(member, choice)
    s.mark({"m1": "yes", "m5": "abstain"})
    s.close_vote()
    board = s.board_result()
    assert "Membre 4" in board  # a public vote: the board names members after the close
    s.phones["m2"].wait_for_function("page.view.result?.item === 1")
    assert s.phones["m2"].evaluate("page.view.result.own") == "yes"
    s.act({"type": "item_closed", "item": 1})

    # 2. A nominal vote, one member changing their vote while it is open.
    s.act({"type": "item_opened", "item": 2})
    s.open_vote(2)
    s.vote("m2", "yes")
    s.vote("m3", "no")
    s.vote("m4", "yes")
    s.vote("m2", "no")  # changed
    s.mark({"m1": "yes", "m5": "yes"})
    s.close_vote()
    s.board_result()
    s.act({"type": "item_closed", "item": 2})

    # 3. A recusal, and a vote reopened after an incident.
    s.act({"type": "item_opened", "item": 3})
    s.act({"type": "recusal", "item": 3, "member": "m4", "reason": "Parentiu amb un licitador"})
    s.open_vote(3)
    s.phones["m4"].wait_for_function("page.view.why_not === 'recused'")
    expect(s.phones["m4"].locator('button[data-choice="yes"]')).to_be_hidden()
    s.vote("m2", "yes")
    s.vote("m3", "no")
    s.mark({"m1": "yes", "m5": "abstain"})
    s.close_vote()
    s.act({"type": "vote_reopened", "item": 3, "reason": "La connexió de m3 va fallar"})
    s.open_vote(3)
    s.phones["m3"].wait_for_function("page.view.vote?.round === 2")
    s.vote("m2", "yes")
    s.vote("m3", "yes")
    s.mark({"m1": "yes", "m5": "no"})
    s.close_vote()
    s.board_result()
    s.act({"type": "item_closed", "item": 3})

    # 4. A secret ballot: ballots from the phones, paper ballots for the two in the room.
    s.act({"type": "item_opened", "item": 4})
    s.open_vote(4)
    for member, choice in [("m2", "yes"), ("m3", "no"), ("m4", "yes")]:
        s.vote(member, choice)
    assert s.phones["m3"].evaluate("page.view.own") == {"took_part": True}
    expect(s.phones["m3"].locator('button[data-choice="yes"]')).to_be_hidden()
    s.mark({"m1": "took_part", "m5": "took_part"})
    s.close_vote(yes=1, no=0, abstain=1)
    board = s.board_result()
    assert "Membre 2" not in board  # never a name for a secret vote
    assert "Membre 3" not in board
    s.act({"type": "item_closed", "item": 4})
    s.act({"type": "session_closed"})
    for page in [s.admin, s.board, *s.phones.values()]:
        page.screenshot(path=str(tmp_path / f"{page.url.split('/')[-2] or 'page'}.png"))
    assert not s.errors, s.errors

    check_log_and_results(folder)
    check_videoacta(folder, pki, tsa_url, tmp_path)


def check_log_and_results(folder: Path) -> None:
    events = log(folder)
    secret = [e for e in events if e["type"] == "vote_cast" and e["item"] == 4]
    assert all("choice" not in e for e in secret)
    assert len(secret) == 5
    assert events[-3]["ballots"] == {"yes": 3, "no": 1, "abstain": 1}
    changes = [
        e for e in events if e["type"] == "vote_cast" and e["item"] == 2 and e["member"] == "m2"
    ]
    assert [e["choice"] for e in changes] == ["yes", "no"]
    rounds: dict[int, list[dict[str, Any]]] = {}
    for vote in tally(folder)["vote_events"]:
        rounds.setdefault(int(vote["motion"]["identifier"]), []).append(vote)

    def counts(item: int) -> dict[str, float]:
        return {count["option"]: count["value"] for count in rounds[item][-1]["counts"]}

    assert [len(rounds[item]) for item in (1, 2, 3, 4)] == [1, 1, 2, 1]
    assert (counts(1)["yes"], counts(1)["no"], counts(1)["abstain"]) == (3, 1, 1)
    assert (counts(2)["yes"], counts(2)["no"]) == (3, 2)
    assert (counts(3)["yes"], counts(3)["no"], counts(3)["abstain"]) == (3, 1, 0)
    assert (counts(4)["yes"], counts(4)["no"], counts(4)["abstain"]) == (3, 1, 1)
    assert [rounds[item][-1]["result"] for item in (1, 2, 3, 4)] == ["pass"] * 4
    votes = {v["voter_id"]: v["option"] for v in rounds[2][-1]["votes"]}
    assert votes == {"m1": "yes", "m2": "no", "m3": "no", "m4": "yes", "m5": "yes"}


def check_videoacta(folder: Path, pki: Pki, tsa_url: str, tmp_path: Path) -> None:
    """The recording of the stream added afterwards, the package built, signed and verified."""
    events = [json.loads(line) for line in (folder / "votes.jsonl").read_text().splitlines()]
    first = dt.datetime.fromisoformat(events[0]["time"]) - dt.timedelta(seconds=2)
    last = dt.datetime.fromisoformat(events[-1]["time"])
    seconds = (last - first).total_seconds() + 3
    (folder / "recording").mkdir(exist_ok=True)
    make_clip(folder / "recording" / "stream.mp4", seconds=seconds, size="96x54", rate=5)
    with (folder / "session.toml").open("a", encoding="utf-8") as toml:
        toml.write(
            f'\n[[recording.parts]]\nfile = "recording/stream.mp4"\nstart = {first.isoformat()}\n'
        )
    out = tmp_path / "out"
    signer = ["--pkcs12", str(pki["secretary.p12"]), "--passphrase-env", "PASS"]
    built = CliRunner().invoke(
        cli,
        ["build", str(folder), "--out", str(out), "--quiet", *signer, "--trust", str(pki.root),
         "--tsa", tsa_url],
        env={"PASS": PASSPHRASE},
    )  # fmt: skip
    assert built.exit_code == 0, built.output
    package = out / "test-session"  # the session's id (session.toml), not the folder's name
    assert f"Package: {package}" in built.stdout
    signed = CliRunner().invoke(
        cli,
        ["sign", str(package), "--as", "chair", "--pkcs12", str(pki["chair.p12"]),
         "--passphrase-env", "PASS", "--trust", str(pki.root)],
        env={"PASS": PASSPHRASE},
    )  # fmt: skip
    assert signed.exit_code == 0, signed.output
    verified = CliRunner().invoke(cli, ["verify", str(package), "--trust", str(pki.root), "--json"])
    assert verified.exit_code == 0, verified.output
    assert json.loads(verified.stdout)["verdict"] == "valid"
