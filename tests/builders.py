"""Build session folders and vote logs in tests, one line per event."""

import datetime as dt
import json
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from videoacta.core.events import EVENT_ADAPTER, Entry, EventLog
from videoacta.core.session import Session

TZ = zoneinfo.ZoneInfo("Europe/Madrid")
START = dt.datetime(2026, 10, 29, 19, 0, 0, tzinfo=TZ)
CHAIR = "Núria Núñez Roca"  # as the chair's test certificate names her (tests/pki.py)


def session_data(members: int = 5, groups: int = 2, **overrides: Any) -> dict[str, Any]:
    """A small valid session.toml as a dict: members m1..mN in groups A, B, …; m1 chairs.

    The secretary and m1 are named as the test certificates name them (tests/pki.py)."""
    group_ids = [chr(ord("A") + n) for n in range(groups)]
    data: dict[str, Any] = {
        "id": "test-session",
        "number": "1/2026",
        "place": "Sala de Plens",
        "date": dt.date(2026, 10, 29),
        "chair": "m1",
        "body": {"name": "Ple de Prova", "legal_members": members},
        "secretary": {"id": "sec", "name": "Marta Puig i Ferrer"},
        "groups": [{"id": g, "name": f"Grup {g}"} for g in group_ids],
        "members": [
            {
                "id": f"m{n}",
                "name": CHAIR if n == 1 else f"Membre {n}",
                "group": group_ids[(n - 1) % groups],
            }
            for n in range(1, members + 1)
        ],
        "items": [
            {"number": 1, "title": "Proposta"},
            {"number": 2, "title": "Elecció", "kind": "election", "vote": "secret"},
            {"number": 3, "title": "Preguntes", "kind": "question"},
        ],
    }
    data.update(overrides)
    return data


def session(**overrides: Any) -> Session:
    return Session.model_validate(session_data(**overrides))


@dataclass
class Log:
    """A vote log written event by event, one second apart."""

    time: dt.datetime = START
    events: list[dict[str, Any]] = field(default_factory=list)

    def add(self, type: str, **fields: Any) -> "Log":
        self.time += dt.timedelta(seconds=1)
        self.events.append({"time": self.time.isoformat(), "type": type, **fields})
        return self

    def opened(self, members: list[str]) -> "Log":
        for member in members:
            self.add("member_joined", member=member)
        return self.add("session_opened")

    def vote(self, item: int, choices: dict[str, str | None], **closed: Any) -> "Log":
        self.add("vote_opened", item=item)
        for member, choice in choices.items():
            cast: dict[str, Any] = {"item": item, "member": member}
            if choice is not None:
                cast["choice"] = choice
            self.add("vote_cast", **cast)
        return self.add("vote_closed", item=item, **closed)

    def lines(self) -> list[str]:
        return [json.dumps(event, ensure_ascii=False) for event in self.events]

    def log(self) -> EventLog:
        entries = [
            Entry(line=n, event=EVENT_ADAPTER.validate_python(e))
            for n, e in enumerate(self.events, start=1)
        ]
        return EventLog(source="votes.jsonl", entries=tuple(entries))


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | dt.date):
        return str(value) if not isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def to_toml(data: dict[str, Any]) -> str:
    """A minimal TOML writer for session dicts: plain keys first, then arrays of tables."""
    return "\n".join(_ordered(data))


def _ordered(data: dict[str, Any]) -> list[str]:
    scalars = {k: v for k, v in data.items() if not _is_table_array(v)}
    tables = {k: v for k, v in data.items() if _is_table_array(v)}
    lines = [f"{k} = {toml_value(v)}" for k, v in scalars.items()]
    for key, entries in tables.items():
        for entry in entries:
            lines.append(f"[[{key}]]")
            lines += [f"{k} = {toml_value(v)}" for k, v in entry.items()]
    return lines


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def write_folder(folder: Path, data: dict[str, Any], log: Log | list[str]) -> Path:
    """Write session.toml and votes.jsonl into folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "session.toml").write_text(to_toml(data) + "\n", encoding="utf-8")
    lines = log.lines() if isinstance(log, Log) else log
    (folder / "votes.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def sample_for_test_pki(sample: Path, folder: Path) -> Path:
    """A copy of the sample session in `folder` whose secretary and chair carry the identity
    numbers of the test certificates (tests/pki.py): their names differ, the number decides."""
    import shutil

    from tests.pki import CHAIR as CHAIR_PERSON
    from tests.pki import SECRETARY

    shutil.copytree(sample, folder)
    path = folder / "session.toml"
    text = path.read_text(encoding="utf-8")
    for name, (_, _, number) in (
        ("Montserrat Puigdollers i Ferrer", SECRETARY),
        ("Núria Soler i Bosch", CHAIR_PERSON),
    ):
        line = f'name = "{name}"\n'
        assert text.count(line) == 1, name
        text = text.replace(line, f'{line}id_number = "IDCES-{number}"\n')
    path.write_text(text, encoding="utf-8")
    return folder
