"""Reading what ffmpeg prints: its `-progress` blocks, and the line of stderr that says what
went wrong."""

import re
from collections.abc import Iterable, Iterator

# Summary lines that follow the real cause in ffmpeg's stderr and say less than it.
_GENERIC = re.compile(
    r"^(Error opening (input|output)\b|Error selecting an encoder|Conversion failed!"
    r"|Exiting normally)|Invalid data found when processing input$"
)
_CONTEXT = re.compile(r"^\[[^\]]* @ 0x[0-9a-fA-F]+\]\s*")


def last_error(stderr: str, code: int) -> str:
    """The last line of stderr that says what went wrong, else the exit status."""
    lines = [_CONTEXT.sub("", line).strip() for line in stderr.splitlines()]
    lines = [line for line in lines if line]
    meaningful = [line for line in lines if not _GENERIC.search(line)] or lines
    return meaningful[-1] if meaningful else f"exit status {code}"


def progress_seconds(lines: Iterable[str]) -> Iterator[float]:
    """Seconds of output done at the end of each block of `-progress` `key=value` lines.

    `out_time_ms` is in microseconds too (an old misnomer); a block may say `N/A`.
    """
    block: dict[str, str] = {}
    for line in lines:
        key, _, value = line.strip().partition("=")
        if key != "progress":
            block[key] = value
            continue
        seconds = _block_seconds(block)
        block = {}
        if seconds is not None:
            yield seconds


def _block_seconds(block: dict[str, str]) -> float | None:
    for key in ("out_time_us", "out_time_ms"):
        value = block.get(key, "")
        if value.lstrip("-").isdigit():
            return max(int(value), 0) / 1_000_000
    return None
