"""The pure core's tests need no ffmpeg, no fonts, no PKI: each module is refused if it imports
an edge layer (tests/core/purity.py), and each test fails if it starts a subprocess."""

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.core.purity import edge_imports


@pytest.fixture(autouse=True, scope="module")
def _imports_only_the_core(request: pytest.FixtureRequest) -> None:
    path = Path(request.module.__file__)
    found = edge_imports(path.read_text(encoding="utf-8"))
    if found:
        pytest.fail(
            f"tests/core/{path.name} imports {', '.join(found)}: a test of the pure core needs "
            "no edge layer; move it to the tests/<layer>/ folder of what it needs",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _no_subprocess(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a test of the pure core started a subprocess: it belongs elsewhere")

    monkeypatch.setattr(subprocess, "Popen", refuse)
