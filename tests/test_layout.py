"""The shape of the package: short modules, each saying what it holds, all on the README's map,
and the rules import-linter cannot see (calls, not imports): only media/ffmpeg.py starts a
process, and the core reads no file and no clock. The import rules themselves are
pyproject.toml's contracts, checked by `lint-imports`."""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "videoacta"
MAX_LINES = 300
SUBPACKAGES = {
    "core", "inputs", "media", "document", "publish", "signing", "verify", "batch", "cli",
}  # fmt: skip
STARTS_PROCESSES = "media/ffmpeg.py"
# Calls on `os` (no import betrays them) that run another program or fork this one.
PROCESS_CALLS = {"system", "popen", "fork", "forkpty", "execv", "execve", "execl", "execle"}
PROCESS_PREFIXES = ("spawn", "exec", "posix_spawn")
CLOCK_CALLS = {"now", "today", "utcnow"}  # and any call on the `time` module
FILE_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "iterdir", "glob"}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def calls(path: Path) -> Iterator[tuple[str | None, str]]:
    """(the object's name if it is a plain name, the function's name) for every call."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name):
            yield None, function.id
        elif isinstance(function, ast.Attribute):
            owner = function.value.id if isinstance(function.value, ast.Name) else None
            yield owner, function.attr


def imported_names(path: Path) -> set[str]:
    """`module.name` for every `from module import name`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }


def starts_a_process(path: Path) -> bool:
    from_os = {name.removeprefix("os.") for name in imported_names(path) if name.startswith("os.")}
    for owner, function in calls(path):
        by_os = owner == "os" or (owner is None and function in from_os)
        if by_os and (function in PROCESS_CALLS or function.startswith(PROCESS_PREFIXES)):
            return True
        if owner == "subprocess" or (owner == "pty" and function == "spawn"):
            return True
    return False


def reads_a_file(path: Path) -> bool:
    return any(function in FILE_CALLS for _, function in calls(path))


def reads_the_clock(path: Path) -> bool:
    return any(function in CLOCK_CALLS or owner == "time" for owner, function in calls(path))


def test_no_module_is_over_300_lines() -> None:
    # Counted as `wc -l` counts: newline characters.
    lengths = {name(path): path.read_bytes().count(b"\n") for path in modules()}
    assert len(lengths) > 50
    assert {module: n for module, n in lengths.items() if n > MAX_LINES} == {}


def test_every_subpackage_says_what_it_holds() -> None:
    packages = {name(init.parent): init for init in PACKAGE.rglob("__init__.py")}
    assert packages.keys() >= SUBPACKAGES
    assert [package for package, init in packages.items() if not docstring(init)] == []


def test_every_module_has_a_docstring() -> None:
    assert [name(path) for path in modules() if not docstring(path)] == []


def docstring(path: Path) -> str | None:
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))


def readme_map() -> set[str]:
    """The paths the README's map names: `core/`, `core/replay.py`, ..."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^### The map\n.*?^```\nvideoacta/\n(.*?)^```", readme, re.M | re.S)
    assert block, "README has no map of the package"
    named, folders = set(), ["", ""]
    for line in block.group(1).splitlines():
        entry = line.split()[0]
        depth = (len(line) - len(line.lstrip(" "))) // 2
        del folders[depth + 1 :]
        named.add(folders[depth] + entry)
        folders.append(folders[depth] + entry)
    return named


def mapped(module: str, named: set[str]) -> bool:
    """Named itself, as its folder's `__init__.py`, or inside a folder the map names whole."""
    if module in named or (
        module.endswith("__init__.py") and module[: -len("__init__.py")] in named
    ):
        return True
    whole = {folder for folder in named if folder.endswith("/")}
    whole -= {
        folder
        for folder in whole
        for other in named
        if other.startswith(folder) and other != folder
    }
    return any(module.startswith(folder) for folder in whole)


def test_the_readme_map_names_every_module() -> None:
    named = readme_map()
    assert {"core/", "core/replay.py", "media/ffmpeg.py", "cli/", "__main__.py"} <= named
    assert [name(path) for path in modules() if not mapped(name(path), named)] == []


def test_only_media_ffmpeg_starts_a_process() -> None:
    starting = [name(path) for path in modules() if starts_a_process(path)]
    assert starting == [STARTS_PROCESSES]


def test_the_core_reads_no_clock() -> None:
    core = sorted((PACKAGE / "core").glob("*.py"))
    assert len(core) > 10
    assert [name(path) for path in core if reads_the_clock(path)] == []


def test_the_core_reads_no_file() -> None:
    core = sorted((PACKAGE / "core").glob("*.py"))
    reading = {name(path) for path in core if reads_a_file(path)}
    assert reading == set()


@pytest.mark.parametrize(
    ("source", "starts"),
    [
        ("import os\nos.system('ls')\n", True),
        ("from os import execvp\nexecvp('ls', ['ls'])\n", True),
        ("import os\nos.posix_spawn('/bin/ls', ['ls'], {})\n", True),
        ("import subprocess\nsubprocess.run(['ls'])\n", True),
        ("import os\nos.path.join('a', 'b')\nos.environ.get('X')\n", False),
    ],
)
def test_a_process_start_is_recognised(tmp_path: Path, source: str, starts: bool) -> None:
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    assert starts_a_process(path) is starts


@pytest.mark.parametrize(
    ("source", "reads"),
    [
        ("open('x')\n", True),
        ("from pathlib import Path\nPath('x').read_text()\n", True),
        ("import re\nre.compile('x').search('y')\n", False),
    ],
)
def test_a_file_read_is_recognised(tmp_path: Path, source: str, reads: bool) -> None:
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    assert reads_a_file(path) is reads


@pytest.mark.parametrize(
    ("source", "reads"),
    [
        ("import datetime as dt\ndt.datetime.now(dt.UTC)\n", True),
        ("import datetime as dt\ndt.date.today()\n", True),
        ("import time\ntime.monotonic()\n", True),
        ("import datetime as dt\ndt.time(12, 30)\n", False),
    ],
)
def test_a_clock_read_is_recognised(tmp_path: Path, source: str, reads: bool) -> None:
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    assert reads_the_clock(path) is reads
