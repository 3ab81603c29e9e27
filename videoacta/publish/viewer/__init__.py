"""The static viewer page of a package: video, agenda, results and integrity in one index.html."""

from videoacta.publish.viewer.integrity import SignatureRole, SignatureSummary
from videoacta.publish.viewer.page import (
    PUBLIC_VIEWER_FILE,
    VIEWER_FILE,
    render_viewer,
    write_pages,
    write_public_viewer,
    write_viewer,
)

__all__ = [
    "PUBLIC_VIEWER_FILE",
    "VIEWER_FILE",
    "SignatureRole",
    "SignatureSummary",
    "render_viewer",
    "write_pages",
    "write_public_viewer",
    "write_viewer",
]
