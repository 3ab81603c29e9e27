"""The signatures embedded in a PDF, as pyHanko reads them, without trusting the file's shape.

pyHanko's `embedded_signatures` asserts that each filled field's value is a dictionary: a
hostile file whose field holds a number or a name would stop the program with an
AssertionError. Here such a field is left out (and `verify` reports it as a signature that
cannot be read); everything else is pyHanko's own reading, in signing order.
"""

import zlib

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

NOT_A_SIGNATURE = "its value is not a signature dictionary"
# What pyHanko, and Python on the PDF objects it hands over, raise on reading a malformed file
# (a number where a dictionary belongs, a name where an array does...): each is caught around
# the read alone, never around videoacta's own code, whose mistakes are tracebacks. zlib.error:
# a damaged compressed stream, such as the object streams the acta is written with.
MALFORMED = (PdfError, ValueError, KeyError, TypeError, AttributeError, zlib.error)
SUBFILTERS = frozenset(subfilter.value for subfilter in SigSeedSubFilter)


def signature_value(value: object) -> generic.DictionaryObject | None:
    """The value (/V) of a filled signature field, as `fields.enumerate_sig_fields` gives it, if
    it is a dictionary as pyHanko requires; None if the file put something else there."""
    if isinstance(value, generic.IndirectObject):
        value = value.get_object()  # type: ignore[no-untyped-call]
    return value if isinstance(value, generic.DictionaryObject) else None


def is_known_subfilter(subfilter: object) -> bool:
    """A /SubFilter pyHanko reads: a name it knows (an array or a dictionary is not hashable)."""
    return isinstance(subfilter, generic.NameObject) and subfilter in SUBFILTERS


def embedded_signatures(reader: PdfFileReader) -> list[EmbeddedPdfSignature]:
    """Every readable signature in signing order, as `reader.embedded_signatures` gives them
    (a SubFilter pyHanko does not know is skipped, as it does), but a field whose value is not
    a dictionary is left out instead of failing an assertion."""
    found = []
    for name, filled, field in fields.enumerate_sig_fields(reader, filled_status=True):
        value = signature_value(filled)
        if value is None or not is_known_subfilter(value.get("/SubFilter")):
            continue
        found.append(EmbeddedPdfSignature(reader, field, str(name)))
    return sorted(found, key=lambda signature: signature.signed_revision)
