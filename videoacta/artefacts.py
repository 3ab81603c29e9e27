"""What a stage makes: its files as values, each with its digest, handed to the next stages.

A stage that makes bytes hashes them as it writes them; a file that ffmpeg wrote is hashed once,
by the stage that had it written. The manifest is built from these digests: nothing a run wrote
is read back or hashed again.
"""

from pathlib import Path
from typing import Literal

from pydantic import Field

from videoacta import hashing, outputs
from videoacta.core.terms import Frozen
from videoacta.hashing import FileDigest


class Embedding(Frozen):
    """How acta.pdf embeds a file: a PDF/A-3 associated file of this MIME type and
    /AFRelationship (Source for what the document is made from, Data for the rest)."""

    mime: str
    relationship: Literal["Data", "Source"]


JSON_DATA = Embedding(mime="application/json", relationship="Data")
JSON_SOURCE = Embedding(mime="application/json", relationship="Source")
CSV_DATA = Embedding(mime="text/csv", relationship="Data")


class Artefact(Frozen):
    """A file of the package: its POSIX path in the package, its size and SHA-256, how acta.pdf
    embeds it (None if it does not; set by the stage that makes the file), and its bytes when
    they were made in memory (None for a file ffmpeg wrote, or one found on disk)."""

    name: str
    digest: FileDigest
    embedded: Embedding | None = None
    data: bytes | None = Field(default=None, repr=False)

    @classmethod
    def of_bytes(cls, name: str, data: bytes, *, embedded: Embedding | None = None) -> "Artefact":
        """An artefact made in memory, hashed from its bytes; not yet written."""
        return cls(name=name, digest=hashing.sha256_bytes(data), embedded=embedded, data=data)

    def write_into(self, folder: Path) -> "Artefact":
        """Write the bytes to `folder/name` atomically; return self."""
        assert self.data is not None, f"{self.name} was not made in memory"
        outputs.write_bytes_atomic(folder / self.name, self.data)
        return self


def write_artefact(
    folder: Path, name: str, data: bytes, *, embedded: Embedding | None = None
) -> Artefact:
    """Write `data` to `folder/name` atomically and return it as an artefact, hashed from memory."""
    return Artefact.of_bytes(name, data, embedded=embedded).write_into(folder)


def latest(artefacts: tuple[Artefact, ...], new: tuple[Artefact, ...]) -> tuple[Artefact, ...]:
    """`artefacts` then `new`, a new artefact replacing an earlier one of the same name."""
    names = {artefact.name for artefact in new}
    return (*(a for a in artefacts if a.name not in names), *new)
