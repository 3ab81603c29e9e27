"""The shape of the package: short modules, each saying what it holds, all on the README's map,
and the rules import-linter cannot see (calls, not imports; tests/references.py resolves each name
through the module's imports): only media/ffmpeg.py starts a process, and the core reads no file,
no stream and no clock. The import rules themselves are pyproject.toml's contracts, checked by
`lint-imports`."""

import ast
import re
from pathlib import Path

import pytest

from tests.references import bindings, io_uses, process_starts, references, within

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "videoacta"
MAX_LINES = 300
SUBPACKAGES = {
    "core", "inputs", "media", "document", "publish", "signing", "verify", "batch", "cli", "editor",
    "telematic", "labels",
}  # fmt: skip
# Only media/ffmpeg.py starts another program (ffmpeg, ffprobe), whatever the means: subprocess,
# os.system / exec* / spawn* / posix_spawn / fork, pty, asyncio's subprocesses, multiprocessing.
# batch/executors.py alone may make a pool of processes (concurrent.futures.ProcessPoolExecutor):
# its workers run videoacta's own Python code, not an external program.
STARTS_PROCESSES = "media/ffmpeg.py"
POOL = "concurrent.futures.ProcessPoolExecutor"
# editor/server.py alone opens the secretary's browser on the editor's address (`--no-browser`
# turns it off): the one program started that is not ffmpeg, and only by the user's own command.
RUNS_WORKER_PROCESSES = {
    "batch/executors.py": {POOL},
    # The acta's typesetter: Typst keeps its layout in memory until its process ends.
    "document/typeset.py": {POOL},
    "editor/server.py": {"webbrowser", "webbrowser.open"},
}
CLOCK_NAMES = {"now", "today", "utcnow"}  # and anything of the `time` module


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def clock_reads(source: str) -> set[str]:
    """The names in `source` that read the clock: `now`, `today`, `utcnow`, anything of the `time`
    module. A reference is enough, as for a process start: `now = dt.datetime.now` then `now()`."""
    bound = bindings(ast.parse(source))
    return {
        name
        for name, node in references(source)
        if name.rsplit(".", 1)[-1] in CLOCK_NAMES
        or (within(name, ("time",)) and imported(node, bound))
    }


