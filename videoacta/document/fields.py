"""The two empty signature fields of acta.pdf, added to Typst's tagged file (Typst writes none).

Each is a merged field and widget (/FT /Sig, no /V, printable, an empty appearance) over the
box the template drew, with /TU naming the signer and their office (PDF/UA-1 7.18.1), and a
/Form structure element whose /K is the OBJR itself: an array of one OBJR makes pyHanko's change
analysis refuse the countersignature (it finds a field's place only at a path ending K.Obj).
The page gets /Tabs /S: the tab order is the structure order.
"""

from collections.abc import Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name

from videoacta.core.terms import Frozen
from videoacta.document.layout import POINTS_PER_MM, SignatureSlot

BOX_WIDTH, BOX_HEIGHT = 76.0, 30.0  # mm, as acta.typ draws them
PRINT_FLAG = 4


class SignatureBox(Frozen):
    """An empty signature field: its name, page (from 0), rectangle in points, and tooltip."""

    name: str
    page: int
    rect: tuple[float, float, float, float]
    label: str


def box(slot: SignatureSlot, page: int, x: float, y: float, height: float) -> SignatureBox:
    """The field of `slot` whose box's top left is (x, y) points from the top of a page of
    `height` points (Typst's coordinates), as a PDF rectangle from the bottom."""
    width, tall = BOX_WIDTH * POINTS_PER_MM, BOX_HEIGHT * POINTS_PER_MM
    rect = (x, height - y - tall, x + width, height - y)
    return SignatureBox(name=slot.field, page=page, rect=rect, label=slot.label)


def add_fields(pdf: pikepdf.Pdf, boxes: Sequence[SignatureBox]) -> None:
    """Add the fields to `pdf`, each tagged in the structure tree, and the form that lists them."""
    tree = pdf.Root.StructTreeRoot
    top = tree.K if isinstance(tree.K, Dictionary) else tree.K[0]
    assert isinstance(top, Dictionary), "Typst's structure tree has a document element"
    document = top
    key = int(tree.get("/ParentTreeNextKey", 0))
    fields = Array()
    for signature in boxes:
        widget = _widget(pdf, signature, key)
        page = pdf.pages[signature.page].obj
        form = _tag(pdf, document, widget, page, signature.label)
        tree.ParentTree.Nums.extend(Array([key, form]))  # keys ascending: after Typst's
        page.Annots = page.get("/Annots", Array())
        page.Annots.append(widget)
        page.Tabs = Name.S
        fields.append(widget)
        key += 1
    tree.ParentTreeNextKey = key
    pdf.Root.AcroForm = pdf.make_indirect(Dictionary(Fields=fields))


def _widget(pdf: pikepdf.Pdf, signature: SignatureBox, key: int) -> Dictionary:
    x1, y1, x2, y2 = signature.rect
    appearance = pdf.make_stream(
        b"", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, x2 - x1, y2 - y1],
        Resources=Dictionary(),
    )  # fmt: skip
    widget = Dictionary(
        Type=Name.Annot, Subtype=Name.Widget, FT=Name.Sig, T=pikepdf.String(signature.name),
        TU=pikepdf.String(signature.label), F=PRINT_FLAG,
        Rect=[round(v, 3) for v in signature.rect], P=pdf.pages[signature.page].obj,
        AP=Dictionary(N=appearance), StructParent=key,
    )  # fmt: skip
    return pdf.make_indirect(widget)


def _tag(
    pdf: pikepdf.Pdf, document: Dictionary, widget: Dictionary, page: Dictionary, label: str
) -> Dictionary:
    """A /Form element for `widget` under the document element, with `label` as its /Alt."""
    form = pdf.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Form,
            P=document,
            Pg=page,
            Alt=pikepdf.String(label),
            K=Dictionary(Type=Name.OBJR, Obj=widget, Pg=page),
        )
    )
    if not isinstance(document.K, Array):
        document.K = Array([document.K])
    document.K.append(form)
    return form
