"""An object's first bytes as something safe to show: text with control characters escaped, or
a hex dump when the bytes are not text. Nothing an object holds reaches the terminal raw."""

from __future__ import annotations

import re
from dataclasses import dataclass

PREVIEW_BYTES = 4 * 1024
"""How much of an object is read for a preview (a Range request): 4 KiB."""
HEX_WIDTH = 16
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


@dataclass(frozen=True)
class Preview:
    key: str
    size: int
    """The whole object's size in bytes."""
    shown: int
    """How many of its first bytes the preview holds."""
    binary: bool
    lines: list[str]

    @property
    def truncated(self) -> bool:
        return self.shown < self.size

    def header(self) -> str:
        kind = "binary, hex" if self.binary else "text"
        part = f"first {self.shown:,} of {self.size:,} bytes" if self.truncated else \
            f"{self.size:,} bytes"
        return f"{self.key} ({part}, {kind})"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable_text(text: str) -> str:
    """Control characters (bar newline and tab) and lone surrogates written as escapes."""
    return _CONTROL.sub(_escape, text)


def looks_binary(data: bytes, cut: bool) -> bool:
    """NUL bytes, or bytes that are not UTF-8 (a character cut by the preview's end is fine)."""
    if b"\x00" in data:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return not (cut and exc.start >= len(data) - 3 and exc.reason == "unexpected end of data")
    return False


def hex_lines(data: bytes) -> list[str]:
    """`00000000  7b 22 61 22 …  {"a"…` lines, like `xxd`."""
    out = []
    for at in range(0, len(data), HEX_WIDTH):
        chunk = data[at:at + HEX_WIDTH]
        hexes = " ".join(f"{b:02x}" for b in chunk).ljust(HEX_WIDTH * 3 - 1)
        text = "".join(chr(b) if 0x20 <= b < 0x7f else "." for b in chunk)
        out.append(f"{at:08x}  {hexes}  {text}")
    return out


def make_preview(key: str, data: bytes, size: int) -> Preview:
    """A preview of `data`, the first bytes of an object of `size` bytes."""
    data = data[:PREVIEW_BYTES]
    cut = len(data) < size
    if looks_binary(data, cut):
        return Preview(key, size, len(data), True, hex_lines(data))
    text = data.decode("utf-8", errors="ignore")  # only a cut last character can be dropped
    return Preview(key, size, len(data), False, printable_text(text).splitlines() or [""])
