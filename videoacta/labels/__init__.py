"""The acta's words in Catalan, Spanish, English, Galician and Basque, chosen by the session's
language."""

from videoacta.core.terms import Language
from videoacta.labels import ca, en, es, eu, gl
from videoacta.labels.model import Formats, Labels

__all__ = ["Formats", "Labels", "labels"]

LABELS = {
    Language.CA: ca.LABELS,
    Language.ES: es.LABELS,
    Language.EN: en.LABELS,
    Language.GL: gl.LABELS,
    Language.EU: eu.LABELS,
}


def labels(language: Language) -> Labels:
    """The labels of one language."""
    return LABELS[language]
