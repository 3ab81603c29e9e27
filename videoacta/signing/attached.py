"""The files embedded in acta.pdf, read with pyHanko from the revision the secretary certified.

`verify` must report on exactly the bytes that were signed. So the embedded manifest is read by
the parser that checks the signatures (pyHanko; a second, more lenient parser could be made to
see other objects in the same file), and from the revision the certification signature covers:
what later revisions change is pyHanko's diff analysis's to judge, never what verify reads.
"""

import io
from collections.abc import Iterator

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from videoacta.core.identity import Role
from videoacta.errors import EmbeddedFileError
from videoacta.signing.vocabulary import FIELDS

MAX_NODES = 1000  # of the EmbeddedFiles name tree
# What pyHanko's reader and its PDF objects raise on a malformed file.
PYHANKO_REFUSALS = (PdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError)


def certified_revision(reader: PdfFileReader) -> int:
    """The revision the secretary's signature covers; else the first signature's; else the last."""
    signatures = reader.embedded_signatures
    for signature in signatures:
        if signature.field_name == FIELDS[Role.SECRETARY]:
            return int(signature.signed_revision)
    if signatures:
        return min(int(signature.signed_revision) for signature in signatures)
    return int(reader.xrefs.total_revisions) - 1


def embedded_file(data: bytes, name: str) -> bytes | None:
    """The bytes of the file `name` embedded in the certified revision of the PDF `data`; None
    if there is none; EmbeddedFileError (one line, without the subject) if it is repeated or
    unreadable. What pyHanko raises on a malformed PDF is translated here, where it is called."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        root = reader.get_historical_resolver(certified_revision(reader)).root
        found = list(_named(root, name))
    except (EmbeddedFileError, *PYHANKO_REFUSALS) as error:
        raise EmbeddedFileError(f"the embedded {name} cannot be read: {error}") from None
    if len(found) > 1:
        raise EmbeddedFileError(f"holds {len(found)} embedded {name}, not one")
    return found[0] if found else None


def _named(root: generic.DictionaryObject, name: str) -> Iterator[bytes]:
    names = root.get("/Names")
    tree = names.get("/EmbeddedFiles") if isinstance(names, generic.DictionaryObject) else None
    if not isinstance(tree, generic.DictionaryObject):
        return
    for key, value in _leaves(tree):
        spec = value.get_object()  # type: ignore[no-untyped-call]
        if not isinstance(spec, generic.DictionaryObject):
            raise EmbeddedFileError("a file specification is not a dictionary")
        spelled = {str(key), *(str(spec[entry]) for entry in ("/UF", "/F") if entry in spec)}
        if name in spelled:
            yield spec["/EF"]["/F"].data


def _leaves(tree: generic.DictionaryObject) -> Iterator[tuple[object, generic.PdfObject]]:
    """The (key, value) pairs of a name tree, walking at most MAX_NODES nodes (no loops)."""
    pending, walked = [tree], 0
    while pending:
        walked += 1
        if walked > MAX_NODES:
            raise EmbeddedFileError(f"the EmbeddedFiles name tree has more than {MAX_NODES} nodes")
        node = pending.pop(0)
        if not isinstance(node, generic.DictionaryObject):
            raise EmbeddedFileError("a node of the EmbeddedFiles name tree is not a dictionary")
        pairs = list(node.get("/Names", generic.ArrayObject()))
        yield from zip(pairs[::2], pairs[1::2], strict=True)
        pending.extend(kid.get_object() for kid in node.get("/Kids", generic.ArrayObject()))
