"""SQL over the extracted tables: an embedded DuckDB with one view per CSV."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd


def connect(extracted: str | Path = "extracted") -> duckdb.DuckDBPyConnection:
    folder = Path(extracted)
    if not (folder / "reports.csv").is_file():
        raise FileNotFoundError(f"{folder}: no reports.csv; run `reportmine ingest` first")
    con = duckdb.connect(":memory:")
    for path in sorted(folder.glob("*.csv")):
        name = path.stem
        literal = str(path).replace("'", "''")
        con.execute(
            f"CREATE VIEW \"{name}\" AS SELECT * FROM read_csv('{literal}', header=true, "
            "auto_detect=true, sample_size=-1)"
        )
    return con


def query(sql: str, extracted: str | Path = "extracted") -> pd.DataFrame:
    with connect(extracted) as con:
        return con.execute(sql).df()
