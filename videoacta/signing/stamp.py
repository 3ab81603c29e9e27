"""The visible stamp drawn in a signature field: signer's name, office, and time of signing.

The office is the one the session gives (`title` of the secretary, `chair_title`), recorded in
the manifest; the time is the session's local time, written as the acta writes dates, and the
stamp says when a time-stamp authority certifies it (the stamp is drawn before its token comes).

The text is set in the Noto Sans shipped in `videoacta/fonts/` (embedded, as PDF/A
requires; pyHanko's text layout needs a font with 1000 units per em). Until that font is there, a
system Noto Sans or DejaVu Sans is used; failing those, pyHanko's built-in Courier, which is not
embedded and so leaves the file short of PDF/A (a warning is logged).
"""

import datetime as dt
import logging
import re
import textwrap
import zoneinfo
from importlib.resources import files
from pathlib import Path

from pyhanko import stamp
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle

from videoacta.core.identity import Role
from videoacta.core.terms import Language
from videoacta.labels import formatting, labels

log = logging.getLogger(__name__)

FONTS = Path(str(files("videoacta.fonts")))
FALLBACK_FONTS = (
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)


# `{title}` is the office the session gives, else the office's name (OFFICE).
ROLE_TEXT: dict[Language, dict[Role, str]] = {
    Language.CA: {Role.SECRETARY: "{title}, certifica", Role.CHAIR: "{title}, vist i plau"},
    Language.ES: {Role.SECRETARY: "{title}, certifica", Role.CHAIR: "{title}, visto bueno"},
    Language.EN: {Role.SECRETARY: "{title}, certifies", Role.CHAIR: "{title}, visto bueno"},
    Language.GL: {Role.SECRETARY: "{title}, certifica", Role.CHAIR: "{title}, visto e prace"},
    # Basque inflects the office itself: the apposition leaves `{title}` as the session gives it.
    Language.EU: {Role.SECRETARY: "{title}: ziurtatzen du", Role.CHAIR: "{title}: ikus-onetsia"},
}
OFFICE: dict[Language, dict[Role, str]] = {
    Language.CA: {Role.SECRETARY: "Secretaria", Role.CHAIR: "Presidència"},
    Language.ES: {Role.SECRETARY: "Secretaría", Role.CHAIR: "Presidencia"},
    Language.EN: {Role.SECRETARY: "Secretary", Role.CHAIR: "Chair"},
    Language.GL: {Role.SECRETARY: "Secretaría", Role.CHAIR: "Presidencia"},
    Language.EU: {Role.SECRETARY: "Idazkaritza", Role.CHAIR: "Lehendakaritza"},
}
SIGNED_AT = {
    Language.CA: "Signat",
    Language.ES: "Firmado",
    Language.EN: "Signed",
    Language.GL: "Asinado",
    Language.EU: "Sinatua",
}
TIME_STAMPED = {
    Language.CA: "Hora certificada per una autoritat de segellat de temps",
    Language.ES: "Hora certificada por una autoridad de sellado de tiempo",
    Language.EN: "Time certified by a time-stamp authority",
    Language.GL: "Hora certificada por unha autoridade de selado de tempo",
    Language.EU: "Denbora-zigiluen agintaritza batek ziurtatutako ordua",
}
# The acta's months (the stamp writes the date in the acta's own format: `formatting.date`).
MONTHS = {language: labels(language).formats.months for language in Language}
DEFAULT_ZONE = "Europe/Madrid"  # a manifest written before videoacta recorded the session's
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
    """A stamp of three lines or more: the certificate's name, the office (and a substitute's
    reason), the time of signing (and who certifies it): `signed_text` fills the last."""
    text = "%(signer)s\n%(role)s\n%(signed)s"
    font = font_path()
    if font is None:
        log.warning("no font found for the signature stamp: using Courier, not PDF/A")
        return stamp.TextStampStyle(stamp_text=text)
    box = TextBoxStyle(font=GlyphAccumulatorFactory(str(font)), font_size=9)
    return stamp.TextStampStyle(stamp_text=text, text_box_style=box, border_width=1)


def office(role: Role, language: Language, title: str | None = None) -> str:
    """The office the session gives the role's person (`Secretària general`), else the role's."""
    return title or OFFICE[language][role]


def role_text(role: Role, language: Language, title: str | None = None) -> str:
    """`Secretària general, certifica`, `Alcaldessa, vist i plau`: the office the session gives."""
    return ROLE_TEXT[language][role].format(title=office(role, language, title))


def signed_text(
    moment: dt.datetime, language: Language, zone: str | None, *, time_stamped: bool = False
) -> str:
    """`Signat: 29 d'octubre de 2026, 19:45` in the session's time zone; with a time-stamp
    authority, a line that says it certifies the time."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone or DEFAULT_ZONE))
    day = formatting.date(local.date(), labels(language).formats, weekday=False)
    text = f"{SIGNED_AT[language]}: {day}, {local:%H:%M}"
    return f"{text}\n{TIME_STAMPED[language]}" if time_stamped else text


def reason_text(
    role: Role, language: Language, substitute: str | None = None, title: str | None = None
) -> str:
    """The signature's /Reason: the role, and a substitute's reason after its label."""
    text = role_text(role, language, title)
    return text if substitute is None else f"{text}; {SUBSTITUTE[language]}: {substitute}"


def stamp_role(
    role: Role, language: Language, substitute: str | None = None, title: str | None = None
) -> str:
    """The stamp's role line, and under it a substitute's reason, wrapped."""
    text = role_text(role, language, title)
    if substitute is None:
        return text
    lines = textwrap.wrap(f"{SUBSTITUTE[language]}: {substitute}", STAMP_LINE)
    return "\n".join([text, *lines])


def substitution(reason: str | None) -> str | None:
    """The substitute's reason recorded in a signature's /Reason, if any."""
    found = SUBSTITUTION.search(reason or "")
    return found["reason"] if found else None
