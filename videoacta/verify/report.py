"""The report of `videoacta verify`: a frozen, JSON-able model and its text for people."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator

from videoacta.core.csv_code import Csv
from videoacta.core.terms import Frozen
from videoacta.eni.check import EniCheck
from videoacta.package import SIGNATURES, RecordingPart
from videoacta.signing.signatories import SignerCheck, signer_lines
from videoacta.verify.attributes import SignedAttributes
from videoacta.verify.qualified import Qualification
from videoacta.verify.signature_checks import SignatureCheck
from videoacta.verify.transcript_status import TranscriptStatus
from videoacta.verify.trusted_lists import ListUsed
from videoacta.verify.verdict import Verdict


def printable(text: str) -> str:
    """Text as a report may show it: a file name's newline, control character or byte that is
    not UTF-8 (a lone surrogate) escaped, so it can neither forge a line nor break the JSON."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


Printable = Annotated[str, AfterValidator(printable)]


class FindingKind(StrEnum):
    """problem: something that does not hold; withheld: a file the signed manifest withholds
    from publication (ROF 88.1), absent from a public copy: not checked, and no problem."""

    PROBLEM = "problem"
    WITHHELD = "withheld"


WITHHELD_MESSAGE = "withheld from publication (ROF 88.1), not checked"


class Finding(Frozen):
    """One thing that does not hold, and how bad it is; or a withheld file (verdict valid)."""

    verdict: Verdict
    subject: Printable
    message: Printable
    kind: FindingKind = FindingKind.PROBLEM


class VerifyReport(Frozen):
    package: Path
    verdict: Verdict
    signatures: tuple[SignatureCheck, ...] = ()
    empty_fields: tuple[str, ...] = ()
    signers: tuple[SignerCheck, ...] = ()
    files_checked: int = 0
    crls: tuple[Path, ...] = ()  # revocation data given on the command line (--crl)
    recording_parts: tuple[RecordingPart, ...] = ()
    csv: Csv | None = None  # the acta's CSV, as the signed manifest records it
    findings: tuple[Finding, ...] = ()
    # What is wrong with signatures.json, the viewer's unsigned copy: never in the verdict.
    sidecar_notes: tuple[Printable, ...] = ()
    eni: EniCheck | None = None  # the ENI document and expediente, when the package holds them
    # With --eutl: the trusted lists read, and each signer and time-stamp qualified or not.
    trusted_lists: tuple[ListUsed, ...] | None = None
    qualified: tuple[Qualification, ...] | None = None
    # A public copy: the files the signed manifest withholds from publication are absent.
    public_copy: bool = False
    transcript: TranscriptStatus | None = None  # the package's transcript.json, if it has one

    @property
    def exit_code(self) -> int:
        return int(self.verdict.exit_code)


SUMMARY = {
    Verdict.VALID: "VALID: every signature, the manifest and every file hold",
    Verdict.INCOMPLETE: "INCOMPLETE: intact, but a signature is still missing",
    Verdict.UNTRUSTED: "UNTRUSTED: intact, but a signer or time-stamp is not trusted",
    Verdict.SIGNER_MISMATCH: "SIGNER_MISMATCH: intact, but not signed by the people the session "
    "names",
    Verdict.TAMPERED: "TAMPERED: something was changed after signing",
    Verdict.UNREADABLE: "UNREADABLE: the package cannot be read",
}


PUBLIC_SUMMARY = "VALID (public copy): every signature, the manifest and every published file hold"


def render_text(report: VerifyReport) -> str:
    """The report as a person reads it: each signature, each finding, then the verdict."""
    lines = [f"Package {report.package}"]
    lines += [f"  revocation data used: CRL {crl} (--crl)" for crl in report.crls]
    lines += [line for check in report.signatures for line in _signature_lines(check)]
    lines += [f"  {name}: not signed yet" for name in report.empty_fields]
    lines += signer_lines(report.signers)
    if report.files_checked or report.signatures:  # a manifest was read
        lines.append(f"  files: {report.files_checked} listed in the manifest")
    if report.csv is not None:
        lines.append(f"  CSV {report.csv.printed}: verifiable at {printable(report.csv.url)}")
    for part in report.recording_parts:
        lines.append(f"  original part {part.file}: {part.size} bytes, SHA-256 {part.sha256}")
    lines += _eni_lines(report.eni)
    if report.transcript is not None:
        lines.append(f"  {printable(report.transcript.line())}")
        lines += [f"    note: {printable(note)}" for note in report.transcript.notes]
    lines += _qualified_lines(report)
    if report.public_copy:
        lines.append("  public copy: the files withheld from publication are not in it")
    lines += [f"  {finding.subject}: {finding.message}" if finding.kind is FindingKind.WITHHELD
              else f"  {finding.verdict.upper()}: {finding.subject}: {finding.message}"
              for finding in report.findings]  # fmt: skip
    lines += [f"  note: {SIGNATURES}: {note}" for note in report.sidecar_notes]
    public = report.public_copy and report.verdict is Verdict.VALID
    summary = PUBLIC_SUMMARY if public else SUMMARY[report.verdict]
    lines.append(summary + _qualified_summary(report.qualified))
    return "\n".join(lines)


