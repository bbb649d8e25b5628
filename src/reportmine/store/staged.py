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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportmine.store.atomic import csv_header, csv_lines, jsonl_lines, write_csv

Row = Mapping[str, Any]


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


class StagedTables:
    """add() each report as it is finished; publish() the tables in (file, report id) order."""

    def __init__(self, out: Path, staging: Path, specs: Sequence[TableSpec]) -> None:
        self.out, self.staging, self.specs = out, staging, list(specs)
        if staging.exists():
            shutil.rmtree(staging)
        (staging / "texts").mkdir(parents=True)
        (staging / "shards").mkdir()
        self._shards: list[tuple[str, str, Path]] = []

    def add(self, file: str, report_id: str, text: str, tables: Mapping[str, list[Row]]) -> None:
        (self.staging / "texts" / f"{report_id}.txt").write_text(text, "utf-8")
        shard = self.staging / "shards" / f"{len(self._shards)}.json"
        bodies = {spec.filename: spec.format(tables.get(spec.key, [])) for spec in self.specs}
        shard.write_text(json.dumps(bodies, ensure_ascii=False), "utf-8")
        self._shards.append((file, report_id, shard))

    def publish(self, last: Sequence[tuple[str, Sequence[str], Iterable[Row]]]) -> None:
        """Assemble the streamed tables, write ``last`` (small tables held in memory, such as
        ``reports.csv``), and rename everything into place."""
        order = sorted(self._shards, key=lambda s: (s[0], s[1]))
        handles = {
            spec.filename: (self.staging / spec.filename).open("w", encoding="utf-8", newline="")
            for spec in self.specs
        }
        try:
            for spec in self.specs:
                handles[spec.filename].write(spec.header())
            for _file, _report_id, shard in order:
                bodies = json.loads(shard.read_text("utf-8"))
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
        self._rename_into_place({f"{report_id}.txt" for _f, report_id, _s in order})

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
