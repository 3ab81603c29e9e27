"""The public copy (ROF 88.1): the sample session with item 5 debated in camera, built, signed
by the secretary and the chair (sample PKI), published, and verified.

The proof that nothing of item 5 is in the public rendition does not trust the cutter's own
check: every packet of recording.public.mp4 is found, by the MD5 of its bytes, among the packets
of the certified recording.mp4, and must be there outside item 5's span. The sample's video
shows a wall clock on every frame, so nearly every video packet is found exactly once.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLE
from videoacta import pipeline
from videoacta.cli import cli
from videoacta.core.identity import Role
from videoacta.credentials import SecretSource
from videoacta.media import binaries
from videoacta.signing.pdf_signing import SignOptions, sign_package
from videoacta.signing.signers import Pkcs12Signer
from videoacta.signing.trust import TrustSettings
from videoacta.verify.verifier import verify_package

IN_CAMERA = 5
PKI = SAMPLE.parent / "pki"
ENV = "VIDEOACTA_SAMPLE_PASSPHRASE"
GOP = 2.0  # the sample's keyframe interval, seconds
TRUST = TrustSettings(roots=(PKI / "SAMPLE-root-ca.pem",))


def in_camera_session(target: Path) -> Path:
    shutil.copytree(SAMPLE, target)
    toml = target / "session.toml"
    text, count = re.subn(
        rf"(?m)^number = {IN_CAMERA}$", f"number = {IN_CAMERA}\nin_camera = true", toml.read_text()
    )
    assert count == 1
    toml.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The signed archive package (secretary and chair) of the session with item 5 in camera."""
    root = tmp_path_factory.mktemp("public")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV, "videoacta-sample")
        built = pipeline.build(in_camera_session(root / "session"), root / "out")
        for role, who in ((Role.SECRETARY, "secretary"), (Role.CHAIR, "chair")):
            signer = Pkcs12Signer(path=PKI / f"SAMPLE-{who}.p12", passphrase=SecretSource.env(ENV))
            sign_package(built.package, SignOptions(role=role, signer=signer, trust=TRUST))
        yield built.package