def _qualified_lines(report: VerifyReport) -> list[str]:
    """The lists read, then one line per signer and time-stamp: qualified or not, and why."""
    lines = [f"  EU trusted list {used.territory or '?'}{' (LOTL)' if used.lotl else ''}: "
             f"{printable(str(used.file))}, sequence {used.sequence_number}, next update "
             f"{used.next_update:%Y-%m-%d}" for used in report.trusted_lists or ()]  # fmt: skip
    if report.qualified is not None:
        lines.append("  qualified or not, by the EU trusted lists, when each was used:")
    for item in report.qualified or ():
        who = f"{item.kind} by {printable(item.subject)}"
        reason = printable(item.reason)
        verdict = f"qualified ({reason})" if item.qualified else f"not qualified: {reason}"
        when = f" at {item.at:%Y-%m-%d %H:%M:%S %Z} ({item.time_from})" if item.at else ""
        lines.append(f"    {item.field}: {who}: {verdict}{when}")
    return lines


def _qualified_summary(found: tuple[Qualification, ...] | None) -> str:
    """What a court reads after the verdict: whose signature is qualified, and the stamps."""
    if found is None:
        return ""
    parts = [f"{item.role or item.field}'s signature "
             f"{'qualified (QES)' if item.qualified else 'not qualified'}"
             for item in found if item.kind == "signature"]  # fmt: skip
    stamps = [item.qualified for item in found if item.kind != "signature"]
    if stamps:
        parts.append(f"{sum(stamps)} of {len(stamps)} time-stamps qualified")
    return " · " + ", ".join(parts or ["no signature"]) + " (EU trusted lists)"


def _eni_lines(eni: EniCheck | None) -> list[str]:
    if eni is None:
        return []
    lines = [f"  ENI: {', '.join(eni.files)}"]
    if eni.signer is not None:
        lines.append(f"    index of {eni.documents} documents signed (XAdES-EPES, AGE policy "
                     f"v1.9) by {printable(eni.signer)}")  # fmt: skip
    return lines


def _signature_lines(check: SignatureCheck) -> list[str]:
    who = f"{check.signer} ({check.role})" if check.role else check.signer
    head = f"  {check.field}: {check.kind} by {who}: {check.verdict}"
    lines = [head]
    if check.certification:
        lines.append(f"    certifies the document (DocMDP: {check.certification})")
    if check.timestamp is not None:
        lines.append(f"    time-stamp {check.timestamp.time:%Y-%m-%d %H:%M:%S %Z} by "
                     f"{check.timestamp.authority}")  # fmt: skip
    elif check.signing_time is not None:
        lines.append(
            f"    signing time (claimed by the signer) {check.signing_time:%Y-%m-%d %H:%M:%S %Z}"
        )
    trust = f"chains to {check.trust_anchor}" if check.trust_anchor else "not trusted"
    revocation = (
        "revocation data embedded" if check.revocation_data else "no revocation data embedded"
    )
    lines.append(f"    {trust}; {revocation}; changed after it: {check.changed_after}")
    return lines + _attribute_lines(check.attributes)


def _attribute_lines(found: SignedAttributes | None) -> list[str]:
    """The signed attributes' claims: policy, claimed role, commitment type."""
    if found is None:
        return []
    lines = []
    if found.policy is not None:
        policy = found.policy
        name = f"{policy.known}: " if policy.known else "unknown to videoacta: "
        urls = "".join(f", {printable(url)}" for url in policy.urls)
        digest = f"{policy.hash_algorithm} {policy.digest}"
        lines.append(f"    signature policy {name}OID {policy.oid}, {digest}{urls}")
    if found.roles:
        lines.append(f"    claimed role: {'; '.join(printable(role) for role in found.roles)}")
    if found.commitment:
        lines.append(f"    commitment: proof of {found.commitment}")
    return lines
