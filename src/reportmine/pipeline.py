"""Batch ingestion: files and folders in, tidy tables out, bad files recorded, never fatal.

Incremental and crash-safe: each file's results are cached under ``OUT/.cache`` (keyed
by the file's content hash, its manifest metadata, and the reportmine version, code and theme
model) the moment it is finished, so a re-run skips unchanged files (``force=True`` redoes
them) and a killed run loses only the files in flight. A cache entry holds the report's text
and its rows formatted for the tables: it is the report's shard, from which the tables are
assembled under ``OUT/.staging`` at the end (an entry made in this run or an earlier one
alike) and renamed into place file by file, so a reader always finds complete tables.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import hashlib
import json
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from reportmine import __version__
from reportmine.classify import model_folder
from reportmine.errors import IngestError
from reportmine.extract import Row, extractors, run_all
from reportmine.extract.overall import overall_rating
from reportmine.ingest import SUPPORTED_SUFFIXES, read_report
from reportmine.model import Report
from reportmine.parallel import default_jobs
from reportmine.store.staged import Shard, StagedTables, TableSpec, read_shard_fields
from reportmine.store.tables import (
    ERROR_COLUMNS,
    PARAGRAPH_THEME_COLUMNS,
    REPORT_COLUMNS,
    SECTION_COLUMNS,
    report_row,
    section_json,
    section_rows,
)

MANIFEST = "manifest.csv"
CACHE = ".cache"
STAGING = ".staging"
# One file's work: path, manifest metadata, page limit, OCR scanned PDFs.
Job = tuple[str, dict[str, str], int | None, bool]
# Files that sit beside reports in a folder but are not reports.
_NOT_REPORTS = ("readme", "license", "licence", "changelog", "manifest")


@dataclass(slots=True)
class Failure:
    file: str
    error: str
    message: str


@dataclass
class Ingested:
    """Everything one report contributes to the output tables (JSON-serialisable)."""

    file: str
    sha256: str
    report_id: str
    text: str
    tables: dict[str, list[Row]]  # "reports", "sections", "sections_json", extractors, themes
    cached: bool = False

    def summary(self) -> Ingested:
        """This report without its text and its rows but the ``reports`` row: what a batch
        keeps in memory once the rest is staged on disk."""
        return Ingested(
            self.file,
            self.sha256,
            self.report_id,
            "",
            {"reports": self.tables["reports"]},
            self.cached,
        )


@dataclass(frozen=True)
class _Staged:
    """A finished report as a worker hands it back: its summary and where its rows are."""

    summary: Ingested
    shard: Shard


@dataclass
class IngestResult:
    reports: list[Ingested] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    out_dir: Path | None = None

    @property
    def exit_code(self) -> int:
        return 0 if self.reports and not self.failures else 1

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.reports if r.cached)


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus every report-like file under named folders (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.name.startswith(".") or child.name.lower().startswith(_NOT_REPORTS):
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES and (
                    child.is_file() or child.is_symlink()
                ):
                    found.append(child)
        else:
            found.append(path)
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(str(path), path)
    return list(unique.values())


def load_manifests(files: Iterable[Path]) -> dict[str, dict[str, str]]:
    """Metadata rows keyed by resolved file path, from any manifest.csv beside the files."""
    metadata: dict[str, dict[str, str]] = {}
    for folder in {f.parent for f in files}:
        manifest = folder / MANIFEST
        if not manifest.is_file():
            continue
        with manifest.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                name = (row.get("file") or "").strip()
                if name:
                    key = str((folder / name).resolve())
                    metadata[key] = {k: (v or "").strip() for k, v in row.items()}
    return metadata


# --------------------------------------------------------------------------- one file


def process_file(
    path: str, metadata: dict[str, str], max_pages: int | None, ocr: bool = False
) -> Ingested | Failure:
    """Read, extract and tag one file. Never raises: bad input becomes a Failure."""
    try:
        report = read_report(path, metadata=metadata, max_pages=max_pages, ocr=ocr)
        tables = run_all(report)
        _tag_themes(report, tables)
        rating = overall_rating(report)
        tables["reports"] = [report_row(report, rating.rating if rating else None, None)]
        tables["sections"] = list(section_rows(report))
        tables["sections_json"] = list(section_json(report, tables["sections"]))
        return Ingested(path, report.sha256, report.id, report.text, tables)
    except IngestError as exc:
        return Failure(exc.path, exc.kind, exc.cause)
    except Exception as exc:  # a bug or a pathological file must not sink the batch
        return Failure(path, "internal_error", f"{exc.__class__.__name__}: {exc}")


def _tag_themes(report: Report, tables: dict[str, list[Row]]) -> None:
    """Theme tags on paragraphs and recommendations, when a theme model is installed."""
    from reportmine.classify.tagger import shipped_model, tag_paragraphs, tag_texts

    model = shipped_model()
    if model is None:
        return
    tables["paragraph_themes"] = tag_paragraphs(report, model)
    recommendations = tables.get("recommendations", [])
    texts = [r["text"] for r in recommendations]
    for row, themes in zip(recommendations, tag_texts(texts, model), strict=True):
        row["themes"] = themes


def _warm_up() -> None:
    """Load the models (and lazily imported modules) once in the parent, so forked workers
    share them instead of each loading its own."""
    import reportmine.ingest.resegment  # noqa: F401  (normalise imports it on first use)
    from reportmine.classify.tagger import shipped_model
    from reportmine.extract.proportions import pipeline

    shipped_model()
    pipeline()


# --------------------------------------------------------------------------- cache


def _file_digest(path: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def _cache_key(path: Path, sha256: str, metadata: dict[str, str], stamp: str) -> str:
    context = json.dumps([str(path), metadata, stamp], sort_keys=True)
    return f"{sha256[:20]}-{hashlib.sha256(context.encode()).hexdigest()[:12]}.shard"


def _code_and_model_stamp() -> str:
    """What a cached result depends on besides its file: the reportmine version, its code
    and configuration (so a changed extractor is re-run even without a version bump, as
    with an editable install), and the shipped theme model and taxonomy."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*")):
        if source.suffix in {".py", ".yaml", ".yml"} and source.is_file():
            digest.update(str(source.relative_to(package)).encode())
            digest.update(source.read_bytes())
    folder = model_folder()
    for model in (folder / "model.json", folder / "weights.npz", folder.parent / "themes.yaml"):
        if model.is_file():
            digest.update(model.read_bytes())
    return digest.hexdigest()[:16]


