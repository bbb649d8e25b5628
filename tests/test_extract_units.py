"""Extractors on made-up snippets shaped like the next report of the same family."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reportmine import read_report
from reportmine.extract import REGISTRY


def _report(tmp_path, text: str, name: str = "snippet.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_report(path)


@pytest.mark.parametrize(
    ("sentence", "rating"),
    [
        (
            "Overall, the Midlands division of the NPS is rated as: Requires improvement.",
            "Requires improvement",
        ),
        ("Overall, Kent CRC was rated as ‘Good’.", "Good"),
        (
            "Our inspection resulted in a rating of 'Requires improvement' for the division.",
            "Requires improvement",
        ),
        ("The service received an overall rating of “Inadequate”.", "Inadequate"),
        ("On this occasion we have, therefore, rated Wales CRC as ‘Outstanding’.", "Outstanding"),
    ],
)
def test_overall_rating_phrasings(tmp_path, sentence, rating):
    report = _report(
        tmp_path, f"Foreword\n\nSome words.\n\nOverall findings\n\n{sentence} More text.\n"
    )
    [row] = [r for r in REGISTRY["ratings"].run(report) if r["code"] == "overall"]
    assert row["rating"] == rating and row["source"] == "prose"
    assert report.text[row["char_start"] : row["char_end"]].lower().startswith(rating.lower()[:4])


def test_overall_rating_not_taken_from_past_inspection_or_contents(tmp_path):
    text = (
        "Contents\n\nOverall findings ..... rated as Good 5\nForeword ..... 3\nBackground ..... 6\n\n"
        "Foreword\n\nAt our last inspection the division was rated as ‘Good’.\n\n"
        "Overall findings\n\nIn our previous inspection it was rated as 'Outstanding'.\n"
    )
    assert [
        r for r in REGISTRY["ratings"].run(_report(tmp_path, text)) if r["code"] == "overall"
    ] == []


def test_standard_rating_split_over_lines_and_glued_footnote(tmp_path):
    text = (
        "Overall findings\n\nOverall, the division is rated as: Good.\n\n"
        "1. Organisational delivery\n\nThe division has strong leaders and a clear vision for staff.\n\n"
        "1.1 Leadership Good\n\nText about leadership in the division for several lines.\n\n"
        "1.2 Staff Requires\nimprovement?2\n\nText about staffing shortages in the division.\n"
    )
    rows = {r["code"]: r for r in REGISTRY["ratings"].run(_report(tmp_path, text))}
    assert rows["1.1"]["rating"] == "Good"
    assert rows["1.2"]["rating"] == "Requires improvement"
    assert (
        rows["1.2"]["standard_name"] == "Staff"
        and rows["1.2"]["domain_name"] == "Organisational delivery"
    )


def test_conflicting_sources_are_both_kept_and_flagged(tmp_path):
    text = (
        "Summary of ratings\n\n1.1\tLeadership\tGood\n1.2\tStaff\tInadequate\n\n"
        "1. Organisational delivery\n\nIntro text for the domain that is long enough.\n\n"
        "1.1 Leadership Outstanding\n\nLeadership text.\n\n1.2 Staff Inadequate\n\nStaff text.\n"
    )
    rows = REGISTRY["ratings"].run(_report(tmp_path, text))
    leadership = [r for r in rows if r["code"] == "1.1"]
    assert {(r["source"], r["rating"]) for r in leadership} == {
        ("summary_table", "Good"),
        ("standard_heading", "Outstanding"),
    }
    assert all(r["conflict"] for r in leadership)
    assert not any(r["conflict"] for r in rows if r["code"] == "1.2")


def test_key_question_ocr_repair_and_suspect_flag(tmp_path):
    text = (
        "Annex 2: Inspection results\n\n4. CRC-specific work\n\n4.1. Unpaid work\n\n"
        "Unpaid work is delivered safely and effectively Good\n\n"
        "4.1.1. Does assessment focus on the key issues relevant to 0,\nunpaid work? 7404\n\n"
        "4.1.2. Do arrangements for unpaid work maximise the\nopportunity for personal 7%\ndevelopment?\n\n"
        "12 Please note: percentages relating to questions 4.1.2 are calculated for the relevant sub-sample.\n"
    )
    rows = {r["code"]: r for r in REGISTRY["key_questions"].run(_report(tmp_path, text))}
    first, second = rows["4.1.1"], rows["4.1.2"]
    assert (first["percent_yes"], first["raw_value"], first["suspect"]) == (74, "7404", False)
    assert first["question"] == "Does assessment focus on the key issues relevant to unpaid work?"
    assert first["repair"]
    assert (second["percent_yes"], second["suspect"], second["sub_sample"]) == (7, True, True)
    assert "Good" in second["suspect_reason"]
    assert (
        second["question"]
        == "Do arrangements for unpaid work maximise the opportunity for personal development?"
    )


def test_recommendations_with_lost_numbers_and_lead_ins(tmp_path):
    text = (
        "Recommendations\n\nAs a result of our inspection findings, we have made three recommendations.\n\n"
        "Kent CRC should:\n\n1.\n\nimprove the quality of planning\n\nensure workloads are manageable\n\n"
        "The Ministry of Justice should:\n\n1.\n\nensure that probation facilities are well maintained.\n\n"
        "Background\n\nMore text.\n"
    )
    rows = REGISTRY["recommendations"].run(_report(tmp_path, text))
    assert [(r["number"], r["number_printed"], r["organisation"]) for r in rows] == [
        (1, True, "Community Rehabilitation Company"),
        (2, False, "Community Rehabilitation Company"),
        (3, False, "Ministry of Justice"),
    ]
    assert rows[2]["text"] == "ensure that probation facilities are well maintained."
    assert all(r["stated_total"] == 3 for r in rows)


def test_recommendations_completing_a_lead_in_sentence(tmp_path):
    """Ofsted's shape: a lead-in sentence that names its actor and ends with a colon, bullets
    that complete it, then a self-contained "X should ..." paragraph and a contact block."""
    text = (
        "Recommendations\n\n"
        "Leaders across the partnership should improve how they use data to ensure that:\n\n"
        "• practitioners have accurate information;\n\n"
        "• they evaluate their work more rigorously.\n\n"
        "Leaders across the partnership should address the long waits for therapy.\n\n"
        "Local area partnership details\n\nCivic Offices, 2 Watling Street\n"
    )
    rows = REGISTRY["recommendations"].run(_report(tmp_path, text))
    assert [(r["number"], r["addressee"], r["text"]) for r in rows] == [
        (
            1,
            "Leaders across the partnership",
            "Leaders across the partnership should improve how they use data to ensure that:"
            " practitioners have accurate information;",
        ),
        (
            2,
            "Leaders across the partnership",
            "Leaders across the partnership should improve how they use data to ensure that:"
            " they evaluate their work more rigorously.",
        ),
        (
            3,
            "Leaders across the partnership",
            "Leaders across the partnership should address the long waits for therapy.",
        ),
    ]
    assert rows[0]["source_text"] == "• practitioners have accurate information;"


def test_recommendations_from_a_responsible_body_table(tmp_path):
    """A table of (responsible body, action) rows: each addressed action is an item, and the
    body named in its own cell is the addressee; the header row is not an item."""
    text = (
        "Areas for priority action\n\n"
        "Responsible body\tAreas for priority action\n"
        "Kent County Council and NHS Kent ICB.\tLeaders should act with urgency to cut"
        " the waits for assessment.\n"
        "Kent County Council\tThe local area partnership should publish its plan.\n\n"
        "Areas for improvement\n\n"
        "Leaders should improve how they use data. Leaders across the partnership should"
        " improve transition planning to ensure that:\n\n"
        "◼ young people have a plan by Year 9;\n\n"
        "◼ health services take part.\n"
    )
    rows = REGISTRY["recommendations"].run(_report(tmp_path, text))
    assert [(r["addressee"], r["organisation"], r["text"]) for r in rows] == [
        (
            "Kent County Council and NHS Kent ICB",
            "Local authority and Integrated care board",
            "Leaders should act with urgency to cut the waits for assessment.",
        ),
        (
            "Kent County Council",
            "Local authority",
            "The local area partnership should publish its plan.",
        ),
        ("Leaders", None, "Leaders should improve how they use data."),
        (
            "Leaders across the partnership",
            "Local area partnership",
            "Leaders across the partnership should improve transition planning to ensure that:"
            " young people have a plan by Year 9;",
        ),
        (
            "Leaders across the partnership",
            "Local area partnership",
            "Leaders across the partnership should improve transition planning to ensure that:"
            " health services take part.",
        ),
    ]
    assert [r["number"] for r in rows] == [1, 2, 3, 4, 5]


def test_areas_for_improvement_are_recommendations_only_when_addressed(tmp_path):
    """Ofsted lists its recommendations as areas for improvement ("Leaders should ...");
    HMI Probation's areas for improvement are findings, which are not recommendations."""
    addressed = (
        "Areas for improvement\n\n"
        "Leaders should improve their strategic approach to preparation for adulthood.\n\n"
        "Leaders in education, health and social care should work together on transitions.\n"
    )
    rows = REGISTRY["recommendations"].run(_report(tmp_path, addressed))
    assert [r["addressee"] for r in rows] == [
        "Leaders",
        "Leaders in education, health and social care",
    ]
    findings = (
        "Areas for improvement\n\n"
        "• Responsible officer caseloads are high and staff absences have increased.\n\n"
        "• Management oversight of cases was not sufficient in a third of the cases.\n"
    )
    assert REGISTRY["recommendations"].run(_report(tmp_path, findings)) == []


