"""PDF reader: pypdfium2 for the text layer, pdfplumber only where its layout analysis pays.

pypdfium2 reads text at hundreds of pages a second; pdfplumber's layout analysis is ~50x
slower. So every page's text (with font size and weight of each line, for heading hints)
comes from PDFium, and pdfplumber is opened only for the pages that carry enough ruled
lines to hold a table. A ruled table's rows then take the place of its text-layer lines as
tab-separated rows, the form every reader gives tables in.
"""

from __future__ import annotations

import contextlib
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from reportmine.errors import IngestError
from reportmine.ingest import pdfium_calls as calls
from reportmine.ingest.lattice import PathBox, lattice_tables, path_boxes
from reportmine.ingest.normalise import RawLine

NO_TEXT_LAYER = "no text layer: run OCR first (e.g. ocrmypdf)"
# Distinct horizontal rules a page needs before pdfplumber's table finder is run on it.
MIN_GRID_ROWS = 3
# A gap between two lines this many times the document's usual line pitch (both relative
# to font size) is the space between paragraphs.
PARAGRAPH_GAP = 1.3
_FIRST_WORD_CHAR = re.compile(r"\w")
_USUAL_PITCH = 1.2  # line pitch / font size of most body text, when a document has few lines
TABLE_SLACK = 2.0  # points: a line starting this near a table's box is inside it


@dataclass(slots=True)
class PdfTable:
    page: int
    rows: list[list[str]]
    source: str = "pdfplumber"
    # the box the table occupies (PDF points, y up the page), when the engine gives one
    box: tuple[float, float, float, float] | None = None
    # its rows stand in the text as tab-separated table lines, in place of the text layer's
    placed: bool = False


@dataclass(slots=True)
class PdfContent:
    lines: list[RawLine]
    tables: list[PdfTable]
    n_pages: int