def _read_cache(path: Path) -> Ingested | None:
    """A cached report's summary; its text and rows stay in the file, which is staged as it
    is (see :meth:`StagedTables.reuse`)."""
    try:
        entry = read_shard_fields(path)
        reports = {"reports": entry["reports"]}
        return Ingested(entry["file"], entry["sha256"], entry["report_id"], "", reports, True)
    except (OSError, ValueError, TypeError, KeyError):
        return None  # a damaged cache entry is simply recomputed


def _cache_fields(item: Ingested) -> dict[str, Any]:
    """What a cache entry holds beside the report's text and formatted rows."""
    return {
        "file": item.file,
        "sha256": item.sha256,
        "report_id": item.report_id,
        "reports": item.tables["reports"],
    }


# --------------------------------------------------------------------------- batch


def iter_ingest(
    jobs: list[Job],
    workers: int = 1,
    timeout: float | None = None,
    finish: Callable[[Ingested], Any] | None = None,
) -> Iterator[Any]:
    """Process files; in parallel worker processes when ``workers > 1`` or a per-file
    ``timeout`` is set (a file over the limit is stopped and reported, the batch goes on).

    ``finish`` turns each report into what is yielded, in the process that made it: a
    worker then sends back the small result (say, where it staged the rows), not the rows."""
    if not jobs:
        return
    if (workers <= 1 or len(jobs) == 1) and timeout is None:
        for job in jobs:
            yield _finished(process_file(*job), finish)
        return
    _warm_up()
    context = multiprocessing.get_context("fork")
    # Largest files first, so that no worker starts a long file when the others are done.
    pending = sorted(jobs, key=lambda job: -_size(job[0]))
    pool = [_Worker.start(context, finish) for _ in range(min(max(1, workers), len(pending)))]
    try:
        while pending or any(w.job for w in pool):
            for worker in pool:
                if worker.job is None and pending:
                    worker.give(pending.pop(0))
            busy = [w for w in pool if w.job is not None]
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.05)
            for index, worker in enumerate(pool):
                outcome, healthy = worker.outcome(timeout)
                if outcome is None:
                    continue
                if not healthy:  # killed or dead: a fresh (warm) worker takes its place
                    pool[index] = _Worker.start(context, finish)
                yield outcome
    finally:
        for worker in pool:
            worker.stop()


