"""`SESSION_DIR/transcript.json`: read bounded and checked field by field, written atomically.

The file is written by `videoacta transcribe` and by the secretary's review (the editor), and
may be edited by hand: so it is hostile input like the vote log. A file that is not JSON, or
has a field of the wrong type or one `Transcript` does not know, is refused with one line
naming the file and the field (`transcript.json: spans[2].segments[0].end: ...`).
"""

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from videoacta.core.transcript import Transcript
from videoacta.errors import InputError, shown
from videoacta.inputs import bounded
from videoacta.inputs.session_folder import describe
from videoacta.outputs import json_text, write_bytes_atomic

TRANSCRIPT_FILE = "transcript.json"
TRANSCRIPT_BYTES = 256 * bounded.MIB  # 200 000 segments (`MAX_SEGMENTS`) of a long sentence


def transcript_path(folder: Path) -> Path:
    return folder / TRANSCRIPT_FILE


def read_transcript(folder: Path) -> Transcript | None:
    """The session folder's transcript, or None if it has none; InputError naming the field."""
    path = transcript_path(folder)
    if not path.exists() and not path.is_symlink():
        return None
    try:
        data = read_bytes(path)
    except FileNotFoundError:
        return None
    return parse_transcript(data)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refused when larger than the limit or not a regular file."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        # The editor writes the file in place: a link would have it write elsewhere.
        raise InputError(TRANSCRIPT_FILE, "is not a regular file (a link or a folder)")
    try:
        with path.open("rb") as handle:
            data = handle.read(TRANSCRIPT_BYTES + 1)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise InputError(TRANSCRIPT_FILE, f"cannot read: {error.strerror}") from None
    if len(data) > TRANSCRIPT_BYTES:
        limit = TRANSCRIPT_BYTES
        size = f"{limit // bounded.MIB} MiB" if limit >= bounded.MIB else f"{limit:,} bytes"
        raise InputError(TRANSCRIPT_FILE, f"is larger than {size}, the limit for this file")
    return data


def parse_transcript(data: bytes) -> Transcript:
    """A transcript from the bytes of transcript.json; InputError naming the field at fault."""
    try:
        text = data.removeprefix(bounded.BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise InputError(TRANSCRIPT_FILE, f"not UTF-8 text (byte 0x{byte:02x})") from None
    try:
        return Transcript.model_validate_json(text)
    except ValidationError as error:
        raise InputError(TRANSCRIPT_FILE, _explain(error.errors()[0])) from None


def _explain(error: Any) -> str:
    """One pydantic error as a sentence naming the field (`describe`'s words for the log)."""
    kind = error["type"]
    if kind == "json_invalid":
        return f"not JSON ({shown(error['ctx'].get('error', ''))})"
    if kind == "model_type" and not error["loc"]:
        return "expected a JSON object at the top level"
    if kind == "literal_error" and list(error["loc"]) == ["format"]:
        return f"format: {shown(error['input'])!r} is not videoacta-transcript/1"
    return describe(error, None)


def transcript_bytes(transcript: Transcript) -> bytes:
    """The file's bytes: the JSON every artefact uses (indented, keys in model order)."""
    return json_text(transcript.model_dump(mode="json")).encode("utf-8")


def write_transcript(folder: Path, transcript: Transcript) -> bytes:
    """Replace transcript.json atomically (temp, fsync, rename); the bytes written."""
    data = transcript_bytes(transcript)
    write_bytes_atomic(transcript_path(folder), data)
    return data
