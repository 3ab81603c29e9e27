"""EU trusted lists (ETSI TS 119 612) read from local files for `verify --eutl`, never fetched.

Each file is read within a size cap, parsed without entities, DTDs or network, and refused
unless it is a trusted list whose XAdES signature verifies with a scheme operator's certificate:
for a national list whose territory the list of the lists (LOTL, also given with `--eutl`)
names, only the certificates the LOTL gives for it; for any other, one given with
`--eutl-signer`; the LOTL itself is checked against those given and
the LOTL signing certificates pyHanko ships. Only the signed content is read (by pyHanko's
TS 119 612 parser), and a list whose NextUpdate has passed is refused: the current list holds
each service's history, so it answers for any past moment, and an outdated one may miss a
withdrawal.
"""

import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography.x509 import load_der_x509_certificate
from lxml import etree
from pyhanko.sign.validation.qualified.eutl_parse import (
    latest_known_lotl_tlso_certs,
    parse_lotl_unsafe,
    trust_list_to_registry_unsafe,
)
from pyhanko.sign.validation.qualified.tsp import TSPRegistry, TSPServiceParsingError
from signxml.exceptions import SignXMLException
from signxml.xades.xades import XAdESSignatureConfiguration, XAdESVerifier
from xsdata.exceptions import ParserError

from videoacta.core.terms import Frozen
from videoacta.errors import SigningError, TrustedListError
from videoacta.signing.trust import load_certificates

TSL = "http://uri.etsi.org/02231/v2#"
DS = "http://www.w3.org/2000/09/xmldsig#"
LOTL_TYPE = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists"
MAX_BYTES = 32 * 1024 * 1024  # the largest national lists are a few MiB
MAX_FILES = 64  # the LOTL and one list per territory, with room to spare
T = TypeVar("T")
PARSE_ERRORS = (SignXMLException, TSPServiceParsingError, ParserError, ValueError)


class ListUsed(Frozen):
    """A trusted list that was read: which file, whose, when issued, until when."""

    file: Path
    territory: str
    lotl: bool
    sequence_number: int | None
    issued: datetime | None
    next_update: datetime


@dataclass(frozen=True)
class TrustedLists:
    """The lists read, and the qualified services they grant (pyHanko's registry)."""

    lists: tuple[ListUsed, ...]
    registry: TSPRegistry


def load_trusted_lists(
    paths: Iterable[Path], signers: Sequence[Path], now: datetime
) -> TrustedLists:
    """Read, check and parse every list in `paths` (files, or folders of `*.xml`)."""
    try:
        given = load_certificates(signers)
    except SigningError as error:
        raise TrustedListError(f"--eutl-signer {error}") from None
    read = [_Read.of(file) for file in _files(paths)]
    by_territory: dict[str, list[asn1_x509.Certificate]] = {}
    used = []
    for lotl in (item for item in read if item.lotl):
        signed = lotl.verified([*given, *latest_known_lotl_tlso_certs()], now)
        used.append(_used(lotl.file, signed, now))
        for reference in _parsed(lotl.file, partial(parse_lotl_unsafe, signed.decode())).references:
            by_territory.setdefault(reference.territory, []).extend(reference.tlso_certs)
    registry = TSPRegistry()
    nationals = [item for item in read if not item.lotl]
    if not nationals:
        raise TrustedListError("--eutl: no national trusted list given: give the lists that "
                               "list the services, not only the list of the lists")  # fmt: skip
    for item in nationals:
        # The LOTL's word on a territory is final: --eutl-signer only for the others.
        candidates = by_territory.get(item.territory, given)
        if not candidates:
            raise TrustedListError(
                f"{item.file}: no certificate to check its signature with: give its scheme "
                "operator's certificate with --eutl-signer, or the LOTL that names it"
            )
        signed = item.verified(candidates, now)
        used.append(checked := _used(item.file, signed, now))
        if checked.territory != item.territory:
            raise TrustedListError(f"{item.file}: its signed territory {checked.territory!r} is "
                                   f"not the one it shows, {item.territory!r}")  # fmt: skip
        _parsed(item.file, partial(trust_list_to_registry_unsafe, signed.decode(), registry))
    return TrustedLists(lists=tuple(used), registry=registry)


def _files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            xml = sorted(child for child in path.iterdir() if child.suffix.lower() == ".xml")
            if not xml:
                raise TrustedListError(f"{path}: the folder holds no .xml trusted list")
            found += xml
        else:
            found.append(path)
    if len(found) > MAX_FILES:
        raise TrustedListError(f"--eutl: {len(found)} files, more than {MAX_FILES}")
    return found


