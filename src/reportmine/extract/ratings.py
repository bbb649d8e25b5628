"""Ratings: the overall rating and every standard's rating, from every place a report prints them.

Sources: ``prose`` (the overall rating stated in the findings), ``summary_table`` (the ratings
summary), ``standard_heading`` (the rating printed with, or floating a few lines from, a
standard's heading) and ``annex`` (the inspection-results annex). When a standard is rated in
two places both rows are kept, and ``conflict`` flags any disagreement. Reports without
ratings yield no rows: nothing is guessed.
"""

from __future__ import annotations

import itertools
import re

from reportmine.extract.base import Extractor, Row, memoised, provenance, register
from reportmine.extract.overall import overall_rating
from reportmine.extract.vocab import (
    IMPROVEMENT,
    RATING_PATTERN,
    STANDALONE_RATING,
    canonical_rating,
    framework,
)
from reportmine.model import Line, Report, Section

COLUMNS = (
    "code",
    "level",
    "standard_name",
    "domain_number",
    "domain_name",
    "rating",
    "source",
    "conflict",
    "inferred",
    "confidence",
    "note",
)
_STANDARD_CODE = re.compile(r"^(?P<code>\d{1,2}\.\d{1,2})\.?(?:\s+|(?=[A-Z]))(?P<name>[^\t]*)")
_KQ_CODE = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{1,2}\b")
FLOAT_WINDOW_LINES = 4  # a rating this many blocks before a heading belongs to it
_IMPROVEMENT_START = re.compile(IMPROVEMENT, re.IGNORECASE)
_IMPROVEMENT_WORD = re.compile(r"\b" + IMPROVEMENT + r"\b")


@memoised
def extract_ratings(report: Report) -> list[Row]:
    rows: list[Row] = []
    overall = overall_rating(report)
    if overall:
        row = _row(report, "overall", None, overall.rating, "prose", overall.start, overall.end)
        rows.append(row)
    rows += _summary_table(report)
    rows += _standard_headings(report)
    rows += _annex(report)
    if not [r for r in rows if r["code"] != "overall"] and overall is None:
        return []
    _flag_conflicts(rows)
    return rows


def _row(
    report: Report,
    code: str,
    name: str | None,
    rating: str,
    source: str,
    start: int,
    end: int,
    *,
    inferred: bool = False,
    confidence: float = 1.0,
    note: str = "",
) -> Row:
    domain = code.split(".")[0] if code != "overall" else None
    return {
        "code": code,
        "level": "overall" if code == "overall" else "standard",
        "standard_name": name or (framework().standards.get(code) if domain else None),
        "domain_number": domain,
        "domain_name": _domain_name(report, domain),
        "rating": rating,
        "source": source,
        "conflict": False,
        "inferred": inferred,
        "confidence": confidence,
        "note": note,
        **provenance(report, start, end),
    }


def _domain_name(report: Report, number: str | None) -> str | None:
    if number is None:
        return None
    for section in report.sections:
        if section.kind == "domain" and section.number == number:
            return section.title
    return framework().domains.get(number)


# --------------------------------------------------------------------------- summary table


def _summary_table(report: Report) -> list[Row]:
    """Rows such as ``1.1<TAB>Leadership<TAB>Good`` outside the contents and annexes."""
    rows = []
    for table in report.tables:
        section = report.section_at(table.start)
        if (
            section is None
            or section.kind in {"contents", "inspection_results"}
            or _in_annex(report, section)
        ):
            continue
        for line in report.lines_between(table.start, table.end + 1):
            cells = [c.strip() for c in report.line_text(line).split("\t")]
            code_cell = next((c for c in cells if re.fullmatch(r"\d{1,2}\.\d{1,2}\.?", c)), None)
            rating = next((canonical_rating(c) for c in cells if _is_rating_cell(c)), None)
            if code_cell and rating:
                code = code_cell.rstrip(".")
                names = [c for c in cells if c not in {code_cell} and not _is_rating_cell(c) and c]
                rows.append(
                    _row(
                        report,
                        code,
                        names[0] if names else None,
                        rating,
                        "summary_table",
                        line.start,
                        line.end,
                    )
                )
    return rows


