"""Tables streamed to a staging folder one report at a time, then published whole.

A batch of thousands of reports must not be held in memory until the end. Each report's
rows are formatted as soon as the report is done and kept on disk as a shard; ``publish``
assembles every table from the shards in report order (one shard in memory at a time), then
renames the tables into place, ``reports.csv`` last, so a reader only ever sees complete
tables and a killed run leaves the previous ones untouched.

A shard is one line of JSON (the caller's fields, and the name and length of each part),
then the parts as they are: the report's text and each table's lines. Nothing is escaped,
and the first line alone says what the file holds.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportmine.store.atomic import (
    atomic_write_text,
    csv_header,
    csv_lines,
    jsonl_lines,
    write_csv,
)

Row = Mapping[str, Any]
TEXT_PART = "text"  # the shard part that holds the report's text; the others are tables


@dataclass(frozen=True)
class TableSpec:
    """One output table: the key of its rows in a report's tables, its file name, and its
    columns (``None`` for JSON lines)."""

    key: str
    filename: str
    columns: tuple[str, ...] | None = None

    def format(self, rows: Iterable[Row]) -> str:
        return jsonl_lines(rows) if self.columns is None else csv_lines(self.columns, rows)

    def header(self) -> str:
        return "" if self.columns is None else csv_header(self.columns)


@dataclass(frozen=True)
class Shard:
    """One report's staged rows: which file and report they belong to, and where they are."""

    file: str
    report_id: str
    path: str


class StagedTables:
    """write() each report as it is finished (in any process), register() what was written,
    publish() the tables in (file, report id) order."""

    def __init__(self, out: Path, staging: Path, specs: Sequence[TableSpec]) -> None:
        self.out, self.staging, self.specs = out, staging, list(specs)
        if staging.exists():
            shutil.rmtree(staging)
        (staging / "texts").mkdir(parents=True)
        (staging / "shards").mkdir()
        self._shards: list[Shard] = []

    def write(
        self,
        file: str,
        report_id: str,
        text: str,
        tables: Mapping[str, Sequence[Row]],
        keep: Path | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> Shard:
        """Stage one report's text and rows. Safe in a worker process: it only writes a file
        with a name of its own; the shard counts once the batch's process registers it.

        With ``keep``, the shard is written there (atomically) and outlives the batch, with
        ``fields`` in its first line: a cache entry a later run can :meth:`reuse`, so rows
        are formatted and written once."""
        parts = [(TEXT_PART, text)]
        parts += [(spec.filename, spec.format(tables.get(spec.key, []))) for spec in self.specs]
        path = keep or self.staging / "shards" / f"{uuid.uuid4().hex}.shard"
        write_shard(path, fields or {}, parts, atomic=keep is not None)
        return Shard(file, report_id, str(path))

    def reuse(self, file: str, report_id: str, kept: Path) -> Shard:
        """Stage a report from a shard a previous run kept (see :meth:`write`)."""
        return Shard(file, report_id, str(kept))

    def register(self, shard: Shard) -> None:
        self._shards.append(shard)

    def add(
        self, file: str, report_id: str, text: str, tables: Mapping[str, Sequence[Row]]
    ) -> None:
        self.register(self.write(file, report_id, text, tables))

    def publish(self, last: Sequence[tuple[str, Sequence[str], Iterable[Row]]]) -> None:
        """Assemble the streamed tables, write ``last`` (small tables held in memory, such as
        ``reports.csv``), and rename everything into place."""
        order = sorted(self._shards, key=lambda s: (s.file, s.report_id))
        handles = {
            spec.filename: (self.staging / spec.filename).open("w", encoding="utf-8", newline="")
            for spec in self.specs
        }
        try:
            for spec in self.specs:
                handles[spec.filename].write(spec.header())
            texts = self.staging / "texts"
            for shard in order:
                _fields, parts = read_shard(Path(shard.path))
                (texts / f"{shard.report_id}.txt").write_text(parts.pop(TEXT_PART), "utf-8")
                for name, body in parts.items():
                    handles[name].write(body)
            for handle in handles.values():
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            for handle in handles.values():
                handle.close()
        shutil.rmtree(self.staging / "shards")
        for filename, columns, rows in last:
            write_csv(self.staging / filename, columns, rows)
        self._rename_into_place({f"{shard.report_id}.txt" for shard in order})

    def _rename_into_place(self, texts: set[str]) -> None:
        out, staging = self.out, self.staging
        (out / "texts").mkdir(parents=True, exist_ok=True)
        for text in sorted((staging / "texts").iterdir()):
            os.replace(text, out / "texts" / text.name)
        for stale in (out / "texts").glob("*.txt"):
            if stale.name not in texts:
                stale.unlink()
        tables = sorted(staging.glob("*.*"), key=lambda p: p.name == "reports.csv")
        for table in tables:
            os.replace(table, out / table.name)
        shutil.rmtree(staging, ignore_errors=True)


def write_shard(
    path: Path, fields: Mapping[str, Any], parts: Sequence[tuple[str, str]], atomic: bool
) -> None:
    """The first line: ``fields`` and each part's name and length (JSON); then the parts."""
    head = {**fields, "parts": [[name, len(body)] for name, body in parts]}
    text = json.dumps(head, ensure_ascii=False) + "\n" + "".join(body for _, body in parts)
    if atomic:
        atomic_write_text(path, text, durable=False)
    else:
        path.write_text(text, "utf-8", newline="")


def read_shard_fields(path: Path) -> dict[str, Any]:
    """A shard's first line, after checking that the file holds all its parts (so a damaged
    cache entry is found before it is used). ValueError or OSError when it does not."""
    with path.open("rb") as handle:
        first = handle.readline()
        rest = os.fstat(handle.fileno()).st_size - len(first)
        fields = json.loads(first)
        if not isinstance(fields, dict) or not first.endswith(b"\n"):
            raise ValueError(f"{path}: not a shard")
        sizes = [length for _name, length in fields["parts"]]
        body = handle.read(rest).decode("utf-8")  # lengths count characters, not bytes
    if len(body) != sum(sizes):
        raise ValueError(f"{path}: parts cut short")
    return fields


def read_shard(path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """A shard's fields and its parts by name."""
    with path.open(encoding="utf-8", newline="") as handle:
        fields = json.loads(handle.readline())
        body = handle.read()
    parts, start = {}, 0
    for name, length in fields["parts"]:
        parts[name] = body[start : start + length]
        start += length
    if start != len(body):
        raise ValueError(f"{path}: parts do not add up")
    return fields, parts
