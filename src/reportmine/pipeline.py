"""Batch ingestion: files and folders in, tidy tables out, bad files recorded, never fatal."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from reportmine.errors import IngestError
from reportmine.extract import Row, extractors, run_all
from reportmine.extract.overall import overall_rating
from reportmine.ingest import SUPPORTED_SUFFIXES, read_report
from reportmine.model import Report
from reportmine.store import atomic_write_text, write_csv, write_jsonl
from reportmine.store.tables import (
    ERROR_COLUMNS,
    REPORT_COLUMNS,
    SECTION_COLUMNS,
    report_row,
    section_json,
    section_rows,
)

MANIFEST = "manifest.csv"
# Files that sit beside reports in a folder but are not reports.
_NOT_REPORTS = ("readme", "license", "licence", "changelog", "manifest")


@dataclass(slots=True)
class Failure:
    file: str
    error: str
    message: str


@dataclass(slots=True)
class Ingested:
    report: Report
    tables: dict[str, list[Row]]


@dataclass
class IngestResult:
    reports: list[Report] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    out_dir: Path | None = None
    tables: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 0 if self.reports and not self.failures else 1


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
                    metadata[str((folder / name).resolve())] = {
                        k: (v or "").strip() for k, v in row.items()
                    }
    return metadata


def _ingest_one(args: tuple[str, dict[str, str], int | None]) -> Ingested | Failure:
    path, metadata, max_pages = args
    try:
        report = read_report(path, metadata=metadata, max_pages=max_pages)
        tables = run_all(report)
        _tag_themes(report, tables)
        report.cache.clear()  # rows are in ``tables``; do not ship them twice between processes
        return Ingested(report, tables)
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
    for row, themes in zip(
        recommendations, tag_texts([r["text"] for r in recommendations], model), strict=True
    ):
        row["themes"] = themes


def iter_ingest(
    files: list[Path], workers: int = 1, max_pages: int | None = None
) -> Iterator[Ingested | Failure]:
    manifests = load_manifests(files)
    jobs = []
    for path in files:
        try:
            key = str(path.resolve())
        except (OSError, RuntimeError):
            key = str(path)
        jobs.append((str(path), manifests.get(key, {}), max_pages))
    if workers <= 1 or len(jobs) <= 1:
        yield from map(_ingest_one, jobs)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        yield from pool.map(_ingest_one, jobs, chunksize=1)


def ingest(
    paths: Iterable[str | Path],
    out_dir: str | Path = "extracted",
    *,
    workers: int = 1,
    max_pages: int | None = None,
    on_progress: Callable[[Ingested | Failure], None] | None = None,
) -> IngestResult:
    files = discover(paths)
    result = IngestResult(out_dir=Path(out_dir))
    for outcome in iter_ingest(files, workers=workers, max_pages=max_pages):
        if isinstance(outcome, Failure):
            result.failures.append(outcome)
        else:
            result.reports.append(outcome.report)
            for name, rows in outcome.tables.items():
                result.tables.setdefault(name, []).extend(rows)
        if on_progress:
            on_progress(outcome)
    if not files:
        result.failures.append(
            Failure(", ".join(map(str, paths)), "no_input", "no report files found")
        )
    write_outputs(result)
    return result


def write_outputs(result: IngestResult) -> None:
    """Write every table; each file is replaced atomically, so readers see old or new."""
    assert result.out_dir is not None
    out = result.out_dir
    out.mkdir(parents=True, exist_ok=True)
    reports = sorted(result.reports, key=lambda r: (r.source_path, r.id))
    first_by_hash: dict[str, str] = {}
    report_rows = []
    for report in reports:
        duplicate_of = first_by_hash.setdefault(report.sha256, report.id)
        rating = overall_rating(report)
        report_rows.append(
            report_row(
                report,
                rating.rating if rating else None,
                None if duplicate_of == report.id else duplicate_of,
            )
        )
    for report in reports:
        atomic_write_text(out / "texts" / f"{report.id}.txt", report.text)
    write_csv(
        out / "sections.csv", SECTION_COLUMNS, (row for r in reports for row in section_rows(r))
    )
    write_jsonl(out / "sections.jsonl", (row for r in reports for row in section_json(r)))
    order = {report.id: i for i, report in enumerate(reports)}
    for extractor in extractors():
        table = result.tables.get(extractor.name, [])
        table = sorted(table, key=lambda row: order.get(row["report_id"], 0))
        write_csv(out / extractor.table, extractor.all_columns, table)
    from reportmine.classify.tagger import PARAGRAPH_THEME_COLUMNS

    themes = sorted(
        result.tables.get("paragraph_themes", []), key=lambda row: order.get(row["report_id"], 0)
    )
    write_csv(out / "paragraph_themes.csv", PARAGRAPH_THEME_COLUMNS, themes)
    write_csv(
        out / "errors.csv",
        ERROR_COLUMNS,
        (
            {"file": f.file, "error": f.error, "message": f.message}
            for f in sorted(result.failures, key=lambda f: f.file)
        ),
    )
    # reports.csv last: its presence with these ids says the other tables are complete.
    write_csv(out / "reports.csv", REPORT_COLUMNS, report_rows)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))
