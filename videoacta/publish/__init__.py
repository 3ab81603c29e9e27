"""What the package publishes besides the acta: the open data (Popolo, CSV) and the viewer page."""