def test_recommendations_self_addressed_with_para_refs_priority_and_repeat(tmp_path):
    text = (
        "Recommendations\n\nCourt work\n\nKey recommendations\n\n"
        "1. National Probation Service senior managers should review court staffing. (para 1.24, 1.26)\n\n"
        "Other recommendations\n\n"
        "2. Purposeful home visits should be completed by all CRC offender managers in domestic abuse cases. (3.23)\n\n"
        "1. Court work\n\nChapter text about courts for a while.\n\nRecommendations\n\n"
        "1. NPS senior managers should review court staffing. (para 1.24, 1.26)\n"
    )
    rows = REGISTRY["recommendations"].run(_report(tmp_path, text))
    assert len(rows) == 2
    first, second = rows
    assert (
        first["organisation"] == "National Probation Service" and first["role"] == "senior managers"
    )
    assert (
        first["para_refs"] == ["1.24", "1.26"]
        and first["priority"] == "key"
        and first["heading"] == "Court work"
    )
    assert (
        first["text"] == "National Probation Service senior managers should review court staffing."
    )
    assert second["addressee"] == "all CRC offender managers" and second["para_refs"] == ["3.23"]
    assert second["priority"] == "other"


def test_contextual_facts_in_separate_blocks_are_paired_by_kind(tmp_path):
    text = (
        "Contextual facts\n\nThe number of individuals supervised by the division 4\n"
        "The proportion of service users with a proven reoffence 5\n\n12,345\n\n41.2%\n\n"
        "1. Organisational delivery\n\nText.\n"
    )
    rows = REGISTRY["facts"].run(_report(tmp_path, text))
    assert [(r["value"], r["unit"], r["footnote"]) for r in rows] == [
        ("12,345", "count", "4"),
        ("41.2%", "percent", "5"),
    ]
    assert rows[0]["description"] == "The number of individuals supervised by the division"