def imported(node: ast.AST, bound: dict[str, str]) -> bool:
    """Whether `node` comes from an import (a `time` of the module, not a local `time`)."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return not isinstance(node, ast.Name) or node.id in bound


def reads_the_clock(path: Path) -> bool:
    return bool(clock_reads(source(path)))


def core_modules() -> list[Path]:
    core = sorted((PACKAGE / "core").glob("*.py"))
    assert len(core) > 10
    return core


def test_no_module_is_over_300_lines() -> None:
    # Counted as `wc -l` counts: newline characters.
    lengths = {name(path): path.read_bytes().count(b"\n") for path in modules()}
    assert len(lengths) > 50
    assert {module: n for module, n in lengths.items() if n > MAX_LINES} == {}


def test_no_file_keeps_a_merge_conflict() -> None:
    # A merge's conflict markers in a static file are no Python error: the page just stops working.
    marker = re.compile(r"^(<{7}|>{7}) ", re.MULTILINE)
    kept = [
        str(path.relative_to(ROOT))
        for folder in (PACKAGE, ROOT / "tests")
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".js", ".html", ".css", ".toml", ".md"}
        and marker.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not kept


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
    starting = {name(path): process_starts(source(path)) for path in modules()}
    starting = {module: found for module, found in starting.items() if found}
    assert starting.pop(STARTS_PROCESSES)
    assert starting == RUNS_WORKER_PROCESSES


def test_the_core_reads_no_clock() -> None:
    assert [name(path) for path in core_modules() if reads_the_clock(path)] == []


def test_the_core_does_no_io() -> None:
    uses = {name(path): io_uses(source(path)) for path in core_modules()}
    assert {module: found for module, found in uses.items() if found} == {}


# Each way around the old check (an `import subprocess` only) that the review found.
@pytest.mark.parametrize(
    ("snippet", "found"),
    [
        ("import subprocess\nsubprocess.run(['ls'])", "subprocess.run"),
        ("import os\nos.system('ls')", "os.system"),
        ("import os as o\no.system('ls')", "os.system"),
        ("from os import system as sh\nsh('ls')", "os.system"),
        ("import os\nrun = getattr(os, 'system')", "os.system"),
        ("import os\nos.execvp('ls', ['ls'])", "os.execvp"),
        ("import os\nos.spawnlp(os.P_WAIT, 'ls', 'ls')", "os.spawnlp"),
        ("import os\nos.posix_spawn('/bin/ls', ['ls'], {})", "os.posix_spawn"),
        ("import os\nos.fork()", "os.fork"),
        ("import pty\npty.fork()", "pty.fork"),
        ("import pty as p\np.spawn(['ls'])", "pty.spawn"),
        ("import asyncio\nasyncio.create_subprocess_exec('ls')", "asyncio.create_subprocess_exec"),
        ("from asyncio import create_subprocess_shell as c", "asyncio.create_subprocess_shell"),
        ("import asyncio.subprocess as a\na.create_subprocess_exec('ls')", "asyncio.subprocess"),
        ("async def f(loop):\n    await loop.subprocess_exec(P, 'ls')", "loop.subprocess_exec"),
        ("import multiprocessing as mp\nmp.Process(target=f).start()", "multiprocessing.Process"),
        ("from multiprocessing import Pool\nPool(2)", "multiprocessing.Pool"),
        ("from concurrent import futures as f\nf.ProcessPoolExecutor()", POOL),
        ("import importlib\nimportlib.import_module('subprocess').run(['ls'])", "subprocess.run"),
        ("__import__('subprocess')", "subprocess"),
    ],
)  # fmt: skip
def test_a_process_start_is_recognised(snippet: str, found: str) -> None:
    assert found in process_starts(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "import os\nos.path.join('a', 'b')\nos.environ.get('X')",
        "from concurrent.futures import ThreadPoolExecutor\nThreadPoolExecutor(4)",
        "import re\nre.compile('x').search('y').group(1)",
        "system = 'ls'\nprint(system)",
    ],
)
def test_other_calls_start_no_process(snippet: str) -> None:
    assert process_starts(snippet) == set()


@pytest.mark.parametrize(
    ("snippet", "found"),
    [
        ("open('x')", "open"),
        ("from pathlib import Path\nPath('x').read_text()", "(...).read_text"),
        ("from pathlib import Path\nPath('x').stat()", "(...).stat"),
        ("def f(path):\n    return path.exists()", "path.exists"),
        ("def f(path):\n    return list(path.glob('*.mp4'))", "path.glob"),
        ("import io\nio.FileIO('x')", "io.FileIO"),
        ("import sys\nsys.stdout.write('x')", "sys.stdout.write"),
        ("import os\nos.listdir('.')", "os.listdir"),
        ("from os import listdir as ls\nls('.')", "os.listdir"),
        ("import importlib\nimportlib.import_module('glob').glob('*')", "glob.glob"),
        ("import logging\nlogging.getLogger(__name__)", "logging.getLogger"),
        ("print('x')", "print"),
    ],
)
def test_an_io_use_is_recognised(snippet: str, found: str) -> None:
    assert found in io_uses(snippet)


def test_pure_code_does_no_io() -> None:
    snippet = (
        "from pathlib import PurePath\nimport re\nPurePath('a/b').name\nre.match('x', 'x').group()"
    )
    assert io_uses(snippet) == set()


@pytest.mark.parametrize(
    ("source", "reads"),
    [
        ("import datetime as dt\ndt.datetime.now(dt.UTC)\n", True),
        ("import datetime as dt\ndt.date.today()\n", True),
        ("import time\ntime.monotonic()\n", True),
        ("import datetime as dt\ndt.time(12, 30)\n", False),
        # A bare reference, called later or handed on.
        ("import datetime as dt\nclock = dt.datetime.now\nclock()\n", True),
        ("import importlib\nimportlib.import_module('time').sleep\n", True),
        ("from datetime import date\nf(date.today)\n", True),
        ("from datetime import datetime as D\nclock = getattr(D, 'utcnow')\n", True),
        ("from time import monotonic as tick\n", True),
        ("import time as t\nstarted = t.perf_counter\n", True),
        ("from datetime import time\ntime(12, 30)\n", False),
        ("def f(time):\n    return time.isoformat()\n", False),  # a local, not the module
    ],
)
def test_a_clock_read_is_recognised(tmp_path: Path, source: str, reads: bool) -> None:
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    assert reads_the_clock(path) is reads