@pytest.fixture(scope="module")
def public(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sede")
    result = CliRunner().invoke(cli, ["publish", str(archive), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)
    assert written["csv"] is None
    assert "no CSV" in written["notes"][0]
    assert written["public_copy"]["withheld"] == ["index.html", "recording.mp4"]
    return Path(written["public_copy"]["folder"])


def packets(path: Path) -> list[tuple[str, float, float, str]]:
    """(stream, pts, duration, MD5 of the bytes) of every packet."""
    binary = binaries.locate(binaries.Tool.FFPROBE).path
    done = subprocess.run(
        [str(binary), "-v", "error", "-show_data_hash", "MD5", "-show_entries",
         "packet=stream_index,pts_time,duration_time,data_hash", "-of", "compact=p=0:nk=1",
         f"file:{path}"],
        capture_output=True, check=True, text=True,
    )  # fmt: skip
    # ffprobe 5.1 breaks a packet's line before a side-data section (AAC's skip samples): the
    # rest of the packet follows on a line of its own, starting with the separator.
    lines: list[str] = []
    for line in done.stdout.splitlines():
        if line.startswith("|") and lines:
            lines[-1] += line
        elif line:
            lines.append(line)
    rows = [line.replace("||", "|").split("|") for line in lines]
    return [(s, float(pts), float(d), digest) for s, pts, d, digest, *_ in rows]


def back(seconds: float, kept: list[list[float]]) -> float:
    """A time of the public rendition as a time of the recording."""
    for start, end in kept:
        if seconds < end - start - 1e-6:
            return start + seconds
        seconds -= end - start
    raise AssertionError("past the end of the kept segments")


def span_of(package: Path) -> tuple[float, float]:
    index = json.loads((package / "index.json").read_text())
    item = next(i for i in index["items"] if i["number"] == IN_CAMERA)
    return item["start"], item["end"]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_no_packet_of_the_item_in_camera_is_published(archive: Path) -> None:
    start, end = span_of(archive)
    source: dict[tuple[str, str], list[float]] = defaultdict(list)
    for stream, pts, duration, digest in packets(archive / "recording.mp4"):
        inside = pts < end and pts + duration > start
        source[stream, digest].append(-1.0 if inside else pts)
    published = packets(archive / "recording.public.mp4")
    assert {stream for stream, *_ in published} == {"0", "1"}  # video and audio
    for stream, pts, _, digest in published:
        found = source[stream, digest]
        assert found, f"stream {stream} packet at {pts} is not from the recording"
        assert any(at >= 0 for at in found), f"stream {stream} packet at {pts} is item {IN_CAMERA}"
    # And each video frame at its place: mapped back through the kept segments, the recording's
    # frame there is the same bytes (a frame kept past a cut would map onto another one).
    kept = json.loads((archive / "index.json").read_text())["public"]["kept"]
    first = min(pts for stream, pts, *_ in published if stream == "0")
    by_time = {(s, round(pts, 2)): d for s, pts, _, d in packets(archive / "recording.mp4")}
    for stream, pts, _, digest in published:
        if stream == "0":
            assert by_time[stream, round(back(pts - first, kept), 2)] == digest


def test_the_rendition_lacks_the_span_and_the_manifest_says_so(archive: Path) -> None:
    start, end = span_of(archive)
    index = json.loads((archive / "index.json").read_text())
    public = index["public"]
    assert public["duration"] <= index["duration"] - (end - start) + 0.1
    assert public["duration"] >= index["duration"] - (end - start) - 2 * GOP
    [(cut_start, cut_end)] = public["cut"]
    assert start - GOP <= cut_start <= start
    assert end <= cut_end <= end + GOP
    probed = packets(archive / "recording.public.mp4")
    last = max(pts + duration for stream, pts, duration, _ in probed if stream == "0")
    assert last == pytest.approx(public["duration"], abs=GOP)
    manifest = json.loads((archive / "manifest.json").read_text())
    assert manifest["withheld"] == ["index.html", "recording.mp4"]
    assert manifest["public_rendition"]["cut"] == public["cut"]
    listed = {entry["path"] for entry in manifest["files"]}
    assert {"recording.public.mp4", "chapters.public.vtt", "index.public.html"} <= listed
    assert not (archive / "posters" / f"{IN_CAMERA:02d}.jpg").exists()


def test_public_chapters_name_the_public_items_only(archive: Path) -> None:
    vtt = (archive / "chapters.public.vtt").read_text()
    assert f"item-{IN_CAMERA}\n" not in vtt
    assert "item-4\n" in vtt
    assert "item-6\n" in vtt
    page = (archive / "index.public.html").read_text()
    assert 'src="recording.public.mp4"' in page
    assert "recording.mp4" not in page.replace("recording.public.mp4", "")
    # The page says what the rendition is; the archive's page does not (both carry every label
    # for the language switch, so look for the paragraph shown).
    shown = re.compile(
        r'<p class="note"><span data-l10n="public_rendition_note">[^<]*porta tancada'
    )
    assert shown.search(page)
    assert not shown.search((archive / "index.html").read_text())


def test_the_public_copy_verifies_with_the_recording_withheld(archive: Path, public: Path) -> None:
    assert not (public / "recording.mp4").exists()
    assert not (public / "index.html").exists()
    report = verify_package(public, trust=TRUST)
    assert report.verdict == "valid", report.findings
    assert report.public_copy
    withheld = [f.subject for f in report.findings if f.kind == "withheld"]
    assert withheld == ["index.html", "recording.mp4"]
    result = CliRunner().invoke(cli, ["verify", str(public), "--trust", str(TRUST.roots[0])])
    assert result.exit_code == 0, result.output
    assert "recording.mp4: withheld from publication (ROF 88.1), not checked" in result.output
    assert "VALID (public copy)" in result.output
    as_json = CliRunner().invoke(cli, ["verify", str(public), "--json",
                                       "--trust", str(TRUST.roots[0])])  # fmt: skip
    kinds = {f["subject"]: f["kind"] for f in json.loads(as_json.stdout)["findings"]}
    assert kinds["recording.mp4"] == "withheld"


def test_publish_leaves_the_archive_unchanged_and_it_still_verifies(
    archive: Path, tmp_path: Path
) -> None:
    before = tree_digest(archive)
    result = CliRunner().invoke(cli, ["publish", str(archive), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(cli, ["publish", str(archive), "--out", str(tmp_path)])
    assert again.exit_code == 0
    assert "unchanged" in again.output
    assert tree_digest(archive) == before
    report = verify_package(archive, trust=TRUST)
    assert report.verdict == "valid"
    assert not report.public_copy


def test_a_public_copy_without_its_rendition_is_not_valid(public: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(public, copy)
    (copy / "recording.public.mp4").unlink()
    assert verify_package(copy, trust=TRUST).verdict == "tampered"


def test_an_edited_withheld_list_is_tampered(public: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(public, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["withheld"].append("votes.csv")
    (copy / "manifest.json").write_text(json.dumps(manifest, indent=2))
    (copy / "votes.csv").unlink()
    assert verify_package(copy, trust=TRUST).verdict == "tampered"


def test_publish_refuses_an_unsigned_withheld_claim(archive: Path, tmp_path: Path) -> None:
    """manifest.json claims more withheld files than the manifest the signature covers."""
    package = tmp_path / archive.name
    shutil.copytree(archive, package)
    manifest = json.loads((package / "manifest.json").read_text())
    manifest["withheld"] = [*manifest["withheld"], "votes.csv"]
    (package / "manifest.json").write_text(json.dumps(manifest, indent=2))
    result = CliRunner().invoke(cli, ["publish", str(package), "--out", str(tmp_path / "sede")])
    assert result.exit_code != 0
    assert "differs from the manifest signed in acta.pdf" in result.output
    assert result.output.count("\n") == 1
    assert not (tmp_path / "sede" / archive.name).exists()


def test_publish_refuses_a_folder_with_other_content(archive: Path, tmp_path: Path) -> None:
    (tmp_path / archive.name).mkdir()
    (tmp_path / archive.name / "old.txt").write_text("something else")
    result = CliRunner().invoke(cli, ["publish", str(archive), "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "exists with other content" in result.output
    assert result.output.count("\n") == 1
    assert os.listdir(tmp_path / archive.name) == ["old.txt"]


def test_publish_refuses_an_out_inside_the_package(archive: Path) -> None:
    result = CliRunner().invoke(cli, ["publish", str(archive), "--out", str(archive / "sede")])
    assert result.exit_code != 0
    assert "lies inside the package" in result.output
    assert result.output.count("\n") == 1
    assert not (archive / "sede").exists()
