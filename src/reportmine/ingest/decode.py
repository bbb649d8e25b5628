"""Bytes to text: BOMs, UTF-8, Windows-1252, and a clear error for anything else."""

from __future__ import annotations

import codecs

from reportmine.errors import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, path: str) -> str:
    """Decode a text report. Raises IngestError for empty, binary or undecodable input."""
    if not data.strip():
        raise IngestError(path, "empty file", "empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    path, f"undecodable {encoding} text ({exc.reason})", "undecodable"
                ) from exc
    if b"\x00" in data[:4096]:
        raise IngestError(path, "binary data, not a text report", "binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Windows-1252 decodes almost anything, so accept it only when the result reads as text.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise IngestError(
            path, "undecodable text: neither UTF-8 nor Windows-1252", "undecodable"
        ) from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text) * 0.01:
        raise IngestError(path, "binary data, not a text report", "binary")
    return text
