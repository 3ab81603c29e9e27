"""videoacta: signed, verifiable video minutes of council plenary sessions.

The library calls, each the work of one command (see the README, "Use as a library"):

    import videoacta

    counted = videoacta.tally("samples/2026-10-29-ple-ordinari")
    built = videoacta.build("samples/2026-10-29-ple-ordinari", "out")
    report = videoacta.verify_package(built.package)  # report.verdict == "incomplete"

Each raises `videoacta.errors.VideoactaError` (a one-line message) on a bad input, except
`verify_package`, which never raises on a bad package: its report says what is wrong. The
modules behind them are imported on first call, so `import videoacta` stays cheap.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from videoacta.version import __version__

if TYPE_CHECKING:
    from videoacta.core.tally import TallyRun
    from videoacta.pipeline import BuildResult
    from videoacta.progress import ProgressEvent
    from videoacta.signing.pdf_signing import SignOptions
    from videoacta.signing.trust import TrustSettings
    from videoacta.verify.report import VerifyReport
    from videoacta.verify.trusted_lists import TrustedLists

__all__ = ["__version__", "build", "tally", "verify_package"]


def tally(session_dir: str | Path) -> "TallyRun":
    """Check a session folder, replay its vote log and count every vote (`videoacta tally`).

    Returns the session, the proceedings (who was present, what happened when) and the tally
    (each vote round's result).
    """
    from videoacta import pipeline

    return pipeline.run_tally(Path(session_dir))


def build(
    session_dir: str | Path,
    out: str | Path,
    *,
    signing: "SignOptions | None" = None,
    force: bool = False,
    replace_signed: bool = False,
    prompt: Callable[[str], str] | None = None,
    progress: "Callable[[ProgressEvent], None] | None" = None,
) -> "BuildResult":
    """Build the package of a session into `out/SESSION-ID`, atomically (`videoacta build`).

    Without `signing` the package is unsigned; with it the secretary certifies acta.pdf, and
    `prompt` is asked for a passphrase or PIN not given by reference. `progress` receives a
    `videoacta.progress.ProgressEvent` on each long step. An existing package is replaced only
    with `force` (a signed one only with `replace_signed` too).
    """
    from videoacta import pipeline
    from videoacta.progress import quiet

    return pipeline.build(
        Path(session_dir), Path(out), force=force, replace_signed=replace_signed,
        signing=signing, prompt=prompt, progress=progress or quiet,
    )  # fmt: skip


def verify_package(
    package: str | Path,
    *,
    trust: "TrustSettings | None" = None,
    eutl: "TrustedLists | None" = None,
) -> "VerifyReport":
    """Check a package offline and give one verdict (`videoacta verify`); never raises on a
    bad package.

    `report.verdict` is `valid`, `incomplete` (a signature field still empty: an unsigned
    package), `untrusted`, `signer_mismatch`, `tampered` or `unreadable`. Without `trust` the
    system's trust store is used. `eutl` (from `videoacta.verify.trusted_lists.
    load_trusted_lists`) adds whether each signer and time-stamp was qualified (`qualified`).
    (Not named `verify`: that is the `videoacta.verify` package.)
    """
    from videoacta.verify.verifier import verify_package as check

    return check(Path(package), trust=trust, eutl=eutl)
