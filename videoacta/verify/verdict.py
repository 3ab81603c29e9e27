"""The one verdict of `videoacta verify`, from best to worst, and its exit code."""

from enum import StrEnum

from videoacta.errors import ExitCode


class Verdict(StrEnum):
    """valid: everything holds; incomplete: a signature field is still empty (or none is
    signed); untrusted: intact, but a signer or time-stamp does not chain to a trusted root,
    is expired or revoked; signer_mismatch: intact, but a field is signed by someone the
    session does not name (without a recorded substitution), or both by one person; tampered:
    a signature, the manifest or a file does not match; unreadable: the package or its
    document cannot be read. Each is worse than those before it: no trust setting cures a
    mismatch, so it outranks untrusted, and tampering outranks both."""

    VALID = "valid"
    INCOMPLETE = "incomplete"
    UNTRUSTED = "untrusted"
    SIGNER_MISMATCH = "signer_mismatch"
    TAMPERED = "tampered"
    UNREADABLE = "unreadable"

    @property
    def exit_code(self) -> ExitCode:
        return EXIT_CODES[self]

    @property
    def rank(self) -> int:
        return list(Verdict).index(self)


EXIT_CODES = {
    Verdict.VALID: ExitCode.OK,
    Verdict.INCOMPLETE: ExitCode.INCOMPLETE,
    Verdict.UNTRUSTED: ExitCode.UNTRUSTED,
    Verdict.SIGNER_MISMATCH: ExitCode.SIGNER_MISMATCH,
    Verdict.TAMPERED: ExitCode.TAMPERED,
    Verdict.UNREADABLE: ExitCode.UNREADABLE,
}


def worst(verdicts: list[Verdict]) -> Verdict:
    """The worst of several verdicts; VALID if there are none."""
    return max(verdicts, key=lambda verdict: verdict.rank, default=Verdict.VALID)
