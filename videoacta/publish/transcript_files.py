"""The transcript's files in the package: `transcript.json` and its captions, from the checked
transcript, each written atomically and listed in the manifest like any other file.

    transcript.json                 the transcript as checked against the session and the index
    captions.<lang>.vtt             its captions on the recording's timeline (UNE 153010)
    captions.public.<lang>.vtt      with an item in camera: on the public rendition's timeline

The captions are made from the transcript's own names (each span's speaker), so anyone holding
the package can make them again from transcript.json and index.json: `verify` does.
"""

from pathlib import Path

from videoacta.artefacts import Artefact, write_artefact
from videoacta.core.captions import caption_files
from videoacta.core.session import Session
from videoacta.core.transcript import Transcript
from videoacta.core.transcript_check import Presiding
from videoacta.core.video_index import Index
from videoacta.inputs.transcript_file import TRANSCRIPT_FILE, checked
from videoacta.outputs import json_text


def write_transcript_files(
    folder: Path,
    transcript: Transcript,
    session: Session,
    index: Index,
    source: str,
    presiding: Presiding | None = None,
) -> tuple[Artefact, ...]:
    """Check `transcript` against the session and the index (refused before anything is
    written), then write transcript.json and its captions into the package `folder`."""
    transcript = checked(transcript, session, index, source, presiding)
    data = json_text(transcript.model_dump(mode="json")).encode("utf-8")
    written = [write_artefact(folder, TRANSCRIPT_FILE, data)]
    for name, text in caption_files(transcript, index).items():
        written.append(write_artefact(folder, name, text.encode("utf-8")))
    return tuple(written)
