"""A check of a tagged PDF's structure tree (PDF/UA-1, as far as a script can see), with pikepdf.

`problems(pdf)` walks the structure tree once, in order, and lists what is wrong:
1. the catalog: /MarkInfo /Marked true, /Lang, a ParentTree, XMP pdfaid (part 3) and pdfuaid
   (part 1), /ViewerPreferences /DisplayDocTitle;
2. every /Table has a header row of /TH cells, each with a /Scope;
3. every marked-content sequence with an MCID on a page is claimed by a structure element, and
   every other text painted is inside /Artifact;
4. headings skip no level, and their order in the tree (the reading order) is the order in which
   they are painted (page, then top to bottom);
5. every /Figure has /Alt; every widget has /TU and a /Form parent; every link annotation is in
   the tree; every page with annotations has /Tabs /S.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary

HEADING = re.compile(r"^/H([1-6])$")
Mark = tuple[int, int]  # page (from 0), MCID


@dataclass
class Node:
    element: Dictionary
    role: str
    marks: list[Mark] = field(default_factory=list)
    objects: list[pikepdf.Object] = field(default_factory=list)


def _kids(value: object) -> list[object]:
    return list(value) if isinstance(value, Array) else ([] if value is None else [value])


def walk(pdf: pikepdf.Pdf) -> list[Node]:
    """Every structure element, in tree (reading) order, with its role, MCIDs and objects."""
    root = pdf.Root.StructTreeRoot
    rolemap = root.get("/RoleMap", Dictionary())
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    nodes: list[Node] = []

    def visit(element: Dictionary, page: int) -> None:
        role = str(element.get("/S"))
        role = str(rolemap[role]) if role in rolemap else role
        page = pages.get(element.Pg.objgen, page) if "/Pg" in element else page
        node = Node(element, role)
        nodes.append(node)
        for kid in _kids(element.get("/K")):
            if isinstance(kid, int):
                node.marks.append((page, int(kid)))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                on = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                node.marks.append((on, int(kid.MCID)))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR":
                node.objects.append(kid.Obj)
            elif isinstance(kid, Dictionary):
                visit(kid, page)

    for kid in _kids(root.K):
        visit(kid, -1)
    return nodes


def painted(pdf: pikepdf.Pdf) -> Iterator[tuple[int, dict[int, float], int]]:
    """Per page: its number, each MCID's height of first text painted, and the count of text
    operations painted outside both marked content and /Artifact."""
    for number, page in enumerate(pdf.pages):
        stack: list[tuple[str, int | None]] = []
        found: dict[int, float] = {}
        untagged, y = 0, 0.0
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" else None
                mcid = (
                    int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props else None
                )
                stack.append((str(operands[0]), mcid))
            elif op == "EMC":
                stack.pop()
            elif op == "Tm":
                y = float(operands[5])
            elif op in ("Td", "TD"):
                y += float(operands[1])
            elif op in ("Tj", "TJ", "'", '"'):
                inside = [mcid for _, mcid in stack if mcid is not None]
                if inside:
                    found.setdefault(inside[-1], y)
                elif not any(tag == "/Artifact" for tag, _ in stack):
                    untagged += 1
        yield number, found, untagged


def problems(pdf: pikepdf.Pdf) -> list[str]:
    """What is wrong with `pdf`'s tagging; empty if nothing is."""
    found = _catalog(pdf)
    if "/StructTreeRoot" not in pdf.Root or "/ParentTree" not in pdf.Root.StructTreeRoot:
        return [*found, "catalog: no structure tree with a ParentTree"]
    nodes = walk(pdf)
    return (
        found + _tables(nodes) + _content(pdf, nodes) + _headings(pdf, nodes) + _annots(pdf, nodes)
    )


