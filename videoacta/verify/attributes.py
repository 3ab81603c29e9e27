"""What a signature's CAdES signed attributes claim: its signature policy (and whether it is a
policy videoacta knows, with the hash that policy's document has), the signer's claimed role,
and the commitment type. Read from the CMS, as signed; pyHanko does not enforce a policy."""

from typing import Any

import pyhanko.sign.ades.cades_asn1  # noqa: F401 - registers the CAdES attribute types to decode
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from videoacta.core.terms import Frozen
from videoacta.signing.attributes import POLICIES

COMMITMENTS = {"proof_of_origin": "origin", "proof_of_approval": "approval"}
DECODE_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


class SignedPolicy(Frozen):
    oid: str
    hash_algorithm: str
    digest: str  # hex
    urls: tuple[str, ...] = ()
    known: str | None = None  # the name of the policy (AGE 1.9) when OID and hash are its own


class SignedAttributes(Frozen):
    """The signed attributes' claims; None where the signature has none."""

    policy: SignedPolicy | None = None
    roles: tuple[str, ...] = ()
    commitment: str | None = None


def signed_attributes(signature: EmbeddedPdfSignature) -> SignedAttributes | None:
    """The claims of `signature`'s signed attributes; None if they cannot be decoded."""
    try:
        found = {
            attr["type"].native: attr["values"][0] for attr in signature.signer_info["signed_attrs"]
        }
        return SignedAttributes(
            policy=_policy(found.get("signature_policy_identifier")),
            roles=_roles(found.get("signer_attributes_v2")),
            commitment=_commitment(found.get("commitment_type")),
        )
    except DECODE_ERRORS:
        return None


def _policy(value: Any) -> SignedPolicy | None:
    if value is None or value.name != "signature_policy_id":
        return None
    policy = value.chosen
    digest = policy["sig_policy_hash"]
    qualifiers = policy["sig_policy_qualifiers"]
    urls = (
        ()
        if not qualifiers
        else tuple(
            str(q["sig_qualifier"].native)
            for q in qualifiers
            if q["sig_policy_qualifier_id"].native == "sp_uri"
        )
    )
    found = SignedPolicy(
        oid=policy["sig_policy_id"].dotted,
        hash_algorithm=digest["digest_algorithm"]["algorithm"].native,
        digest=digest["digest"].native.hex(),
        urls=urls,
    )
    known = next(
        (
            p.name
            for p in POLICIES.values()
            if (p.oid, p.hash_algorithm, p.digest)
            == (found.oid, found.hash_algorithm, found.digest)
        ),
        None,
    )
    return found.model_copy(update={"known": known})


def _roles(value: Any) -> tuple[str, ...]:
    """The claimed roles: a directoryName's common name, or a URI or other name as text."""
    if value is None:
        return ()
    roles = []
    for claimed in value["claimed_attributes"] or ():
        if claimed["type"].native != "role":
            continue
        for role in claimed["values"]:
            name = role["role_name"]
            roles.append(
                name.chosen.native.get("common_name", name.chosen.human_friendly)
                if name.name == "directory_name"
                else str(name.native)
            )
    return tuple(roles)


def _commitment(value: Any) -> str | None:
    if value is None:
        return None
    kind = value["commitment_type_id"]
    return str(COMMITMENTS.get(kind.native, kind.dotted))
