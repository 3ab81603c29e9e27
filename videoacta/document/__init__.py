"""The acta: acta.pdf as a PDF/A-3B document, its sections, layout, labels and fonts, and the
render stage."""
