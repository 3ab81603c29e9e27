"""What verify found about each signature of acta.pdf, and the rules that judge it: its own
bottom line, and what was filled in after it."""

import datetime as dt

from pyhanko.sign.diff_analysis import ModificationLevel

from videoacta.core.identity import Role
from videoacta.core.terms import Frozen
from videoacta.signing.vocabulary import FIELDS
from videoacta.verify.attributes import SignedAttributes
from videoacta.verify.verdict import Verdict

# What the last signature (the chair's) may be followed by: nothing, or validation data.
LAST_MAY_ADD = (None, ModificationLevel.NONE.name, ModificationLevel.LTA_UPDATES.name)


class TimeStampCheck(Frozen):
    time: dt.datetime
    authority: str
    intact: bool
    trusted: bool


class SignatureCheck(Frozen):
    """What pyHanko found about one signature (or document time-stamp) and its verdict."""

    field: str
    role: str | None
    kind: str
    signer: str
    certification: str | None
    intact: bool
    valid: bool
    trusted: bool
    revoked: bool
    trust_anchor: str | None
    signing_time: dt.datetime | None
    timestamp: TimeStampCheck | None
    revocation_data: bool
    coverage: str
    modification_level: str | None
    docmdp_ok: bool | None
    changed_after: str
    changed_fields: tuple[str, ...] = ()
    bottom_line: bool
    verdict: Verdict
    problem: str | None = None
    attributes: SignedAttributes | None = None  # policy, claimed role, commitment


class DocumentCheck(Frozen):
    signatures: tuple[SignatureCheck, ...]
    empty_fields: tuple[str, ...]
    problems: tuple[str, ...] = ()  # about the whole file, each one makes it tampered


def judge_later_changes(checks: tuple[SignatureCheck, ...]) -> tuple[SignatureCheck, ...]:
    """Judge each signature also on what was filled after it: after the secretary's
    certification only the chair's field (and time-stamps), after the chair only validation data."""
    stamps = {check.field for check in checks if check.kind == "document time-stamp"}
    judged = []
    for check in checks:
        problem = _filled_problem(check, stamps)
        if problem is not None and check.verdict is not Verdict.TAMPERED:
            check = check.model_copy(update={"verdict": Verdict.TAMPERED, "problem": problem})
        judged.append(check)
    return tuple(judged)


def _filled_problem(check: SignatureCheck, stamps: set[str]) -> str | None:
    if check.role == Role.SECRETARY:
        others = sorted(set(check.changed_fields) - stamps - {FIELDS[Role.CHAIR]})
        if others:
            return (
                f"after it only the chair's field may be filled; also filled: {', '.join(others)}"
            )
    elif check.role == Role.CHAIR and check.modification_level not in LAST_MAY_ADD:
        return f"after it only validation data may be added; changed: {check.changed_after}"
    return None


def judge(check: SignatureCheck) -> tuple[Verdict, str | None]:
    """The verdict on one signature: its bottom line, and if that fails, why."""
    if check.bottom_line:
        return Verdict.VALID, None
    if not (check.intact and check.valid):
        return Verdict.TAMPERED, "the signed bytes do not match the signature"
    if check.coverage == "UNCLEAR" or check.docmdp_ok is False:
        return Verdict.TAMPERED, f"changed after signing: {check.changed_after}"
    stamp = check.timestamp
    if stamp is not None and not stamp.intact:
        return Verdict.TAMPERED, "the time-stamp does not match the signature"
    if check.revoked:
        return Verdict.UNTRUSTED, "the signer's certificate is revoked"
    if not check.trusted:
        return Verdict.UNTRUSTED, "the certificate does not chain to a trusted root, or is expired"
    if stamp is not None and not stamp.trusted:
        return Verdict.UNTRUSTED, "the time-stamp authority is not trusted"
    return Verdict.UNTRUSTED, "pyHanko's bottom line is not valid"
