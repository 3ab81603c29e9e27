"""Output folders written atomically: built in a temporary sibling, renamed into place."""

import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from videoacta.errors import OutputError


def check_free(final: Path, *, force: bool) -> None:
    """Refuse a non-empty existing folder unless `force` says to replace it, and a symbolic
    link to nothing (the folder it names would be made where the link does not say)."""
    if final.is_symlink() and not final.exists():
        raise OutputError(
            f"{final}: is a symbolic link to {os.readlink(final)}, which does not exist; "
            "make that folder, or write the output elsewhere (--out)"
        )
    if final.exists() and not final.is_dir():
        raise OutputError(f"{final}: exists and is not a folder")
    if final.is_dir() and any(final.iterdir()) and not force:
        raise OutputError(f"{final}: already exists; use --force to replace it")


def overlap(output: Path, inputs: Path, what: str) -> str | None:
    """How `output` overlaps the `inputs` folder (links resolved), named as `what` ("the
    session folder", "the inbox"): it is it, lies inside it or holds it; None if apart."""
    out, source = output.resolve(), inputs.resolve()
    if out == source:
        return f"is {what} {source}"
    if out.is_relative_to(source):
        return f"is inside {what} {source}"
    if source.is_relative_to(out):
        return f"holds {what} {source}"
    return None


def check_apart(final: Path, session: Path) -> None:
    """Refuse an output folder that is the session folder, lies inside it, or holds it.

    Links are resolved first: no output, and no `--force`, ever touches a session's inputs.
    """
    where = overlap(final, session, "the session folder")
    if where is not None:
        raise OutputError(f"{final}: {where}; write the output elsewhere")


Guard = Callable[[Path], None]


def _unguarded(final: Path) -> None:
    """The default guard: any folder may be replaced (with `force`)."""


@contextmanager
def atomic_folder(final: Path, *, force: bool, guard: Guard = _unguarded) -> Iterator[Path]:
    """Yield a temporary sibling of `final`; on success it replaces `final`, else it is removed.

    `guard(final)` raises if `final` may not be replaced: it runs first, and again just before
    the old folder is moved away. Parent folders made for it are removed again on failure, if
    still empty; a failure to rename is an OutputError and leaves nothing behind.
    """
    guard(final)
    check_free(final, force=force)
    made = [parent for parent in final.parents if not parent.exists()]
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(
            tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
        )
    except OSError as error:
        _remove_empty(made)
        raise OutputError(f"{final.parent}: cannot be written ({error.strerror})") from None
    try:
        yield temporary
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        _remove_empty(made)
        raise
    try:
        guard(final)
        _replace(temporary, final)
    except BaseException as error:
        shutil.rmtree(temporary, ignore_errors=True)
        _remove_empty(made)
        if isinstance(error, OSError):
            raise OutputError(f"{final}: cannot be replaced ({error.strerror})") from None
        raise


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders this run made, deepest first, while they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _replace(temporary: Path, final: Path) -> None:
    temporary.chmod(0o755)
    if not final.exists():
        os.replace(temporary, final)
        return
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    os.replace(final, old)
    try:
        os.replace(temporary, final)
    except OSError:
        os.replace(old, final)  # put back what was there
        raise
    if old.is_symlink():
        old.unlink()  # a link --out is replaced by the folder; what it pointed to is left alone
    else:
        shutil.rmtree(old, ignore_errors=True)


def write_bytes_atomic(
    path: Path, data: bytes, *, outside: bool = False, mode: int | None = None
) -> Path:
    """Write `data` to a temporary sibling of `path`, flush it to disk, rename it into place.

    `path` is never half-written: a reader sees the old file or the whole new one. With
    `outside`, the temporary file goes beside the folder of `path` rather than into it (if that
    folder's parent can be written), so a killed run leaves nothing in a package folder. `mode`
    sets the file's permissions (0o600 for a secret: the temporary file has them from the start).
    """
    mode = _mode_of(path) if mode is None else mode
    descriptor, temporary = _temporary(path, outside=outside)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot be written ({error.strerror})") from None
        raise
    return path


def _mode_of(path: Path) -> int:
    """The permissions the file written in place of `path` gets: those of the file it
    replaces (a file its owner made private stays private), else rw-r--r--."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o644


def _temporary(path: Path, *, outside: bool) -> tuple[int, str]:
    if outside:
        folder = path.absolute().parent
        try:
            return tempfile.mkstemp(
                prefix=f".{folder.name}.{path.name}.", suffix=".tmp", dir=folder.parent
            )
        except OSError:
            pass  # a parent that cannot be written: the folder itself, as without `outside`
    try:
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"{path}: cannot be written ({error.strerror})") from None


def write_text_atomic(path: Path, text: str) -> Path:
    """Write a UTF-8 text file atomically (see `write_bytes_atomic`)."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def json_text(data: Any) -> str:
    """The JSON every artefact uses: UTF-8, indented, keys in model order, newline at the end."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
