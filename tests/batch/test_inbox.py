"""The inbox: which folders are sessions, when they are ready, and the hash of their inputs."""

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.builders import Log, session_data, to_toml
from videoacta import hashing
from videoacta.batch import inbox
from videoacta.batch.runspec import Ready
from videoacta.errors import InputError

NOW = time.time()


def folder(
    root: Path, name: str, *, closed: bool = True, parts: dict[str, bytes] | None = None
) -> Path:
    """A session folder with a tiny session.toml, a vote log and recording parts of raw bytes."""
    path = root / name
    (path / "recording").mkdir(parents=True)
    data = session_data(id=name)
    parts = {"part-1.mp4": b"one" * 1000} if parts is None else parts
    data["recording"] = {"parts": [{"file": f"recording/{file}"} for file in parts]}
    (path / "session.toml").write_text(to_toml(data) + "\n", encoding="utf-8")
    log = Log().opened(["m1", "m2", "m3"])
    if closed:
        log.add("session_closed")
    (path / "votes.jsonl").write_text("\n".join(log.lines()) + "\n\n", encoding="utf-8")
    for file, content in parts.items():
        (path / "recording" / file).write_bytes(content)
    return path


def age(path: Path, seconds: float) -> None:
    """Make every file under `path` look `seconds` old."""
    for file in [path, *path.rglob("*")]:
        os.utime(file, (NOW - seconds, NOW - seconds))


def test_a_session_is_a_folder_with_session_toml_and_it_is_ready_with_a_marker(
    tmp_path: Path,
) -> None:
    folder(tmp_path, "b-marked")
    (tmp_path / "b-marked" / "READY").touch()
    folder(tmp_path, "a-unmarked")
    folder(tmp_path, ".hidden")
    (tmp_path / "pki").mkdir()
    (tmp_path / "notes.txt").write_text("not a folder")
    found = inbox.find_sessions(tmp_path, ready=Ready.MARKER, settle=0, now=NOW)
    assert [(c.name, c.waiting_for) for c in found] == [
        ("a-unmarked", "no READY file"),
        ("b-marked", None),
    ]


def test_closed_means_session_closed_last_and_no_change_for_settle_seconds(
    tmp_path: Path,
) -> None:
    folder(tmp_path, "closed-old")
    folder(tmp_path, "closed-new")
    folder(tmp_path, "open", closed=False)
    age(tmp_path / "closed-old", 300)
    age(tmp_path / "open", 300)
    found = inbox.find_sessions(tmp_path, ready=Ready.CLOSED, settle=60, now=NOW)
    waiting = {c.name: c.waiting_for for c in found}
    assert waiting["closed-old"] is None
    assert waiting["closed-new"] is not None
    assert waiting["closed-new"].startswith("an input changed")
    assert waiting["open"] == "votes.jsonl does not end with session_closed"


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ('{"type": "session_closed"}\n', True),
        ('{"type": "session_closed"}\n\n  \n', True),
        ('{"type": "session_closed"}\n{"type": "item_opened"}\n', False),
        ('{"type": "session_clo', False),
        ("", False),
        ("[1, 2]\n", False),
        ("x" * 10_000 + '\n{"type": "session_closed"}\n', True),
    ],
)
def test_log_is_closed(tmp_path: Path, text: str, closed: bool) -> None:
    (tmp_path / "votes.jsonl").write_text(text)
    assert inbox.log_is_closed(tmp_path / "votes.jsonl") is closed


def test_an_unreadable_inbox_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere: the inbox cannot be read"):
        inbox.find_sessions(tmp_path / "nowhere", ready=Ready.MARKER, settle=0, now=NOW)


def test_the_hash_covers_bytes_not_dates(tmp_path: Path) -> None:
    session = folder(tmp_path, "s")
    cache = tmp_path / "cache.json"
    first = inbox.input_hash(session, cache=cache)
    part = session / "recording" / "part-1.mp4"
    data = part.read_bytes()
    part.unlink()
    part.write_bytes(data)  # copied again: a new inode, new times, the same bytes
    assert inbox.input_hash(session, cache=cache) == first
    part.write_bytes(data[:-1] + b"X")
    assert inbox.input_hash(session, cache=cache) != first


