"""The one typed document object every stage passes along.

A :class:`Report` keeps the *normalised* full text; every other object (line, section,
footnote reference, table, later every extracted record) points into it with a
``[start, end)`` character span, so a researcher can always go back to the words.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(slots=True)
class FootnoteRef:
    """A footnote marker separated from the word it was glued to (``people?11``)."""

    label: str  # "11"; "?" where OCR made it unreadable
    start: int  # offset in the normalised text where the marker stood
    raw: str  # the marker as it appeared in the source ("<sup>11</sup>", "?11", "¹")


@dataclass(slots=True)
class Table:
    rows: list[list[str]]
    start: int
    end: int
    page: int | None
    source: str  # "pdfplumber" | "tabs" | "markdown" | "html"


@dataclass(slots=True)
class Line:
    """One block of the normalised text: a heading, a paragraph, a list item or a table row."""

    start: int
    end: int
    page: int | None
    heading_level: int | None = None  # markup said so: markdown '#', HTML <hN>
    bold: bool = False
    font_size: float | None = None
    is_table_row: bool = False


@dataclass(slots=True)
class Section:
    id: str  # "<report_id>/s012"
    report_id: str
    number: str | None  # "2.3", "Annex 1", "Outcome 4"
    title: str
    kind: str  # canonical kind, see reportmine.sections.kinds
    level: int
    parent_id: str | None
    start: int  # span of the whole section, heading included
    end: int
    heading_start: int
    heading_end: int
    page_start: int | None = None
    page_end: int | None = None
    rating: str | None = None  # a rating printed on the heading line, if any

    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(slots=True)
class Paragraph:
    id: str
    section_id: str
    start: int
    end: int
    page: int | None
    text: str


@dataclass
class Report:
    id: str
    slug: str
    source_path: str
    format: str  # "text" | "markdown" | "pdf" | "html"
    sha256: str
    text: str
    lines: list[Line]
    page_starts: list[int] = field(default_factory=list)  # offset where each page begins
    footnote_refs: list[FootnoteRef] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    # Results of extractors other extractors build on (ratings feed key questions ...).
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_pages(self) -> int | None:
        return len(self.page_starts) or None

    def page_at(self, offset: int) -> int | None:
        """1-based page of a character offset, or None when the source had no pages."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing ``offset``."""
        best: Section | None = None
        for section in self.sections:
            if section.start <= offset < section.end and (
                best is None or section.level >= best.level
            ):
                best = section
        return best

    def section_text(self, section: Section) -> str:
        return self.text[section.start : section.end]

    def section_body(self, section: Section) -> str:
        """Section text without its heading line."""
        return self.text[section.heading_end : section.end].strip("\n")

    def lines_between(self, start: int, end: int) -> list[Line]:
        """The blocks that start inside ``[start, end)``, in order."""
        starts = self.cache.get("line_starts")
        if not isinstance(starts, list) or len(starts) != len(self.lines):  # once, not per call
            starts = self.cache["line_starts"] = [line.start for line in self.lines]
        return self.lines[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def line_text(self, line: Line) -> str:
        return self.text[line.start : line.end]

    def footnotes_in(self, start: int, end: int) -> list[FootnoteRef]:
        return [ref for ref in self.footnote_refs if start <= ref.start <= end]

    def paragraphs(self) -> Iterator[Paragraph]:
        """Prose blocks of the body, each inside exactly one (innermost) section."""
        heading_starts = {s.heading_start for s in self.sections}
        counter = 0
        for line in self.lines:
            if line.start in heading_starts or line.is_table_row:
                continue
            text = self.text[line.start : line.end]
            if not has_words(text, 4):
                continue
            section = self.section_at(line.start)
            counter += 1
            yield Paragraph(
                id=f"{self.id}/p{counter:04d}",
                section_id=section.id if section else "",
                start=line.start,
                end=line.end,
                page=line.page,
                text=text,
            )


_WORD = re.compile(r"[A-Za-z]{2,}")


def has_words(text: str, n: int) -> bool:
    """Whether ``text`` holds at least ``n`` words of two or more letters (stops counting
    at ``n``: most paragraphs have far more)."""
    return sum(1 for _ in itertools.islice(_WORD.finditer(text), n)) >= n
