"""The guard of the core's tests (conftest.py) sees an edge import, however it is spelled, and
refuses a started program, however it is started."""

import asyncio
import os
import sys
from collections.abc import Callable

import pytest

from tests.core.purity import EDGE, edge_imports


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from videoacta.core import text", []),
        ("from videoacta.errors import InputError", []),
        ("from videoacta import version", []),
        ("from tests.builders import Log", []),
        ("import importlib\nimportlib.import_module('videoacta.core.tally')", []),
        ("from videoacta.media import ffmpeg", ["videoacta.media"]),
        ("from videoacta import media", ["videoacta.media"]),
        ("from videoacta import stage", ["videoacta.stage"]),
        ("from videoacta import hashing", ["videoacta.hashing"]),
        ("from videoacta import build", ["videoacta.build"]),
        ("import videoacta.artefacts as a", ["videoacta.artefacts"]),
        ("import videoacta.fonts", ["videoacta.fonts"]),
        ("from fontTools.ttLib import TTFont", ["fontTools.ttLib"]),
        ("import subprocess", ["subprocess"]),
        ("import cryptography.x509", ["cryptography.x509"]),
        ("from tests.generated_media import make_clip", ["tests.generated_media"]),
        ("def f():\n    from pyhanko import stamp", ["pyhanko"]),
        (
            "import importlib\nimportlib.import_module('videoacta.document.writer')",
            ["videoacta.document.writer"],
        ),
        ("from importlib import import_module\nimport_module('pypdf')", ["pypdf"]),
        ("__import__('subprocess')", ["subprocess"]),
        # Relative imports, resolved against tests.core.
        ("from ..pki import write_pki", ["tests.pki"]),
        ("from .. import generated_media", ["tests.generated_media"]),
        ("from ..packages import unsigned_package", ["tests.packages"]),
        ("from ..builders import Log", []),
        ("from .purity import EDGE", []),
        ("from ... import videoacta", ["... (above tests.core)"]),
    ],
)
def test_edge_imports(source: str, found: list[str]) -> None:
    assert edge_imports(source) == found


def test_every_module_outside_the_core_is_an_edge() -> None:
    layers = {name for name in EDGE if name.startswith("videoacta.")}
    assert {"videoacta.stage", "videoacta.hashing", "videoacta.artefacts"} <= layers
    assert {"videoacta.progress", "videoacta.pipeline", "videoacta.media"} <= layers
    assert {"videoacta.core", "videoacta.errors", "videoacta.version"} & layers == set()


def run_program(start: Callable[[], object]) -> None:
    started = start()
    if asyncio.iscoroutine(started):
        asyncio.run(started)


# subprocess, already loaded by the standard library, is taken from sys.modules: a core test may
# not import it, not even through importlib (see test_edge_imports).
@pytest.mark.parametrize(
    "start",
    [
        lambda: sys.modules["subprocess"].run(["true"], check=False),
        lambda: os.system("true"),
        lambda: os.posix_spawn("/bin/true", ["true"], {}),
        lambda: os.execv("/bin/true", ["true"]),
        lambda: asyncio.create_subprocess_exec("true"),
        lambda: asyncio.subprocess.create_subprocess_shell("true"),
    ],
    ids=["subprocess.run", "os.system", "os.posix_spawn", "os.execv", "asyncio", "shell"],
)
def test_a_core_test_cannot_start_a_program(start: Callable[[], object]) -> None:
    with pytest.raises(AssertionError, match="started a subprocess"):
        run_program(start)