@pytest.mark.parametrize("change", ["session.toml", "votes.jsonl", "rename", "csv"])
def test_any_input_changes_the_hash(tmp_path: Path, change: str) -> None:
    session = folder(tmp_path, "s")
    before = inbox.input_hash(session, cache=tmp_path / "cache.json")
    if change == "rename":
        text = (session / "session.toml").read_text().replace("part-1.mp4", "part-A.mp4")
        (session / "session.toml").write_text(text)
        shutil.move(session / "recording" / "part-1.mp4", session / "recording" / "part-A.mp4")
    elif change == "csv":
        (session / "votes.csv").write_text("item,member,choice\n")
    else:
        with (session / change).open("a") as handle:
            handle.write("\n# more\n" if change == "session.toml" else "\n")
    assert inbox.input_hash(session, cache=tmp_path / "cache.json") != before


def test_a_part_whose_stat_is_unchanged_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbox, "RACY_NS", 0)
    session = folder(tmp_path, "s", parts={"part-1.mp4": b"1" * 5000, "part-2.mp4": b"2" * 5000})
    cache = tmp_path / "cache" / "s.json"
    first = inbox.input_hash(session, cache=cache)
    assert set(json.loads(cache.read_text())["files"]) == {
        str(session / "recording" / "part-1.mp4"),
        str(session / "recording" / "part-2.mp4"),
    }
    read: list[str] = []
    original = hashing.sha256_file

    def counting(path: Path, progress: hashing.Progress | None = None) -> hashing.FileDigest:
        read.append(path.name)
        return original(path, progress)

    monkeypatch.setattr(hashing, "sha256_file", counting)
    assert inbox.input_hash(session, cache=cache) == first
    assert sorted(read) == ["session.toml", "votes.jsonl"]
    read.clear()
    (session / "recording" / "part-2.mp4").write_bytes(b"3" * 5000)
    assert inbox.input_hash(session, cache=cache) != first
    assert sorted(read) == ["part-2.mp4", "session.toml", "votes.jsonl"]


def test_a_broken_session_still_has_a_hash(tmp_path: Path) -> None:
    session = tmp_path / "s"
    session.mkdir()
    (session / "session.toml").write_text("not = [toml")
    assert len(inbox.input_hash(session, cache=tmp_path / "cache.json")) == 64
    (tmp_path / "cache.json").write_text("{garbage")
    assert len(inbox.input_hash(session, cache=tmp_path / "cache.json")) == 64


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("{secret}", "must be relative to the session folder"),
        ("../secret", "is outside the session folder (after resolving links)"),
        ("/proc/self/pagemap", "must be relative to the session folder"),
        ("recording/link.mp4", "is outside the session folder (after resolving links)"),
        ("recording/pipe.mp4", "is not a regular file"),
        ("recording//part-1.mp4", "is the same file as recording.parts[0].file"),
    ],
)
def test_parts_are_checked_before_a_byte_is_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file: str, message: str
) -> None:
    secret = tmp_path / "secret"
    secret.write_bytes(b"1234")
    session = folder(tmp_path, "s")
    (session / "recording" / "link.mp4").symlink_to(secret)
    os.mkfifo(session / "recording" / "pipe.mp4")
    toml = session / "session.toml"
    name = file.format(secret=secret)
    added = f'part-1.mp4"}}, {{file = {json.dumps(name)}}}'
    text = toml.read_text().replace('part-1.mp4"}', added)
    toml.write_text(text)
    monkeypatch.setattr(inbox, "RACY_NS", 0)  # every digest read would be cached
    read: list[str] = []
    monkeypatch.setattr(inbox.hashing, "sha256_file", lambda path: read.append(path.name))
    with pytest.raises(InputError) as error:
        inbox.input_hash(session, cache=tmp_path / "cache.json")
    assert str(error.value) == f"session.toml: recording.parts[1].file: {name!r} {message}"
    assert read == []
    assert not (tmp_path / "cache.json").exists()


def test_a_named_pipe_log_is_never_opened_to_block(tmp_path: Path) -> None:
    session = folder(tmp_path, "s")
    (session / "votes.jsonl").unlink()
    os.mkfifo(session / "votes.jsonl")
    found: list[list[inbox.Candidate]] = []
    look = threading.Thread(
        target=lambda: found.append(
            inbox.find_sessions(tmp_path, ready=Ready.CLOSED, settle=0, now=NOW)
        ),
        daemon=True,
    )
    look.start()
    look.join(60)  # a guard against the old hang, not a timing assertion
    if look.is_alive():  # unblock the old code's open() so the thread ends
        os.close(os.open(session / "votes.jsonl", os.O_WRONLY | os.O_NONBLOCK))
        look.join()
    assert [(c.name, c.waiting_for) for c in found[0]] == [
        ("s", "votes.jsonl: is not a regular file (a named pipe)")
    ]
    with pytest.raises(InputError, match=r"^votes.jsonl: is not a regular file$"):
        inbox.input_hash(session, cache=tmp_path / "cache.json")
