"""A static file server on 127.0.0.1 that answers HTTP Range requests, as video seeking needs.

Python's SimpleHTTPRequestHandler ignores Range and always sends the whole file; Chromium then
cannot seek in a video it gets that way. This handler answers `bytes=a-b`, `bytes=a-` and
`bytes=-n` with 206 Partial Content, and a range past the end with 416.
"""

import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RangeRequestHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **SimpleHTTPRequestHandler.extensions_map,
        ".vtt": "text/vtt",
        ".mp4": "video/mp4",
        ".json": "application/json",
        ".csv": "text/csv",
    }
    span: tuple[int, int] | None = None

    def send_head(self) -> Any:
        header = self.headers.get("Range")
        path = Path(self.translate_path(self.path))
        if header is None or not path.is_file():
            self.span = None
            return super().send_head()
        size = path.stat().st_size
        span = _span(header, size)
        if span is None:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        self.span = span
        handle = path.open("rb")
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {span[0]}-{span[1]}/{size}")
        self.send_header("Content-Length", str(span[1] - span[0] + 1))
        self.end_headers()
        return handle

    def end_headers(self) -> None:
        if self.span is None:
            self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def copyfile(self, source: BinaryIO, outputfile: Any) -> None:
        try:
            if self.span is None:
                shutil.copyfileobj(source, outputfile)
                return
            source.seek(self.span[0])
            left = self.span[1] - self.span[0] + 1
            while left > 0:
                chunk = source.read(min(left, 64 * 1024))
                if not chunk:
                    break
                outputfile.write(chunk)
                left -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser dropped a range it no longer needs: normal while seeking

    def log_message(self, format: str, *args: Any) -> None:
        return


def _span(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive byte span a Range header asks for, or None if it cannot be served."""
    match = RANGE.match(header.strip())
    if match is None or size == 0 or match[1] == match[2] == "":
        return None
    if match[1] == "":
        start, end = max(0, size - int(match[2])), size - 1
    else:
        start = int(match[1])
        end = min(int(match[2]), size - 1) if match[2] else size - 1
    return (start, end) if start <= end and start < size else None


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) from a thread; yield its base URL."""
    handler = partial(RangeRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="viewer-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
