"""Section trees against hand-written gold headings (tests/gold/sections/*.json)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from conftest import GOLD, load_gold

GOLD_FILES = sorted((GOLD / "sections").glob("*.json"))


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", "", text.lower()).strip()


def _match(report, heading):
    """The section that realises a gold heading: same number (or none), most similar title."""
    scored = [
        (fuzz.ratio(_norm(s.title), _norm(heading["title"])), s)
        for s in report.sections
        if s.number == heading["number"]
    ]
    scored = [(score, s) for score, s in scored if score >= 80]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def _parent_key(report, section):
    by_id = {s.id: s for s in report.sections}
    parent = by_id.get(section.parent_id)
    if parent is None:
        return None
    return parent.number if parent.number is not None else parent.title


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_headings_found_with_number_kind_and_parent(gold_path, corpus_reports):
    gold = load_gold(f"sections/{gold_path.name}")
    report = corpus_reports[gold["report"]]
    misses = []
    for heading in gold["headings"]:
        section = _match(report, heading)
        if section is None:
            misses.append(f"missing {heading['number']} {heading['title']}")
            continue
        if section.kind != heading["kind"]:
            misses.append(
                f"{heading['number']} {heading['title']}: kind {section.kind} != {heading['kind']}"
            )
        elif _parent_key(report, section) != heading["parent"]:
            misses.append(
                f"{heading['number']} {heading['title']}: parent {_parent_key(report, section)} != {heading['parent']}"
            )
    found = len(gold["headings"]) - len(misses)
    assert found / len(gold["headings"]) >= 0.95, misses


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_headings_point_at_the_right_line(gold_path, corpus_reports):
    """Each found heading's text is on (or within two lines of) the gold line of the source."""
    gold = load_gold(f"sections/{gold_path.name}")
    report = corpus_reports[gold["report"]]
    source = (GOLD.parents[1] / gold["file"]).read_text("utf-8").splitlines()
    for heading in gold["headings"]:
        section = _match(report, heading)
        if section is None:
            continue
        window = " ".join(source[max(0, heading["line"] - 3) : heading["line"] + 3])
        assert fuzz.partial_ratio(_norm(section.title)[:30], _norm(window)) >= 85, heading


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_no_section_invented_from_contents_page(gold_path, corpus_reports):
    gold = load_gold(f"sections/{gold_path.name}")
    report = corpus_reports[gold["report"]]
    contents = [s for s in report.sections if s.kind == "contents"]
    if gold["contents_lines"] is None:
        assert not contents
        return
    assert len(contents) == 1
    toc = contents[0]
    inside = [s for s in report.sections if s is not toc and toc.start <= s.heading_start < toc.end]
    assert inside == []
    # every numbered heading occurs once outside annex repeats
    numbers = [s.number for s in report.sections if s.kind in {"domain", "standard", "chapter"}]
    assert len(numbers) == len(set(numbers)) or gold["report"].startswith("2014-adult")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Summary of",
                "SUMMARY OF",
                "ſummary of",
                "the",
                "Ratings",
                "ratingſ",
                "We inspect",
                "against",
                "10",
                "standards",
                "referred to as",
                "‘domains’",
                " ",
                "\n",
                "K",
            ]
        ),
        max_size=10,
    ).map(" ".join)
)
@example("SUMMARY OF RATINGS")
@example("ſummary of the ratings")
@example("we inspect against 10 standards")
def test_framework_markers_match_as_case_insensitive_patterns_do(text):
    from reportmine.sections.kinds import lexicon

    markers = lexicon().framework_markers
    expected = any(p.search(text) for p in markers)  # each marker, case-insensitive
    assert lexicon().is_standards_framework(text) == expected
    if text in {"SUMMARY OF RATINGS", "ſummary of the ratings"}:
        assert expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="rnmo01|lIaAzZ .:-", max_size=40))
@example("Recornrnendations")
@example("C0ntextual facts")
@example("G1ossary")
def test_ocr_repair_of_headings_equals_both_substitutions(title):
    """Its screens for "rn", "0", "1" and "|" change nothing but the time it takes."""
    from reportmine.sections.kinds import _OCR_DIGIT, _OCR_RN, ocr_repaired

    unscreened = _OCR_DIGIT.sub(
        lambda m: "o" if m.group(0) == "0" else "l", _OCR_RN.sub("m", title)
    )
    assert ocr_repaired(title) == unscreened


def test_contents_page_found_under_an_ocr_misread_title():
    from reportmine.sections.contents import find_contents

    lines = [
        "An inspection of probation services in the region",
        "C0ntents",
        "Foreword 3",
        "Overall findings 5",
        "1. Organisational delivery 9",
        "2. Case supervision 14",
        "Annex 1: Methodology 20",
        "The inspection took place over two weeks, and this is the first line of the body text.",
        "",
    ]
    contents = find_contents(lines)
    assert contents is not None
    assert (contents.first_line, contents.last_line) == (1, 6)
    assert [e.page for e in contents.entries] == [3, 5, 9, 14, 20]
    # however much space surrounds it
    padded = find_contents([lines[0], "  Table of c0ntents   :" + " " * 60, *lines[2:]])
    assert padded is not None and len(padded.entries) == 5
