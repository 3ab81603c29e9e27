"""A public copy (videoacta publish): the files the signed manifest withholds from publication
(ROF 88.1: the full recording, the archive's viewer, clips of items in camera) are absent, and
verify reports each as withheld rather than missing."""

import os
from pathlib import Path

from videoacta.package import Manifest, is_safe_path
from videoacta.verify.report import WITHHELD_MESSAGE, Finding, FindingKind
from videoacta.verify.verdict import Verdict


def is_public_copy(folder: Path, manifest: Manifest) -> bool:
    """Whether `folder` is a public copy: a file the signed manifest withholds is absent."""
    return any(not os.path.lexists(folder / name) for name in manifest.withheld
               if is_safe_path(name))  # fmt: skip


def withheld_finding(path: str) -> Finding:
    """The finding of a withheld file absent from a public copy: reported, not a fault."""
    kind, message = FindingKind.WITHHELD, WITHHELD_MESSAGE
    return Finding(verdict=Verdict.VALID, subject=path, message=message, kind=kind)


def withheld_absent(folder: Path, manifest: Manifest, path: str) -> bool:
    """A file the signed manifest withholds from publication, absent (and nothing in its place:
    not even a link)."""
    return path in manifest.withheld and is_safe_path(path) and not os.path.lexists(folder / path)
