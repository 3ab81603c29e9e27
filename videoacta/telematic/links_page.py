"""`links.html`: the members' links as a printable page, one block per member (name, group, QR
code, link). Self-contained: the QR codes are inlined as `data:` PNG, and the page runs no
script and loads nothing (its Content-Security-Policy says so)."""

import base64
from collections.abc import Callable, Sequence
from html import escape

from videoacta.core.session import Session

Row = tuple[str, str, str]  # a member's name, group, link

LABELS = {
    "ca": {
        "title": "Enllaços personals de votació",
        "personal": "Enllaç personal i intransferible: no el compartiu.",
        "qr": "Codi QR de l'enllaç de",
    },
    "es": {
        "title": "Enlaces personales de votación",
        "personal": "Enlace personal e intransferible: no lo comparta.",
        "qr": "Código QR del enlace de",
    },
    "en": {
        "title": "Personal voting links",
        "personal": "A personal link: do not share it.",
        "qr": "QR code of the link of",
    },
    "gl": {
        "title": "Ligazóns persoais de votación",
        "personal": "Ligazón persoal e intransferible: non a comparta.",
        "qr": "Código QR da ligazón de",
    },
    "eu": {
        "title": "Bozkatzeko esteka pertsonalak",
        "personal": "Esteka pertsonala eta besterenezina: ez partekatu.",
        "qr": "Estekaren QR kodea:",
    },
}
POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
STYLE = """
body { font-family: sans-serif; margin: 1.5rem; }
section { break-inside: avoid; page-break-inside: avoid; border-bottom: 1px solid #999;
          padding: 1rem 0; }
img { width: 45mm; height: 45mm; image-rendering: pixelated; }
code { overflow-wrap: anywhere; font-size: 0.9rem; }
@media print { section { page-break-after: always; border: none; } }
"""


def render(rows: Sequence[Row], session: Session, qr: Callable[[str], bytes]) -> bytes:
    """The page of `rows` (UTF-8 bytes); `qr(link)` is the PNG of a link's QR code."""
    labels = LABELS[session.language.value]
    heading = f"{labels['title']} — {session.body.name}, {session.date.isoformat()}"
    blocks = "".join(_block(row, labels, qr) for row in rows)
    page = (
        f'<!DOCTYPE html>\n<html lang="{session.language.value}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(heading)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(heading)}</h1>\n{blocks}</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _block(row: Row, labels: dict[str, str], qr: Callable[[str], bytes]) -> str:
    name, group, link = (escape(text) for text in row)
    image = base64.b64encode(qr(row[2])).decode("ascii")
    return (
        f"<section>\n<h2>{name}</h2>\n<p>{group}</p>\n"
        f'<img src="data:image/png;base64,{image}" alt="{escape(labels["qr"])} {name}">\n'
        f"<p><code>{link}</code></p>\n<p>{escape(labels['personal'])}</p>\n"
        "</section>\n"
    )
