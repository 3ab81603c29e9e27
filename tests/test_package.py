"""The package folder: its manifest, atomic writes, never replacing a signed package silently."""

import json
from pathlib import Path

import pytest

from tests.packages import FILES, PARTS, make_package
from videoacta import __version__, package
from videoacta.credentials import SecretSource, read_secret
from videoacta.errors import ManifestError, OutputError, SigningError


def test_manifest_lists_every_file_but_the_document_and_itself(unsigned_package: Path) -> None:
    data = json.loads((unsigned_package / package.MANIFEST).read_text(encoding="utf-8"))
    assert data["format"] == "videoacta-manifest/1"
    assert data["tool_version"] == __version__
    assert [entry["path"] for entry in data["files"]] == sorted(FILES)
    index = next(entry for entry in data["files"] if entry["path"] == "index.json")
    assert index["size"] == len(FILES["index.json"])
    assert len(index["sha256"]) == 64
    assert data["recording_parts"] == list(PARTS)


def test_manifest_bytes_round_trip(unsigned_package: Path) -> None:
    data = (unsigned_package / package.MANIFEST).read_bytes()
    assert package.manifest_bytes(package.parse_manifest(data)) == data


def test_parse_manifest_says_what_is_wrong() -> None:
    with pytest.raises(ManifestError, match=r"^format: Input should be 'videoacta-manifest/1'"):
        package.parse_manifest(b'{"format": "other", "tool_version": "1", "files": []}')


def test_an_existing_package_is_refused_without_force(unsigned_package: Path) -> None:
    with pytest.raises(OutputError, match="already exists; use --force"):
        make_package(unsigned_package)
    with package.new_package(unsigned_package, force=True) as temporary:
        (temporary / "only.txt").write_text("new")
    assert [path.name for path in unsigned_package.iterdir()] == ["only.txt"]


def test_a_signed_package_is_never_replaced_silently(signed_package: Path) -> None:
    before = sorted(path.name for path in signed_package.iterdir())
    with (
        pytest.raises(OutputError, match=r"holds a signed package; .* --force --replace-signed"),
        package.new_package(signed_package, force=True),
    ):
        pass  # pragma: no cover
    assert sorted(path.name for path in signed_package.iterdir()) == before
    with package.new_package(signed_package, force=True, replace_signed=True) as temporary:
        (temporary / "only.txt").write_text("new")
    assert not package.is_signed_document(signed_package / package.DOCUMENT)


def _fail_halfway(final: Path) -> None:
    with package.new_package(final, force=False) as temporary:
        (temporary / "half.txt").write_text("half")
        raise RuntimeError


def test_a_failed_package_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        _fail_halfway(tmp_path / "package")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (SecretSource.env("VIDEOACTA_TEST_SECRET"), "from env"),
        (SecretSource.prompt("PIN: "), "typed"),
    ],
)
def test_secret_sources(
    source: SecretSource, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIDEOACTA_TEST_SECRET", "from env")
    assert read_secret(source, prompt=lambda question: "typed") == expected


def test_secret_from_a_file_drops_one_newline(tmp_path: Path) -> None:
    (tmp_path / "pin").write_text("1234 \n")
    assert read_secret(SecretSource.file(tmp_path / "pin")) == "1234 "


def test_missing_secrets_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(SigningError, match=r"^environment variable NOPE_NOT_SET is not set$"):
        read_secret(SecretSource.env("NOPE_NOT_SET"))
    with pytest.raises(SigningError, match=r"pin: cannot read the secret: No such file"):
        read_secret(SecretSource.file(tmp_path / "pin"))
    assert SecretSource.prompt().describe() == "the prompt"