def _parsed(file: Path, parse: Callable[[], T]) -> T:
    try:
        return parse()
    except PARSE_ERRORS as error:
        raise TrustedListError(
            f"{file}: not a trusted list pyHanko can read: {_line(error)}"
        ) from None


@dataclass(frozen=True)
class _Read:
    """A file read within the cap, parsed safely, its root and signature found."""

    file: Path
    data: bytes
    territory: str
    lotl: bool

    @classmethod
    def of(cls, file: Path) -> "_Read":
        data = _bounded(file)
        root = _safe_root(file, data)
        if root.find(f"{{{DS}}}Signature") is None:
            raise TrustedListError(f"{file}: the trusted list is not signed")
        return cls(file, data, _text(root, "SchemeTerritory") or "", _is_lotl(root))

    def verified(self, candidates: Sequence[asn1_x509.Certificate], now: datetime) -> bytes:
        """The signed list, as the XAdES signature covers it, if one candidate verifies it."""
        config = XAdESSignatureConfiguration(
            require_x509=True, expect_references=True, verification_time=now
        )
        problem = "no candidate certificate"
        for cert in candidates:
            try:
                results = XAdESVerifier().verify(
                    self.data,
                    x509_cert=load_der_x509_certificate(cert.dump()),
                    expect_config=config,
                )
            except (SignXMLException, ValueError) as error:
                problem = _line(error)
                continue
            for result in results if isinstance(results, list) else [results]:
                signed = result.signed_xml
                if signed is not None and signed.tag == f"{{{TSL}}}TrustServiceStatusList":
                    return bytes(result.signed_data)
            problem = "the signature does not cover the trusted list"
        keys = f"{len(candidates)} scheme operator certificate{'s' * (len(candidates) != 1)}"
        raise TrustedListError(f"{self.file}: its signature does not verify with the {keys} "
                               f"it may be signed with: {problem}")  # fmt: skip


def _bounded(file: Path) -> bytes:
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise TrustedListError(f"{file}: not a regular file")
        if info.st_size > MAX_BYTES:
            raise TrustedListError(f"{file}: larger than {MAX_BYTES // 2**20} MiB")
        with file.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise TrustedListError(f"{file}: cannot read: {error.strerror}") from None
    if len(data) > MAX_BYTES:
        raise TrustedListError(f"{file}: larger than {MAX_BYTES // 2**20} MiB")
    return data


def _safe_root(file: Path, data: bytes) -> etree._Element:
    """The root element, parsed without entities, DTD or network; a DOCTYPE is refused."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise TrustedListError(f"{file}: not XML: {_line(error)}") from None
    if root.getroottree().docinfo.doctype or b"<!ENTITY" in data:
        raise TrustedListError(f"{file}: has a DOCTYPE or entities, which no trusted list has")
    if root.tag != f"{{{TSL}}}TrustServiceStatusList":
        raise TrustedListError(f"{file}: not a trusted list (ETSI TS 119 612): its root is "
                               f"{etree.QName(root).localname}")  # fmt: skip
    return root


def _used(file: Path, signed: bytes, now: datetime) -> ListUsed:
    """What the signed list says of itself; out of date, or closed, it is refused."""
    root = _safe_root(file, signed)
    next_update = _time(file, _text(root, "NextUpdate/tsl:dateTime"))
    if next_update is None:
        raise TrustedListError(f"{file}: has no NextUpdate: the list is closed")
    if next_update < now:
        raise TrustedListError(f"{file}: out of date: its NextUpdate {next_update:%Y-%m-%d %H:%M} "
                               "UTC has passed; download the current list")  # fmt: skip
    sequence = _text(root, "TSLSequenceNumber")
    return ListUsed(
        file=file,
        territory=_text(root, "SchemeTerritory") or "",
        lotl=_is_lotl(root),
        sequence_number=int(sequence) if sequence and sequence.isdigit() else None,
        issued=_time(file, _text(root, "ListIssueDateTime")),
        next_update=next_update,
    )


def _text(root: etree._Element, path: str) -> str | None:
    found = root.find(f"tsl:SchemeInformation/tsl:{path}", {"tsl": TSL})
    return None if found is None or found.text is None else found.text.strip()


def _is_lotl(root: etree._Element) -> bool:
    return _text(root, "TSLType") == LOTL_TYPE


def _time(file: Path, text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise TrustedListError(f"{file}: not a date and time: {text[:40]!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:300] if lines else type(error).__name__