def _is_rating_cell(cell: str) -> bool:
    return STANDALONE_RATING.match(cell) is not None and canonical_rating(cell) is not None


def _in_annex(report: Report, section: Section) -> bool:
    by_id = {s.id: s for s in report.sections}
    node: Section | None = section
    while node is not None:
        if node.kind in {"annex", "inspection_results", "methodology", "appendix"}:
            return True
        node = by_id.get(node.parent_id) if node.parent_id else None
    return False


# --------------------------------------------------------------------------- headings


def _standard_headings(report: Report) -> list[Row]:
    rows = []
    for domain, standards in _standards_by_domain(report):
        floating = _floating_ratings(report, domain, standards)
        assigned: dict[str, tuple[str, int, int, str]] = {}
        for standard in standards:
            if standard.rating and standard.number:
                assigned[standard.number] = (
                    standard.rating,
                    standard.heading_start,
                    standard.heading_end,
                    "",
                )
        used: set[int] = set()
        for standard in standards:
            if not standard.number or standard.number in assigned:
                continue
            # the nearest lone rating printed just before the heading belongs to it
            before = [
                (line, rating)
                for line, rating in floating
                if line.end <= standard.heading_start
                and line.start not in used
                and len(report.lines_between(line.end, standard.heading_start)) < FLOAT_WINDOW_LINES
            ]
            if before:
                line, rating = before[-1]
                used.add(line.start)
                gap = len(report.lines_between(line.end, standard.heading_start))
                assigned[standard.number] = (
                    rating,
                    line.start,
                    line.end,
                    f"rating printed {gap + 1} block(s) before the heading",
                )
        unused = [(line, rating) for line, rating in floating if line.start not in used]
        rows += [
            _row(
                report,
                code,
                _standard_name(standards, code),
                rating,
                "standard_heading",
                start,
                end,
                confidence=1.0 if not note else 0.9,
                note=note,
            )
            for code, (rating, start, end, note) in assigned.items()
        ]
        rows += _recover_lost_headings(report, domain, standards, unused, assigned)
    return sorted(rows, key=lambda r: r["char_start"])


def _standards_by_domain(report: Report) -> list[tuple[Section, list[Section]]]:
    """Standards grouped under their domain. When a domain heading was lost, its standards
    still group by number, and the group spans from the previous group's end."""
    standards = [s for s in report.sections if s.kind == "standard" and s.number]
    groups: dict[str, list[Section]] = {}
    for standard in standards:
        groups.setdefault((standard.number or "").split(".")[0], []).append(standard)
    domains = {s.number: s for s in report.sections if s.kind == "domain" and s.number}
    result = []
    previous_end = 0
    for major, members in groups.items():
        domain = domains.get(major)
        if domain is None:
            start = max(previous_end, members[0].start - 2000)
            domain = Section(
                id="",
                report_id=report.id,
                number=major,
                title="",
                kind="domain",
                level=1,
                parent_id=None,
                start=start,
                end=members[-1].end,
                heading_start=start,
                heading_end=start,
            )
        result.append((domain, members))
        previous_end = members[-1].end
    return result


def _floating_ratings(
    report: Report, domain: Section, standards: list[Section]
) -> list[tuple[Line, str]]:
    """Blocks that are only a rating ("Good"; "Requires" then "improvement")."""
    headings = {s.heading_start for s in standards}
    lines = report.lines_between(domain.heading_end, domain.end)
    found = []
    skip_next = False
    for i, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        if line.start in headings:
            continue
        text = report.line_text(line).strip()
        match = STANDALONE_RATING.match(text)
        if not match:
            continue
        rating = match.group("rating")
        if rating.lower() == "requires":
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is None or not _IMPROVEMENT_START.match(report.line_text(nxt).strip()):
                continue
            skip_next = True
            line = Line(start=line.start, end=nxt.end, page=line.page)
        canonical = canonical_rating(rating)
        if canonical is not None:
            found.append((line, canonical))
    return found


