"""Every exception videoacta defines is a VideoactaError: anything else that escapes is a bug."""

import importlib
import inspect
import pkgutil

import videoacta
from videoacta.errors import VideoactaError


def defined_exceptions() -> dict[str, type[BaseException]]:
    found = {}
    for module in pkgutil.walk_packages(videoacta.__path__, "videoacta."):
        if module.name.endswith("__main__"):  # runs the CLI
            continue
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.name
            ):
                found[f"{module.name}.{name}"] = value
    return found


# Raised on purpose only to carry a bug of our own past a library's broad handler, so that it
# shows as a traceback: never a VideoactaError, which the CLI would print as a user's error.
BUGS = {"videoacta.verify.changes.RuleBug"}


def test_every_exception_class_is_in_the_hierarchy() -> None:
    found = defined_exceptions()
    assert "videoacta.signing.config.ConfigError" in found
    outside = sorted(name for name, kind in found.items() if not issubclass(kind, VideoactaError))
    assert outside == sorted(BUGS)
    assert all(issubclass(found[name], RuntimeError) for name in BUGS)
