"""Importing the pure core, in a fresh interpreter, loads no other layer of videoacta and none of
the libraries of the edges (fonts, PDF, signatures, the CLI), nor the subprocess module."""

import json
import pkgutil
import subprocess
import sys

import videoacta.core

FOREIGN = {"fpdf", "fontTools", "pyhanko", "pyhanko_certvalidator", "click", "subprocess"}
PROGRAM = """
import importlib, json, pkgutil, sys
import videoacta.core
for module in pkgutil.iter_modules(videoacta.core.__path__):
    importlib.import_module(f"videoacta.core.{module.name}")
print(json.dumps(sorted(sys.modules)))
"""


def test_the_core_loads_only_the_core_and_the_errors() -> None:
    run = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, check=True)
    loaded = json.loads(run.stdout)
    ours = {m for m in loaded if m.split(".")[0] == "videoacta"}
    # `import videoacta.core.x` runs the package's __init__, which loads only its version.
    allowed = {"videoacta", "videoacta.errors", "videoacta.version"}
    outside = sorted(m for m in ours - allowed
                     if not m.startswith("videoacta.core"))  # fmt: skip
    assert outside == []
    assert sorted(FOREIGN & {m.split(".")[0] for m in loaded}) == []
    assert {"videoacta.core.replay", "videoacta.core.tally", "videoacta.core.text"} <= ours
    core = {f"videoacta.core.{m.name}" for m in pkgutil.iter_modules(videoacta.core.__path__)}
    assert core <= ours
