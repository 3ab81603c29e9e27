"""What may change in acta.pdf after its signatures: pyHanko's diff analysis, made strict.

pyHanko's default policy accepts any new title, author or XMP packet after a signature. Here
the document information dictionary and the XMP metadata may change only in what every
incremental writer updates (the modification and metadata dates, the producer); the catalog
only in its form, its DSS and its metadata; form fields only by signing signature fields
(document time-stamps included). Anything else is a `SuspiciousModification` whose message
names what changed. The rules on which field may be filled when are applied to the result in
`signatures.py`.
"""

import io
import re
from collections.abc import Iterable
from pathlib import Path

from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.metadata import model, xmp_xml
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader, RawPdfPath
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DSSCompareRule,
    FormUpdatingRule,
    MetadataUpdateRule,
    ModificationLevel,
    ObjectStreamRule,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    SuspiciousModification,
    WhitelistRule,
    XrefStreamRule,
)
from pyhanko.sign.diff_analysis.commons import safe_whitelist
from pyhanko.sign.diff_analysis.rules_api import Context, ReferenceUpdate

# Entries a PDF writer updates on every incremental update, pyHanko's included.
INFO_UPDATED = frozenset({"/ModDate", "/Producer"})
XMP_UPDATED = frozenset({"xmp:ModifyDate", "xmp:MetadataDate", "pdf:Producer"})
CATALOG_MAY_CHANGE = frozenset({"/AcroForm", "/DSS", "/Metadata", "/Extensions", "/Version"})
PREFIXES = {uri: prefix for prefix, uri in model.NS.items()}
REFERENCE = re.compile(r"Reference\(idnum=(\d+), generation=(\d+)\)")
BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*\d+\s+\d+\s+(\d+)\s+(\d+)\s*\]")


class InfoRule(WhitelistRule):
    """The /Info dictionary may change only in /ModDate and /Producer."""

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterable[ReferenceUpdate]:
        old_ref = old.trailer_view.get_value_as_reference("/Info", optional=True)
        new_ref = new.trailer_view.get_value_as_reference("/Info", optional=True)
        if old_ref is not None and new_ref is None:
            raise SuspiciousModification("the document information dictionary was removed")
        if new_ref is None:
            return
        before = _info(old_ref)
        after = _info(new_ref)
        keys = (before.keys() | after.keys()) - INFO_UPDATED
        changed = sorted(key for key in keys if before.get(key) != after.get(key))
        if changed:
            raise SuspiciousModification(
                f"the document information dictionary changed: {', '.join(changed)}"
            )
        context = Context.from_absolute(old, RawPdfPath("/Info"))
        for ref in safe_whitelist(old, old_ref, new_ref):
            yield ReferenceUpdate(ref, context_checked=context)


def _info(ref: generic.Reference | None) -> dict[str, str]:
    if ref is None:
        return {}
    info = ref.get_object()
    if not isinstance(info, generic.DictionaryObject):
        raise SuspiciousModification("the document information dictionary is not a dictionary")
    return {str(key): repr(info.raw_get(key)) for key in info}


class XmpRule(MetadataUpdateRule):
    """The XMP metadata may change only in its dates and its producer."""

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterable[ReferenceUpdate]:
        old_props, new_props = _xmp(old), _xmp(new)
        if old_props is not None and new_props is None:
            raise SuspiciousModification("the XMP metadata was removed")
        changed = sorted(
            name
            for name in (old_props or {}).keys() | (new_props or {}).keys()
            if name not in XMP_UPDATED
            and (old_props or {}).get(name) != (new_props or {}).get(name)
        )
        if changed:
            raise SuspiciousModification(f"the XMP metadata changed: {', '.join(changed)}")
        yield from super().apply(old, new)


def _xmp(revision: HistoricalResolver) -> dict[str, object] | None:
    """The XMP properties of a revision by prefixed name (`dc:title`), or None without XMP."""
    try:
        ref = revision.root.get_value_as_reference("/Metadata")
    except KeyError:
        return None
    except misc.IndirectObjectExpected:
        raise SuspiciousModification("/Metadata should be an indirect reference") from None
    stream = ref.get_object()
    if not isinstance(stream, generic.StreamObject):
        raise SuspiciousModification("/Metadata should be a stream")
    try:
        roots = xmp_xml.parse_xmp(io.BytesIO(stream.data))
    except (ValueError, misc.PdfError) as error:
        raise SuspiciousModification(f"the XMP metadata cannot be read: {error}") from None
    return {_prefixed(name): value for root in roots for name, value in root}


def _prefixed(name: model.ExpandedName) -> str:
    prefix = PREFIXES.get(name.ns)
    return f"{prefix}:{name.local_name}" if prefix else str(name)


class RuleBug(RuntimeError):
    """A mistake in one of videoacta's own diff rules: a traceback, never a verdict on the file
    (outside the errors `signatures.py` reads as a signature that cannot be read)."""


class OwnRule(WhitelistRule):
    """One of videoacta's rules, whose errors other than a verdict on the file (a
    SuspiciousModification, or pyHanko's PdfError on reading it) are re-raised as a RuleBug."""

    def __init__(self, rule: WhitelistRule) -> None:
        self.rule = rule

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterable[ReferenceUpdate]:
        try:
            yield from self.rule.apply(old, new)
        except (SuspiciousModification, misc.PdfError):
            raise
        except Exception as error:
            raise RuleBug(f"{type(self.rule).__name__}: {error!r}") from error


LTA = ModificationLevel.LTA_UPDATES
# pyHanko's defaults with InfoRule and XmpRule for its metadata rules, and no rule that lets
# a form field other than a signature field change (GenericFieldModificationRule).
STRICT_POLICY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(ignored_keys=CATALOG_MAY_CHANGE),  # type: ignore[no-untyped-call]
        OwnRule(InfoRule()).as_qualified(LTA),
        XrefStreamRule().as_qualified(LTA),
        ObjectStreamRule().as_qualified(LTA),
        DSSCompareRule().as_qualified(LTA),
        OwnRule(XmpRule()).as_qualified(LTA),  # type: ignore[no-untyped-call]
    ],
    form_rule=FormUpdatingRule(
        field_rules=[SigFieldCreationRule(), SigFieldModificationRule()],  # type: ignore[no-untyped-call]
    ),
)


def signed_length(path: Path) -> int | None:
    """How many bytes the signatures of a PDF cover, by a raw scan of their /ByteRange
    (the file need not parse); None if it holds none or cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return byte_range_end(data)


def byte_range_end(data: bytes) -> int | None:
    """Where the /ByteRange entries of the PDF `data` end, by a raw scan (0 if none reads as
    four numbers); None if it holds none."""
    if b"/ByteRange" not in data:
        return None
    ranges = [int(start) + int(length) for start, length in BYTE_RANGE.findall(data)]
    return max(ranges, default=0)


def name_objects(message: str, reader: PdfFileReader) -> str:
    """pyHanko's message with each `Reference(idnum=5, generation=0)` as `object 5 (Page)`."""

    def name(found: re.Match[str]) -> str:
        ref = generic.Reference(int(found[1]), int(found[2]), reader)
        try:
            target = ref.get_object()
        except (misc.PdfError, ValueError, KeyError):
            return f"object {found[1]}"
        kind = None
        if isinstance(target, generic.DictionaryObject):
            kind = target.get("/Type") or target.get("/Subtype")
        return f"object {found[1]} ({str(kind).lstrip('/')})" if kind else f"object {found[1]}"

    return REFERENCE.sub(name, message)
