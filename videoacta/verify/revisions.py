"""Every byte of acta.pdf after its last signature is a revision pyHanko reads, and nothing else.

A signature covers the file up to the end of its revision (its ByteRange). What follows must be
exactly the incremental updates pyHanko parsed after it, each ending in `startxref N %%EOF`
where N is where that revision's cross-reference section starts, with at most one end of line
after the final one; and every object (`N G obj`) in those bytes must sit where its revision's
cross-reference data says. In every revision, `startxref` must point exactly at its section, so
that no reader is pushed into guessing (rebuilding the cross-references by scanning the file,
where dead bytes could redefine an object). Anything else is a problem naming the byte offset.
"""

import re
from collections.abc import Iterator

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.xref import XRefSectionData, XRefSectionMetaInfo, XRefSectionType

WHITE = rb"[\0\t\n\f\r ]"
END_MARK = re.compile(rb"startxref" + WHITE + rb"+(\d+)" + WHITE + rb"+%%EOF")
END_OF_LINE = re.compile(rb"\r\n|\r|\n")
OBJECT_HEADER = re.compile(rb"(?<![0-9])(\d+)" + WHITE + rb"+(\d+)" + WHITE + rb"+obj(?![A-Za-z])")
TABLE_SKIP = len(b"xref") + 1  # pyHanko's start of a table: after the keyword and one byte
TABLES = (XRefSectionType.STANDARD, XRefSectionType.HYBRID_MAIN)


def file_problems(data: bytes, reader: PdfFileReader, signed: int) -> tuple[str, ...]:
    """What is wrong with the revisions of the PDF `data`, as pyHanko's `reader` parsed them
    (its cross-reference data, in memory); `signed`: how many bytes the signatures cover."""
    problems = list(startxref_problems(reader))
    if signed:
        problems += tail_problems(data, reader, signed)
    extra = _after_final_eof(data, signed)
    if extra:
        problems.append(f"{extra} bytes follow the final %%EOF")
    return tuple(problems)


def startxref_problems(reader: PdfFileReader) -> Iterator[str]:
    """Each revision whose startxref does not point exactly where its section starts."""
    for revision in range(reader.xrefs.total_revisions):
        info = reader.xrefs.get_xref_container_info(revision)
        starts = _section_start(info)
        if starts != info.declared_startxref:
            yield (
                f"revision {revision + 1}: startxref points at byte {info.declared_startxref}, "
                f"its cross-reference section starts at byte {starts}"
            )


def tail_problems(data: bytes, reader: PdfFileReader, signed: int) -> Iterator[str]:
    """The bytes after the last signature's range: exactly the revisions parsed there."""
    after = [
        revision
        for revision in range(reader.xrefs.total_revisions)
        if reader.xrefs.get_xref_container_info(revision).declared_startxref >= signed
    ]
    expected = [reader.xrefs.get_xref_container_info(revision).declared_startxref
                for revision in after]  # fmt: skip
    yield from _ends_problems(list(END_MARK.finditer(data, signed)), expected)
    listed = _listed_objects(reader, after)
    for header in OBJECT_HEADER.finditer(data, signed):
        if listed.get(header.start()) != (int(header[1]), int(header[2])):
            yield (
                f"byte {header.start()}: object {int(header[1])} {int(header[2])} is not in "
                "the cross-reference data of the revisions after the signatures"
            )


def _ends_problems(marks: list[re.Match[bytes]], expected: list[int]) -> Iterator[str]:
    """The first `startxref N %%EOF` that does not end the next revision, or a missing one."""
    for index, mark in enumerate(marks):
        if index >= len(expected) or int(mark[1]) != expected[index]:
            yield f"byte {mark.start()}: a startxref that ends no revision after the signatures"
            return
    if len(marks) < len(expected):
        yield f"{len(expected)} revisions follow the signatures, {len(marks)} end in %%EOF"


def _section_start(info: XRefSectionMetaInfo) -> int:
    """Where pyHanko found the section: the `xref` keyword of a table, a stream's header."""
    skip = TABLE_SKIP if info.xref_section_type in TABLES else 0
    return int(info.start_location) - skip


def _listed_objects(reader: PdfFileReader, revisions: list[int]) -> dict[int, tuple[int, int]]:
    """Byte offset -> (object number, generation) of every object the revisions list."""
    listed: dict[int, tuple[int, int]] = {}
    for revision in revisions:
        info = reader.xrefs.get_xref_container_info(revision)
        data = reader.xrefs.get_xref_data(revision)
        sections = [(info, data)]
        if data.hybrid is not None:
            sections.append((data.hybrid.meta_info, data.hybrid.xref_data))
        for meta, xrefs in sections:
            listed.update(_offsets(meta, xrefs))
    return listed


def _offsets(info: XRefSectionMetaInfo, xrefs: XRefSectionData) -> dict[int, tuple[int, int]]:
    found = {offset: (idnum, generation)
             for idnum, (generation, offset) in xrefs.standard_xrefs.items()}  # fmt: skip
    if info.stream_ref is not None:  # an xref stream need not list itself
        found[int(info.start_location)] = (info.stream_ref.idnum, info.stream_ref.generation)
    return found


def _after_final_eof(data: bytes, signed: int) -> int:
    """How many bytes follow the final `%%EOF` and its one end of line (0 if none)."""
    marks = list(END_MARK.finditer(data, signed)) or list(END_MARK.finditer(data))
    if not marks:
        return 0  # no end to measure from: the parser's error says more
    end = marks[-1].end()
    line = END_OF_LINE.match(data, end)
    return len(data) - (line.end() if line else end)
