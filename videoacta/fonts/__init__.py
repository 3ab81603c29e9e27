"""The fonts embedded in acta.pdf: subsets of Noto Sans (SIL OFL 1.1; see README and OFL.txt)."""

FONT_FILES = {"": "NotoSans-Regular.ttf", "B": "NotoSans-Bold.ttf", "I": "NotoSans-Italic.ttf"}
"""The file of each style: "" regular, "B" bold, "I" italic."""
