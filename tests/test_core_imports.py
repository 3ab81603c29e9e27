"""Importing the pure core, in a fresh interpreter, loads no other layer of videoacta and none of
the libraries of the edges (fonts, PDF, signatures, the CLI), nor the subprocess module; running
the core's tests loads none of them either, and a core test cannot ask for ffmpeg or the PKI."""

import json
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import videoacta.core
from tests.core.conftest import CHECK_LOADED

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


ROOT = Path(__file__).resolve().parent.parent
CORE_TESTS = ["-m", "pytest", "-q", "-p", "no:cacheprovider"]


def run_core_tests(*args: str) -> subprocess.CompletedProcess[str]:
    """pytest on the core's tests in a fresh interpreter, told to check what they loaded."""
    environment = {**os.environ, CHECK_LOADED: "1"}
    return subprocess.run(
        [sys.executable, *CORE_TESTS, *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_core_tests_load_no_edge_and_no_pdf_font_or_pki_library() -> None:
    run = run_core_tests("tests/core")
    assert run.returncode == 0, run.stdout[-2000:]
    assert "the core's tests loaded" not in run.stdout
    assert re.search(r"\b\d{3} passed\b", run.stdout)


def test_a_core_test_run_that_loads_fpdf_fails() -> None:
    # `-p fpdf` loads fpdf into the session as a core test importing it would.
    run = run_core_tests("tests/core/test_text.py", "-p", "fpdf")
    assert run.returncode == pytest.ExitCode.TESTS_FAILED
    assert re.search(r"^the core's tests loaded .*\bfpdf\b", run.stdout, re.M), run.stdout
    assert " failed" not in run.stdout  # every test passed: the session's check failed it


def test_a_core_test_asking_for_a_plugin_fixture_fails(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The media fixture would run ffmpeg; the guard refuses it before it is set up.
    pytester.makeconftest((ROOT / "tests/core/conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(test_asks="def test_asks(media):\n    assert media.plain.is_file()\n")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess("-p", "tests.generated_media", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*a test of the pure core asks for media*"])
    assert not list(pytester.path.rglob("*.mp4"))


def test_a_core_test_asking_for_a_plugin_fixture_while_it_runs_fails(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # request.getfixturevalue escapes the check of the fixtures a test names; the session-scoped
    # pki's setup is refused for it, before any key is made.
    pytester.makeconftest((ROOT / "tests/core/conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(
        test_asks=(
            "def test_asks(request):\n"
            "    pki = request.getfixturevalue('pki')\n"
            "    assert pki.folder.is_dir()\n"
        )
    )
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess(
        "-p", "tests.pki", "-p", "no:cacheprovider", f"--basetemp={pytester.path / 'made'}"
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*a test of the pure core asks for pki*"])
    assert not list((pytester.path / "made").rglob("*.p12"))


def test_a_plugin_fixture_made_for_another_layer_fails_a_core_test_asking_for_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The PKI is made for a test of another layer; a core test then takes the cached value.
    core = pytester.mkpydir("core")
    (core / "conftest.py").write_text(
        (ROOT / "tests/core/conftest.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (core / "test_asks.py").write_text(
        "def test_asks(request):\n    assert request.getfixturevalue('pki').folder.is_dir()\n",
        encoding="utf-8",
    )
    pytester.mkpydir("a_layer").joinpath("test_signs.py").write_text(
        "def test_signs(pki):\n    assert pki.folder.is_dir()\n", encoding="utf-8"
    )
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess("-p", "tests.pki", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*asks for pki*", "FAILED core/test_asks.py::test_asks*"])
