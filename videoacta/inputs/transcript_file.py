"""`transcript.json` (a session folder's, or a package's): read as hostile input within limits,
checked field by field, written atomically.

The file is written by `videoacta transcribe` and by the secretary's review (the editor), and
may be edited by hand: so it is hostile input like the vote log. It is read whole up to
`TRANSCRIPT_BYTES` (never through a link: the editor writes it in place), parsed as JSON with its
nesting and the length of its arrays bounded before pydantic sees it, then validated; the first
problem is one line naming the file and the field (`transcript.json: spans[2].segments[0].end:
...`). `checked` then holds it against the session and the index (`core.transcript_check`): a
transcript of another session, of an older vote log, or with text inside an item debated in
camera is refused the same way.
"""

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from videoacta.core import text
from videoacta.core.session import Session
from videoacta.core.transcript import MAX_SEGMENTS, Transcript
from videoacta.core.transcript_check import Presiding, check_transcript
from videoacta.core.video_index import Index
from videoacta.errors import InputError, shown
from videoacta.inputs import bounded
from videoacta.inputs.session_folder import describe
from videoacta.outputs import json_text, write_bytes_atomic

TRANSCRIPT_FILE = "transcript.json"
TRANSCRIPT_BYTES = 256 * bounded.MIB  # 200,000 segments of ~1 KiB: far beyond a 12-hour session
KEYS = 100  # keys of one object: a segment has 8


def transcript_path(folder: Path) -> Path:
    return folder / TRANSCRIPT_FILE


def read_transcript(folder: Path) -> Transcript | None:
    """The session folder's transcript, or None if it has none; InputError naming the field."""
    try:
        data = read_bytes(transcript_path(folder))
    except FileNotFoundError:
        return None
    return parse_transcript(data)


def load_transcript(path: Path, source: str = TRANSCRIPT_FILE) -> Transcript | None:
    """The transcript at `path`, validated; None when there is none."""
    try:
        data = read_bytes(path, source)
    except FileNotFoundError:
        return None
    return parse_transcript(data, source)


def read_bytes(path: Path, source: str = TRANSCRIPT_FILE) -> bytes:
    """The file's bytes, refused when larger than the limit or not a regular file."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        # The editor writes the file in place: a link would have it write elsewhere.
        raise InputError(source, "is not a regular file (a link or a folder)")
    try:
        with path.open("rb") as handle:
            data = handle.read(TRANSCRIPT_BYTES + 1)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise InputError(source, f"cannot read: {error.strerror}") from None
    if len(data) > TRANSCRIPT_BYTES:
        limit = TRANSCRIPT_BYTES
        size = f"{limit // bounded.MIB} MiB" if limit >= bounded.MIB else f"{limit:,} bytes"
        raise InputError(source, f"is larger than {size}, the limit for this file")
    return data


def parse_transcript(data: bytes | str, source: str = TRANSCRIPT_FILE) -> Transcript:
    """`transcript.json`'s bytes (or text), parsed and validated; InputError names the field."""
    if isinstance(data, bytes):
        try:
            data = data.removeprefix(bounded.BOM).decode("utf-8")
        except UnicodeDecodeError as error:
            byte = data[error.start]
            raise InputError(source, f"not UTF-8 text (byte 0x{byte:02x})") from None
    value = _json(data, source)
    if not isinstance(value, dict):
        raise InputError(source, "expected a JSON object at the top level")
    bounded.check_shape(value, source, entries=MAX_SEGMENTS, keys=KEYS)
    try:
        return Transcript.model_validate(value)
    except ValidationError as error:
        raise InputError(source, _explain(error.errors()[0], value)) from None


def _json(data: str, source: str) -> Any:
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise InputError(source, f"not JSON ({shown(error.msg)})", line=error.lineno) from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise InputError(source, "not JSON: a number has too many digits") from None
    except RecursionError:
        raise InputError(source, "not JSON: nested too deeply") from None


def _explain(error: Any, data: dict[str, Any]) -> str:
    """One pydantic error as a sentence naming the field (`describe`'s words for the log)."""
    if error["type"] == "literal_error" and list(error["loc"]) == ["format"]:
        return f"format: {shown(error['input'])!r} is not videoacta-transcript/1"
    return describe(error, data)


def transcript_bytes(transcript: Transcript) -> bytes:
    """The file's bytes: the JSON every artefact uses (indented, keys in model order)."""
    return json_text(transcript.model_dump(mode="json")).encode("utf-8")


def write_transcript(folder: Path, transcript: Transcript) -> bytes:
    """Replace transcript.json atomically (temp, fsync, rename); the bytes written."""
    data = transcript_bytes(transcript)
    write_bytes_atomic(transcript_path(folder), data)
    return data


def checked(
    transcript: Transcript,
    session: Session,
    index: Index,
    source: str,
    presiding: Presiding | None = None,
) -> Transcript:
    """`transcript`, if consistent with `session`, `index` and who the log says presides
    when (`presiding`); else its first problem."""
    problems = check_transcript(transcript, session, index, presiding)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(source, problems[0] + more)
    return transcript


def session_transcript(folder: Path, session: Session) -> Transcript | None:
    """The session folder's transcript.json, if any (checked against the index later); and
    `[transcript] annex = true` refused unless it is reviewed and unchanged since."""
    path = transcript_path(folder)
    transcript = load_transcript(path, str(path))
    if session.transcript.annex and (transcript is None or not transcript.reviewed):
        state = "there is no transcript.json" if transcript is None else "it is not reviewed"
        raise InputError(
            "session.toml",
            f"transcript.annex: the acta's annex needs a reviewed transcript, and {state} "
            "(review it in `videoacta mark`, or set annex = false)",
        )
    if session.transcript.annex and transcript is not None:
        _check_printable(transcript, str(path))
    return transcript


def _check_printable(transcript: Transcript, source: str) -> None:
    """The annex prints who reviewed it, each speaker's name and group, and every segment:
    each must be text the acta's fonts draw (core.text, the rule of the session's texts)."""
    fields: list[tuple[str, str | None]] = [("review.reviewed_by", transcript.review.reviewed_by)]
    for n, span in enumerate(transcript.spans):
        fields += [(f"spans[{n}].name", span.name), (f"spans[{n}].group", span.group)]
        fields += [(f"spans[{n}].segments[{m}].text", s.text) for m, s in enumerate(span.segments)]
    for field, value in fields:
        found = None if value is None else text.problem(value)
        if found is not None:
            raise InputError(source, f"{field}: {found}")
