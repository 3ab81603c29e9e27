"""The guard of the core's tests (conftest.py) sees an edge import, however it is spelled."""

import importlib

import pytest

from tests.core.purity import edge_imports


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from videoacta.core import text", []),
        ("from videoacta.errors import InputError", []),
        ("from tests.builders import Log", []),
        ("from videoacta.media import ffmpeg", ["videoacta.media"]),
        ("from videoacta import media", ["videoacta.media"]),
        ("import videoacta.fonts", ["videoacta.fonts"]),
        ("from fontTools.ttLib import TTFont", ["fontTools.ttLib"]),
        ("import subprocess", ["subprocess"]),
        ("from tests.generated_media import make_clip", ["tests.generated_media"]),
        ("def f():\n    from pyhanko import stamp", ["pyhanko"]),
    ],
)
def test_edge_imports(source: str, found: list[str]) -> None:
    assert edge_imports(source) == found


def test_a_core_test_cannot_start_a_subprocess() -> None:
    subprocess = importlib.import_module("subprocess")  # as a helper of a core module would
    with pytest.raises(AssertionError, match="started a subprocess"):
        subprocess.run(["true"], check=False)
