"""The ENI metadata of acta.pdf in its XMP, declared with a PDF/A extension schema.

The NTI defines the metadata as XML elements (MetadatosDocumentoEni.xsd) but no XMP binding, so
the properties live in a namespace of our choosing: the ENI metadata namespace followed by `#`
(an XMP property's name is its namespace URI followed by its own name, so the URI ends with a
separator), with the prefix `enidocmeta` that ENI XML uses for it. Not being one of XMP's or
PDF/A's predefined schemas, it is declared in `pdfaExtension:schemas` with every property's
value type and category (ISO 19005-1 6.7.8, ISO 19005-2/3 6.6.2.3), so the file stays PDF/A.

Only what is known when the acta is rendered: the capture time is the acta's creation time
(the session's close, its xmp:CreateDate), which `videoacta eni` also writes as FechaCaptura.
"""

import datetime as dt
from xml.sax.saxutils import escape

from videoacta.core.eni import EniRecord, identifier_year_problem
from videoacta.core.terms import Frozen
from videoacta.eni.vocabulary import ACTA, DOCUMENT_NS, ENI_XMP_NS, ENI_XMP_PREFIX, ORIGINAL
from videoacta.errors import InputError

# (name, XMP value type, description): the NTI's mandatory metadata known at render time.
PROPERTIES = (
    ("VersionNTI", "URI", "Versión de la NTI de Documento electrónico"),
    ("Identificador", "Text", "Identificador ENI del documento: ES_Órgano_AAAA_ID específico"),
    ("Organo", "Text", "Código DIR3 del órgano"),
    ("FechaCaptura", "Date", "Fecha de captura del documento"),
    ("OrigenCiudadanoAdministracion", "Boolean", "Origen: False ciudadano, True administración"),
    ("EstadoElaboracion", "Text", "Estado de elaboración (EE01 original)"),
    ("TipoDocumental", "Text", "Tipo documental (TD10 acta)"),
)
SCHEMA_NAME = "ENI Metadatos de documento electrónico (NTI de Documento electrónico)"


class EniXmp(Frozen):
    """The ENI metadata the acta's XMP carries."""

    identifier: str
    organ: str
    captured: dt.datetime

    def values(self) -> dict[str, str]:
        """Each property's value, as written (the XML ENI document writes the same text)."""
        return {
            "VersionNTI": DOCUMENT_NS["enidoc"],
            "Identificador": self.identifier,
            "Organo": self.organ,
            "FechaCaptura": self.captured.isoformat(timespec="seconds"),
            "OrigenCiudadanoAdministracion": "True",  # made by the administration
            "EstadoElaboracion": ORIGINAL,
            "TipoDocumental": ACTA,
        }


def eni_xmp(record: EniRecord, created: dt.datetime) -> EniXmp:
    """The acta's ENI metadata: captured when it was created, identified for that year; a
    given identifier of another year is refused (the NTI's year is the capture's)."""
    captured = created.replace(microsecond=0)
    identifier = record.document_id(captured.year)
    problem = identifier_year_problem(identifier, captured)
    if problem is not None:
        raise InputError("session.toml", f"eni.identifier: {problem}")
    return EniXmp(identifier=identifier, organ=record.organ, captured=captured)


def namespace_declaration() -> str:
    """The xmlns attribute for the rdf:Description that holds the properties."""
    return f'xmlns:{ENI_XMP_PREFIX}="{ENI_XMP_NS}"'


def properties(eni: EniXmp) -> str:
    """The properties, one element each."""
    return "\n".join(
        f"      <{ENI_XMP_PREFIX}:{name}>{escape(value)}</{ENI_XMP_PREFIX}:{name}>"
        for name, value in eni.values().items()
    )


def extension_schema() -> str:
    """The schema's entry in pdfaExtension:schemas' bag: every property it uses, declared."""
    declared = "".join(
        f"""<rdf:li rdf:parseType="Resource">
          <pdfaProperty:name>{name}</pdfaProperty:name>
          <pdfaProperty:valueType>{value_type}</pdfaProperty:valueType>
          <pdfaProperty:category>external</pdfaProperty:category>
          <pdfaProperty:description>{escape(description)}</pdfaProperty:description>
        </rdf:li>"""
        for name, value_type, description in PROPERTIES
    )
    return f"""<rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>{SCHEMA_NAME}</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>{ENI_XMP_NS}</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>{ENI_XMP_PREFIX}</pdfaSchema:prefix>
        <pdfaSchema:property><rdf:Seq>{declared}</rdf:Seq></pdfaSchema:property>
      </rdf:li>"""
