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
TOKEN_KEYS = ("suppress_ids", "suppress_ids_begin", "lang_ids")  # lists of token ids
CONFIG_BYTES = 1 << 20  # config.json: a few kilobytes
VOCABULARY_BYTES = 64 << 20  # vocabulary.txt or .json: about 0.5 MB for Whisper's 51,865 tokens
MAX_IDS = 1 << 20  # entries of a config's list; also the vocabulary when it is not found


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
    """config.json read within CONFIG_BYTES, a CTranslate2 Whisper config whose token ids are
    ids of the model's vocabulary: CTranslate2 trusts them (a negative one crashes it)."""
    data = _json(config, CONFIG_BYTES, "not JSON: not a CTranslate2 Whisper model")
    if not isinstance(data, dict) or not any(key in data for key in WHISPER_KEYS):
        raise InputError(str(config), "not the config of a CTranslate2 Whisper model")
    size = _vocabulary_size(config.parent)
    for key in TOKEN_KEYS:
        if key in data:
            _check_ids(config, key, data[key], size)
    if "alignment_heads" in data:
        heads = data["alignment_heads"]
        if not isinstance(heads, list) or len(heads) > MAX_IDS:
            raise InputError(str(config), "alignment_heads: not a list of [layer, head] pairs")
        for n, pair in enumerate(heads):
            _check_ids(config, f"alignment_heads[{n}]", pair, MAX_IDS, length=2)


def _check_ids(config: Path, key: str, ids: Any, size: int, *, length: int | None = None) -> None:
    """`ids`: a list (of `length` entries, or at most MAX_IDS) of integers in [0, size)."""
    bad = (
        not isinstance(ids, list)
        or len(ids) > MAX_IDS
        or (length is not None and len(ids) != length)
        or not all(type(i) is int and 0 <= i < size for i in ids)
    )
    if bad:
        raise InputError(
            str(config), f"{key}: not a list of token ids from 0 to {size - 1}: not a usable "
            "CTranslate2 Whisper config"
        )  # fmt: skip


def _vocabulary_size(folder: Path) -> int:
    """The number of tokens in the folder's vocabulary.txt or vocabulary.json (the one
    CTranslate2 reads); MAX_IDS if it has neither."""
    text_file, json_file = folder / "vocabulary.txt", folder / "vocabulary.json"
    if text_file.is_file():
        lines = _bounded(text_file, VOCABULARY_BYTES, "not UTF-8 text").split("\n")
        return len(lines) - (lines[-1] == "")  # one token a line
    if json_file.is_file():
        tokens = _json(json_file, VOCABULARY_BYTES, "not JSON")
        if not isinstance(tokens, list):
            raise InputError(str(json_file), "not a list of tokens")
        return len(tokens)
    return MAX_IDS


def _bounded(path: Path, limit: int, invalid: str) -> str:
    """The text of `path`, read no further than `limit` bytes; InputError if longer."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror}") from None
    if len(data) > limit:
        raise InputError(str(path), f"larger than {limit >> 20} MiB: not a Whisper model's file")
    try:
        return data.decode("utf-8")
    except ValueError:
        raise InputError(str(path), invalid) from None


def _json(path: Path, limit: int, invalid: str) -> Any:
    try:
        return json.loads(_bounded(path, limit, invalid))
    except ValueError:
        raise InputError(str(path), invalid) from None


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
