"""The speech model: a local CTranslate2 Whisper folder, checked before anything, and its digest.

Nothing is ever downloaded: the folder is opened with `local_files_only` and the Hugging Face
hub is told it is offline. The digest (SHA-256 over the files' sorted relative names, sizes and
SHA-256) names the exact model in `transcript.json` and in a batch session's input hash.
"""

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from videoacta import hashing
from videoacta.core.terms import Frozen
from videoacta.errors import InputError

if TYPE_CHECKING:  # faster-whisper is an extra, imported only to transcribe
    from faster_whisper import WhisperModel

MAX_FILES = 100  # a Whisper folder holds a handful of files
INSTALL = "pip install 'videoacta[transcribe]'"
WHISPER_KEYS = ("suppress_ids", "lang_ids", "alignment_heads")  # CTranslate2's Whisper config


class ModelFolder(Frozen):
    """A checked model folder: where it is, its name and digest."""

    path: Path
    name: str
    digest: str  # "sha256:<hex>"


def check_model(path: Path) -> ModelFolder:
    """The model folder checked (a CTranslate2 Whisper folder that can be read), with its
    digest; else InputError naming the path."""
    where = str(path)
    if not path.exists():
        raise InputError(where, "no such model folder")
    if not path.is_dir():
        raise InputError(where, "not a folder: give the folder of a CTranslate2 Whisper model")
    try:
        files = _files(path)
    except OSError as error:
        raise InputError(where, f"cannot read the model folder: {error.strerror}") from None
    names = set(files)
    missing = [name for name in ("config.json", "model.bin") if name not in names]
    tokenizer = "tokenizer.json" in names or any(n.startswith("vocabulary.") for n in names)
    if missing or not tokenizer:
        what = ", ".join(missing) if missing else "tokenizer.json or vocabulary.*"
        raise InputError(
            where, f"not a CTranslate2 Whisper model folder (no {what}); convert the model "
            "with ct2-transformers-converter"
        )  # fmt: skip
    _check_config(path / "config.json")
    try:
        digest = _digest(path, files)
    except OSError as error:
        raise InputError(where, f"cannot read {error.filename}: {error.strerror}") from None
    return ModelFolder(path=path, name=path.resolve().name, digest=digest)


def _files(path: Path) -> list[str]:
    """The regular files below `path`, as sorted relative POSIX names."""
    found = []
    for folder, dirs, names in os.walk(path, onerror=_raise):
        dirs.sort()
        for name in names:
            full = Path(folder, name)
            if full.is_file():
                found.append(full.relative_to(path).as_posix())
            if len(found) > MAX_FILES:
                raise InputError(str(path), f"more than {MAX_FILES} files: not a model folder")
    return sorted(found)


def _raise(error: OSError) -> None:
    raise error


def _check_config(config: Path) -> None:
    try:
        data = json.loads(config.read_bytes()[: 1 << 20])
    except OSError as error:
        raise InputError(str(config), f"cannot read: {error.strerror}") from None
    except ValueError:
        raise InputError(str(config), "not JSON: not a CTranslate2 Whisper model") from None
    if not isinstance(data, dict) or not any(key in data for key in WHISPER_KEYS):
        raise InputError(str(config), "not the config of a CTranslate2 Whisper model")


def _digest(path: Path, files: list[str]) -> str:
    total = hashlib.sha256()
    for name in files:
        digest = hashing.sha256_file(path / name)
        total.update(f"{name}\0{digest.size}\0{digest.sha256}\n".encode())
    return "sha256:" + total.hexdigest()


def engine_version() -> str:
    """The engine's versions (faster-whisper, CTranslate2); InputError if the extra is missing."""
    from importlib.metadata import version

    _import()
    return f"faster-whisper {version('faster-whisper')}, CTranslate2 {version('ctranslate2')}"


def _import() -> Any:
    os.environ["HF_HUB_OFFLINE"] = "1"  # never a download, whatever is asked
    try:
        import faster_whisper
    except ImportError:
        raise InputError("faster-whisper", f"not installed: {INSTALL}") from None
    return faster_whisper


def load(model: ModelFolder, threads: int) -> "WhisperModel":
    """The Whisper model on the CPU, `threads` cores; InputError if CTranslate2 refuses it."""
    faster_whisper = _import()
    try:
        loaded: WhisperModel = faster_whisper.WhisperModel(
            str(model.path), device="cpu", compute_type="int8", cpu_threads=threads,
            local_files_only=True,
        )  # fmt: skip
    except (RuntimeError, ValueError, OSError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(str(model.path), f"cannot load the model: {first[:200]}") from None
    return loaded
