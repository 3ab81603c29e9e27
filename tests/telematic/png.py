"""A small PNG reader for the tests: the pixels of a 1-bit greyscale image (what segno writes),
so that a QR code written to disk is compared module by module with the code segno makes."""

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """Each chunk's type and body, its CRC checked."""
    assert data.startswith(SIGNATURE)
    found, at = [], len(SIGNATURE)
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        (crc,) = struct.unpack(">I", data[at + 8 + size : at + 12 + size])
        assert zlib.crc32(kind + body) == crc, kind
        found.append((kind, body))
        at += 12 + size
    return found


def pixels(data: bytes) -> list[list[int]]:
    """The image's rows of pixels, 1 for white and 0 for black."""
    found = chunks(data)
    assert [found[0][0], found[-1][0]] == [b"IHDR", b"IEND"]
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", found[0][1])
    assert (depth, colour, interlace) == (1, 0, 0)
    raw = zlib.decompress(b"".join(body for kind, body in found if kind == b"IDAT"))
    stride = (width + 7) // 8
    rows, previous = [], bytes(stride)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        previous = unfilter(line[0], bytearray(line[1:]), previous)
        rows.append([(previous[x // 8] >> (7 - x % 8)) & 1 for x in range(width)])
    return rows


def unfilter(kind: int, line: bytearray, above: bytes) -> bytes:
    """Undo one row's filter (PNG spec 9.2), one byte per pixel group at this depth."""
    for i, value in enumerate(line):
        left = line[i - 1] if i else 0
        up, corner = above[i], above[i - 1] if i else 0
        predictor = [0, left, up, (left + up) // 2, paeth(left, up, corner)][kind]
        line[i] = (value + predictor) & 0xFF
    return bytes(line)


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def modules(data: bytes, *, scale: int, border: int) -> list[list[bool]]:
    """The QR code's modules read from the image: True for a dark module."""
    rows = pixels(data)
    count = len(rows) // scale - 2 * border
    return [
        [rows[(border + r) * scale + scale // 2][(border + c) * scale + scale // 2] == 0
         for c in range(count)]
        for r in range(count)
    ]  # fmt: skip
