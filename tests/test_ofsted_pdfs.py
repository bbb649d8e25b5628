"""Real published PDFs from another inspectorate (skipped when ../shared/pdfs is absent)."""

from __future__ import annotations

import re

import pytest

from conftest import OFSTED

PDFS = sorted(OFSTED.glob("*.pdf")) if OFSTED.is_dir() else []
pytestmark = pytest.mark.skipif(not PDFS, reason=f"real PDFs not present at {OFSTED}")


@pytest.fixture(scope="module")
def ofsted_reports():
    from reportmine import read_report

    return {path.name: read_report(path) for path in PDFS}


def test_all_real_pdfs_ingest_with_title_and_section_tree(ofsted_reports):
    assert len(ofsted_reports) == 28
    for name, report in ofsted_reports.items():
        area = name.split("__")[0].replace("-", " ")
        assert report.title.lower().startswith("area send inspection of"), name
        assert area.split()[0] in report.title.lower(), name
        headings = [s for s in report.sections if s.kind != "front_matter"]
        assert len(headings) >= 8, name
        titles = {s.title.lower() for s in headings}
        assert any(t.startswith("what is it like to be a child or young person") for t in titles), (
            name
        )
        assert any(t.startswith("information about this inspection") for t in titles), name


def test_running_headers_and_footers_removed(ofsted_reports):
    for name, report in ofsted_reports.items():
        assert not re.search(r"^Area SEND inspection report: ", report.text, re.MULTILINE), name
        # the dates-and-page-number running line ("4 December 2023 to 8 December 2023 2")
        assert not re.search(
            r"^\d{1,2} \w+ 20\d\d to \d{1,2} \w+ 20\d\d \d{1,2}$", report.text, re.MULTILINE
        ), name


def test_every_page_number_is_known(ofsted_reports):
    for name, report in ofsted_reports.items():
        assert report.n_pages >= 7, name
        assert all(s.page_start is not None for s in report.sections), name
        assert report.page_at(len(report.text) - 1) == report.n_pages, name


def test_pdf_hyphen_marker_repaired(ofsted_reports):
    stoke = next(r for n, r in ofsted_reports.items() if n.startswith("stoke"))
    assert "Stoke-on-Trent" in stoke.title
    assert "\ufffe" not in stoke.text


def test_paragraphs_split_at_the_space_between_them(ofsted_reports):
    """Ofsted sets paragraphs 1.7 line heights apart, lines 1.2: every paragraph is its own
    block, so no prose block runs on past the longest real paragraph (~1,230 characters)."""
    blackpool = next(r for n, r in ofsted_reports.items() if n.startswith("blackpool"))
    texts = [p.text for p in blackpool.paragraphs()]
    assert "The next full area SEND inspection will be within approximately three years." in texts
    assert len(texts) == 54  # and the contact-details table's 5 rows are table rows
    for name, report in ofsted_reports.items():
        assert max(len(p.text) for p in report.paragraphs()) < 1300, name
    assert sum(len(list(r.paragraphs())) for r in ofsted_reports.values()) == 1511


def test_bullet_glyph_size_does_not_make_a_heading(ofsted_reports):
    """Worcestershire sets its bullets in an 18-point symbol font over 12-point text: a line's
    font is its first letter's, so a bulleted item is body text, joined to its wrapped line."""
    worcestershire = next(r for n, r in ofsted_reports.items() if n.startswith("worcestershire"))
    assert (
        "• all services gather accurate data and use this to effectively identify where there"
        " are gaps in provision" in worcestershire.text
    )


def test_ruled_tables_stand_in_the_text_as_rows(ofsted_reports):
    """A ruled table's cells come back as one tab-separated row each, in place of the text
    layer's lines: its header row is not taken for a heading, nor its cells for paragraphs."""
    tables = [t for r in ofsted_reports.values() for t in r.tables]
    assert len(tables) == 35  # 36 ruled grids; Lancashire's runs on over a page break
    lancashire = next(r for n, r in ofsted_reports.items() if n.startswith("lancashire"))
    assert [len(t.rows) for t in lancashire.tables] == [4, 5]
    for name, report in ofsted_reports.items():
        titles = {s.title.lower() for s in report.sections}
        assert not any(
            t.startswith(("local authority integrated", "responsible body")) for t in titles
        )
        for table in report.tables:
            first = report.text[table.start : report.text.index("\n", table.start)]
            assert first.split("\t") == table.rows[0], name
    blackpool = next(r for n, r in ofsted_reports.items() if n.startswith("blackpool"))
    assert blackpool.tables[0].rows[1] == [
        "Blackpool",
        "NHS Lancashire and South Cumbria, Integrated Care Board",
    ]


def test_recommendations_in_every_report(ofsted_reports):
    """Areas for priority action (a responsible-body table) and areas for improvement
    ("Leaders should ...") are read as recommendations, each with its addressee."""
    from reportmine.extract import REGISTRY

    found = {n: REGISTRY["recommendations"].run(r) for n, r in ofsted_reports.items()}
    assert all(found.values())
    assert sum(map(len, found.values())) == 137
    assert all(row["addressee"] for rows in found.values() for row in rows)
    plymouth = next(rows for n, rows in found.items() if n.startswith("plymouth"))
    assert [r["addressee"] for r in plymouth[:4]] == [
        "Plymouth City Council, NHS Devon Integrated Care Board, school and college leaders",
        "Plymouth City Council, NHS Devon Integrated Care Board, school and college leaders",
        "Plymouth City Council, school and college leaders",
        "NHS Devon Integrated Care Board",
    ]
    blackpool = next(rows for n, rows in found.items() if n.startswith("blackpool"))
    assert [(r["number"], r["number_printed"], r["organisation"]) for r in blackpool] == [
        (1, True, "Local area partnership"),
        (2, True, "Local area partnership"),
        (3, True, "Local area partnership"),
        (4, True, "Local authority"),
    ]
