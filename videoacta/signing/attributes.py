"""The CAdES signed attributes of a PAdES signature: the signature policy, the signer's claimed
role and the commitment type, as pyHanko writes them (`CAdESSignedAttrSpec`).

- Policy: `--policy age` is the AGE's "Política de Firma Electrónica y de Certificados" v1.9 (OID
  2.16.724.1.3.1.1.2.1.9, SHA-1 of the policy document, its URL: AutoFirma's policy.properties),
  which makes the signature PAdES-EPES; another policy is given by OID, hash and URL.
- Claimed role: the office the session gives the signer (Secretària general, Alcaldessa), as the
  common name of a directoryName (a UTF-8 office cannot be a URI, which is ASCII).
- Commitment: proof of origin for the secretary's certification, proof of approval for the
  chair's visto bueno (ETSI has no "certification" commitment).
"""

import re

from asn1crypto import algos, cms
from asn1crypto import x509 as asn1_x509
from pydantic import Field
from pyhanko.sign.ades.api import CAdESSignedAttrSpec, SignerAttrSpec
from pyhanko.sign.ades.cades_asn1 import (
    CommitmentTypeIndication,
    SignaturePolicyId,
    SignaturePolicyIdentifier,
    SigPolicyQualifierInfo,
)

from videoacta.core.identity import Role
from videoacta.core.terms import Frozen

COMMITMENTS = {Role.SECRETARY: "proof_of_origin", Role.CHAIR: "proof_of_approval"}
HASHES = {"sha1": 20, "sha256": 32, "sha384": 48, "sha512": 64}  # digest sizes in bytes
OID = r"[0-2](\.(0|[1-9][0-9]{0,8})){1,30}"


class SignaturePolicy(Frozen):
    """A signature policy: its OID, the hash of its document, and where the document is."""

    name: str | None = None
    oid: str = Field(pattern=rf"^{OID}$")
    hash_algorithm: str
    digest: str  # hex
    url: str | None = None


AGE_1_9 = SignaturePolicy(
    name="AGE 1.9",
    oid="2.16.724.1.3.1.1.2.1.9",
    hash_algorithm="sha1",
    digest="1bbae8b9c7fad34f9fd37affa346c0390e9602cd",  # G7roucf600+f03r/o0bAOQ6WAs0=
    url="https://sede.administracion.gob.es/politica_de_firma_anexo_1.pdf",
)
POLICIES = {"age": AGE_1_9}


def parse_policy_hash(text: str) -> tuple[str, str]:
    """`sha256:HEX` (or sha1, sha384, sha512) to its algorithm and hex digest; ValueError."""
    algorithm, _, digest = text.strip().lower().partition(":")
    size = HASHES.get(algorithm)
    if size is None or not re.fullmatch(rf"[0-9a-f]{{{2 * size}}}", digest):
        raise ValueError(
            "--policy-hash: expected ALGORITHM:HEX, the algorithm sha1, sha256, sha384 or sha512 "
            "and the hex digest of its size"
        )
    return algorithm, digest


def signed_attributes(
    role: Role, office: str, policy: SignaturePolicy | None
) -> CAdESSignedAttrSpec:
    """The signed attributes of `role`'s signature, who claims `office`, under `policy`."""
    return CAdESSignedAttrSpec(
        signature_policy_identifier=None if policy is None else _policy(policy),
        commitment_type=CommitmentTypeIndication({"commitment_type_id": COMMITMENTS[role]}),
        signer_attributes=SignerAttrSpec(claimed_attrs=[_claimed_role(office)], certified_attrs=[]),
    )


def _policy(policy: SignaturePolicy) -> SignaturePolicyIdentifier:
    algorithm = algos.DigestAlgorithm({"algorithm": policy.hash_algorithm})
    digest = algos.DigestInfo(
        {"digest_algorithm": algorithm, "digest": bytes.fromhex(policy.digest)}
    )
    qualifiers = [] if policy.url is None else [_uri(policy.url)]
    return SignaturePolicyIdentifier(
        {
            "signature_policy_id": SignaturePolicyId(
                {"sig_policy_id": policy.oid, "sig_policy_hash": digest,
                 "sig_policy_qualifiers": qualifiers or None}
            )
        }
    )  # fmt: skip


def _uri(url: str) -> SigPolicyQualifierInfo:
    return SigPolicyQualifierInfo({"sig_policy_qualifier_id": "sp_uri", "sig_qualifier": url})


def _claimed_role(office: str) -> cms.AttCertAttribute:
    name = asn1_x509.Name.build({"common_name": office}, use_printable=False)
    role = cms.RoleSyntax({"role_name": asn1_x509.GeneralName({"directory_name": name})})
    return cms.AttCertAttribute({"type": "role", "values": [role]})
