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

from tests.builders import sample_for_test_pki
from tests.conftest import SAMPLE
from tests.packages import options, trust
from tests.pki import Pki
from videoacta import hashing, pipeline
from videoacta.cli import cli
from videoacta.core.identity import Role
from videoacta.hashing import FileDigest
from videoacta.progress import ProgressEvent, Step
from videoacta.signing import signatories
from videoacta.verify.verdict import Verdict
from videoacta.verify.verifier import verify_package

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
        f"Wrote {tmp_path / 'slices' / 'acta.pdf'} (10 pages, ca) and votes.popolo.json, "
        "votes.csv, index.html, manifest.json\n"
    )
    package = digests(tmp_path / "build" / SESSION_ID)
    assert package == digests(tmp_path / "slices")
    assert {"index.html", "manifest.json", "acta.pdf", "recording.mp4"} <= set(package)


def test_mypy_holds_the_order_of_the_stages(tmp_path: Path) -> None:
    """No stage checks its order at run time: a later stage without an index, or certifying
    before the acta is rendered, does not type-check."""
    from mypy import api

    snippet = tmp_path / "out_of_order.py"
    snippet.write_text(
        "from videoacta import pipeline\n"
        "from videoacta.stage import Made, StageInputs\n"
        "def run(inputs: StageInputs, made: Made) -> None:\n"
        "    pipeline.publish_viewer(inputs, Made())\n"
        "    pipeline.certify(inputs, made)\n"
        "    pipeline.run_build_stages(inputs, made)\n",
        encoding="utf-8",
    )
    checked = [
        "--strict", "--follow-imports=silent", "--no-error-summary",
        "--cache-dir", str(tmp_path / "cache"), str(snippet),
    ]  # fmt: skip
    stdout, stderr, status = api.run(checked)
    errors = [line.split(": error: ")[1] for line in stdout.splitlines() if ": error: " in line]
    assert status == 1, stderr
    assert [line.split(":")[1] for line in stdout.splitlines()] == ["4", "5", "6"]
    assert errors == [
        'Missing named argument "index" for "Made"  [call-arg]',
        'Argument 2 to "certify" has incompatible type "Made"; expected "WithActa"  [arg-type]',
        'Argument 2 to "run_build_stages" has incompatible type "Made"; expected "Placed"  '
        "[arg-type]",
    ]


class Spied:
    """What a build opened for reading below its output folder, and what it hashed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
        self.hashed: list[Path] = []
        self.read: list[Path] = []
        original_hash, original_open = hashing.sha256_file, io.open

        def counting(path: Path, progress: hashing.Progress | None = None) -> FileDigest:
            self.hashed.append(path)
            return original_hash(path, progress)

        def opening(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, str | Path) and "r" in mode and Path(file).is_relative_to(out):
                self.read.append(Path(file))
            return original_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(hashing, "sha256_file", counting)
        monkeypatch.setattr(io, "open", opening)
        monkeypatch.setattr(builtins, "open", opening)

    def check(self, session: Path, out: Path) -> None:
        """Each part and each file ffmpeg wrote hashed once; nothing else read back."""
        parts = {(session / "recording" / f"part-{n}.mp4").resolve() for n in (1, 2)}
        assert Counter(self.hashed) == Counter([*parts, *self.read])  # every read is a hash
        # Below out, the files were in the temporary folder renamed into place at the end.
        written = {path.relative_to(out).as_posix().split("/", 1)[1] for path in self.read}
        assert written == {"recording.mp4", *POSTERS}


def test_a_build_hashes_only_the_parts_and_what_ffmpeg_wrote_each_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest takes its digests from the stages: the recording and the posters (written
    by ffmpeg) are hashed once, the other files from the bytes written, and no file the build
    wrote is opened for reading but for that one hash (the acta embeds bytes from memory)."""
    out = tmp_path / "out"
    spied = Spied(monkeypatch, out)
    result = pipeline.build(SAMPLE, out)
    assert result.package == out / SESSION_ID
    assert not result.signed
    spied.check(SAMPLE, out)


def test_a_signed_build_reads_back_neither_the_acta_nor_the_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pki: Pki, passphrase_env: None
) -> None:
    """Certifying signs the acta's bytes from memory (pyHanko's incremental writer works on
    them, not on the file) and checks the signer against the session the build counted: the
    manifest is never parsed back out of the PDF, no file the build wrote is read back."""
    session = sample_for_test_pki(SAMPLE, tmp_path / "session" / SESSION_ID)
    out = tmp_path / "out"
    looked_up: list[bytes] = []
    monkeypatch.setattr(signatories, "recorded_signatories", looked_up.append)
    spied = Spied(monkeypatch, out)
    result = pipeline.build(session, out, signing=options(pki, Role.SECRETARY))
    assert (result.signed, result.signer) == (True, "TEST Secretària Puig")
    spied.check(session, out)
    assert looked_up == []
    monkeypatch.undo()
    assert_verified_certified(result.package, pki)


def assert_verified_certified(package: Path, pki: Pki) -> None:
    report = verify_package(package, trust=trust(pki))
    assert report.verdict == Verdict.INCOMPLETE  # the chair has not signed yet
    assert report.empty_fields == ("Signature_Chair",)
    [certified] = report.signatures
    assert certified.bottom_line


def test_render_reports_its_hashing_as_the_other_slices_do(index_copy: Path) -> None:
    """`render` hashes every part and every file of its folder again: it says so, in bytes."""
    events: list[ProgressEvent] = []
    pipeline.run_render(SAMPLE, index_copy, progress=events.append)
    assert list(dict.fromkeys(event.step for event in events)) == [
        Step.CHECKING, Step.HASHING, Step.ACTA,
    ]  # fmt: skip
    hashing_events = [event for event in events if event.step is Step.HASHING]
    parts = [SAMPLE / "recording" / f"part-{n}.mp4" for n in (1, 2)]
    files = [index_copy / "recording.mp4", index_copy / "chapters.vtt"]
    files += [index_copy / name for name in POSTERS]
    total = sum(path.stat().st_size for path in [*parts, *files])
    assert {event.total for event in hashing_events} == {total}
    assert [event.done for event in hashing_events] == sorted(e.done for e in hashing_events)
    assert (hashing_events[0].done, hashing_events[-1].done) == (0, total)


def test_render_draws_bars_unless_quiet(index_copy: Path) -> None:
    quiet = invoke("render", SAMPLE, "--out", index_copy, "--quiet")
    assert quiet.exit_code == 0, quiet.stderr
    assert quiet.stderr == ""
    drawn = invoke("render", SAMPLE, "--out", index_copy, "--force")
    assert drawn.exit_code == 0, drawn.stderr
    labels = [drawn.stderr.index(step.value) for step in (Step.CHECKING, Step.HASHING, Step.ACTA)]
    assert labels == sorted(labels)
