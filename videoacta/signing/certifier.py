"""The secretary's signer for `videoacta build`: opened before the long stages, checked to be
the person the session names (or a substitute), used by the last stage to certify acta.pdf."""

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from pyhanko.sign.signers import Signer

from videoacta.core.identity import Signatories
from videoacta.credentials import Prompt
from videoacta.signing import pdf_signing, signatories
from videoacta.signing.pdf_signing import SignOptions, SignResult


@dataclass(frozen=True)
class Certifier:
    """The opened signer, the name it signs with, the options to sign with, and who the
    session names to sign (the run counted it: nothing is read back out of the acta)."""

    signer: Signer
    name: str
    options: SignOptions
    signatories: Signatories

    def certify(self, document: Path, data: bytes) -> SignResult:
        """Certify the acta at `document`; `data` are the bytes just written (not read back)."""
        return pdf_signing.sign_document(
            document, self.options, signer=self.signer, data=data, signatories=self.signatories
        )


def open_certifier(
    stack: ExitStack, options: SignOptions, prompt: Prompt | None, expected: Signatories
) -> Certifier:
    """Open the signer (closed with `stack`) and check it is the session's secretary (or a
    substitute), or refuse: a wrong passphrase or person fails before any stage runs."""
    signer, name = stack.enter_context(pdf_signing.opened_signer(options, prompt=prompt))
    person = signatories.certified_person(signer.signing_cert)
    signatories.refuse_signer(options.role, person, expected, options.substitute)
    return Certifier(signer=signer, name=name, options=options, signatories=expected)
