"""What a test of the pure core may not import or load: an edge layer, a subprocess, fonts, PDF,
PKI, the CLI, or the shared fixture plugins that need them."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "videoacta"
# What the core may use of its own package: itself, its errors, the version (which the package's
# __init__ loads; its public API imports the rest on first call).
CORE = {"core", "errors", "version"}
LIBRARIES = (
    "fpdf", "fontTools", "pypdf", "pikepdf", "typst", "pyhanko", "pyhanko_certvalidator",
    "cryptography",
    "asn1crypto", "pkcs11", "click",
)  # fmt: skip
# tests/conftest.py registers them for every test; they import their libraries lazily.
PLUGINS = ("tests.generated_media", "tests.pki", "tests.packages", "tests.acta_sample")


def edge_layers() -> tuple[str, ...]:
    """Every top-level module and subpackage of videoacta but the core's, read from the tree:
    a new one is an edge without anyone listing it."""
    modules = {path.stem for path in PACKAGE.glob("*.py")}
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    return tuple(sorted(f"videoacta.{name}" for name in (modules | packages) - CORE - {"__init__"}))


EDGE = (*edge_layers(), "subprocess", *LIBRARIES, *PLUGINS)
# What no run of the core's tests may have in sys.modules at its end (the plugins are loaded, and
# the standard library loads subprocess; neither is a dependency of the core).
NEVER_LOADED = (*edge_layers(), *LIBRARIES)
IMPORTERS = {"importlib.import_module", "import_module", "__import__"}


def is_edge(module: str, edges: tuple[str, ...] = EDGE) -> bool:
    if module.startswith("."):
        return True  # a relative import above the tests' package: nothing a core test needs
    if module.startswith("videoacta.") and module.split(".")[1] not in CORE:
        return True  # a layer, or a name of the public API (videoacta.build) that loads one
    return any(module == edge or module.startswith(f"{edge}.") for edge in edges)


def edge_imports(source: str, package: str = "tests.core") -> list[str]:
    """The edge modules the Python `source` (a module of `package`) imports, in the order it
    names them: by an import statement, relative ones too (`from ..pki import x` is tests.pki),
    or by importlib.import_module / __import__ of a string constant."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if is_edge(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = absolute(node, package)
            named = [f"{module}.{alias.name}" for alias in node.names]
            found += [name for name in [module, *named] if is_edge(name)][:1]
        elif isinstance(node, ast.Call) and dotted(node.func) in IMPORTERS:
            found += [name for name in constant_args(node) if is_edge(name)][:1]
    return found


def absolute(node: ast.ImportFrom, package: str) -> str:
    """The module a `from ... import` names, a relative one resolved against `package`; one that
    climbs above it is refused as an edge."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    if node.level > len(parts):
        return f"{'.' * node.level}{node.module or ''} (above {package})"
    base = ".".join(parts[: len(parts) - node.level + 1])
    return f"{base}.{node.module}" if node.module else base


def dotted(node: ast.expr) -> str | None:
    """`importlib.import_module` for that expression, None if it is not a plain dotted name."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        owner = dotted(node.value)
        return f"{owner}.{node.attr}" if owner else None
    return None


def constant_args(call: ast.Call) -> list[str]:
    return [
        arg.value
        for arg in call.args
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    ]
