"""signatures.json against acta.pdf: the viewer page shows the sidecar, `verify` checks it.

The sidecar is derived from the PDF and covered by no signature, so it never counts for the
verdict: a sidecar that is missing, unreadable or that disagrees with the PDF is reported as a
note, and the verdict is what the PDF and the manifest say.
"""

import stat
from pathlib import Path

from videoacta.package import SIGNATURES
from videoacta.signing.sidecar import SignatureRecord, parse_sidecar, records

LIMIT = 256 * 1024  # two signatures take under a kilobyte
MISSING = "is missing: the viewer page names who is to sign, not who signed"
REWRITE = "the viewer page shows what it says, not what acta.pdf holds"


def sidecar_notes(folder: Path, data: bytes) -> tuple[str, ...]:
    """What is wrong with the package's signatures.json, given acta.pdf's bytes `data`."""
    signed = records(data)
    path = folder / SIGNATURES
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return (MISSING,) if signed else ()
    except OSError as error:
        return (f"cannot be read ({error.strerror})",)
    if not stat.S_ISREG(mode):
        return ()  # reported with the package's files: a link or a special file
    return _compare(_read(path), signed)


def _read(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read(LIMIT + 1)
    except OSError:
        return None


def _compare(data: bytes | None, signed: tuple[SignatureRecord, ...]) -> tuple[str, ...]:
    sidecar = None if data is None or len(data) > LIMIT else parse_sidecar(data)
    if sidecar is None:
        return (f"is not a signatures file videoacta wrote: {REWRITE}",)
    written = {record.field: record for record in sidecar.signatures}
    found = {record.field: record for record in signed}
    notes = []
    for field in sorted(written.keys() | found.keys()):
        if written.get(field) != found.get(field):
            notes.append(f"disagrees with acta.pdf on {field}: {REWRITE}")
    return tuple(notes)
