"""Clean stage, step 1: raw bytes → text. UTF-8 first, GB18030 as the fallback; says which it used."""

from __future__ import annotations

import codecs
import re

ENCODINGS = ("utf-8", "gb18030")
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


class UndecodableError(ValueError):
    """Bytes that are binary or no supported encoding decodes."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return `(text, encoding)`; raise `UndecodableError` for binary or undecodable bytes."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if b"\x00" in data[:8192]:
        raise UndecodableError("binary file (contains NUL bytes)")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # GB18030 decodes almost any byte string; control characters give binary data away.
        if len(_CONTROL.findall(text[:8192])) > 0.01 * min(len(text), 8192):
            raise UndecodableError("binary file (control characters)")
        return text, encoding
    raise UndecodableError("bytes are neither UTF-8 nor GB18030 text")
