"""A live session served by a real `videoacta mark --live` process, and its members' devices
speaking HTTP to it: the secretary's actions, members' links issued by the editor, votes."""

import datetime as dt
import json
import secrets
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.editor.editor_process import Editor, editor, request
from tests.editor.logs import small_folder

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")


def today() -> dt.date:
    return dt.datetime.now(MADRID).date()


@dataclass
class Device:
    """A member's phone: their personal link."""

    member: str
    link: str

    @property
    def origin(self) -> str:
        return "/".join(self.link.split("/", 3)[:3])

    def get(self, path: str, **headers: str) -> tuple[int, Any]:
        return request(self.link + path, headers=headers)

    def state(self) -> dict[str, Any]:
        status, view = self.get("api/state")
        assert status == 200, view
        return dict(view)

    def vote(self, item: int, choice: str, *, round: int = 1, id: str | None = None,
             **headers: str) -> tuple[int, Any]:  # fmt: skip
        body = {"id": id or secrets.token_urlsafe(16), "item": item, "round": round}
        body["choice"] = choice
        sent = {"Origin": self.origin, "Content-Type": "application/json", **headers}
        return request(self.link + "api/vote", data=json.dumps(body).encode(), headers=sent)


def act(running: Editor, **action: Any) -> dict[str, Any]:
    """The secretary's action in the editor (stamped now by the server)."""
    version = running.state()["log"]["version"]
    status, answer = running.post("api/action", {"action": action, "version": version})
    assert status == 200, answer
    return dict(answer)


def issue(running: Editor, member: str) -> Device:
    status, answer = running.post("api/links", {"op": "issue", "member": member})
    assert status == 200, answer
    assert answer["qr"].startswith("data:image/png;base64,")
    return Device(member, answer["link"])


@contextmanager
def sitting(tmp_path: Path, *args: str, **overrides: Any) -> Iterator[tuple[Editor, Path]]:
    """Five members m1..m5 (m1 chairs; item 1 ordinary, 2 a secret election, 3 questions),
    dated today, served live; `overrides` change session.toml."""
    folder = small_folder(tmp_path / "live-session", date=today(), **overrides)[0]
    with editor(folder, "--live", *args) as running:
        yield running, folder


def log(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "votes.jsonl").read_text(encoding="utf-8").splitlines()
    return [{k: v for k, v in json.loads(line).items() if k != "time"} for line in lines]