def read_pdf(
    path: Path, max_pages: int | None = None, tables: bool = True, table_engine: str = "pdfium"
) -> PdfContent:
    """Text lines with font hints for every page, and the ruled tables: read from the PDF's
    own rules with PDFium (``table_engine="pdfium"``, fast) or by pdfplumber's layout
    analysis (``"pdfplumber"``), only on pages that draw a grid."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _open_error(path, exc) from exc
    try:
        n_pages = len(document)
        if n_pages == 0:
            raise IngestError(path, "PDF has no pages", "empty")
        if max_pages is not None and n_pages > max_pages:
            raise IngestError(
                path, f"PDF has {n_pages} pages, over the limit of {max_pages}", "too_large"
            )
        lines: list[RawLine] = []
        origins: list[tuple[float, float] | None] = []
        table_pages: list[int] = []
        found: list[PdfTable] = []
        text_chars = 0
        for index in range(n_pages):
            page = document[index]
            textpage = page.get_textpage()
            page_lines, n_chars = _page_lines(textpage, index + 1, origins)
            text_chars += n_chars
            lines.extend(page_lines)
            boxes = path_boxes(page) if tables else []
            if boxes and _looks_ruled(boxes):
                if table_engine == "pdfplumber":
                    table_pages.append(index)
                else:
                    found += [
                        PdfTable(index + 1, g.rows, "pdfium", (g.left, g.bottom, g.right, g.top))
                        for g in lattice_tables(page, textpage, boxes)
                    ]
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise IngestError(path, f"damaged PDF: {exc}", "damaged") from exc
    finally:
        document.close()
    if text_chars < 20 * max(1, min(n_pages, 5)) and text_chars < 200:
        raise IngestError(path, NO_TEXT_LAYER, "no_text_layer")
    if table_pages:
        found = _plumber_tables(path, table_pages)
    lines, origins = _place_tables(lines, origins, found)
    lines = _break_paragraphs(lines, [o[1] if o else None for o in origins])
    _mark_headings(lines)
    return PdfContent(_merge_wrapped_headings(lines), found, n_pages)


def _open_error(path: Path, exc: Exception) -> IngestError:
    message = str(exc).lower()
    if "password" in message:
        return IngestError(path, "encrypted PDF: a password is needed to read it", "encrypted")
    if "format" in message or "file" in message:
        return IngestError(path, "damaged or truncated PDF: PDFium cannot parse it", "damaged")
    return IngestError(path, f"unreadable PDF: {exc}", "damaged")


def _page_lines(
    textpage: pdfium.PdfTextPage, number: int, origins: list[tuple[float, float] | None]
) -> tuple[list[RawLine], int]:
    """The page's lines, and the origin (x, baseline y) of each line's first character
    appended to ``origins`` (None for a blank line)."""
    text = textpage.get_text_range()
    raw_page = calls.handle(textpage)
    font_size, font_weight = calls.font_size, calls.font_weight
    origin = calls.Origins(raw_page)
    lines: list[RawLine] = []
    index = 0
    n_chars = 0
    for raw in text.split("\r\n"):
        stripped = raw.strip()
        if stripped:
            n_chars += len(stripped)
            # the font of the first letter or digit: a bullet glyph is often set larger, in a
            # symbol font, and would make every bulleted line look like a heading
            word = _FIRST_WORD_CHAR.search(raw)
            first = index + (word.start() if word else len(raw) - len(raw.lstrip()))
            size = font_size(raw_page, first)
            bold = font_weight(raw_page, first) >= 600
            font = round(size, 1) if size > 0 else None
            lines.append(RawLine(raw.rstrip(), page=number, bold=bold, font_size=font))
            origins.append(origin(first))
        else:
            lines.append(RawLine("", page=number))
            origins.append(None)
        index += len(raw) + 2
    return lines, n_chars


def _place_tables(
    lines: list[RawLine], origins: list[tuple[float, float] | None], tables: list[PdfTable]
) -> tuple[list[RawLine], list[tuple[float, float] | None]]:
    """Each table's rows, as tab-separated table lines, in place of the text-layer lines that
    start inside its box: the text layer runs a table's cells together with spaces ("1.1
    Leadership Good"), and tab-separated rows are how every other format carries a table."""
    on_page: dict[int | None, list[tuple[int, float, float]]] = {}
    for i, (line, origin) in enumerate(zip(lines, origins, strict=True)):
        if origin is not None:
            on_page.setdefault(line.page, []).append((i, *origin))
    first_of: dict[int, PdfTable] = {}
    covered: set[int] = set()
    for table in tables:
        if table.box is None:
            continue
        left, bottom, right, top = table.box
        inside = [
            i
            for i, x, y in on_page.get(table.page, [])
            if left - TABLE_SLACK <= x <= right + TABLE_SLACK
            and bottom - TABLE_SLACK <= y <= top + TABLE_SLACK
        ]
        if not inside or covered.intersection(inside):
            continue
        table.placed = True
        covered.update(inside)
        first_of[inside[0]] = table
    if not first_of:
        return lines, origins
    out: list[RawLine] = []
    out_origins: list[tuple[float, float] | None] = []
    for i, line in enumerate(lines):
        starting = first_of.get(i)
        if starting is not None:
            page = starting.page
            rows = [RawLine("\t".join(r), page=page, is_table_row=True) for r in starting.rows]
            placed = [RawLine("", page=page), *rows, RawLine("", page=page)]
            out += placed
            out_origins += [None] * len(placed)
        if i not in covered:
            out.append(line)
            out_origins.append(origins[i])
    return out, out_origins


