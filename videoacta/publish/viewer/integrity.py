"""The integrity summary: hashes of the parts and the recording, signatures, how to verify."""

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from videoacta.core.identity import signatories_of
from videoacta.core.terms import Frozen
from videoacta.core.video_index import IndexedPart, IndexedRecording
from videoacta.publish.viewer.context import Page, offset
from videoacta.publish.viewer.html import Html, el
from videoacta.publish.viewer.labels import size

INSTALL_COMMAND = "pip install videoacta"


class SignatureRole(StrEnum):
    CERTIFIES = "certifies"  # the secretary certifies the minutes and the recording
    APPROVES = "approves"  # the chair's visto bueno (vist-i-plau)


CERTIFIES, APPROVES = SignatureRole.CERTIFIES, SignatureRole.APPROVES
# The signature fields of acta.pdf (signing/vocabulary.py), as signatures.json names them.
FIELDS = {CERTIFIES: "Signature_Secretary", APPROVES: "Signature_Chair"}


class SignatureSummary(Frozen):
    """A signature of the package as known when the page is made."""

    signer: str
    role: SignatureRole
    signed_at: dt.datetime | None = None
    substitute: str | None = None  # why someone other than the session's person signs


def integrity(page: Page, signatures: Sequence[SignatureSummary]) -> Html:
    labels = page.labels
    parts: list[Html] = [el("h2", labels("integrity"), id="integrity-heading")]
    parts.append(el("p", labels("integrity_intro")))
    public, recording = page.index.public, page.index.recording
    if public is not None and recording is not None and recording.file == public.file:
        parts.append(el("p", labels("public_rendition_note"), class_="note"))
    if page.index.parts:
        parts += [el("h3", labels("parts")), _parts_table(page, page.index.parts)]
    if page.index.recording is not None:
        parts += [el("h3", labels("packaged_recording")), _recording(page, page.index.recording)]
    parts += [el("h3", labels("signatures")), _signatures(page, signatures)]
    parts += [el("h3", labels("verify")), el("p", labels("verify_text", folder=page.session.id))]
    commands = f"{INSTALL_COMMAND}\n{verify_command(page.session.id)}"
    parts.append(el("pre", el("code", commands), class_="command"))
    parts.append(el("p", labels("verify_tool")))
    return el("section", parts, class_="integrity", aria_labelledby="integrity-heading")


def verify_command(folder: str) -> str:
    """The command that verifies the package, run beside its folder (named as `build` names it)."""
    return f"videoacta verify {folder}"


def _parts_table(page: Page, parts: Sequence[IndexedPart]) -> Html:
    labels = page.labels
    keys = ("file", "size", "duration", "started", "sha256")
    head = el("tr", *(el("th", labels(key), scope="col") for key in keys))
    rows = [
        el(
            "tr",
            el("th", part.file, scope="row"),
            el("td", labels("bytes", n=size(part.size)), class_="num"),
            el("td", offset(part.duration), class_="num"),
            el("td", el("time", page.clock(part.start), datetime=part.start.isoformat())),
            el("td", el("code", part.sha256, class_="hash")),
        )
        for part in parts
    ]
    table = el("table", el("thead", head), el("tbody", rows), class_="hashes")
    return el("div", table, class_="scroll")


def _recording(page: Page, recording: IndexedRecording) -> Html:
    labels = page.labels
    rows = [
        ("file", recording.file),
        ("size", labels("bytes", n=size(recording.size))),
        ("duration", offset(recording.duration)),
        ("sha256", el("code", recording.sha256, class_="hash")),
    ]
    entries = [el("div", el("dt", labels(key)), el("dd", value)) for key, value in rows]
    return el("dl", entries, class_="recording-hash")


def _signatures(page: Page, signatures: Sequence[SignatureSummary]) -> Html:
    """Both signatures, one row a role: who is to sign (or who certifies, when `build` knew
    it); viewer.js fills in who signed, when and at which level from signatures.json."""
    labels = page.labels
    known = {signature.role: signature for signature in signatures}
    expected = signatories_of(page.session)
    keys = ("role", "signer", "signed_at", "level")
    head = el("tr", *(el("th", labels(key), scope="col") for key in keys))
    rows = []
    for role, person in ((CERTIFIES, expected.secretary), (APPROVES, expected.chair)):
        summary = known.get(role) or SignatureSummary(signer=person.name, role=role)
        rows.append(_signature_row(page, summary, FIELDS[role]))
    table = el("table", el("thead", head), el("tbody", rows), class_="signatures")
    source = el("p", labels("unsigned"), class_="unsigned", id="signatures-source")
    return el("div", source, el("div", table, class_="scroll"))


def _signature_row(page: Page, signature: SignatureSummary, field: str) -> Html:
    when = signature.signed_at
    moment = (
        page.labels("to_sign", tag="em")
        if when is None
        else el("time", _local(page, when), datetime=when.isoformat(timespec="seconds"))
    )
    return el(
        "tr",
        el("th", _role(page, signature), scope="row"),
        el("td", signature.signer, class_="signer"),
        el("td", moment, class_="signed-at"),
        el("td", "", class_="level"),
        data_field=field,
    )


def _role(page: Page, signature: SignatureSummary) -> Html | list[Html]:
    role = page.labels(f"role_{signature.role.value}")
    if signature.substitute is None:
        return role
    reason = page.labels("substitute", reason=signature.substitute)
    return [role, el("br"), el("small", reason, class_="substitute")]


def _local(page: Page, moment: dt.datetime) -> str:
    return moment.astimezone(page.zone).strftime("%Y-%m-%d %H:%M:%S %z")
