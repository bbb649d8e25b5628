"""Ingestion of the shipped corpus: normalisation facts checked against the real reports."""

from __future__ import annotations

import re


def test_every_corpus_report_has_text_sections_and_a_stable_id(corpus_reports):
    assert len(corpus_reports) == 5
    for slug, report in corpus_reports.items():
        assert report.id.startswith(slug + "-") and len(report.id) == len(slug) + 9
        assert len(report.text) > 80_000
        assert len(report.sections) > 20


def test_markdown_conversion_loses_tags_but_keeps_footnotes(corpus_reports):
    report = corpus_reports["2019-nps-london"]
    assert "<b>" not in report.text and "<sup>" not in report.text and "**" not in report.text
    first = report.footnote_refs[0]
    assert first.label == "1" and first.raw == "<sup>1</sup>"
    assert report.text[first.start - 40 : first.start].endswith(
        "following a high-profile London case,"
    )


def test_ocr_report_bullets_footers_and_pages(corpus_reports):
    report = corpus_reports["2019-london-crc"]
    assert report.n_pages == 43
    assert not re.search(r"^[eo«»] [A-Z]", report.text, re.MULTILINE)
    assert "• There is a clear vision and strategy" in report.text
    assert "@@" not in report.text
    glued = [r for r in report.footnote_refs if r.raw.startswith("?")]
    assert glued, "OCR '?N' footnote markers must be kept as references"
    leadership = next(s for s in report.sections if s.number == "1.1")
    assert leadership.page_start == 8


def test_pdftotext_layout_footers_removed_and_ratings_joined(corpus_reports):
    report = corpus_reports["2019-nps-north-east"]
    assert "Inspection of probation services: NPS North East division" not in report.text
    assert not re.search(r" +$", report.text, re.MULTILINE)
    staff = next(s for s in report.sections if s.number == "1.2")
    assert staff.rating == "Requires improvement"
    assert report.text[staff.heading_start : staff.heading_end].startswith("1.2 Staff")


def test_hard_wrapped_prose_is_reflowed_into_paragraphs(corpus_reports):
    report = corpus_reports["2019-nps-north-east"]
    assert (
        "Inspectors found strong leadership in the North East division of the NPS. A range of "
        "resources is available to support service users"
    ) in report.text


def test_section_spans_point_at_their_headings(corpus_reports):
    for report in corpus_reports.values():
        for section in report.sections:
            if section.kind == "front_matter":
                continue
            heading = report.text[section.heading_start : section.heading_end]
            first_word = section.title.split()[0].lower()
            assert first_word in heading.lower(), (report.id, section.title, heading)
            assert section.start <= section.heading_end <= section.end <= len(report.text)


def test_sections_nest_inside_their_parents(corpus_reports):
    for report in corpus_reports.values():
        by_id = {s.id: s for s in report.sections}
        for section in report.sections:
            if section.parent_id:
                parent = by_id[section.parent_id]
                assert parent.level < section.level
                assert parent.start <= section.start and section.end <= parent.end


def test_paragraphs_carry_section_and_span(corpus_reports):
    report = corpus_reports["2019-nps-london"]
    paragraphs = list(report.paragraphs())
    assert len(paragraphs) > 300
    victim = next(
        p for p in paragraphs if "Victim Contact Scheme work good or outstanding" in p.text
    )
    section = next(s for s in report.sections if s.id == victim.section_id)
    assert section.kind == "foreword"
    assert report.text[victim.start : victim.end] == victim.text


def test_tab_tables_found_in_markdown_conversion(corpus_reports):
    report = corpus_reports["2019-nps-london"]
    rows = [row for table in report.tables for row in table.rows]
    assert ["1.1", "Leadership", "Good"] in rows


def test_thematic_report_chapters_and_no_ratings(corpus_reports):
    report = corpus_reports["2014-transforming-rehabilitation-early-implementation"]
    chapters = [(s.number, s.title) for s in report.sections if s.kind == "chapter"]
    assert chapters == [
        ("1", "Court Work, Assessment and Allocation"),
        ("2", "Interface between NPS and CRC"),
        ("3", "CRC Start of Order"),
        ("4", "NPS Start of Order"),
    ]
    assert not [s for s in report.sections if s.rating]
