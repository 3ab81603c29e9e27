"""A public copy (videoacta publish): the files the signed manifest withholds from publication
(ROF 88.1: the full recording, the archive's viewer, clips of items in camera) are ALL absent,
and verify reports each as withheld rather than missing. A folder that lacks some of them but
holds others is no public copy: an archive package with its recording deleted is TAMPERED, its
absent files reported missing like any other listed file."""

import os
from pathlib import Path

from videoacta.package import Manifest, is_safe_path
from videoacta.verify.report import WITHHELD_MESSAGE, Finding, FindingKind
from videoacta.verify.verdict import Verdict


def is_public_copy(folder: Path, manifest: Manifest) -> bool:
    """Whether `folder` is a public copy: every file the signed manifest withholds is absent,
    and nothing stands in its place (not a link, not a folder)."""
    names = [name for name in manifest.withheld if is_safe_path(name)]
    return bool(names) and all(not os.path.lexists(folder / name) for name in names)


def withheld_finding(path: str) -> Finding:
    """The finding of a withheld file absent from a public copy: reported, not a fault."""
    kind, message = FindingKind.WITHHELD, WITHHELD_MESSAGE
    return Finding(verdict=Verdict.VALID, subject=path, message=message, kind=kind)


def withheld_absent(folder: Path, manifest: Manifest, path: str, *, public_copy: bool) -> bool:
    """A file the signed manifest withholds from publication, absent (and nothing in its place:
    not even a link) from a public copy; absent from any other folder, it is missing."""
    return public_copy and path in manifest.withheld and is_safe_path(path) and not (
        os.path.lexists(folder / path))  # fmt: skip
