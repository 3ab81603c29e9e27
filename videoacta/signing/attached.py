"""The files embedded in acta.pdf, read with pyHanko from the revision the secretary certified.

`verify` must report on exactly the bytes that were signed. So the embedded manifest is read by
the parser that checks the signatures (pyHanko; a second, more lenient parser could be made to
see other objects in the same file), and from the revision the certification signature covers:
what later revisions change is pyHanko's diff analysis's to judge, never what verify reads.

The file is hostile: each read of it (pyHanko's reader, and Python on the objects it hands over:
an entry missing, an object of another type, a stream that cannot be decoded) is made inside
`refused_reads`, which turns what it raises into an EmbeddedFileError; the walk itself is
outside, so that a mistake in it is a traceback, never a verdict on the file.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from videoacta.core.identity import Role
from videoacta.errors import EmbeddedFileError
from videoacta.signing.embedded import MALFORMED, embedded_signatures
from videoacta.signing.vocabulary import FIELDS

MAX_NODES = 1000  # of the EmbeddedFiles name tree
# What pyHanko's reader and its PDF objects raise on a malformed file (a damaged compressed
# stream included), and a nesting too deep to walk.
PYHANKO_REFUSALS = (*MALFORMED, RecursionError)


@contextmanager
def refused_reads() -> Iterator[None]:
    """Around a read of the PDF (and nothing else): what it raises is an EmbeddedFileError."""
    try:
        yield
    except PYHANKO_REFUSALS as error:
        raise EmbeddedFileError(str(error)) from None


def certified_revision(reader: PdfFileReader) -> int:
    """The revision the secretary's signature covers; else the first signature's; else the last."""
    with refused_reads():
        signatures = embedded_signatures(reader)
    for signature in signatures:
        if signature.field_name == FIELDS[Role.SECRETARY]:
            return int(signature.signed_revision)
    if signatures:
        return min(int(signature.signed_revision) for signature in signatures)
    return int(reader.xrefs.total_revisions) - 1


def embedded_file(data: bytes, name: str) -> bytes | None:
    """The bytes of the file `name` embedded in the certified revision of the PDF `data`; None
    if there is none; EmbeddedFileError (one line, without the subject) if it is repeated or
    unreadable."""
    try:
        found = list(_named(_certified_root(data), name))
    except EmbeddedFileError as error:
        raise EmbeddedFileError(f"the embedded {name} cannot be read: {error}") from None
    if len(found) > 1:
        raise EmbeddedFileError(f"holds {len(found)} embedded {name}, not one")
    return found[0] if found else None


def _certified_root(data: bytes) -> generic.DictionaryObject:
    with refused_reads():
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    revision = certified_revision(reader)
    with refused_reads():
        return reader.get_historical_resolver(revision).root


def _named(root: generic.DictionaryObject, name: str) -> Iterator[bytes]:
    with refused_reads():
        names = root.get("/Names")
        tree = names.get("/EmbeddedFiles") if isinstance(names, generic.DictionaryObject) else None
    if not isinstance(tree, generic.DictionaryObject):
        return
    for key, value in _leaves(tree):
        with refused_reads():
            spec = value.get_object()  # type: ignore[no-untyped-call]
        if not isinstance(spec, generic.DictionaryObject):
            raise EmbeddedFileError("a file specification is not a dictionary")
        with refused_reads():
            spelled = {str(key), *(str(spec[entry]) for entry in ("/UF", "/F") if entry in spec)}
        if name in spelled:
            with refused_reads():
                content: bytes = spec["/EF"]["/F"].data
            yield content


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
        with refused_reads():
            pairs = list(node.get("/Names", generic.ArrayObject()))
        with refused_reads():  # an odd count: pairs the file does not hold (zip's ValueError)
            yield from zip(pairs[::2], pairs[1::2], strict=True)
        with refused_reads():
            pending.extend(kid.get_object() for kid in node.get("/Kids", generic.ArrayObject()))
