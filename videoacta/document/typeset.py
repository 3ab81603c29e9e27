"""Typst: the acta's recorded blocks to a tagged PDF/A-3a + PDF/UA-1, with our fonts only.

The document model goes to acta.typ as data (sys.inputs), never as markup; the embedded files
are read by the template from a scratch folder, as associated files. Typst refuses to export a
file that breaks either standard (a missing glyph, a skipped heading level, no title): that is
an error of the acta, never a file half-written.
"""

import datetime as dt
import json
import re
import tempfile
from collections.abc import Sequence
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import typst

from videoacta.core import text
from videoacta.core.terms import Frozen
from videoacta.document.pdfa import Attachment
from videoacta.errors import InputError, OutputError

TEMPLATE = "acta.typ"
_GLYPH = re.compile(r'the text `"(.*?)"` could not be displayed')


class Placed(Frozen):
    """Where the template drew a signature box: its field, page (from 1), top left in points."""

    field: str
    page: int
    x: float
    y: float


class Typeset(Frozen):
    data: bytes
    boxes: tuple[Placed, ...]


def typeset(
    model: dict[str, Any], attachments: Sequence[Attachment], *, created: dt.datetime
) -> Typeset:
    """Compile the acta's model (blocks and metadata) with its attachments into PDF bytes."""
    model = {**model, "attachments": [_attachment(n, a) for n, a in enumerate(attachments)]}
    with tempfile.TemporaryDirectory(prefix="videoacta-typst-") as scratch:
        root = Path(scratch)
        (root / TEMPLATE).write_bytes(files("videoacta.document").joinpath(TEMPLATE).read_bytes())
        (root / "data").mkdir()
        for number, attachment in enumerate(attachments):
            (root / "data" / str(number)).write_bytes(attachment.data)
        # A worker process of its own: Typst keeps what it laid out (some 13 MB a vote of 577
        # members) until the process ends, and the binding has no call to free it.
        data, found = _in_worker(str(root), json.dumps(model), created)
    if data is None:
        raise InputError("acta.pdf", found)
    boxes = json.loads(found)
    return Typeset(data=data, boxes=tuple(Placed.model_validate(box) for box in boxes))


def _in_worker(root: str, model: str, created: dt.datetime) -> tuple[bytes | None, str]:
    """`_compile` in a process of its own; here, in a process that may have none (a Dask
    worker is a daemon, and multiprocessing refuses a daemon children with an assertion)."""
    try:
        with ProcessPoolExecutor(max_workers=1, max_tasks_per_child=1) as worker:
            return worker.submit(_compile, root, model, created).result()
    except BrokenExecutor:
        raise OutputError("acta.pdf: the typesetter's process stopped (out of memory?)") from None
    except AssertionError as refused:
        if "daemonic" not in str(refused):
            raise
    return _compile(root, model, created)


def _compile(root: str, model: str, created: dt.datetime) -> tuple[bytes | None, str]:
    """In the worker: the PDF's bytes and the signature boxes' places (JSON); or no bytes and
    why Typst refused (an exception of ours would not cross back as itself)."""
    with as_file(files("videoacta.fonts")) as fonts:
        compiler = typst.Compiler(
            str(Path(root) / TEMPLATE), root=root, font_paths=[str(fonts)],
            ignore_system_fonts=True, sys_inputs={"acta": model},
        )  # fmt: skip
        try:
            data = compiler.compile(
                pdf_standards=["a-3a", "ua-1"], timestamp=int(created.timestamp())
            )
            found = compiler.query("<sigbox>", field="value")
        except typst.TypstError as error:
            return None, _reason(error)
    assert isinstance(data, bytes)
    assert isinstance(found, str)
    return data, found


def _attachment(number: int, attachment: Attachment) -> dict[str, str]:
    """What the template needs of an embedded file; its bytes are read from data/NUMBER."""
    return {
        "file": str(number),
        "name": attachment.name,
        "mime": attachment.mime,
        "relationship": attachment.relationship.lower(),
        "description": attachment.description,
    }


def _reason(error: typst.TypstError) -> str:
    """Typst's refusal in one line; a character the fonts lack, as the input rules say it."""
    found = _GLYPH.search(error.message)
    refused = text.problem(found.group(1)) if found else None
    if refused is not None:
        return refused
    return f"cannot be written as PDF/A-3a and PDF/UA-1: {' '.join(error.message.split())}"
