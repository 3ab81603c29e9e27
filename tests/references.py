"""What a module refers to, each name resolved through the module's imports, for the rules that
import-linter cannot see (tests/test_layout.py): who starts a process, and that the core does no
I/O.

`import os as o; o.system`, `from os import system as sh; sh`, `getattr(os, "system")` and
`importlib.import_module("subprocess")` all resolve to the name they stand for: `os.system`,
`subprocess`. A reference is enough (`run = os.system` is a process start without a call).
"""

import ast
from collections.abc import Iterator

IMPORTERS = {"importlib.import_module", "__import__"}
# Another program, or a copy of this one: any use of these modules, or of these names.
PROCESS_MODULES = ("subprocess", "pty", "multiprocessing", "asyncio.subprocess", "webbrowser")
PROCESS_NAMES = {
    "os.system", "os.popen", "os.fork", "os.forkpty", "os.posix_spawn", "os.posix_spawnp",
    "os.startfile", "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell",
    "concurrent.futures.ProcessPoolExecutor", "concurrent.futures.process",
}  # fmt: skip
PROCESS_PREFIXES = ("os.exec", "os.spawn")
PROCESS_METHODS = {"subprocess_exec", "subprocess_shell"}  # an asyncio event loop's
# What the core may not touch: files, streams, the console, the network, foreign code.
IO_MODULES = (
    "os", "io", "sys", "shutil", "glob", "tempfile", "fileinput", "socket", "urllib", "http",
    "sqlite3", "ctypes", "pty", "logging", "mmap", "select", "selectors",
)  # fmt: skip
IO_BUILTINS = {"open", "print", "input"}
IO_METHODS = {  # a pathlib.Path's, whatever the name of the path
    "open", "read_text", "read_bytes", "write_text", "write_bytes", "stat", "lstat", "exists",
    "is_file", "is_dir", "is_symlink", "iterdir", "glob", "rglob", "walk", "mkdir", "rmdir",
    "unlink", "touch", "rename", "chmod", "resolve", "readlink", "samefile", "expanduser",
    "absolute", "symlink_to", "hardlink_to", "cwd", "home",
}  # fmt: skip


def bindings(tree: ast.AST) -> dict[str, str]:
    """Each name the imports bind, with the dotted name it stands for."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    bound[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def resolve(node: ast.AST, bound: dict[str, str]) -> str | None:
    """The dotted name an expression stands for, or None if it is not one."""
    if isinstance(node, ast.Name):
        return bound.get(node.id, node.id)
    if isinstance(node, ast.Attribute):
        owner = resolve(node.value, bound)
        return f"{owner}.{node.attr}" if owner else None
    if isinstance(node, ast.Call) and node.args:
        function, first = resolve(node.func, bound), node.args[0]
        text = [arg.value for arg in node.args[1:2] if isinstance(arg, ast.Constant)]
        if function == "getattr" and text and isinstance(text[0], str):
            owner = resolve(first, bound)
            return f"{owner}.{text[0]}" if owner else None
        if function in IMPORTERS and isinstance(first, ast.Constant):
            return str(first.value)
    return None


def references(source: str) -> Iterator[tuple[str, ast.AST]]:
    """(dotted name, node) for every name, attribute, getattr and import_module in `source`, and
    every name an import statement brings in."""
    tree = ast.parse(source)
    bound = bindings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield from ((name, node) for name in imported(node))
            continue
        name = resolve(node, bound)
        if name is None and isinstance(node, ast.Attribute):
            name = f"(...).{node.attr}"  # on a value: `Path("x").stat`
        if name:
            yield name, node


def imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not node.module or node.level:
        return []
    return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]


def within(name: str, modules: tuple[str, ...]) -> bool:
    return any(name == module or name.startswith(f"{module}.") for module in modules)


def process_starts(source: str) -> set[str]:
    """The names in `source` that start another program or a process: every use of subprocess,
    pty, multiprocessing, asyncio's subprocesses; os.system, exec*, spawn*, posix_spawn, fork; a
    process pool."""
    return {name for name, node in references(source) if starts_a_process(name, node)}


def starts_a_process(name: str, node: ast.AST) -> bool:
    if within(name, PROCESS_MODULES) or name in PROCESS_NAMES:
        return True
    return name.startswith(PROCESS_PREFIXES) or attribute_in(node, PROCESS_METHODS)


def io_uses(source: str) -> set[str]:
    """The names in `source` that read or write outside the program: a file, a stream, the
    console, the network; os, io, sys and the like; a Path's I/O methods."""
    return {name for name, node in references(source) if does_io(name, node)}


def does_io(name: str, node: ast.AST) -> bool:
    builtin = isinstance(node, ast.Name) and name in IO_BUILTINS
    return within(name, IO_MODULES) or builtin or attribute_in(node, IO_METHODS)


def attribute_in(node: ast.AST, attributes: set[str]) -> bool:
    return isinstance(node, ast.Attribute) and node.attr in attributes
