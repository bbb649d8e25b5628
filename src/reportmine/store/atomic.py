"""Atomic file writes: a reader never sees a half-written table."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write_text(path: Path, text: str, durable: bool = True) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over ``path``.

    ``durable=False`` skips the fsync: still atomic for a killed process, but a power cut
    may lose the file. Fine for caches, which are simply recomputed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_UMASK)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    rows = list(rows)
    atomic_write_text(path, csv_header(columns) + csv_lines(columns, rows))
    return len(rows)


def write_jsonl(path: Path, rows: Iterable[Mapping[str, Any]]) -> int:
    rows = list(rows)
    atomic_write_text(path, jsonl_lines(rows))
    return len(rows)


def csv_header(columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(columns)
    return buffer.getvalue()


def csv_lines(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV lines of ``rows`` (no header): a list becomes JSON, None empty, a bool true/false."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    allowed = frozenset(columns)
    for row in rows:
        if not allowed.issuperset(row):
            raise ValueError(f"fields not among the columns: {sorted(set(row) - allowed)}")
        writer.writerow([_cell(row.get(key)) for key in columns])
    return buffer.getvalue()


def jsonl_lines(rows: Iterable[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _cell(value: Any) -> Any:
    if type(value) is str or type(value) is int or type(value) is float:  # most cells
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return value
