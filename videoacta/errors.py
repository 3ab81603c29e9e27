"""One exception hierarchy; each message is the sentence the user reads."""

from enum import IntEnum

QUOTED_MAX = 60


class ExitCode(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    INPUT = 3
    MEDIA = 4
    OUTPUT = 5
    SIGNING = 6
    TAMPERED = 10
    UNTRUSTED = 11
    UNREADABLE = 12
    INCOMPLETE = 13
    SIGNER_MISMATCH = 14
    SESSIONS_FAILED = 20


class VideoactaError(Exception):
    """Base of every error the user can act on; `str()` is a one-line message."""

    exit_code: ExitCode = ExitCode.FAILURE


class InputError(VideoactaError):
    """A session folder's files are missing, malformed or break a rule."""

    exit_code = ExitCode.INPUT

    def __init__(self, source: str, message: str, *, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.reason = message
        where = f"{source} line {line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class RuleBroken(VideoactaError):
    """An event of the vote log breaks a rule of order; the replay turns it into an InputError
    naming the file and the line."""

    exit_code = ExitCode.INPUT


class TextRefused(VideoactaError, ValueError):
    """A text that breaks the text rules (`--location`, a substitute's reason). Also a
    ValueError, so that a pydantic validator may raise it; code that calls a check directly
    catches this class, never ValueError."""

    exit_code = ExitCode.USAGE


class MediaError(VideoactaError):
    """A recording part cannot be read, or ffmpeg failed on it."""

    exit_code = ExitCode.MEDIA


class TimelineError(MediaError):
    """The recording parts cannot be laid end to end on the vote log's clock."""


class OutputError(VideoactaError):
    """An output folder cannot be written, or already holds a package."""

    exit_code = ExitCode.OUTPUT


class SigningError(VideoactaError):
    """A signer, its passphrase or PIN, the time-stamp server or the document cannot be used."""

    exit_code = ExitCode.SIGNING


class UnreadableDocument(VideoactaError):
    """acta.pdf cannot be parsed at all; `verify` turns it into a verdict."""

    exit_code = ExitCode.UNREADABLE


class EmbeddedFileError(VideoactaError):
    """A file embedded in acta.pdf is repeated, or cannot be read."""

    exit_code = ExitCode.UNREADABLE


class ManifestError(VideoactaError):
    """A manifest is missing from acta.pdf, or its bytes are not a manifest."""

    exit_code = ExitCode.UNREADABLE


class TrustedListError(VideoactaError):
    """An EU trusted list given to `verify --eutl` cannot be used: not XML, not a trusted list,
    too large, unsigned or badly signed, out of date."""

    exit_code = ExitCode.INPUT


def shown(value: object, limit: int = QUOTED_MAX) -> str:
    """A value from the input as an error message may quote it: short, and on one line.

    Characters that do not print (a newline, a control character) are shown escaped (`\\n`).
    """
    text = str(value)
    cut = text[:limit]
    visible = "".join(c if c.isprintable() else repr(c)[1:-1] for c in cut)
    return visible + ("…" if len(text) > limit else "")