@dataclass
class _Worker:
    """A forked process that ingests one file after another, keeping its caches warm."""

    process: Any
    conn: Any
    job: Job | None = None
    started: float = 0.0

    @classmethod
    def start(cls, context: Any, finish: Callable[[Ingested], Any] | None = None) -> _Worker:
        here, there = context.Pipe()
        args = (there, here, os.getpid(), finish)
        process = context.Process(target=_serve, args=args, daemon=True)
        process.start()
        there.close()
        return cls(process, here)

    def give(self, job: Job) -> None:
        self.job, self.started = job, time.monotonic()
        self.conn.send(job)

    def outcome(self, timeout: float | None) -> tuple[Any, bool]:
        """The finished job's outcome (what ``finish`` made of it, or its failure; None
        while it runs) and whether the worker can go on."""
        if self.job is None:
            return None, True
        path = self.job[0]
        if self.conn.poll():
            try:
                result, healthy = self.conn.recv(), True
            except (EOFError, OSError):
                result, healthy = Failure(path, "internal_error", "worker process died"), False
        elif not self.process.is_alive():
            code = self.process.exitcode
            result = Failure(path, "internal_error", f"worker process died (exit {code})")
            healthy = False
        elif timeout is not None and time.monotonic() - self.started > timeout:
            self.process.kill()
            self.process.join()
            message = f"stopped after {timeout:g} s (per-file time limit)"
            result, healthy = Failure(path, "timeout", message), False
        else:
            return None, True
        self.job = None
        return result, healthy

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            if self.process.is_alive() and self.job is None:
                self.conn.send(None)
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _finished(outcome: Ingested | Failure, finish: Callable[[Ingested], Any] | None) -> Any:
    if finish is None or isinstance(outcome, Failure):
        return outcome
    try:
        return finish(outcome)
    except Exception as exc:  # say, a full disk: this file fails, not the batch
        return Failure(outcome.file, "internal_error", f"{exc.__class__.__name__}: {exc}")


