"""Ruled ("lattice") tables read with PDFium alone: the rules a page draws give the grid, and
the text inside each cell comes from PDFium's bounded text extraction.

About fifty times cheaper than pdfplumber's layout analysis on the same page; pdfplumber stays
available (``table_engine="pdfplumber"``) for layouts this simple grid reading gets wrong.
"""

from __future__ import annotations

import itertools
import re
from ctypes import c_float, c_int
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reportmine.ingest import pdfium_calls as calls

RULE_THICKNESS = 2.5  # points: thinner than this, a path is a rule
MIN_RULE_LENGTH = 8.0
SNAP = 2.0  # rules within this distance are the same grid line


@dataclass(slots=True)
class _Rule:
    horizontal: bool
    position: float  # y of a horizontal rule, x of a vertical one
    start: float
    end: float


@dataclass(slots=True)
class Grid:
    """A ruled table: its rows of cell texts (top to bottom, left to right) and the box its
    rules enclose (PDF points, y up the page)."""

    rows: list[list[str]]
    left: float
    bottom: float
    right: float
    top: float


def lattice_tables(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, boxes: list[PathBox] | None = None
) -> list[Grid]:
    """Every ruled table on the page."""
    rules = _rules(path_boxes(page) if boxes is None else boxes)
    tables = []
    for group in _connected(rules):
        rows = _cells(group, textpage)
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            xs = [p for r in group for p in ((r.start, r.end) if r.horizontal else (r.position,))]
            ys = [p for r in group for p in ((r.position,) if r.horizontal else (r.start, r.end))]
            tables.append(Grid(rows, min(xs), min(ys), max(xs), max(ys)))
    return tables


@dataclass(slots=True)
class PathBox:
    """A path object's bounds (PDF points) and its plain PDFium handle (valid while the
    page is open)."""

    left: float
    bottom: float
    right: float
    top: float
    raw: int


def path_boxes(page: pdfium.PdfPage, max_depth: int = 3) -> list[PathBox]:
    """Bounds of every path object on the page, descending into form XObjects.

    Calls PDFium directly, with plain handles (:mod:`reportmine.ingest.pdfium_calls`):
    pypdfium2's ``get_objects`` wraps every object (text included) in a Python helper,
    which cost more than reading the page's text.
    """
    boxes: list[PathBox] = []
    left, bottom, right, top = (c_float() for _ in range(4))
    path_type, form_type = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM

    def walk(count: int, get: Any, parent: int, level: int) -> None:
        for i in range(count):
            obj = get(parent, i)
            if not obj:
                continue
            kind = calls.object_type(obj)
            if kind == path_type:
                if calls.object_bounds(obj, left, bottom, right, top):
                    boxes.append(PathBox(left.value, bottom.value, right.value, top.value, obj))
            elif kind == form_type and level < max_depth - 1:
                n = calls.form_count_objects(obj)
                walk(max(n, 0), calls.form_get_object, obj, level + 1)

    raw = calls.handle(page)
    walk(max(calls.count_objects(raw), 0), calls.get_object, raw, 0)
    return boxes


def _rules(boxes: list[PathBox]) -> list[_Rule]:
    rules = []
    for box in boxes:
        left, bottom, right, top = box.left, box.bottom, box.right, box.top
        width, height = right - left, top - bottom
        if height < RULE_THICKNESS and width > MIN_RULE_LENGTH:
            rules.append(_Rule(True, (top + bottom) / 2, left, right))
        elif width < RULE_THICKNESS and height > MIN_RULE_LENGTH:
            rules.append(_Rule(False, (left + right) / 2, bottom, top))
        elif width > MIN_RULE_LENGTH and height > MIN_RULE_LENGTH and _is_outline(box.raw):
            # an outlined box: its four edges (filled boxes are shading, not rules)
            rules += [
                _Rule(True, bottom, left, right),
                _Rule(True, top, left, right),
                _Rule(False, left, bottom, top),
                _Rule(False, right, bottom, top),
            ]
    return rules


def _is_outline(raw: int) -> bool:
    fill, stroke = c_int(), c_int()
    if not calls.path_draw_mode(raw, fill, stroke):
        return False
    return bool(stroke.value) and not fill.value


def _touches(a: _Rule, b: _Rule) -> bool:
    if a.horizontal == b.horizontal:
        return (
            abs(a.position - b.position) <= SNAP
            and a.start <= b.end + SNAP
            and b.start <= a.end + SNAP
        )
    h, v = (a, b) if a.horizontal else (b, a)
    return (
        h.start - SNAP <= v.position <= h.end + SNAP
        and v.start - SNAP <= h.position <= v.end + SNAP
    )


def _connected(rules: list[_Rule]) -> list[list[_Rule]]:
    """Groups of rules that touch each other: one group per table."""
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(rules)):
        for j in range(i + 1, len(rules)):
            if _touches(rules[i], rules[j]):
                parent[root(i)] = root(j)
    groups: dict[int, list[_Rule]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(root(i), []).append(rule)
    return [
        g
        for g in groups.values()
        if any(r.horizontal for r in g) and any(not r.horizontal for r in g)
    ]


def _snapped(values: list[float]) -> list[float]:
    lines: list[float] = []
    for value in sorted(values):
        if not lines or value - lines[-1] > SNAP:
            lines.append(value)
    return lines


def _cells(group: list[_Rule], textpage: pdfium.PdfTextPage) -> list[list[str]]:
    ys = _snapped([r.position for r in group if r.horizontal])[::-1]  # top first
    # A column boundary is a vertical rule that runs the full height of at least one row;
    # short strokes (icons, decorations, underlines of text) are not.
    spans = list(zip(ys[1:], ys, strict=False))  # (bottom, top) of each row
    xs = _snapped(
        [
            r.position
            for r in group
            if not r.horizontal
            and any(r.start <= bottom + SNAP and r.end >= top - SNAP for bottom, top in spans)
        ]
    )
    rows = []
    bounded = calls.BoundedText(textpage)
    for top, bottom in itertools.pairwise(ys):
        cells = []
        for left, right in itertools.pairwise(xs):
            cells.append(re.sub(r"\s+", " ", bounded(left, bottom, right, top)).strip())
        if any(cells):
            rows.append(cells)
    return rows
