"""The prose-proportions extractor: gold comparison per report, and unit tests per form."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS_FILES, GOLD, load_gold
from reportmine import read_report
from reportmine.extract.base import REGISTRY
from reportmine.extract.proportions import (
    _CORE_NEEDS,
    COLUMNS,
    FORMS,
    ROLES,
    _core_matcher,
    _find,
    _may_hold_value,
    _possible_cores,
    _spacy_text,
    extract_from_text,
    extract_proportions,
    pipeline,
)
from reportmine.proportion_scoring import _norm, score_proportions

PRECISION_TARGET = 0.95
RECALL_TARGET = 0.90
# --------------------------------------------------------------------------- gold tests

GOLD_REPORTS = [p.stem for p in CORPUS_FILES if (GOLD / f"{p.stem}.json").exists()]


@pytest.fixture(scope="module")
def extracted(corpus_reports):
    return {slug: extract_proportions(report) for slug, report in corpus_reports.items()}


@pytest.mark.parametrize("slug", GOLD_REPORTS)
def test_gold_precision_and_recall(slug, corpus_reports, extracted):
    report = corpus_reports[slug]
    gold = load_gold(f"{slug}.json")["proportions"]
    precision, recall, misses, false_positives = score_proportions(report, gold, extracted[slug])
    detail = "\n".join(
        [
            f"MISS {m['line']}: {m['text']!r} {m['value_low']}-{m['value_high']} {m['kind']}"
            for m in misses
        ]
        + [
            f"FP {fp['lines']}: {fp['expression']!r} {fp['value_low']}-{fp['value_high']} {fp['role']}"
            for fp in false_positives
        ]
    )
    assert recall >= RECALL_TARGET, f"{slug} recall {recall:.3f}\n{detail}"
    assert precision >= PRECISION_TARGET, f"{slug} precision {precision:.3f}\n{detail}"


def test_rows_are_well_formed(extracted):
    for rows in extracted.values():
        for row in rows:
            assert set(COLUMNS) <= set(row)
            assert row["form"] in FORMS and row["role"] in ROLES
            assert 0 <= row["value_low"] <= row["value_high"] <= 1
            assert 0 < row["confidence"] <= 1
            assert row["source_text"] == row["expression"]
            assert row["expression"] in row["sentence"] or _norm(row["expression"]) in _norm(
                row["sentence"]
            )


def test_registered():
    assert "proportions" in REGISTRY
    assert REGISTRY["proportions"].run is extract_proportions


def test_skips_what_is_not_prose(corpus_reports, extracted):
    for slug, rows in extracted.items():
        report = corpus_reports[slug]
        table_rows = [(line.start, line.end) for line in report.lines if line.is_table_row]
        for row in rows:
            assert row["section_kind"] not in ("contents", "contextual_facts", "glossary")
            assert not any(s <= row["char_start"] < e for s, e in table_rows)
            if row["section_kind"] == "inspection_results":
                assert "?" not in row["sentence"]


# --------------------------------------------------------------------------- unit tests


def one(text: str, expression: str | None = None) -> dict[str, Any]:
    rows = extract_from_text(text)
    if expression is not None:
        rows = [r for r in rows if r["expression"].lower() == expression.lower()]
    assert len(rows) == 1, rows
    return rows[0]


def values(row: dict[str, Any]) -> tuple[float, float]:
    return row["value_low"], row["value_high"]


@pytest.mark.parametrize(
    ("text", "expression", "form", "low", "high"),
    [
        ("Plans were sound in 62% of cases.", "62%", "percent", 0.62, 0.62),
        ("Plans were sound in 62 per cent of cases.", "62 per cent", "percent", 0.62, 0.62),
        ("Plans were sound in 62 percent of cases.", "62 percent", "percent", 0.62, 0.62),
        ("Absence rose to six per cent of staff.", "six per cent", "percent", 0.06, 0.06),
        ("Eighty per cent of staff were positive.", "Eighty per cent", "percent", 0.8, 0.8),
        (
            "It was twenty-five per cent of the caseload.",
            "twenty-five per cent",
            "percent",
            0.25,
            0.25,
        ),
        ("The RSR score was 6.89% in that case.", "6.89%", "percent", 0.0689, 0.0689),
        (
            "In 105 of 270 cases, no checks had been made.",
            "105 of 270",
            "count_of_total",
            0.3889,
            0.3889,
        ),
        (
            "Victims were identified in 34 of the 81 cases.",
            "34 of the 81",
            "count_of_total",
            0.4198,
            0.4198,
        ),
        (
            "In only 79 cases out of 212 relevant cases work was done.",
            "79 cases out of 212",
            "count_of_total",
            0.3726,
            0.3726,
        ),
        (
            "Of the 57 cases we reviewed, 55 had a decision.",
            "Of the 57 cases we reviewed, 55",
            "count_of_total",
            0.9649,
            0.9649,
        ),
        (
            "Only six out of ten staff had received adjustments.",
            "six out of ten",
            "ratio",
            0.6,
            0.6,
        ),
        (
            "Strengths were identified in 7 out of 10 of the cases.",
            "7 out of 10",
            "ratio",
            0.7,
            0.7,
        ),
        ("In one in five cases, contact was too rare.", "one in five", "ratio", 0.2, 0.2),
        (
            "Almost three-quarters of reports were detailed.",
            "Almost three-quarters",
            "fraction_word",
            0.7,
            0.75,
        ),
        (
            "In three quarters of cases, factors were assessed.",
            "three quarters",
            "fraction_word",
            0.75,
            0.75,
        ),
        (
            "In two-thirds of cases appropriate objectives were set.",
            "two-thirds",
            "fraction_word",
            0.6667,
            0.6667,
        ),
        (
            "A third of assessments had not considered information.",
            "A third",
            "fraction_word",
            0.3333,
            0.3333,
        ),
        (
            "In one-third of cases work was insufficient.",
            "one-third",
            "fraction_word",
            0.3333,
            0.3333,
        ),
        ("Half of the cases were MAPPA cases.", "Half", "fraction_word", 0.5, 0.5),
        (
            "It was done in just over three-fifths of the cases.",
            "just over three-fifths",
            "fraction_word",
            0.6,
            0.65,
        ),
        ("Assessments were good in most cases.", "most", "vague", 0.6, 0.9),
        ("The majority of staff felt supported.", "The majority", "vague", 0.5, 1.0),
        ("Plans were clear in almost all cases.", "almost all", "vague", 0.9, 0.99),
        ("Contact was offered to nearly all victims.", "nearly all", "vague", 0.9, 0.99),
        ("In a few cases, contact levels were reduced.", "a few", "vague", 0.01, 0.15),
        ("Only a minority of those who needed it were helped.", "a minority", "vague", 0.01, 0.49),
        (
            "Nearly half of the officers found workloads too high.",
            "Nearly half",
            "fraction_word",
            0.45,
            0.5,
        ),
        (
            "The vast majority of cases were allocated correctly.",
            "The vast majority",
            "vague",
            0.85,
            0.99,
        ),
        (
            "A large majority of cases were allocated correctly.",
            "A large majority",
            "vague",
            0.8,
            1.0,
        ),
    ],
)
def test_forms(text, expression, form, low, high):
    row = one(text, expression)
    assert row["form"] == form
    assert values(row) == pytest.approx((low, high), abs=1e-4)


@pytest.mark.parametrize(
    ("text", "expression", "hedge", "low", "high"),
    [
        (
            "It was done in almost 80 per cent of the cases.",
            "almost 80 per cent",
            "almost",
            0.75,
            0.8,
        ),
        ("It was done in nearly a third of the cases.", "nearly a third", "nearly", 0.2833, 0.3333),
        ("It was done in over 80% of cases.", "over 80%", "over", 0.8, 0.85),
        (
            "It was done in more than a third of cases.",
            "more than a third",
            "more than",
            0.3333,
            0.3833,
        ),
        ("It was done in over half of cases.", "over half", "over", 0.5, 0.6),
        ("It was done in more than half of cases.", "more than half", "more than", 0.5, 0.6),
        ("It was done in just over half of cases.", "just over half", "just over", 0.5, 0.55),
        ("It was done in just under half of cases.", "just under half", "just under", 0.45, 0.5),
        ("It was done in around a quarter of cases.", "around a quarter", "around", 0.22, 0.28),
        ("It was done in about one-third of cases.", "about one-third", "about", 0.3033, 0.3633),
        (
            "It was done in approximately 40 per cent of cases.",
            "approximately 40 per cent",
            "approximately",
            0.37,
            0.43,
        ),
        (
            "Less than half of the cases had contact details.",
            "Less than half",
            "less than",
            0.45,
            0.5,
        ),
        (
            "Fewer than 20 per cent of cases were late.",
            "Fewer than 20 per cent",
            "fewer than",
            0.15,
            0.2,
        ),
        (
            "In at least one in five cases, victims were missed.",
            "at least one in five",
            "at least",
            0.2,
            0.25,
        ),
        ("It was done in well over half of cases.", "well over half", "well over", 0.55, 0.65),
        ("Only half of staff reported that health was a priority.", "half", None, 0.5, 0.5),
    ],
)
def test_hedges(text, expression, hedge, low, high):
    row = one(text, expression)
    assert row["hedge"] == hedge
    assert values(row) == pytest.approx((low, high), abs=1e-4)


@pytest.mark.parametrize(
    ("text", "expression", "role", "low", "high"),
    [
        (
            "Delivery was measured against a target of 75 per cent.",
            "75 per cent",
            "threshold",
            0.75,
            0.75,
        ),
        (
            "If the RSR score is greater than 6.89% the case should be allocated to the NPS.",
            "greater than 6.89%",
            "threshold",
            0.0689,
            0.0689,
        ),
        (
            "To score an ‘Outstanding’ rating, 80 per cent or more of the cases we analyse have to be assessed as sufficient.",
            "80 per cent or more",
            "threshold",
            0.8,
            1.0,
        ),
        (
            "If between 65 per cent and 79 per cent are judged to be sufficient then the rating is ‘Good’.",
            "between 65 per cent and 79 per cent",
            "threshold",
            0.65,
            0.79,
        ),
        (
            "The sample size was set to achieve a confidence level of 80 per cent (with a margin of error of five).",
            "80 per cent",
            "threshold",
            0.8,
            0.8,
        ),
        ("The budget was cut by 10 per cent this year.", "10 per cent", "other", 0.1, 0.1),
        ("Reviews were completed in 75 per cent of cases.", "75 per cent", "finding", 0.75, 0.75),
        ("Less than 10% of the budget was spent on training.", "Less than 10%", "other", 0.05, 0.1),
        ("There was a 10% increase in referrals.", "10%", "other", 0.1, 0.1),
        (
            "Finally, if less than 50 per cent are sufficient then we rate this as ‘Inadequate’.",
            "less than 50 per cent",
            "threshold",
            0.0,
            0.5,
        ),
    ],
)
def test_roles(text, expression, role, low, high):
    row = one(text, expression)
    assert row["role"] == role
    assert values(row) == pytest.approx((low, high), abs=1e-4)


@pytest.mark.parametrize(
    ("text", "expression", "of"),
    [
        ("It was done in 36 per cent of cases we inspected.", "36 per cent", "cases we inspected"),
        (
            "In three-quarters of the inspected cases, plans were good.",
            "three-quarters",
            "the inspected cases",
        ),
        (
            "Over 70 per cent of responsible officers interviewed reported good access.",
            "Over 70 per cent",
            "responsible officers interviewed",
        ),
        ("Almost a quarter of staff were allocated cases.", "Almost a quarter", "staff"),
        ("Most premises and offices are of a decent standard.", "Most", "premises and offices"),
        ("In one in five cases, contact was too rare.", "one in five", "cases"),
        ("One in five victims did not get the opportunity to speak.", "One in five", "victims"),
        ("Victims were identified in 34 of the 81 cases.", "34 of the 81", "the 81 cases"),
        ("The CRC shares 19 of its 22 offices with the NPS.", "19 of its 22", "its 22 offices"),
        (
            "More than three-quarters of responsible officers who we interviewed told us that quality mattered.",
            "More than three-quarters",
            "responsible officers who we interviewed",
        ),
        (
            "It was missing in almost half of cases where an actual or potential victim was identified.",
            "almost half",
            "cases where an actual or potential victim was identified",
        ),
        (
            "Of the reports inspected, most were completed for a magistrates’ court.",
            "most",
            "the reports inspected",
        ),
        (
            "Planning was good in over three-quarters of the cases we looked at (76%).",
            "76%",
            "the cases we looked at",
        ),
        ("The national average is 76 per cent.", "76 per cent", None),
    ],
)
def test_of_phrases(text, expression, of):
    assert one(text, expression)["of"] == of


@pytest.mark.parametrize(
    "text",
    [
        "This was most likely due to workload.",
        "The most recent survey was positive.",
        "The first half of 2018 was difficult.",
        "Reports were completed in less than half an hour.",
        "This is our third inspection of the area.",
        "Work with third-sector partners was strong.",
        "Black, Asian and minority ethnic staff are underrepresented.",
        "Checks were done in the first few weeks of an order.",
        "See page 3 of 10 for details.",
        "Recommendation 2 of 5 was accepted.",
        "Staffing rose from four in 2017 to nine in 2018.",
        "The gap narrowed by five percentage points.",
        "Some staff were positive, and many cases were good.",
        "All cases had a named officer.",
        "Staff said that half the time they were busy.",
        "In the last third of the sentence, work stopped.",
        "He had served half of his sentence.",
        "Most importantly, staff were positive.",
        "Cases were most often allocated quickly.",
        "Three in 2018 and four in 2019.",
    ],
)
def test_not_proportions(text):
    assert extract_from_text(text) == []


def test_no_double_counting():
    rows = extract_from_text(
        "Absence rose to six per cent. In 105 of 270 cases, no checks were made."
    )
    assert [r["expression"] for r in rows] == ["six per cent", "105 of 270"]
    rows = extract_from_text(
        "The RSR score had been calculated in over three-quarters of the cases we looked at (76%)."
    )
    assert [(r["expression"], values(r)) for r in rows] == [
        ("over three-quarters", (0.75, 0.8)),
        ("76%", (0.76, 0.76)),
    ]


def test_numbers_and_fraction_words():
    assert values(one("In twenty five per cent of cases.")) == (0.25, 0.25)
    assert values(one("In ninety-nine per cent of cases.")) == (0.99, 0.99)
    assert values(one("It applied to three-fifths of the cases.")) == (0.6, 0.6)
    assert values(one("It applied to two fifths of the cases.")) == (0.4, 0.4)
    assert values(one("It applied to a fifth of the cases.")) == (0.2, 0.2)
    assert values(one("It applied to one quarter of the cases.")) == (0.25, 0.25)
    assert values(one("It applied to a half of the cases.")) == (0.5, 0.5)
    assert values(one("The remaining third did not consider these factors.")) == (0.3333, 0.3333)
    assert values(one("Nine out of ten staff agreed.")) == (0.9, 0.9)


def test_ocr_l_read_as_capital_i():
    row = one("AImost 90 per cent of responsible officers interviewed were positive.")
    assert row["expression"] == "AImost 90 per cent"
    assert values(row) == (0.85, 0.9)


SENTENCE = (
    "Consideration was given to the impact of the offence on identifiable victims in more than "
    "half of the cases we inspected, and in almost three-quarters of cases the advice to court "
    "was sound; 71 per cent of reports considered risk, and one in five did not."
)


def _shape(rows: list[dict[str, Any]]) -> list[tuple]:
    return [
        (r["expression"].split(), r["value_low"], r["value_high"], r["hedge"], r["of"], r["role"])
        for r in rows
    ]


@pytest.mark.parametrize("width", [30, 47, 61, 80])
def test_rewrapping_does_not_change_rows(width):
    import textwrap

    wrapped = textwrap.fill(SENTENCE, width=width)
    assert _shape(extract_from_text(wrapped)) == _shape(extract_from_text(SENTENCE))


def test_collapsed_newlines_give_same_rows():
    broken = SENTENCE.replace(" more than ", " more than\n").replace(" 71 per", "\n71 per")
    assert _shape(extract_from_text(broken)) == _shape(extract_from_text(SENTENCE))
    flat = " ".join(textwrap_fill(SENTENCE, 25).split())
    assert _shape(extract_from_text(flat)) == _shape(extract_from_text(SENTENCE))


def textwrap_fill(text: str, width: int) -> str:
    import textwrap

    return textwrap.fill(text, width=width)


def test_footnote_rows_are_background(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(
        "Staff\n\nOver 70 per cent of responsible officers interviewed reported good access "
        "to training.\n15 The 70-20-10 model advocates that individuals obtain 70 per cent of "
        "their knowledge from experience.\n",
        "utf-8",
    )
    rows = extract_proportions(read_report(path))
    assert [(r["expression"], r["role"]) for r in rows] == [
        ("Over 70 per cent", "finding"),
        ("70 per cent", "other"),
    ]


@pytest.mark.parametrize("width", [30, 61])
def test_rewrapped_report_gives_same_rows(tmp_path, width):
    import textwrap

    flat = tmp_path / "flat.txt"
    flat.write_text("Findings\n\n" + SENTENCE + "\n", "utf-8")
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text("Findings\n\n" + textwrap.fill(SENTENCE, width=width) + "\n", "utf-8")
    a = extract_proportions(read_report(flat))
    b = extract_proportions(read_report(wrapped))
    assert len(a) == 4
    assert _shape(a) == _shape(b)


def test_number_words_without_digits_are_read():
    """A paragraph with no digit and no fraction word still holds counts in words."""
    row = one("In the first four of the six inspections, we held formal meetings.")
    assert (row["numerator"], row["denominator"], row["of"]) == (4, 6, "the six inspections")


_SCREEN_WORDS = [
    "1", "12", "1,000", "5%", "%", "per", "cent", "percent", "of", "the", "out", "in", "and",
    "to", "between", "-", ",", ".", "one", "Five", "twenty", "first", "EIeven", "²", "①",
    "half", "thirds", "a", "quarter", "most", "majority", "few", "almost", "all", "cases",
    "staff", "someone", "often", "attended",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SCREEN_WORDS), max_size=14).map(" ".join))
def test_screen_never_skips_a_paragraph_with_a_value(text):
    """Paragraphs the string screen rules out are never tokenised; tokenising them must
    find nothing."""
    pipe = pipeline()
    if not _may_hold_value(text, pipe):
        assert not _find(pipe.nlp.make_doc(_spacy_text(text)), pipe)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from([*_SCREEN_WORDS, "cases out", "79 cases", "50-64%", "(", "45 %"]),
        max_size=16,
    ).map(" ".join)
)
def test_core_labels_ruled_out_never_match(text):
    """Each paragraph is matched only against the core patterns it could hold: every
    pattern that matches must be among them."""
    pipe = pipeline()
    doc = pipe.nlp.make_doc(_spacy_text(text))
    every = _core_matcher(pipe, frozenset(_CORE_NEEDS))
    matched = {pipe.nlp.vocab.strings[key] for key, _start, _end in every(doc)}
    assert matched <= _possible_cores(doc, pipe)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("In 62% of cases", "PERCENT"),
        ("sixty-two per cent of them", "PERCENT"),
        ("scored 50-64% overall", "PERCENT_RANGE"),
        ("between 65 per cent and 79 per cent", "PERCENT_RANGE"),
        ("in 105 of 270 cases", "COUNT"),
        ("79 cases out of 212", "COUNT"),
        ("one in five victims", "RATIO"),
        ("Of the 57 cases we reviewed, 55 had a plan", "COUNT_REV"),
    ],
)
def test_core_label_is_kept_where_its_pattern_matches(text, label):
    pipe = pipeline()
    doc = pipe.nlp.make_doc(_spacy_text(text))
    matched = {
        pipe.nlp.vocab.strings[key] for key, _s, _e in _core_matcher(pipe, frozenset([label]))(doc)
    }
    assert matched == {label}
    assert label in _possible_cores(doc, pipe)


def test_core_labels_are_ruled_out_without_their_shape():
    """Two numbers and an "of" far apart hold no count: the Matcher is not run."""
    pipe = pipeline()
    doc = pipe.nlp.make_doc(
        "In 2019 the inspectorate reviewed the work of the division in 12 areas."
    )
    assert _possible_cores(doc, pipe) == frozenset()