def _serve(
    conn: Any, parent_end: Any, parent: int, finish: Callable[[Ingested], Any] | None
) -> None:
    """A worker's loop: a job in, its outcome out, until told to stop (None).

    A worker must not outlive a killed batch: it would block for ever on a pipe whose other
    end it also holds, so it closes that end and dies with its parent.
    """
    parent_end.close()
    _die_with_parent(parent)
    while (job := conn.recv()) is not None:
        conn.send(_finished(process_file(*job), finish))


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the daemon flag still covers normal exits
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def ingest(
    paths: Iterable[str | Path],
    out_dir: str | Path = "extracted",
    *,
    workers: int = 1,
    max_pages: int | None = None,
    timeout: float | None = None,
    force: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    ocr: bool = False,
    on_progress: Callable[[Ingested | Failure], None] | None = None,
) -> IngestResult:
    """Ingest files and folders into ``out_dir``. ``engine="dask"`` runs each file as a Dask
    task on the cluster at ``scheduler`` (or a local cluster when none is given) and also
    writes the tables as Parquet under ``out_dir/parquet``."""
    paths = list(paths)
    out = Path(out_dir)
    files = discover(paths)
    manifests = load_manifests(files)
    result = IngestResult(out_dir=out)
    staged = StagedTables(out, out / STAGING, _streamed_tables())
    cache_dir = out / CACHE
    stamp = _code_and_model_stamp()
    jobs: list[Job] = []
    keys: dict[str, Path] = {}

    def stage(item: Ingested) -> _Staged:
        """Cache and stage a finished report; runs in the worker process that made it."""
        key = keys.get(item.file)  # the shard is kept as the file's cache entry
        extra = _cache_fields(item) if key is not None else None
        shard = staged.write(item.file, item.report_id, item.text, item.tables, key, extra)
        return _Staged(item.summary(), shard)

    def keep(done: _Staged) -> None:
        staged.register(done.shard)
        result.reports.append(done.summary)
        if on_progress:
            on_progress(done.summary)

    for path in files:
        try:
            metadata = manifests.get(str(path.resolve()), {})
        except (OSError, RuntimeError):
            metadata = {}
        sha = _file_digest(path) if path.is_file() else None
        if sha is not None:
            key = cache_dir / _cache_key(path, sha, metadata, stamp)
            keys[str(path)] = key
            cached = None if force else _read_cache(key) if key.is_file() else None
            if cached is not None:
                keep(_Staged(cached, staged.reuse(str(path), cached.report_id, key)))
                continue
        jobs.append((str(path), metadata, max_pages, ocr))
    if engine == "dask":
        from reportmine.distributed import iter_ingest_dask

        remote = iter_ingest_dask(jobs, scheduler=scheduler, workers=workers, timeout=timeout)
        outcomes: Iterator[Any] = (_finished(o, stage) for o in remote)  # staged here, locally
    else:
        outcomes = iter_ingest(jobs, workers=workers, timeout=timeout, finish=stage)
    for outcome in outcomes:
        if isinstance(outcome, Failure):
            result.failures.append(outcome)
            if on_progress:
                on_progress(outcome)
        else:
            keep(outcome)
    if not files:
        result.failures.append(
            Failure(", ".join(map(str, paths)), "no_input", "no report files found")
        )
    staged.publish(_small_tables(result))
    if engine == "dask":
        from reportmine.distributed import write_parquet

        write_parquet(out)
    return result


# --------------------------------------------------------------------------- output


def _streamed_tables() -> list[TableSpec]:
    """The tables written report by report as a batch goes (all but the small ones)."""
    return [
        TableSpec("sections", "sections.csv", SECTION_COLUMNS),
        TableSpec("sections_json", "sections.jsonl"),
        *(TableSpec(e.name, e.table, tuple(e.all_columns)) for e in extractors()),
        TableSpec("paragraph_themes", "paragraph_themes.csv", PARAGRAPH_THEME_COLUMNS),
    ]


def _small_tables(result: IngestResult) -> list[tuple[str, Sequence[str], Iterable[Row]]]:
    """errors.csv and reports.csv, whose duplicate_of needs every report of the batch."""
    reports = sorted(result.reports, key=lambda r: (r.file, r.report_id))
    first_by_hash: dict[str, str] = {}
    for item in reports:
        original = first_by_hash.setdefault(item.sha256, item.report_id)
        item.tables["reports"][0]["duplicate_of"] = None if original == item.report_id else original
    failures = sorted(result.failures, key=lambda f: f.file)
    return [
        ("errors.csv", ERROR_COLUMNS, [asdict(f) for f in failures]),
        ("reports.csv", REPORT_COLUMNS, [item.tables["reports"][0] for item in reports]),
    ]


def default_workers() -> int:
    """One worker per CPU core, at most four (as for fitting the theme model)."""
    return default_jobs()
