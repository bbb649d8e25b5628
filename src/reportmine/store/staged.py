"""Tables streamed to a staging folder one report at a time, then published whole.

A batch of thousands of reports must not be held in memory until the end. Each report's
rows are formatted as soon as the report is done and kept on disk as a shard; ``publish``
assembles every table from the shards in report order (one shard in memory at a time), then
renames the tables into place, ``reports.csv`` last, so a reader only ever sees complete
tables and a killed run leaves the previous ones untouched.
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
SHARD_TABLES = "tables"  # a shard's key for its formatted rows: {file name: text}


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
        tables: Mapping[str, list[Row]],
        keep: Path | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> Shard:
        """Stage one report's text and rows. Safe in a worker process: it only writes files
        with names of their own; the shard counts once the batch's process registers it.

        With ``keep``, the shard is written there (atomically) and outlives the batch, with
        ``extra`` fields beside the rows: a cache entry a later run can :meth:`reuse`, so
        rows are formatted and serialised once."""
        (self.staging / "texts" / f"{report_id}.txt").write_text(text, "utf-8")
        bodies = {spec.filename: spec.format(tables.get(spec.key, [])) for spec in self.specs}
        entry = json.dumps({**(extra or {}), SHARD_TABLES: bodies}, ensure_ascii=False)
        if keep is None:
            path = self.staging / "shards" / f"{uuid.uuid4().hex}.json"
            path.write_text(entry, "utf-8")
        else:
            path = keep
            atomic_write_text(path, entry, durable=False)
        return Shard(file, report_id, str(path))

    def reuse(self, file: str, report_id: str, text: str, kept: Path) -> Shard:
        """Stage a report from a shard a previous run kept (see :meth:`write`)."""
        (self.staging / "texts" / f"{report_id}.txt").write_text(text, "utf-8")
        return Shard(file, report_id, str(kept))

    def register(self, shard: Shard) -> None:
        self._shards.append(shard)

    def add(self, file: str, report_id: str, text: str, tables: Mapping[str, list[Row]]) -> None:
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
            for shard in order:
                bodies = json.loads(Path(shard.path).read_text("utf-8"))[SHARD_TABLES]
                for name, body in bodies.items():
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
