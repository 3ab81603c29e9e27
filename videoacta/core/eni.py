"""The ENI terms of the session (`[eni]` of session.toml): the body's DIR3 code, the acta's ENI
identifier, the procedure's SIA code; and the identifiers the NTI's format gives a document and
an expediente (NTI de Documento electrónico, anexo I: `ES_<DIR3>_<year>_<30 letters/digits>`).
"""

import base64
import datetime as dt
import hashlib
import re
import zoneinfo
from typing import Annotated, Self

from pydantic import AfterValidator, Field, Strict, model_validator

from videoacta.core.terms import Frozen, Identifier
from videoacta.errors import shown

SPECIFIC_LENGTH = 30  # the NTI's "ID específico": 30 characters, kept to [A-Za-z0-9] (xsd:ID)
# The acta's XMP holds the ENI metadata in the ENI metadata namespace + "#" (document/eni_xmp.py).
XMP_NAMESPACE = "http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e/metadatos#"
XMP_PREFIX = "enidocmeta"
DOCUMENT_ID = re.compile(r"ES_([A-Z0-9]{9})_([0-9]{4})_([A-Za-z0-9]{30})")


def _check_dir3(code: str) -> str:
    # DIR3 codes are 9 characters: L01 + INE code + check digit for a council, but also EA…, GE….
    if not re.fullmatch(r"[A-Z0-9]{9}", code):
        raise ValueError(f"'{shown(code)}' is not a DIR3 code: 9 capital letters or digits")
    return code


def _check_identifier(text: str) -> str:
    if not DOCUMENT_ID.fullmatch(text):
        raise ValueError(
            f"'{shown(text)}' is not an ENI identifier ES_<DIR3>_<year>_<30 letters or digits>"
        )
    return text


def _check_classification(text: str) -> str:
    # A SIA code (digits), or `<DIR3>_PRO_<id>` for a procedure that SIA does not hold (NTI).
    if not re.fullmatch(r"[0-9]{1,30}|[A-Z0-9]{9}_PRO_[A-Za-z0-9]{1,30}", text):
        raise ValueError(
            f"'{shown(text)}' is not a procedure code: SIA digits, or <DIR3>_PRO_<letters/digits>"
        )
    return text


Dir3 = Annotated[str, Strict(), AfterValidator(_check_dir3)]
EniIdentifier = Annotated[str, Strict(), AfterValidator(_check_identifier)]
Classification = Annotated[str, Strict(), AfterValidator(_check_classification)]


class Eni(Frozen):
    """`[eni]`: what filing the acta as an ENI document and the package as an expediente needs."""

    organ: Dir3 = Field(description="the body's DIR3 code (Directorio Común), e.g. L01089990")
    classification: Classification = Field(
        description="the procedure's SIA code (or <DIR3>_PRO_<id>), the expediente's Clasificacion"
    )
    identifier: EniIdentifier | None = Field(
        default=None,
        description="the acta's ENI identifier ES_<DIR3>_<year of capture>_<30 letters/digits>; "
        "generated from the DIR3 code, the year it is filed and the session id when not given",
    )

    @model_validator(mode="after")
    def _check_organ(self) -> Self:
        if self.identifier is not None and self.identifier[3:12] != self.organ:
            raise ValueError(f"identifier: its organ {self.identifier[3:12]} is not {self.organ}")
        return self


class EniRecord(Frozen):
    """The ENI terms as the manifest records them, signed with it: `[eni]`, the session's id (the
    stable part of generated identifiers) and when the expediente opened (the session's day)."""

    organ: Dir3
    classification: Classification
    identifier: EniIdentifier | None = None
    session_id: Identifier
    opened: dt.datetime

    def document_id(self, year: int, name: str | None = None) -> str:
        """The ENI identifier of the acta (`name` None: the given one, else generated) or of
        another file of the package, filed in `year`."""
        if name is None and self.identifier is not None:
            return self.identifier
        stable = self.session_id if name is None else f"{self.session_id}/{name}"
        return f"ES_{self.organ}_{year:04d}_{specific_id(stable)}"

    def expediente_id(self) -> str:
        """`ES_<DIR3>_<year opened>_EXP_<30>` (NTI de Expediente electrónico, anexo I)."""
        return f"ES_{self.organ}_{self.opened.year:04d}_EXP_{specific_id(self.session_id)}"


def specific_id(stable: str) -> str:
    """30 letters and digits, the same for the same text: its readable part, then the base32 of
    its SHA-256 (two ids that differ only by punctuation still differ)."""
    readable = re.sub(r"[^A-Z0-9]", "", stable.upper())[:18]
    tail = base64.b32encode(hashlib.sha256(stable.encode("utf-8")).digest()).decode("ascii")
    return (readable + tail)[:SPECIFIC_LENGTH]


def identifier_year_problem(identifier: str, captured: dt.datetime) -> str | None:
    """Why an identifier does not fit the capture time (the NTI's year is the capture's)."""
    year = identifier[13:17]
    if year != f"{captured.year:04d}":
        return (
            f"the ENI identifier {identifier} names the year {year}, but it is filed in "
            f"{captured.year}"
        )
    return None


def eni_record(eni: Eni, *, session_id: str, date: dt.date, timezone: str) -> EniRecord:
    """The manifest's record of `[eni]` for the session `session_id` held on `date`."""
    opened = dt.datetime.combine(date, dt.time(0, 0), tzinfo=zoneinfo.ZoneInfo(timezone))
    return EniRecord(**eni.model_dump(), session_id=session_id, opened=opened)
