"""Hostile images made byte by byte: PNGs whose header claims any size, with bombs inside."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _zeros(size: int) -> bytes:
    """``size`` zero bytes, deflated without ever holding them all (a 200 MB bomb is 200 KB)."""
    packer, block, out = zlib.compressobj(9), bytes(1 << 20), []
    for start in range(0, size, len(block)):
        out.append(packer.compress(block[: min(len(block), size - start)]))
    return b"".join(out) + packer.flush()


def png(
    width: int, height: int, *, bit_depth: int = 1, colour: int = 0, real_data: bool = True, extra: bytes = b""
) -> bytes:
    """A PNG of ``width`` x ``height`` (1-bit grey by default). With ``real_data`` the image data is
    really there (all black, a few kilobytes deflated however many pixels): decoding it would
    allocate every pixel. ``extra`` chunks go between the header and the data."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, 0)
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    row = 1 + (width * bit_depth * channels + 7) // 8
    data = _zeros(row * height) if real_data else zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + extra + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def ztxt(size: int) -> bytes:
    """A compressed text chunk that inflates to ``size`` bytes."""
    return _chunk(b"zTXt", b"Comment\0\0" + _zeros(size))
