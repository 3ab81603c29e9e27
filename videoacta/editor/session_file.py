"""A session folder's `session.toml` as the editor changes it: read with tomlkit, so that the
comments and layout of a hand-edited file survive every edit; every change validated by the same
models and checks as `videoacta tally` (`inputs.session_folder.parse_session`) before it is
written, and written atomically.

    file = SessionFile.open(folder)
    text, session = file.preview({"op": "set", "path": ["place"], "value": "Sala de Plens"})
    file.save(text)                      # or file.apply(change): preview, then save

A refused change raises InputError naming the field (`session.toml: items[3].majority: ...`) or,
for a malformed change, the request (`request: index: ...`); the file is left as it was.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.toml_document import TOMLDocument

from videoacta.core.session import Session
from videoacta.editor import recording_setup, session_vocabulary, toml_layout
from videoacta.editor.rules_changes import written_rules
from videoacta.editor.session_changes import Change, apply_change, parse_change
from videoacta.errors import InputError, OutputError
from videoacta.inputs import bounded
from videoacta.inputs.session_folder import SESSION_FILE, parse_session
from videoacta.outputs import write_text_atomic


class SessionFile:
    """`session.toml` of one folder: its text and the session it holds, always valid."""

    def __init__(self, folder: Path, text: str, session: Session) -> None:
        self.folder = folder
        self.path = folder / SESSION_FILE
        self._text = text
        self._session = session

    @classmethod
    def open(cls, folder: Path) -> "SessionFile":
        """Read and check `folder/session.toml`; InputError if it is missing or invalid."""
        path = folder / SESSION_FILE
        try:
            text = bounded.read_text(path, SESSION_FILE, limit=bounded.TOML_BYTES)
        except FileNotFoundError:
            raise InputError(str(path), "not found; make one with `videoacta new`") from None
        session = check_text(text, folder)
        document(text)  # what tomlkit cannot edit is refused now, not at the first change
        return cls(folder, text, session)

    @property
    def session(self) -> Session:
        """The session the file holds now."""
        return self._session

    @property
    def text(self) -> str:
        return self._text

    def preview(self, change: Change | Mapping[str, Any]) -> tuple[str, Session]:
        """The file's text after `change` and the session it holds; nothing is written.

        `change` is a model of `session_changes` or its JSON (a dict from the page).
        """
        parsed = parse_change(change)
        edited = document(self._text)
        apply_change(edited, parsed)
        text = tomlkit.dumps(edited)
        return text, check_text(text, self.folder)

    def save(self, text: str) -> Session:
        """Check `text` as a whole session.toml and write it atomically; the new session.

        Refused (InputError) if another program changed the file since it was read: the
        secretary's hand edit is never overwritten unseen.
        """
        session = check_text(text, self.folder)
        self._refuse_edited_elsewhere()
        write_session(self.folder, text)
        self._text, self._session = text, session
        return session

    def apply(self, change: Change | Mapping[str, Any]) -> Session:
        """Preview `change` and save it; the new session."""
        text, _ = self.preview(change)
        return self.save(text)

    def json_view(self) -> dict[str, Any]:
        """What the setup page draws: the session as plain JSON, the vocabularies of its fields,
        the fields a `set` change may reach, the fields of each list's entries, the files
        of `recording/` to pick parts from, and `[rules]` as written (what wins over a preset)."""
        return {
            "session": self._session.model_dump(mode="json"),
            "rules_written": written_rules(self._text),
            **session_vocabulary.VOCABULARY,
            "recording_files": recording_setup.recording_files(self.folder),
        }

    def changed_on_disk(self) -> bool:
        """Whether another program (the secretary's text editor) changed the file."""
        try:
            on_disk = bounded.read_text(self.path, SESSION_FILE, limit=bounded.TOML_BYTES)
        except FileNotFoundError:
            on_disk = None
        return on_disk != self._text

    def _refuse_edited_elsewhere(self) -> None:
        if self.changed_on_disk():
            raise InputError(
                SESSION_FILE, "has changed since the editor read it (another program wrote it); "
                "reload the page to see it",
            )  # fmt: skip


def document(text: str) -> TOMLDocument:
    """`text` parsed by tomlkit, its comments given to the tables they introduce."""
    try:
        parsed = tomlkit.parse(text)
    except TOMLKitError as error:
        raise InputError(SESSION_FILE, f"invalid TOML: {error}") from None
    toml_layout.normalize(parsed)
    return parsed


def check_text(text: str, folder: Path) -> Session:
    """The session `text` holds, checked exactly as `videoacta tally` checks session.toml."""
    return parse_session(bounded.parse_toml(text, SESSION_FILE), folder.resolve().name)


def write_session(folder: Path, text: str) -> None:
    """Write `folder/session.toml` atomically: a temporary file in the folder, flushed to disk,
    renamed into place, and the folder flushed too, so the rename survives a power cut."""
    write_text_atomic(folder / SESSION_FILE, text)
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise OutputError(f"{folder}: cannot be flushed ({error.strerror})") from None
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