def _break_paragraphs(lines: list[RawLine], baselines: list[float | None]) -> list[RawLine]:
    """A blank line where the space down to the next line is wider than the document's
    usual line pitch: PDFs mark paragraphs by space, which the text layer drops, and a
    paragraph whose last line is nearly full would otherwise run into the next one."""
    pitches = _line_pitches(lines, baselines)
    same_size = sorted(
        r
        for i, r in pitches.items()
        if lines[i - 1].font_size == lines[i].font_size and 0.8 < r < 3.0
    )
    usual = same_size[len(same_size) // 2] if len(same_size) >= 10 else _USUAL_PITCH
    wide = {i for i, r in pitches.items() if r > usual * PARAGRAPH_GAP}
    if not wide:
        return lines
    out: list[RawLine] = []
    for i, line in enumerate(lines):
        if i in wide:
            out.append(RawLine("", page=line.page))
        out.append(line)
    return out


def _line_pitches(lines: list[RawLine], baselines: list[float | None]) -> dict[int, float]:
    """Line index -> the drop to its baseline from the line before's, over the larger font
    size, for neighbouring lines on one page with nothing blank between them; a line higher
    up than the one before (a new column, a text box) has none."""
    pitches: dict[int, float] = {}
    for i in range(1, len(lines)):
        above, below = lines[i - 1], lines[i]
        high, low = baselines[i - 1], baselines[i]
        if high is None or low is None or above.page != below.page or high <= low:
            continue
        size = max(above.font_size or 0.0, below.font_size or 0.0)
        if size > 0:
            pitches[i] = (high - low) / size
    return pitches


def _looks_ruled(boxes: list[PathBox]) -> bool:
    """A ruled table draws a grid: at least MIN_GRID_ROWS distinct horizontal rules and two
    distinct vertical ones. A box around a paragraph (two of each) is not worth pdfplumber."""
    rows: set[int] = set()
    columns: set[int] = set()
    for box in boxes:
        left, bottom = box.left, box.bottom
        width, height = box.right - left, box.top - bottom
        if height < 2.5 and width > 15:
            rows.add(round(bottom))
        elif width < 2.5 and height > 8:
            columns.add(round(left))
    return len(rows) >= MIN_GRID_ROWS and len(columns) >= 2


def _plumber_tables(path: Path, page_indices: list[int]) -> list[PdfTable]:
    import pdfplumber  # imported lazily: most PDFs never need it

    found: list[PdfTable] = []
    with (
        contextlib.suppress(Exception),
        pdfplumber.open(str(path), pages=[i + 1 for i in page_indices]) as pdf,
    ):
        for page in pdf.pages:
            for table in page.find_tables():
                cells = table.extract()
                rows = [[_cell(c) for c in row] for row in cells if any(c for c in row)]
                if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                    x0, top, x1, bottom = table.bbox  # from the top of the page
                    box = (x0, page.height - bottom, x1, page.height - top)
                    found.append(PdfTable(page.page_number, rows, "pdfplumber", box))
    return found


def _cell(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


def _mark_headings(lines: list[RawLine]) -> None:
    """Turn font size into heading levels: larger than body text means a heading."""
    sizes = [line.font_size for line in lines if line.font_size and len(line.text) > 40]
    if not sizes:
        return
    body = statistics.median(sizes)
    larger = sorted(
        {line.font_size for line in lines if line.font_size and line.font_size > body * 1.15},
        reverse=True,
    )
    levels = {size: min(i + 1, 3) for i, size in enumerate(larger)}
    for line in lines:
        if line.font_size in levels and len(line.text.strip()) < 160:
            line.heading_level = levels[line.font_size]
            line.keep = True


def _merge_wrapped_headings(lines: list[RawLine]) -> list[RawLine]:
    """A heading wrapped over two lines in the same font is one heading."""
    out: list[RawLine] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and line.heading_level is not None
            and prev.heading_level == line.heading_level
            and prev.font_size == line.font_size
            and prev.page == line.page
            and not re.search(r"[.:;?!]$", prev.text.strip())
            and len(prev.text) + len(line.text) < 200
        ):
            prev.text = f"{prev.text.rstrip()} {line.text.strip()}"
            continue
        out.append(line)
    return out
