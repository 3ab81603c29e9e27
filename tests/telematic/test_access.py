"""The members' links kept as hashes: issue, holder, revoke, re-issue; the file on disk (hashes
only, private, followed when another process changes it); every refusal as one line."""

import datetime as dt
import json
import stat
import threading
from pathlib import Path

import pytest

from tests.builders import START
from tests.editor.logs import small_folder
from videoacta.core.session import Session
from videoacta.errors import InputError
from videoacta.telematic.access import AccessStore, digest
from videoacta.telematic.access_file import ACCESS


@pytest.fixture
def opened(tmp_path: Path) -> tuple[Path, Session, AccessStore]:
    folder, session = small_folder(tmp_path / "test-session")
    return folder, session, AccessStore.open(folder, session)


def access_json(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((folder / ACCESS).read_text("utf-8"))
    return data


def test_each_member_holds_their_own_link(opened: tuple[Path, Session, AccessStore]) -> None:
    _, session, store = opened
    tokens = store.issue(None, now=START)
    assert sorted(tokens) == [member.id for member in session.members]
    assert {store.holder(token) for token in tokens.values()} == set(tokens)
    assert all(store.holder(token) == member for member, token in tokens.items())
    assert len(set(tokens.values())) == 5
    assert all(len(token) == 43 for token in tokens.values())  # 32 random bytes, base64url


def test_a_revoked_link_holds_nothing_and_the_others_still_work(
    opened: tuple[Path, Session, AccessStore],
) -> None:
    _, _, store = opened
    tokens = store.issue(["m1", "m2"], now=START)
    assert store.revoke("m1") is True
    assert store.holder(tokens["m1"]) is None
    assert store.holder(tokens["m2"]) == "m2"
    assert store.revoke("m1") is False  # nothing left to revoke
    assert store.revoke("m3") is False  # never had one


def test_a_link_issued_again_replaces_the_old_one(
    opened: tuple[Path, Session, AccessStore],
) -> None:
    _, _, store = opened
    old = store.issue(["m3"], now=START)["m3"]
    later = START + dt.timedelta(minutes=5)
    new = store.issue(["m3"], now=later)["m3"]
    assert new != old
    assert store.holder(old) is None
    assert store.holder(new) == "m3"
    assert store.listing() == [
        {"member": "m3", "name": "Membre 3", "issued": "2026-10-29T19:05:00+01:00"}
    ]


def test_the_folder_keeps_hashes_only(opened: tuple[Path, Session, AccessStore]) -> None:
    folder, _, store = opened
    tokens = store.issue(None, now=START)
    store.revoke("m5")
    files = [path for path in folder.rglob("*") if path.is_file()]
    assert folder / ACCESS in files
    for path in files:
        data = path.read_bytes()
        assert not [m for m, token in tokens.items() if token.encode() in data], path
    links = access_json(folder)["links"]
    assert isinstance(links, list)
    assert [link["sha256"] for link in links] == [digest(tokens[f"m{n}"]) for n in range(1, 5)]
    assert links[0] == {
        "member": "m1",
        "sha256": digest(tokens["m1"]),
        "issued": "2026-10-29T19:00:00+01:00",
        "session": "test-session",
    }


def test_the_records_are_private_to_their_owner(opened: tuple[Path, Session, AccessStore]) -> None:
    folder, _, store = opened
    store.issue(["m1"], now=START)
    assert stat.S_IMODE((folder / ACCESS).stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / ACCESS.parent).stat().st_mode) == 0o700


def test_a_change_by_another_store_is_seen_at_the_next_call(
    opened: tuple[Path, Session, AccessStore],
) -> None:
    folder, session, server = opened
    tokens = server.issue(None, now=START)
    assert server.holder(tokens["m2"]) == "m2"
    command_line = AccessStore.open(folder, session)  # `videoacta links --revoke m2`
    assert command_line.revoke("m2") is True
    assert server.holder(tokens["m2"]) is None
    again = command_line.issue(["m4"], now=START)["m4"]
    assert server.holder(again) == "m4"
    assert server.holder(tokens["m4"]) is None
    # the server's own issue keeps what the other wrote meanwhile
    server.issue(["m1"], now=START)
    assert [line["member"] for line in command_line.listing()] == ["m1", "m3", "m4", "m5"]


def test_a_member_removed_from_session_toml_holds_nothing(
    opened: tuple[Path, Session, AccessStore],
) -> None:
    folder, _, store = opened
    tokens = store.issue(None, now=START)
    small_folder(folder, members=4)  # session.toml rewritten without m5
    assert store.holder(tokens["m5"]) is None
    assert store.holder(tokens["m4"]) == "m4"
    assert [line["member"] for line in store.listing()] == ["m1", "m2", "m3", "m4"]


def test_a_record_of_another_session_id_holds_nothing(
    opened: tuple[Path, Session, AccessStore],
) -> None:
    folder, _, store = opened
    tokens = store.issue(["m1"], now=START)
    small_folder(folder, id="another-session")  # session.toml now says another session
    assert store.holder(tokens["m1"]) is None
    assert store.listing() == []


def test_another_sessions_store_is_refused(opened: tuple[Path, Session, AccessStore]) -> None:
    folder, session, store = opened
    store.issue(["m1"], now=START)
    other = session.model_copy(update={"id": "2026-11-26-ple"})
    with pytest.raises(InputError) as refused:
        AccessStore.open(folder, other)
    assert str(refused.value) == (
        ".videoacta/access.json: links[0].session: 'test-session' is not this session "
        "('2026-11-26-ple'); remove the file to issue new links"
    )


