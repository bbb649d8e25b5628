"""PDF ingestion on PDFs rendered from the corpus: round trip, ruled tables, furniture."""

from __future__ import annotations

import pytest

from conftest import CORPUS
from pdf_fixtures import FOOTER_PREFIX, HEADER, render_report_pdf
from reportmine import read_report
from reportmine.extract import extractors


@pytest.fixture(scope="module")
def north_east_pair(tmp_path_factory):
    text_report = read_report(CORPUS / "2019-nps-north-east.txt")
    ratings = [(s.number, s.title, s.rating) for s in text_report.sections if s.kind == "standard"]
    pdf_path = render_report_pdf(
        text_report, tmp_path_factory.mktemp("pdf") / "north-east.pdf", ratings
    )
    return text_report, read_report(pdf_path)


def _standards(report):
    return [
        (s.number, s.title, s.kind, s.rating)
        for s in report.sections
        if s.kind in {"domain", "standard"}
    ]


def test_round_trip_gives_the_same_standard_sections(north_east_pair):
    text_report, pdf_report = north_east_pair
    assert pdf_report.format == "pdf"
    assert _standards(pdf_report) == _standards(text_report)
    assert len(_standards(pdf_report)) == 13


def test_round_trip_keeps_top_level_parts_in_order(north_east_pair):
    text_report, pdf_report = north_east_pair
    top = [(s.kind, s.number) for s in text_report.sections if s.level == 1]
    assert [(s.kind, s.number) for s in pdf_report.sections if s.level == 1] == top


def test_paragraphs_survive_the_pdf_path(north_east_pair):
    """Paragraphs are told apart by the space between them, which the text layer drops: the
    PDF gives back the text's paragraphs (330 of 348 word for word) instead of running
    one into the next wherever a paragraph's last line is nearly full (193 before), and the
    contextual facts, one per paragraph, come back as from the text."""
    text_report, pdf_report = north_east_pair
    text_paragraphs = [p.text for p in text_report.paragraphs()]
    pdf_paragraphs = [p.text for p in pdf_report.paragraphs()]
    assert len(text_paragraphs) == 348
    assert abs(len(pdf_paragraphs) - 348) <= 20
    assert len(set(text_paragraphs) & set(pdf_paragraphs)) >= 320
    facts = next(e for e in extractors() if e.name == "facts")
    values = [row["value"] for row in facts.run(pdf_report)]
    assert values == [row["value"] for row in facts.run(text_report)]
    assert values == ["106,369", "18,566", "13,650", "39.3%", "72%", "50%", "100%"]


def test_running_header_and_footer_removed(north_east_pair):
    _, pdf_report = north_east_pair
    assert HEADER not in pdf_report.text
    assert FOOTER_PREFIX not in pdf_report.text


def test_pages_are_known_for_every_section(north_east_pair):
    _, pdf_report = north_east_pair
    assert pdf_report.n_pages > 25
    pages = [s.page_start for s in pdf_report.sections]
    assert all(p is not None for p in pages)
    assert pages == sorted(pages)
    leadership = next(s for s in pdf_report.sections if s.number == "1.1")
    assert (
        "Leadership" in pdf_report.text[pdf_report.page_starts[leadership.page_start - 1] :][:4000]
    )


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_ruled_ratings_table_extracted_by_both_engines(north_east_pair, tmp_path, engine):
    text_report, pdf_report = north_east_pair
    report = (
        pdf_report
        if engine == "pdfium"
        else read_report(pdf_report.source_path, table_engine=engine)
    )
    [table] = [t for t in report.tables if t.rows[0] == ["Standard", "Name", "Rating"]]
    assert table.source == engine
    assert table.rows[1:] == [
        [s.number, s.title, s.rating] for s in text_report.sections if s.kind == "standard"
    ]
    assert table.page == next(s.page_start for s in report.sections if s.kind == "overall_findings")
    assert report.text[table.start : table.start + 8] == "Standard"


def test_overall_rating_survives_the_pdf_path(north_east_pair):
    from reportmine.extract.overall import overall_rating

    _, pdf_report = north_east_pair
    assert overall_rating(pdf_report).rating == "Good"


def test_path_walk_with_plain_handles_equals_pypdfium2(north_east_pair):
    """The fast object walk (plain handles, ingest/pdfium_calls.py) finds the same path
    objects, with the same bounds and outline flag, as pypdfium2's own typed API."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from reportmine.ingest.lattice import _is_outline, path_boxes

    _text, pdf_report = north_east_pair
    document = pdfium.PdfDocument(pdf_report.source_path)
    checked = 0
    for page in document:
        ours = [(b.left, b.bottom, b.right, b.top, _is_outline(b.raw)) for b in path_boxes(page)]
        theirs = []
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            drawn = pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
            outline = bool(drawn) and bool(stroke.value) and not fill.value
            theirs.append((*(pytest.approx(v) for v in obj.get_bounds()), outline))
        assert ours == theirs
        checked += len(ours)
    document.close()
    assert checked >= 10  # the ratings table's rules


def test_paragraph_breaks_from_line_pitch():
    """Lines 1.2 font sizes apart run on; 1.7 apart start a paragraph; a jump up the page (a
    new column) or to another page is no break, and a blank line already there stays one."""
    from reportmine.ingest.normalise import RawLine
    from reportmine.ingest.pdf import _break_paragraphs

    def line(text, page=1):
        return RawLine(text, page=page, font_size=10.0)

    lines = [line("a"), line("b"), line("c"), line("d"), line("e"), RawLine("", page=1)]
    lines += [line("f"), line("g", page=2)]
    baselines = [700, 688, 671, 760, 748, None, 560, 700]
    out = _break_paragraphs(lines, baselines)
    assert [x.text for x in out] == ["a", "b", "", "c", "d", "e", "", "f", "g"]


@pytest.mark.parametrize(
    "name",
    [
        "2014-adult-offending-work-aggregate",
        "2014-transforming-rehabilitation-early-implementation",
        "2019-london-crc",
        "2019-nps-london",
        "2019-nps-north-east",
    ],
)
def test_extractors_agree_on_text_and_its_pdf(tmp_path, name):
    """Each corpus report rendered to PDF, its tab-separated tables drawn as ruled tables,
    and read back gives every extractor the same records as its text, field by field: the
    PDF's tables stand in its text as tab-separated rows, as the text's own do."""
    text_report = read_report(CORPUS / f"{name}.txt")
    pdf_report = read_report(render_report_pdf(text_report, tmp_path / "r.pdf"))
    assert len(pdf_report.tables) == len(text_report.tables)
    fields = {
        "ratings": ("code", "rating", "source", "standard_name"),
        "recommendations": ("number", "addressee", "text", "para_refs"),
        "key_questions": ("code", "percent_yes"),
        "facts": ("value", "description"),
        "outcome_scores": ("outcome", "percent", "range_low", "range_high"),
        "proportions": ("expression", "value_low", "value_high", "role", "numerator"),
    }
    for extractor in extractors():
        if extractor.name in fields:
            keep = fields[extractor.name]
            expected = [tuple(r[k] for k in keep) for r in extractor.run(text_report)]
            found = [tuple(r[k] for k in keep) for r in extractor.run(pdf_report)]
            assert found == expected, extractor.name
