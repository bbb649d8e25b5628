"""The Dask engine on a local cluster with two workers writes what a single process writes."""

from __future__ import annotations

import pytest

from conftest import CORPUS
from reportmine.pipeline import ingest

pytest.importorskip("dask.distributed")


def test_dask_local_cluster_gives_identical_tables(tmp_path):
    single, clustered = tmp_path / "single", tmp_path / "dask"
    ingest([CORPUS], single)
    result = ingest([CORPUS], clustered, engine="dask", workers=2)
    assert not result.failures and len(result.reports) == 5
    tables = sorted(p.name for p in single.glob("*.csv"))
    for name in [*tables, "sections.jsonl"]:
        assert (single / name).read_bytes() == (clustered / name).read_bytes(), name
    import pandas as pd

    parts = sorted((clustered / "parquet" / "ratings").glob("*.parquet"))
    assert len(parts) == 3  # the three reports that publish ratings
    frame = pd.concat(pd.read_parquet(p) for p in parts)
    assert len(frame) == len(pd.read_csv(clustered / "ratings.csv"))
