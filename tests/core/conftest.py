"""The pure core's tests need no ffmpeg, no fonts, no PKI:

- each test module is refused if it imports an edge layer (tests/core/purity.py);
- each test is refused if it asks for a fixture of the shared plugins (the `media` recordings, the
  `pki`, the test packages, the rendered sample), before any of them is set up; asked for while
  it runs (`request.getfixturevalue("pki")`), the fixture's setup is refused, and a value already
  made for another test fails the test after its call;
- each test fails if it starts another program: os.system, exec*, spawn*, posix_spawn, fork,
  subprocess.Popen and asyncio's subprocesses are replaced for its run;
- with VIDEOACTA_CHECK_CORE_LOADED set (tests/test_core_imports.py sets it), the session fails at
  its end if any edge layer or PDF, font, PKI or CLI library was loaded.
"""

import asyncio
import asyncio.subprocess
import os
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.core.purity import NEVER_LOADED, PLUGINS, edge_imports, is_edge

CHECK_LOADED = "VIDEOACTA_CHECK_CORE_LOADED"
STARTS = {
    os: ["system", "popen", "fork", "forkpty", "posix_spawn", "posix_spawnp"]
    + [name for name in dir(os) if name.startswith(("exec", "spawn"))],
    subprocess: ["Popen"],
    asyncio: ["create_subprocess_exec", "create_subprocess_shell"],
    asyncio.subprocess: ["create_subprocess_exec", "create_subprocess_shell"],
}


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


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Refuse a fixture of the shared plugins before it is set up (a session-scoped one would run
    ffmpeg or make the PKI before any function-scoped guard is in place)."""
    definitions = item._fixtureinfo.name2fixturedefs  # type: ignore[attr-defined]
    from_plugins = sorted(
        name
        for name in item.fixturenames
        if any(fixture.func.__module__ in PLUGINS for fixture in definitions.get(name, ()))
    )
    if from_plugins:
        _refuse(from_plugins)


HERE = Path(__file__).resolve().parent


def _refuse(names: list[str]) -> None:
    pytest.fail(
        f"a test of the pure core asks for {', '.join(names)}, a fixture of "
        f"{', '.join(PLUGINS)}: move it to the tests/<layer>/ folder of what it needs",
        pytrace=False,
    )


class PluginFixtureGuard:
    """Registered as a plugin, so that it sees every fixture's setup: a session-scoped fixture is
    set up through the session's hooks, which a conftest below the root does not take part in."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_fixture_setup(
        self, fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
    ) -> None:
        item = request._pyfuncitem  # type: ignore[attr-defined]
        if fixturedef.func.__module__ in PLUGINS and HERE in Path(item.path).resolve().parents:
            _refuse([fixturedef.argname])


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin(PluginFixtureGuard.__name__):
        config.pluginmanager.register(PluginFixtureGuard(), PluginFixtureGuard.__name__)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """A plugin fixture's value already made for another test, asked for while the test ran."""
    result = yield
    requested = item._request._fixture_defs  # type: ignore[attr-defined]
    used = sorted(name for name, d in requested.items() if d.func.__module__ in PLUGINS)
    if used:
        _refuse(used)
    return result


@pytest.fixture(autouse=True)
def _no_subprocess(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a test of the pure core started a subprocess: it belongs elsewhere")

    module: ModuleType
    for module, names in STARTS.items():
        for name in names:
            if hasattr(module, name):
                monkeypatch.setattr(module, name, refuse)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not os.environ.get(CHECK_LOADED):
        return
    loaded = sorted({top(name) for name in sys.modules if is_edge(name, NEVER_LOADED)})
    if loaded:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"\nthe core's tests loaded {', '.join(loaded)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def top(module: str) -> str:
    """`videoacta.media` for videoacta.media.ffmpeg, `fpdf` for fpdf.fonts."""
    parts = module.split(".")
    return ".".join(parts[:2] if parts[0] == "videoacta" else parts[:1])
