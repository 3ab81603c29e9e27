"""Spanish identity numbers (DNI/NIF, NIE) as `session.toml` and qualified certificates give them.

A qualified certificate of a natural person carries the holder's number in the subject's
`serialNumber`, written the ETSI EN 319 412-1 way (`IDCES-12345678Z`: type IDC, country ES) or
bare (`12345678Z`). Both compare equal once normalised: upper case, the `IDCES-`/`IDESP-`/
`PASES-`/`TINES-` style prefix removed, spaces, dots and hyphens dropped.
"""

import re

# ETSI EN 319 412-1 §5.1.3 semantic identifiers: a 3-letter type, a country code, a hyphen.
PREFIX = re.compile(r"^(?:IDC|PAS|TIN|PNO|ID)[A-Z]{2,3}-")
DNI = re.compile(r"^[0-9]{8}[A-Z]$")
NIE = re.compile(r"^[XYZ][0-9]{7}[A-Z]$")
OTHER_NIF = re.compile(r"^[KLM][0-9]{7}[A-Z]$")  # minors, Spaniards abroad, foreigners without NIE
CHECK_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
EXAMPLE = "such as 12345678Z or IDCES-12345678Z"


def normalise_id(text: str) -> str:
    """The number without prefix, spaces, dots or hyphens, in upper case (not validated)."""
    compact = re.sub(r"\s", "", text.upper())
    return re.sub(r"[.\-]", "", PREFIX.sub("", compact))


def check_letter(number: str) -> str | None:
    """The check letter a normalised DNI/NIE/NIF should end with; None if not one of those."""
    if DNI.match(number):
        digits = number[:8]
    elif NIE.match(number):
        digits = str("XYZ".index(number[0])) + number[1:8]
    elif OTHER_NIF.match(number):
        digits = number[1:8]
    else:
        return None
    return CHECK_LETTERS[int(digits) % 23]


def check_id_number(text: str) -> str:
    """The normalised number; ValueError (one sentence) if it is not a DNI, NIE or NIF."""
    number = normalise_id(text)
    expected = check_letter(number)
    if expected is None:
        raise ValueError(f"'{text}' is not a DNI, NIE or NIF {EXAMPLE}")
    if number[-1] != expected:
        raise ValueError(f"'{text}' has the wrong check letter: {number[:-1]}{expected} is valid")
    return number