def _standard_name(standards: list[Section], code: str) -> str | None:
    return next((s.title for s in standards if s.number == code), None)


def _recover_lost_headings(
    report: Report,
    domain: Section,
    standards: list[Section],
    unused: list[tuple[Line, str]],
    assigned: dict[str, tuple[str, int, int, str]],
) -> list[Row]:
    """Ratings whose standard heading was lost (OCR): give them the missing numbers in order,
    but only when the count of lost headings and left-over ratings agree exactly."""
    if not unused or not domain.number:
        return []
    known = sorted(
        (int(s.number.split(".")[1]), s) for s in standards if s.number and "." in s.number
    )
    rows = []
    for (low, low_s), (high, high_s) in itertools.pairwise(known):
        missing = [f"{domain.number}.{n}" for n in range(low + 1, high)]
        between = [
            (ln, r) for ln, r in unused if low_s.heading_end <= ln.start < high_s.heading_start
        ]
        if missing and len(between) == len(missing):
            for code, (line, rating) in zip(missing, between, strict=True):
                if code in assigned:
                    continue
                rows.append(
                    _row(
                        report,
                        code,
                        None,
                        rating,
                        "standard_heading",
                        line.start,
                        line.end,
                        inferred=True,
                        confidence=0.7,
                        note="standard heading lost in conversion; "
                        "rating assigned by standard order",
                    )
                )
    return rows


# --------------------------------------------------------------------------- annex


def _annex(report: Report) -> list[Row]:
    """In an inspection-results annex, a standard line is followed by its rating, before its
    first key question."""
    rows = []
    for annex in (s for s in report.sections if s.kind == "inspection_results"):
        lines = report.lines_between(annex.heading_end, annex.end)
        for i, line in enumerate(lines):
            text = report.line_text(line)
            match = _STANDARD_CODE.match(text)
            if not match or _KQ_CODE.match(text):
                continue
            code = match.group("code")
            name = match.group("name").split("\t")[0].strip().rstrip(")").strip()
            window_end = next(
                (
                    ln.start
                    for ln in lines[i + 1 :]
                    if _KQ_CODE.match(report.line_text(ln))
                    or _STANDARD_CODE.match(report.line_text(ln))
                ),
                annex.end,
            )
            window_end = min(window_end, line.start + 700)
            found = RATING_PATTERN.search(
                report.text, line.start + len(match.group("code")), window_end
            )
            if not found:
                continue
            rating = canonical_rating(found.group("rating"))
            if rating is None:
                continue
            start, end = found.start(), found.end()
            if found.group("rating").lower() == "requires":
                # OCR can scatter "Requires ... improvement" around the standard's description
                rest = _IMPROVEMENT_WORD.search(report.text, found.end(), window_end)
                if rest is None:
                    continue
                end = rest.end()
            rows.append(_row(report, code, _clean_name(name), rating, "annex", start, end))
    return rows


def _clean_name(name: str) -> str | None:
    name = RATING_PATTERN.sub("", name).strip(" .:-_)")
    return name or None


def _flag_conflicts(rows: list[Row]) -> None:
    by_code: dict[str, set[str]] = {}
    for row in rows:
        by_code.setdefault(row["code"], set()).add(row["rating"])
    for row in rows:
        row["conflict"] = len(by_code[row["code"]]) > 1


def consolidated(rows: list[Row]) -> dict[str, str]:
    """One rating per code: the summary table, else the heading, else the annex, else prose."""
    order = {"summary_table": 0, "standard_heading": 1, "annex": 2, "prose": 3}
    best: dict[str, Row] = {}
    for row in rows:
        current = best.get(row["code"])
        if current is None or order[row["source"]] < order[current["source"]]:
            best[row["code"]] = row
    return {code: row["rating"] for code, row in best.items()}


EXTRACTOR = register(Extractor("ratings", COLUMNS, extract_ratings))