def _catalog(pdf: pikepdf.Pdf) -> list[str]:
    root, found = pdf.Root, []
    if root.get("/MarkInfo", Dictionary()).get("/Marked") is not True:
        found.append("catalog: /MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")):
        found.append("catalog: no /Lang")
    xmp = root.Metadata.read_bytes().decode() if "/Metadata" in root else ""
    if not re.search(r"pdfaid:part(>|=\")3", xmp):
        found.append("XMP: no pdfaid part 3")
    if not re.search(r"pdfuaid:part(>|=\")1", xmp):
        found.append("XMP: no pdfuaid part 1")
    if root.get("/ViewerPreferences", Dictionary()).get("/DisplayDocTitle") is not True:
        found.append("catalog: /DisplayDocTitle is not true")
    return found


def _rows(element: Dictionary) -> Iterator[list[Dictionary]]:
    for kid in _kids(element.get("/K")):
        if isinstance(kid, Dictionary) and kid.get("/S") == "/TR":
            yield [c for c in _kids(kid.get("/K")) if isinstance(c, Dictionary) and "/S" in c]
        elif isinstance(kid, Dictionary) and kid.get("/S") in ("/THead", "/TBody", "/TFoot"):
            yield from _rows(kid)


def _scoped(cell: Dictionary) -> bool:
    """Whether a header cell says what it heads: /Scope in its (or one of its) attributes."""
    return any(isinstance(a, Dictionary) and "/Scope" in a for a in _kids(cell.get("/A")))


def _tables(nodes: list[Node]) -> list[str]:
    found = []
    for node in (n for n in nodes if n.role == "/Table"):
        rows = list(_rows(node.element))
        header = [c for c in rows[0] if c.get("/S") == "/TH"] if rows else []
        if not header:
            found.append(f"table {node.element.objgen}: no header row of TH cells")
        elif not all(_scoped(cell) for cell in header):
            found.append(f"table {node.element.objgen}: a TH without /Scope")
    return found


def _content(pdf: pikepdf.Pdf, nodes: list[Node]) -> list[str]:
    claimed = {mark for node in nodes for mark in node.marks}
    found = []
    for number, marks, untagged in painted(pdf):
        found += [f"page {number + 1}: MCID {m} is in no structure element" for m in marks
                  if (number, m) not in claimed]  # fmt: skip
        if untagged:
            found.append(
                f"page {number + 1}: {untagged} text operations neither tagged nor artifact"
            )
    return found


def _headings(pdf: pikepdf.Pdf, nodes: list[Node]) -> list[str]:
    heights = {number: marks for number, marks, _ in painted(pdf)}
    found, last, order = [], 0, []
    for node in nodes:
        level = HEADING.match(node.role)
        if level is None:
            continue
        if int(level.group(1)) > last + 1:
            found.append(f"heading {node.element.objgen}: H{last} then H{level.group(1)}")
        last = int(level.group(1))
        if node.marks:
            page, mcid = node.marks[0]
            order.append((page, -heights.get(page, {}).get(mcid, 0.0)))
    bad = next((n for n in range(1, len(order)) if order[n] < order[n - 1]), None)
    if bad is not None:
        found.append(f"headings: the reading order is not the painted order at heading #{bad}")
    return found


def _annots(pdf: pikepdf.Pdf, nodes: list[Node]) -> list[str]:
    parents = {obj.objgen: node.role for node in nodes for obj in node.objects}
    found = [f"figure {n.element.objgen}: no /Alt" for n in nodes
             if n.role == "/Figure" and "/Alt" not in n.element]  # fmt: skip
    for number, page in enumerate(pdf.pages, start=1):
        annotations = list(page.obj.get("/Annots", Array()))
        if annotations and page.obj.get("/Tabs") != "/S":
            found.append(f"page {number}: annotations but no /Tabs /S")
        for annotation in annotations:
            kind, name = annotation.get("/Subtype"), annotation.get("/T")
            if kind == "/Widget" and "/TU" not in annotation:
                found.append(f"page {number}: widget {name} without /TU")
            if kind == "/Widget" and parents.get(annotation.objgen) != "/Form":
                found.append(f"page {number}: widget {name} not in a /Form element")
            if kind == "/Link" and annotation.objgen not in parents:
                found.append(f"page {number}: a link annotation is not in the structure tree")
    return found
