"""HTML ingestion on a saved-web-page rendering of a corpus report."""

from __future__ import annotations

from html import escape

import pytest

from conftest import CORPUS
from reportmine import read_report

BOILERPLATE = """
<a class="govuk-skip-link" href="#main">Skip to content</a>
<div class="cookie-banner" id="global-cookie-message"><p>Cookies on GOV.UK. We use some essential cookies.</p>
<button>Accept additional cookies</button></div>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav></header>
"""
FOOTER = """
<p><a href="#top">(Back to top)</a></p>
<footer class="govuk-footer"><p>All content is available under the Open Government Licence v3.0, except where otherwise stated</p>
<p>© Crown copyright</p></footer>
"""


def _html_from(report) -> str:
    """Each section heading becomes h1-h3; body blocks paragraphs; tab rows a table."""
    headings = {
        s.heading_start: s for s in report.sections if s.kind not in {"front_matter", "contents"}
    }
    parts = [
        "<!DOCTYPE html><html><head><title>NPS North East inspection</title></head><body>",
        BOILERPLATE,
        "<main>",
    ]
    rows: list[list[str]] = []
    for line in report.lines:
        text = report.text[line.start : line.end]
        if line.is_table_row:
            rows.append(text.split("\t"))
            continue
        if rows:
            parts.append(
                "<table>"
                + "".join(
                    "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows
                )
                + "</table>"
            )
            rows = []
        section = headings.get(line.start)
        if section is not None:
            level = min(section.level, 3)
            parts.append(f"<h{level}>{escape(text)}</h{level}>")
        elif text.startswith("• "):
            parts.append(f"<ul><li>{escape(text[2:])}</li></ul>")
        else:
            parts.append(f"<p>{escape(text)}</p>")
    parts += ["</main>", FOOTER, "</body></html>"]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def html_pair(tmp_path_factory):
    text_report = read_report(CORPUS / "2019-nps-north-east.txt")
    path = tmp_path_factory.mktemp("html") / "north-east.html"
    path.write_text(
        _html_from(text_report).replace("Annex 2", "Annex 2<sup>3</sup>", 0), encoding="utf-8"
    )
    return text_report, read_report(path)


def test_html_headings_become_the_same_sections(html_pair):
    text_report, html_report = html_pair
    want = [
        (s.number, s.title, s.kind)
        for s in text_report.sections
        if s.kind in {"domain", "standard"}
    ]
    got = [
        (s.number, s.title, s.kind)
        for s in html_report.sections
        if s.kind in {"domain", "standard"}
    ]
    assert got == want
    assert html_report.format == "html"
    assert html_report.title == "NPS North East inspection"


def test_html_boilerplate_dropped(html_pair):
    _, html_report = html_pair
    for phrase in (
        "Skip to content",
        "Back to top",
        "Cookies on GOV.UK",
        "Accept additional cookies",
        "Open Government Licence v3.0, except",
        "About us",
    ):
        assert phrase not in html_report.text


def test_html_tables_kept_as_tables(tmp_path):
    page = tmp_path / "ratings.htm"
    page.write_text(
        "<html><body><main><h1>Summary of ratings</h1><table><tr><th>Standard</th><th>Rating</th></tr>"
        "<tr><td>1.1 Leadership</td><td>Good</td></tr><tr><td>1.2 Staff</td><td>Requires improvement<sup>2</sup></td></tr>"
        "</table><h2>Recommendations</h2><p>The division should improve staffing.</p></main></body></html>",
        encoding="utf-8",
    )
    report = read_report(page)
    [table] = report.tables
    assert table.source == "html"
    assert table.rows == [
        ["Standard", "Rating"],
        ["1.1 Leadership", "Good"],
        ["1.2 Staff", "Requires improvement"],
    ]
    assert [r.label for r in report.footnote_refs] == ["2"]
    assert [s.kind for s in report.sections] == ["ratings_summary", "recommendations"]
    # the span runs to the end of the last row, not to the first row that repeats its text
    assert [row.rstrip() for row in report.text[table.start : table.end].split("\n")] == [
        "Standard\tRating",
        "1.1 Leadership\tGood",
        "1.2 Staff\tRequires improvement",
    ]


def test_html_table_span_when_a_cell_repeats(tmp_path):
    page = tmp_path / "repeat.htm"
    page.write_text(
        "<html><body><h1>Ratings</h1><table>"
        "<tr><td>1.1 Leadership</td><td>Good</td></tr>"
        "<tr><td>1.2 Staff</td><td>Good</td></tr>"
        "<tr><td>1.3 Services</td><td>Good</td></tr>"
        "</table><p>Good work was seen in most teams across the division.</p></body></html>",
        encoding="utf-8",
    )
    report = read_report(page)
    [table] = report.tables
    assert report.text[table.start : table.end].endswith("1.3 Services\tGood")
