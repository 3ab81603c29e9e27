"""The acta's words in Catalan, Spanish and English, chosen by the session's language."""

from videoacta.core.terms import Language
from videoacta.document.labels import ca, en, es
from videoacta.document.labels.model import Formats, Labels

__all__ = ["Formats", "Labels", "labels"]

LABELS = {Language.CA: ca.LABELS, Language.ES: es.LABELS, Language.EN: en.LABELS}


def labels(language: Language) -> Labels:
    """The labels of one language."""
    return LABELS[language]
