"""The acta's words in Catalan, Spanish and English, chosen by the session's language."""

from videoacta.labels import ca, en, es
from videoacta.labels.model import Formats, Labels
from videoacta.models import Language

__all__ = ["Formats", "Labels", "labels"]

LABELS = {Language.CA: ca.LABELS, Language.ES: es.LABELS, Language.EN: en.LABELS}


def labels(language: Language) -> Labels:
    """The labels of one language."""
    return LABELS[language]