def test_consistency_applies_lowest_band_rule_and_discretion(tmp_path):
    text = (
        "Annex 2: Inspection results\n\n2. Case supervision\n\n2.2. Planning\n\nPlanning is well-informed Requires improvement\n\n"
        "2.2.1. Does planning focus sufficiently on engaging the service user? 53%\n\n"
        "2.2.2. Does planning focus sufficiently on keeping other people safe? 48%\n\n"
        "19 In arriving at the rating for planning, we have exercised professional discretion.\n"
    )
    [row] = REGISTRY["rating_consistency"].run(_report(tmp_path, text))
    assert (row["lowest_code"], row["rule_rating"], row["published_rating"]) == (
        "2.2.2",
        "Inadequate",
        "Requires improvement",
    )
    assert row["consistent"] is False and row["discretion"] is True
    assert row["discretion_note"].startswith("In arriving at the rating for planning")


def test_a_report_that_lost_every_newline_is_recut(tmp_path):
    """A made-up division report flattened onto one line still gives its structure."""
    blocks = [
        "Foreword",
        "This is the seventh division we have inspected. Staff shortages are severe in the area, and the offices need repair.",
        "Overall findings",
        "Overall, the Midlands division of the NPS is rated as: Good. This rating has been determined by inspecting this provider in three areas of its work, referred to as ‘domains’.",
        "Recommendations",
        "As a result of our inspection findings, we have made three recommendations.",
        "The Midlands division of the NPS should:",
        "1. improve the quality of planning to keep victims safe",
        "2. ensure workloads are manageable.",
        "The Ministry of Justice should:",
        "3. review facilities contract management arrangements.",
        "1. Organisational delivery",
        "Leaders have a clear vision for the division and staff understand it well across all offices.",
        "1.1. Leadership Good",
        "The leadership of the organisation supports and promotes the delivery of a high-quality service.",
        "1.2 Staff Requires improvement",
        "Staffing levels are too low in most offices, and caseloads are high across the division.",
    ] * 3  # long enough to look like a report
    text = (
        " ".join(blocks[: len(blocks) // 3])
        + " "
        + " ".join(["Background text about probation."] * 120)
    )
    report = _report(tmp_path, text, "flat.txt")
    assert report.text.count("\n") > 10
    ratings = {r["code"]: r["rating"] for r in REGISTRY["ratings"].run(report)}
    assert ratings == {"overall": "Good", "1.1": "Good", "1.2": "Requires improvement"}
    recs = REGISTRY["recommendations"].run(report)
    assert [(r["number"], r["organisation"]) for r in recs] == [
        (1, "National Probation Service"),
        (2, "National Probation Service"),
        (3, "Ministry of Justice"),
    ]


# The whole-text patterns put their "no digit or dot before" lookbehind after the first digit
# (so the regex engine can skip to digits); they must match exactly what the plain spelling
# matches, at the start of a text, after a dot, inside longer numbers.
_PLAIN_SPELLINGS = {
    "key_questions": (
        r"(?<![\d.])(?P<code>\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s*(?=(?:Does|Do|Is|Are|Has|Have|How"
        r"|To what extent|Was|Were|Did|Can)\b)"
    ),
    "outcome_scores": (
        r"(?<![\d.])(?P<value>\d{1,3})\s?%[\t ]+(?P<low>\d{1,3})\s?%?\s*[-–]\s*(?P<high>\d{1,3})\s?%"
    ),
}


@given(
    st.lists(
        st.sampled_from(["1", "2", "12", "123", ".", "%", " ", "\t", "-", "–", "Does", "a", "\n"]),
        max_size=16,
    ).map("".join)
)
@example("1.2.3 Does it? 0.1.2.3 Does it? 11.12.13.Does")
@example("84%  77%-89% 1.84%\t77%-89% 7.5% 60%–70% 100% 9%")
@settings(max_examples=400, deadline=None)
def test_digit_first_patterns_match_like_their_plain_spelling(text):
    from reportmine.extract import key_questions, outcome_scores

    for module, pattern in ((key_questions, "_KQ"), (outcome_scores, "_SCORE")):
        fast = getattr(module, pattern)
        plain = re.compile(_PLAIN_SPELLINGS[module.__name__.rsplit(".", 1)[1]])
        found = [(m.span(), m.groupdict()) for m in fast.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in plain.finditer(text)]
