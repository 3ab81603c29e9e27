"""What a test of the pure core may not import: an edge layer, a subprocess, fonts, PKI."""

import ast

EDGE = (
    "videoacta.inputs", "videoacta.media", "videoacta.document", "videoacta.publish",
    "videoacta.signing", "videoacta.verify", "videoacta.batch", "videoacta.cli",
    "videoacta.pipeline", "videoacta.package", "videoacta.outputs", "videoacta.credentials",
    "videoacta.fonts",
    "subprocess", "fpdf", "fontTools", "pyhanko", "pyhanko_certvalidator", "click",
    "tests.generated_media", "tests.pki", "tests.packages", "tests.acta_sample",
)  # fmt: skip


def is_edge(module: str) -> bool:
    return any(module == edge or module.startswith(f"{edge}.") for edge in EDGE)


def edge_imports(source: str) -> list[str]:
    """The edge modules the Python `source` imports, in the order it names them."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if is_edge(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            named = [f"{node.module}.{alias.name}" for alias in node.names]
            found += [name for name in [node.module, *named] if is_edge(name)][:1]
    return found
