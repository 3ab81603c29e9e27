"""The one stage seam: `index` then `render` make `build`'s files, and a build never reads back
nor hashes again what it wrote."""

import builtins
import hashlib
import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLE
from videoacta import hashing, pipeline
from videoacta.cli import cli
from videoacta.hashing import FileDigest
from videoacta.progress import Step

SESSION_ID = "2026-10-29-ple-ordinari"
POSTERS = {f"posters/{n:02d}.jpg" for n in range(1, 14)}


def digests(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file below `folder`, by its path in it."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def invoke(*args: object) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_index_then_render_make_the_files_of_build(tmp_path: Path) -> None:
    built = invoke("build", SAMPLE, "--out", tmp_path / "build")
    assert built.exit_code == 0, built.stderr
    steps = [Step.CHECKING, Step.JOINING, Step.HASHING, Step.ACTA]
    labels = [built.stderr.index(step.value) for step in steps]  # the bars, one per step
    assert labels == sorted(labels)
    indexed = invoke("index", SAMPLE, "--out", tmp_path / "slices", "--quiet")
    assert indexed.exit_code == 0, indexed.stderr
    rendered = invoke("render", SAMPLE, "--out", tmp_path / "slices")
    assert rendered.exit_code == 0, rendered.stderr
    assert rendered.stdout == (
        f"Wrote {tmp_path / 'slices' / 'acta.pdf'} (15 pages, ca) and votes.popolo.json, "
        "votes.csv, index.html, manifest.json\n"
    )
    package = digests(tmp_path / "build" / SESSION_ID)
    assert package == digests(tmp_path / "slices")
    assert {"index.html", "manifest.json", "acta.pdf", "recording.mp4"} <= set(package)


def test_the_slices_are_of_one_list() -> None:
    assert pipeline.INDEX + pipeline.RENDER + (pipeline.certify,) == pipeline.BUILD
    assert pipeline.BUILD == pipeline.STAGES


def test_a_build_hashes_only_the_parts_and_what_ffmpeg_wrote_each_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest takes its digests from the stages: the recording and the posters (written
    by ffmpeg) are hashed once, the other files from the bytes written, and no file the build
    wrote is opened for reading but for that one hash (the acta embeds bytes from memory)."""
    out = tmp_path / "out"
    hashed: list[Path] = []
    read: list[Path] = []
    original_hash, original_open = hashing.sha256_file, io.open

    def counting(path: Path, progress: hashing.Progress | None = None) -> FileDigest:
        hashed.append(path)
        return original_hash(path, progress)

    def opening(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and "r" in mode and Path(file).is_relative_to(out):
            read.append(Path(file))
        return original_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(hashing, "sha256_file", counting)
    monkeypatch.setattr(io, "open", opening)
    monkeypatch.setattr(builtins, "open", opening)
    result = pipeline.build(SAMPLE, out)
    assert result.package == out / SESSION_ID
    assert not result.signed
    parts = {(SAMPLE / "recording" / f"part-{n}.mp4").resolve() for n in (1, 2)}
    assert Counter(hashed) == Counter([*parts, *read])  # each once; every read is a hash
    # Below out, the files were in the temporary folder renamed into place at the end.
    written = {path.relative_to(out).as_posix().split("/", 1)[1] for path in read}
    assert written == {"recording.mp4", *POSTERS}
