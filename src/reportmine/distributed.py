"""Running ingestion on a Dask cluster: one task per file, results gathered in order.

Each worker needs reportmine installed (same version) and access to the files at the same
paths (a shared file system or object store mount). The scheduler address is the usual
``tcp://host:8786``; without one, a local cluster with ``workers`` processes is started.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from reportmine.pipeline import Failure, Ingested, Job, process_file


def iter_ingest_dask(
    jobs: list[Job], scheduler: str | None = None, workers: int = 2, timeout: float | None = None
) -> Iterator[Ingested | Failure]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "the dask engine needs dask.distributed: pip install 'reportmine[dask]'"
        ) from exc
    if not jobs:
        return
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        futures = {client.submit(process_file, *job, pure=False): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield future.result(timeout=timeout)
            except Exception as exc:  # a lost worker or a timeout: that file fails, not the batch
                yield Failure(
                    job[0], "internal_error", f"dask task failed: {exc.__class__.__name__}: {exc}"
                )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def write_parquet(out: Path) -> None:
    """Every CSV table also as a Parquet partition set under OUT/parquet/<table>/."""
    target = out / "parquet"
    for csv_path in sorted(out.glob("*.csv")):
        frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
        folder = target / csv_path.stem
        folder.mkdir(parents=True, exist_ok=True)
        if "report_id" in frame.columns and len(frame):
            for report_id, part in frame.groupby("report_id", sort=True):
                part.to_parquet(folder / f"{report_id}.parquet", index=False)
        else:
            frame.to_parquet(folder / "part-0.parquet", index=False)
