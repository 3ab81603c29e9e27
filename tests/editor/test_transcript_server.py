"""The Transcript view's endpoints on a real editor (uvicorn in its own process): each change
is checked and written atomically; a hostile or stale request answers its documented status
with a one-line error naming the field, and transcript.json is left as it was."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.editor.editor_process import Editor, editor, request
from tests.editor.transcript_fixture import sentence, write_sample
from videoacta.inputs.transcript_file import parse_transcript


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample(tmp_path_factory.mktemp("transcript") / "session")[0]


@pytest.fixture(scope="module")
def running(folder: Path) -> Iterator[Editor]:
    with editor(folder) as started:
        yield started


def on_disk(folder: Path) -> bytes:
    return (folder / "transcript.json").read_bytes()


def view(running: Editor) -> Any:
    status, data = running.get("api/transcript")
    assert status == 200, data
    return data


def post(running: Editor, **body: Any) -> tuple[int, Any]:
    return running.post("api/transcript", {"version": view(running)["version"], **body})


def test_the_view_lists_the_spans_and_says_automatic(running: Editor) -> None:
    data = view(running)
    assert data["exists"]
    assert data["problems"] == []
    assert data["status"] == "automatic"
    assert data["status_text"] == "automatic, not reviewed"
    first = data["spans"][0]["segments"][0]
    assert (first["id"], first["text"], first["speaker"]) == ("s00001", sentence(0), "m01")
    assert data["withheld"] == [{"item": 4, "start": 95.0, "end": 122.0}]
    assert {"id": "sec", "name": "Montserrat Puigdollers i Ferrer", "group": ""} in data["members"]


def test_a_corrected_text_is_saved_edited_without_confidence(running: Editor, folder: Path) -> None:
    status, data = post(running, op="text", segment="s00003", text="  Our group votes yes.  ")
    assert status == 200, data
    segment = parse_transcript(on_disk(folder)).spans[1].segments[0]
    assert segment.text == "Our group votes yes."
    assert (segment.edited, segment.confidence) == (True, None)
    assert data["spans"][1]["segments"][0]["text"] == "Our group votes yes."


def test_a_stale_page_gets_409_and_changes_nothing(running: Editor, folder: Path) -> None:
    stale = view(running)["version"]
    assert post(running, op="delete", segment="s00010")[0] == 200
    before = on_disk(folder)
    body = {"op": "delete", "segment": "s00011", "version": stale}
    status, data = running.post("api/transcript", body)
    assert status == 409
    assert data["error"].startswith("transcript.json: has changed since this page last read it")
    assert on_disk(folder) == before


HOSTILE: list[tuple[dict[str, Any], int, str]] = [
    ({"op": "rename", "segment": "s00001"}, 422, "request op: "),
    ({"op": "text", "segment": "s00001", "text": 5}, 422, "request text: "),
    ({"op": "text", "segment": ["s00001"], "text": "x"}, 422, "request segment: "),
    ({"op": "speaker", "segment": "s00001", "speaker": 7}, 422, "request speaker: "),
    ({"op": "text", "segment": "s99999", "text": "x"}, 422, "request: segment: there is no"),
    ({"op": "text", "text": "x"}, 422, "request: segment: missing for text"),
    ({"op": "speaker", "segment": "s00001"}, 422, "request: speaker: missing for speaker"),
    ({"op": "text", "segment": "s00001"}, 422, "request: text: missing for text"),
    ({"op": "delete", "segment": "s00001", "text": "x"}, 422, "request: text: not used by"),
    ({"op": "review", "segment": "s00001"}, 422, "request: segment: not used by review"),
    ({"op": "text", "segment": None, "text": "x"}, 422, "request: segment: missing"),
    ({"op": "text", "segment": "s00001", "text": "bell \x07"}, 422, "segments[0].text: a control"),
    ({"op": "text", "segment": "s00001", "text": "a\nb"}, 422, "segments[0].text: a control"),
    ({"op": "text", "segment": "s00001", "text": "a --> b"}, 422, "segments[0].text: a control"),
    ({"op": "text", "segment": "s00001", "text": "   "}, 422, "segments[0].text: empty"),
    ({"op": "text", "segment": "s00001", "text": "x" * 2001}, 422, "request text: "),
    ({"op": "speaker", "segment": "s00001", "speaker": "m99"}, 422, "'m99' is not a member"),
    ({"op": "text", "segment": "s00001", "text": "x", "start": 1.0}, 422, "request start: "),
    ({"op": "text", "segment": "s00001", "text": "x", "end": -1}, 422, "request end: "),
]


@pytest.mark.parametrize(("body", "status", "error"), HOSTILE)
def test_a_hostile_change_is_refused_and_writes_nothing(
    running: Editor, folder: Path, body: dict[str, Any], status: int, error: str
) -> None:
    before = on_disk(folder)
    got, data = post(running, **body)
    assert got == status, data
    assert error in data["error"]
    assert "\n" not in data["error"]
    assert on_disk(folder) == before


@pytest.mark.parametrize("version", [12, "0" * 15, "g" * 16, None])
def test_a_version_of_the_wrong_shape_is_refused(
    running: Editor, folder: Path, version: Any
) -> None:
    before = on_disk(folder)
    status, data = running.post("api/transcript", {"op": "review", "version": version})
    assert status == 422
    assert data["error"].startswith("request version: ")
    assert on_disk(folder) == before


def test_a_huge_body_is_refused_413(running: Editor, folder: Path) -> None:
    before = on_disk(folder)
    status, data = post(running, op="text", segment="s00001", text="x" * 300_000)
    assert status == 413
    assert data["error"] == "the request is larger than 256 KiB"
    assert on_disk(folder) == before


def test_not_json_is_refused_400(running: Editor, folder: Path) -> None:
    before = on_disk(folder)
    headers = {"Origin": running.origin, "Content-Type": "application/json"}
    status, data = request(running.url + "api/transcript", data=b"{op:", headers=headers)
    assert (status, data["error"]) == (400, "the request is not valid JSON")
    assert on_disk(folder) == before


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": None}, 403),
        ({"Content-Type": "text/plain"}, 415),
    ],
)
def test_a_change_from_elsewhere_is_refused(
    running: Editor, folder: Path, headers: dict[str, Any], status: int
) -> None:
    before = on_disk(folder)
    sent = {"Origin": running.origin, "Content-Type": "application/json", **headers}
    body = json.dumps({"op": "delete", "segment": "s00001", "version": view(running)["version"]})
    url = running.url + "api/transcript"
    got, _ = request(url, data=body.encode(), headers={k: v for k, v in sent.items() if v})
    assert got == status
    assert on_disk(folder) == before


def test_without_the_token_nothing_is_changed(running: Editor, folder: Path) -> None:
    before = on_disk(folder)
    body = json.dumps({"op": "delete", "segment": "s00001", "version": view(running)["version"]})
    headers = {"Origin": running.origin, "Content-Type": "application/json"}
    status, data = request(running.origin + "/api/transcript", data=body.encode(), headers=headers)
    assert status == 403
    assert "token" in data["error"]
    assert on_disk(folder) == before


def test_a_get_changes_nothing(running: Editor, folder: Path) -> None:
    before = on_disk(folder)
    version = view(running)["version"]
    status, data = running.get(f"api/transcript?op=delete&segment=s00001&version={version}")
    assert status == 200
    assert data["version"] == version
    assert on_disk(folder) == before
    for method in ("PUT", "DELETE", "PATCH"):
        status, _ = request(running.url + "api/transcript", method=method)
        assert status in (403, 405), method
    assert on_disk(folder) == before


def test_a_transcript_spoilt_by_hand_is_shown_with_its_error(running: Editor, folder: Path) -> None:
    before = on_disk(folder)
    try:
        (folder / "transcript.json").write_text('{"format": "videoacta-transcript/1"}')
        data = view(running)
        assert data["error"] == "transcript.json: session: missing"
        status, answer = running.post(
            "api/transcript", {"op": "review", "version": data["version"]}
        )
        assert status == 422
        assert answer["error"] == "transcript.json: session: missing"
    finally:
        (folder / "transcript.json").write_bytes(before)


def test_undo_takes_back_each_change_made_here_and_no_hand_edit(
    running: Editor, folder: Path
) -> None:
    first = on_disk(folder)
    assert post(running, op="delete", segment="s00020")[0] == 200
    second = on_disk(folder)
    assert post(running, op="text", segment="s00021", text="Corrected.")[0] == 200
    assert view(running)["undo"] is True
    status, data = post(running, op="undo")
    assert status == 200, data
    assert on_disk(folder) == second
    assert post(running, op="undo")[0] == 200
    assert on_disk(folder) == first
    # A file edited by hand since the last change is never overwritten by an undo.
    assert post(running, op="delete", segment="s00022")[0] == 200
    by_hand = json.dumps(json.loads(on_disk(folder))).encode()
    (folder / "transcript.json").write_bytes(by_hand)
    assert view(running)["undo"] is False
    status, data = post(running, op="undo")
    assert (status, data["error"]) == (
        422,
        "transcript.json: was changed outside the editor; nothing to undo",
    )
    assert on_disk(folder) == by_hand
    versions = folder / ".videoacta" / "transcript-versions"
    assert versions.stat().st_mode & 0o777 == 0o700
