"""Read `transcript.json` (a session folder's, or a package's) as hostile input, within limits.

The file is read whole up to `TRANSCRIPT_BYTES`, parsed as JSON with its nesting and the length
of its arrays bounded before pydantic sees it, then validated; the first problem is one line
naming the file and the field. `checked` then holds it against the session and the index
(`core.transcript_check`): a transcript of another session, of an older vote log, or with text
inside an item debated in camera is refused the same way.
"""

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from videoacta.core import text
from videoacta.core.session import Session
from videoacta.core.transcript import MAX_SEGMENTS, Transcript
from videoacta.core.transcript_check import check_transcript
from videoacta.core.video_index import Index
from videoacta.errors import InputError
from videoacta.inputs import bounded
from videoacta.inputs.session_folder import describe

TRANSCRIPT_FILE = "transcript.json"
TRANSCRIPT_BYTES = 256 * bounded.MIB  # 200,000 segments of ~1 KiB: far beyond a 12-hour session
KEYS = 100  # keys of one object: a segment has 8


def load_transcript(path: Path, source: str = TRANSCRIPT_FILE) -> Transcript | None:
    """The transcript at `path`, validated; None when there is none."""
    try:
        text = bounded.read_text(path, source, limit=TRANSCRIPT_BYTES)
    except FileNotFoundError:
        return None
    return parse_transcript(text, source)


def parse_transcript(text: str, source: str = TRANSCRIPT_FILE) -> Transcript:
    """`transcript.json`'s text, parsed and validated; InputError names the field at fault."""
    data = _json(text, source)
    if not isinstance(data, dict):
        raise InputError(source, "must hold one JSON object")
    bounded.check_shape(data, source, entries=MAX_SEGMENTS, keys=KEYS)
    try:
        return Transcript.model_validate(data)
    except ValidationError as error:
        raise InputError(source, describe(error.errors()[0], data)) from None


def _json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(source, f"not valid JSON: {error.msg}", line=error.lineno) from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise InputError(source, "not valid JSON: a number has too many digits") from None
    except RecursionError:
        raise InputError(source, "not valid JSON: nested too deeply") from None


def checked(transcript: Transcript, session: Session, index: Index, source: str) -> Transcript:
    """`transcript`, if consistent with `session` and `index`; else its first problem."""
    problems = check_transcript(transcript, session, index)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(source, problems[0] + more)
    return transcript


def session_transcript(folder: Path, session: Session) -> Transcript | None:
    """The session folder's transcript.json, if any (checked against the index later); and
    `[transcript] annex = true` refused unless it is reviewed and unchanged since."""
    path = folder / TRANSCRIPT_FILE
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
    """The annex prints every segment: each must be text the acta's fonts draw."""
    for n, span in enumerate(transcript.spans):
        for m, segment in enumerate(span.segments):
            found = text.problem(segment.text)
            if found is not None:
                raise InputError(source, f"spans[{n}].segments[{m}].text: {found}")
