"""`videoacta mark` started as the secretary starts it: a real process serving on 127.0.0.1."""

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

START_TIMEOUT = 60.0


@dataclass
class Editor:
    """A running editor: its process and its address (with the token)."""

    process: subprocess.Popen[str]
    url: str

    @property
    def origin(self) -> str:
        return self.url.split("/", 3)[0] + "//" + self.url.split("/", 3)[2]

    def get(self, path: str, **headers: str) -> tuple[int, Any]:
        return request(self.url + path, headers=headers)

    def post(self, path: str, body: Any, **headers: str) -> tuple[int, Any]:
        sent = {"Origin": self.origin, "Content-Type": "application/json", **headers}
        return request(self.url + path, data=json.dumps(body).encode(), headers=sent)

    def state(self) -> Any:
        status, data = self.get("api/state")
        assert status == 200, data
        return data

    def kill(self) -> None:
        """SIGKILL: no chance to flush or clean up anything."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)


def request(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, Any]:
    """Status and decoded JSON (or text) of one HTTP request; errors are answers, not raised."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, _decoded(response.read(), response.headers.get_content_type())
    except urllib.error.HTTPError as error:
        return error.code, _decoded(error.read(), error.headers.get_content_type())


def _decoded(body: bytes, kind: str) -> Any:
    return json.loads(body) if kind == "application/json" else body.decode("utf-8", "replace")


@contextmanager
def editor(folder: Path, *args: str, prefix: Sequence[str] = ()) -> Iterator[Editor]:
    """Start `videoacta mark FOLDER --no-browser` (after the command `prefix`, such as a
    setpriv that drops root's file powers) and wait for the address it prints."""
    process = subprocess.Popen(
        [*prefix, sys.executable, "-m", "videoacta", "mark", str(folder), "--no-browser", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("videoacta editor: "):
            process.kill()
            raise AssertionError(f"the editor did not start: {line}{process.communicate()[1]}")
        yield Editor(process=process, url=line.split(": ", 1)[1].strip())
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