CORRUPT = [
    (b"{", "not valid JSON; remove the file to issue new links"),
    (b"\xff\xfe", "line 1: not UTF-8 text (byte 0xff); save the file as UTF-8"),
    (b"[]", "value: Input should be a valid dictionary or instance of AccessFile"),
    (b'{"links": []}', "format: missing"),
    (b'{"format": "videoacta-access/9", "links": []}',
     "format: Input should be 'videoacta-access/1'"),
    (b'{"format": "videoacta-access/1", "links": [], "tokens": {}}', "tokens: unknown field"),
    (b'{"format": "videoacta-access/1", "links": [{"member": "m1", "sha256": "ab", '
     b'"issued": "2026-10-29T19:00:00+01:00", "session": "test-session"}]}',
     "links[0].sha256: String should match pattern '^[0-9a-f]{64}$'"),
    (b'{"format": "videoacta-access/1", "links": [{"member": "m1", "sha256": "' + b"a" * 64
     + b'", "issued": "2026-10-29T19:00:00", "session": "test-session"}]}',
     "links[0].issued: '2026-10-29T19:00:00' has no time zone offset (use e.g. +01:00)"),
    (b'{"format": "videoacta-access/1", "links": [{"member": 7, "sha256": "' + b"a" * 64
     + b'", "issued": "2026-10-29T19:00:00Z", "session": "test-session"}]}',
     "links[0].member: expected a text in quotes, not a whole number (7)"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "message"), CORRUPT)
def test_a_corrupt_file_is_refused_in_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    folder, session = small_folder(tmp_path / "test-session")
    (folder / ACCESS).parent.mkdir()
    (folder / ACCESS).write_bytes(data)
    with pytest.raises(InputError) as refused:
        AccessStore.open(folder, session)
    assert str(refused.value).replace(".json line 1:", ".json: line 1:") == (
        f".videoacta/access.json: {message}"
    )
    assert "\n" not in str(refused.value)


def test_a_member_twice_in_the_file_is_refused(opened: tuple[Path, Session, AccessStore]) -> None:
    folder, session, store = opened
    store.issue(["m1"], now=START)
    data = access_json(folder)
    assert isinstance(data["links"], list)
    data["links"] = data["links"] * 2
    (folder / ACCESS).write_text(json.dumps(data), "utf-8")
    with pytest.raises(InputError, match=r"links\[1\]\.member: 'm1' appears twice$"):
        AccessStore.open(folder, session)


def test_a_file_spoilt_while_the_server_runs_grants_nothing_until_it_is_mended(
    opened: tuple[Path, Session, AccessStore],
) -> None:
    folder, _, store = opened
    token = store.issue(["m1"], now=START)["m1"]
    good = (folder / ACCESS).read_bytes()
    (folder / ACCESS).write_bytes(good[:-20])
    assert store.holder(token) is None
    with pytest.raises(InputError, match="not valid JSON"):
        store.listing()
    (folder / ACCESS).write_bytes(good)
    assert store.holder(token) == "m1"


def test_an_unknown_member_is_refused_and_nothing_is_issued(
    opened: tuple[Path, Session, AccessStore],
) -> None:
    folder, _, store = opened
    old = store.issue(["m1"], now=START)["m1"]
    before = (folder / ACCESS).read_bytes()
    with pytest.raises(InputError) as refused:
        store.issue(["m1", "m99"], now=START)
    assert str(refused.value) == "session.toml: members: no member 'm99'"
    with pytest.raises(InputError, match=r"no member 'm\\n'$"):
        store.revoke("m\n")
    assert (folder / ACCESS).read_bytes() == before
    assert store.holder(old) == "m1"


@pytest.mark.parametrize(
    "token",
    ["", "short", "a" * 200, "é" * 43, "../../etc/passwd", "\ud800" * 43, "a" * 42 + " "],
)
def test_a_hostile_token_holds_nothing(
    opened: tuple[Path, Session, AccessStore], token: str
) -> None:
    _, _, store = opened
    store.issue(None, now=START)
    assert store.holder(token) is None


def test_a_time_without_zone_is_a_bug(opened: tuple[Path, Session, AccessStore]) -> None:
    with pytest.raises(ValueError, match="time zone"):
        opened[2].issue(None, now=dt.datetime(2026, 10, 29, 19, 0))


def test_a_linked_records_folder_is_refused(tmp_path: Path) -> None:
    folder, session = small_folder(tmp_path / "test-session")
    (tmp_path / "elsewhere").mkdir()
    (folder / ".videoacta").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(InputError) as refused:
        AccessStore.open(folder, session).issue(None, now=START)
    assert str(refused.value) == ".videoacta: is a symbolic link; remove it"
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_threads_issuing_and_asking_at_once_agree(
    opened: tuple[Path, Session, AccessStore],
) -> None:
    _, _, store = opened
    kept = store.issue(["m1", "m2"], now=START)
    answers: list[str | None] = []

    def ask() -> None:
        for _ in range(200):
            answers.extend(store.holder(token) for token in kept.values())

    def issue() -> None:
        for _ in range(20):
            store.issue(["m3", "m4"], now=START)

    threads = [threading.Thread(target=ask) for _ in range(4)] + [threading.Thread(target=issue)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count("m1") == answers.count("m2") == 800
    assert len(answers) == 1600
