"""What every extractor shares: provenance columns and the registry of extractors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportmine.model import Report, Section

# Every row of every extracted table carries these, so a researcher can check it.
PROVENANCE_COLUMNS = (
    "report_id",
    "section_id",
    "section_kind",
    "page",
    "char_start",
    "char_end",
    "source_text",
)

Row = dict[str, Any]


def provenance(report: Report, start: int, end: int, section: Section | None = None) -> Row:
    """Provenance of the span ``[start, end)`` of the report's normalised text."""
    section = section or report.section_at(start)
    return {
        "report_id": report.id,
        "section_id": section.id if section else "",
        "section_kind": section.kind if section else "",
        "page": report.page_at(start),
        "char_start": start,
        "char_end": end,
        "source_text": report.text[start:end],
    }


@dataclass(frozen=True)
class Extractor:
    """One extractor: a name, the table it writes, its own columns and a function."""

    name: str
    columns: tuple[str, ...]
    run: Callable[[Report], list[Row]]

    @property
    def table(self) -> str:
        return f"{self.name}.csv"

    @property
    def all_columns(self) -> tuple[str, ...]:
        return (*PROVENANCE_COLUMNS[:1], *self.columns, *PROVENANCE_COLUMNS[1:])


def memoised(run: Callable[[Report], list[Row]]) -> Callable[[Report], list[Row]]:
    """Compute an extractor once per report; later callers get a copy of the rows."""
    key = f"{run.__module__}.{run.__qualname__}"

    def wrapper(report: Report) -> list[Row]:
        if key not in report.cache:
            report.cache[key] = run(report)
        return [dict(row) for row in report.cache[key]]  # type: ignore[attr-defined]

    wrapper.__name__ = run.__name__
    wrapper.__doc__ = run.__doc__
    return wrapper


REGISTRY: dict[str, Extractor] = {}


def register(extractor: Extractor) -> Extractor:
    REGISTRY[extractor.name] = extractor
    return extractor
