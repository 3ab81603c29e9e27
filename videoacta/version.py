"""The installed version of videoacta, as every output names its generator."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("videoacta")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
