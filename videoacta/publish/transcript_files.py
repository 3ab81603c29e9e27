"""The transcript's files in the package: `transcript.json` and its captions, from the checked
transcript, each written atomically and listed in the manifest like any other file.

    transcript.json                 the transcript as checked against the session and the index
    captions.<lang>.vtt             its captions on the recording's timeline (UNE 153010)
    captions.public.<lang>.vtt      with an item in camera: on the public rendition's timeline

The captions are made from the transcript's own names (each span's speaker), so anyone holding
the package can make them again from transcript.json and index.json: `verify` does.
"""

from collections.abc import Mapping
from pathlib import Path

from videoacta.artefacts import Artefact, write_artefact
from videoacta.core.captions import cues, public_cues, webvtt
from videoacta.core.session import Session
from videoacta.core.transcript import Transcript
from videoacta.core.video_index import Index
from videoacta.inputs.transcript_file import TRANSCRIPT_FILE, checked
from videoacta.outputs import json_text


def captions_file(language: str, *, public: bool = False) -> str:
    return f"captions.public.{language}.vtt" if public else f"captions.{language}.vtt"


def names_of(transcript: Transcript, index: Index) -> dict[str, str]:
    """Each speaker's name as the package holds it: the transcript's spans, index.json's
    interventions (a segment a reviewer gave to another member who spoke elsewhere)."""
    names = {s.speaker: s.name for s in index.interventions}
    names.update({s.speaker: s.name for s in transcript.spans if s.speaker and s.name})
    return names


def captions_texts(
    transcript: Transcript, index: Index, names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The captions files' names and texts: on the recording, and on the public rendition."""
    made = cues(transcript, names or names_of(transcript, index))
    reviewed, language = transcript.reviewed, transcript.language
    texts = {captions_file(language): webvtt(made, reviewed=reviewed, language=language)}
    if index.public is not None:
        public = public_cues(made, index.public.kept)
        texts[captions_file(language, public=True)] = webvtt(
            public, reviewed=reviewed, language=language
        )
    return texts


def write_transcript_files(
    folder: Path, transcript: Transcript, session: Session, index: Index, source: str
) -> tuple[Artefact, ...]:
    """Check `transcript` against the session and the index (refused before anything is
    written), then write transcript.json and its captions into the package `folder`."""
    transcript = checked(transcript, session, index, source)
    data = json_text(transcript.model_dump(mode="json")).encode("utf-8")
    written = [write_artefact(folder, TRANSCRIPT_FILE, data)]
    for name, text in captions_texts(transcript, index).items():
        written.append(write_artefact(folder, name, text.encode("utf-8")))
    return tuple(written)
