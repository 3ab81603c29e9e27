"""The fonts embedded in acta.pdf: subsets of Noto Sans (SIL OFL 1.1; see README and OFL.txt)."""
