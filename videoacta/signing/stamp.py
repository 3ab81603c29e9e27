"""The visible stamp drawn in a signature field: signer's name, role, and time of signing.

The text is set in the Noto Sans shipped in `videoacta/fonts/` (embedded, as PDF/A
requires; pyHanko's text layout needs a font with 1000 units per em). Until that font is there, a
system Noto Sans or DejaVu Sans is used; failing those, pyHanko's built-in Courier, which is not
embedded and so leaves the file short of PDF/A (a warning is logged).
"""

import logging
import re
import textwrap
from importlib.resources import files
from pathlib import Path

from pyhanko import stamp
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle

from videoacta.core.identity import Role
from videoacta.core.terms import Language

log = logging.getLogger(__name__)

FONTS = Path(str(files("videoacta.fonts")))
FALLBACK_FONTS = (
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)


ROLE_TEXT: dict[Language, dict[Role, str]] = {
    Language.CA: {Role.SECRETARY: "El/la secretari/ària, certifica", Role.CHAIR: "Vist i plau"},
    Language.ES: {Role.SECRETARY: "El/la secretario/a, certifica", Role.CHAIR: "Visto bueno"},
    Language.EN: {Role.SECRETARY: "The secretary certifies", Role.CHAIR: "Approved by the chair"},
    Language.GL: {Role.SECRETARY: "O/A secretario/a, certifica", Role.CHAIR: "Visto e prace"},
    Language.EU: {Role.SECRETARY: "Idazkariak ziurtatzen du", Role.CHAIR: "Ikus-onetsia"},
}
SIGNED_AT = {
    Language.CA: "Signat",
    Language.ES: "Firmado",
    Language.EN: "Signed",
    Language.GL: "Asinado",
    Language.EU: "Sinatua",
}
# A substitute's reason follows the role in the signature's /Reason, after this label.
SUBSTITUTE = {
    Language.CA: "Substitució",
    Language.ES: "Sustitución",
    Language.EN: "Substitute",
    Language.GL: "Substitución",
    Language.EU: "Ordezkapena",
}
SUBSTITUTION = re.compile("; (?:" + "|".join(SUBSTITUTE.values()) + r"): (?P<reason>.+)$")
STAMP_LINE = 48  # characters of a substitute's reason per line of the stamp


def font_path() -> Path | None:
    """The stamp's font: the shipped Noto Sans, else a system one; None if none is found."""
    candidates = [*sorted(FONTS.glob("NotoSans-Regular.ttf")), *FALLBACK_FONTS]
    return next((path for path in candidates if path.is_file()), None)


def stamp_style(language: Language) -> stamp.TextStampStyle:
    """A stamp of three lines: the certificate's name, the role, the time (UTC)."""
    text = f"%(signer)s\n%(role)s\n{SIGNED_AT[language]}: %(ts)s"
    font = font_path()
    if font is None:
        log.warning("no font found for the signature stamp: using Courier, not PDF/A")
        return stamp.TextStampStyle(stamp_text=text)
    box = TextBoxStyle(font=GlyphAccumulatorFactory(str(font)), font_size=9)
    return stamp.TextStampStyle(stamp_text=text, text_box_style=box, border_width=1)


def role_text(role: Role, language: Language) -> str:
    return ROLE_TEXT[language][role]


def reason_text(role: Role, language: Language, substitute: str | None = None) -> str:
    """The signature's /Reason: the role, and a substitute's reason after its label."""
    text = role_text(role, language)
    return text if substitute is None else f"{text}; {SUBSTITUTE[language]}: {substitute}"


def stamp_role(role: Role, language: Language, substitute: str | None = None) -> str:
    """The stamp's role line, and under it a substitute's reason, wrapped."""
    text = role_text(role, language)
    if substitute is None:
        return text
    lines = textwrap.wrap(f"{SUBSTITUTE[language]}: {substitute}", STAMP_LINE)
    return "\n".join([text, *lines])


def substitution(reason: str | None) -> str | None:
    """The substitute's reason recorded in a signature's /Reason, if any."""
    found = SUBSTITUTION.search(reason or "")
    return found["reason"] if found else None
