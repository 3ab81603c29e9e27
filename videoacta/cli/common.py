"""What every command shares: errors as exit codes, JSON output, folder options, progress bars."""

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from videoacta.errors import VideoactaError
from videoacta.progress import ProgressEvent, Step

# pyHanko, Typst and dask take seconds to import: the commands that need them import them.
if TYPE_CHECKING:
    pass

F = TypeVar("F", bound=Callable[..., Any])
SESSION_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a VideoactaError into `Error: …` on stderr and its documented exit code."""
    try:
        yield
    except VideoactaError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(int(error.exit_code))


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def out_option(help: str, *, exists: bool = False) -> Callable[[F], F]:
    """The required `--out DIR` option of the commands that write a folder."""
    folder = click.Path(exists=exists, file_okay=False, path_type=Path)
    return click.option("--out", "out", required=True, type=folder, help=help)


class ProgressBars:
    """Draws one progress bar per step of a long stage, on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.step: Step | None = None
        self.bar: Any = None

    def __call__(self, event: ProgressEvent) -> None:
        if not self.enabled:
            return
        if event.step != self.step:
            self.close()
            self.step = event.step
            label = f"{event.step.value:<20}"
            self.bar = click.progressbar(length=1000, label=label, file=sys.stderr)
            self.bar.__enter__()
        done, total = event.done, event.total
        self.bar.update(round(1000 * min(done / total, 1.0) if total else 1000) - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> "ProgressBars":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


PACKAGE_DIR = click.Path(file_okay=False, path_type=Path)
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def prompt(question: str) -> str:
    """Ask for a passphrase or PIN on the terminal, without echo."""
    return str(click.prompt(question.rstrip(": "), hide_input=True, err=True))
