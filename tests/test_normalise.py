"""The normaliser on snippets shaped like what converters and OCR produce."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportmine.chars import CharMap
from reportmine.ingest.normalise import _GLYPHS, normalise_text


def _norm(text: str):
    return normalise_text(text)


def test_html_tags_removed_and_sup_kept_as_footnote_reference():
    result = _norm(
        "A high-profile London case,<sup>1</sup> yet the service is <b>still</b> poor.\n"
    )
    assert result.text == "A high-profile London case, yet the service is still poor."
    [ref] = result.footnote_refs
    assert ref.label == "1" and ref.raw == "<sup>1</sup>"
    assert result.text[ref.start - 1] == ","


def test_ocr_question_mark_footnotes_are_cut_from_words():
    result = _norm(
        "the standard Requires improvement?2 as expected\nmost vulnerable people?11 today\n"
    )
    assert "improvement?2" not in result.text and "people?11" not in result.text
    assert [r.label for r in result.footnote_refs] == ["2", "11"]
    assert "Requires improvement as expected" in result.text
    assert result.text[: result.footnote_refs[0].start].endswith("improvement")


def test_pdftotext_footnote_digits_after_punctuation():
    result = _norm(
        "Around 260,000 adults are supervised by probation services annually.1 Probation\n"
    )
    assert "annually. Probation" in result.text
    assert result.footnote_refs[0].label == "1"


def test_unicode_superscripts_become_references():
    result = _norm("Protecting the public by minimising risk of harm to others¹\n")
    assert result.text == "Protecting the public by minimising risk of harm to others"
    assert result.footnote_refs[0].label == "1"


def test_markdown_heading_bold_and_links():
    result = _norm(
        "# London division\n\nSee [the licence](http://example.org/l) and **bold** text.\n"
    )
    assert result.text.splitlines() == [
        "London division",
        "See the licence (http://example.org/l) and bold text.",
    ]
    assert result.lines[0].heading_level == 1


def test_markdown_table_pipes_become_tab_cells():
    result = _norm("| Standard | Rating |\n|---|---|\n| 1.1 Leadership | Good |\n")
    assert result.text.splitlines() == ["Standard\tRating", "1.1 Leadership\tGood"]
    assert all(line.is_table_row for line in result.lines)


def test_ocr_bullets_normalised():
    text = "Strengths:\ne There is a clear vision.\n« Staff receive supervision.\n» Services are in place.\n< Leaders listen.\no A visible team.\n"
    lines = _norm(text).text.splitlines()
    assert lines[1:] == [
        "• There is a clear vision.",
        "• Staff receive supervision.",
        "• Services are in place.",
        "• Leaders listen.",
        "• A visible team.",
    ]


def test_icon_junk_before_heading_dropped():
    assert _norm("@@ Organisational delivery\n").text == "Organisational delivery"
    assert _norm("I-@-.I Case supervision\n").text == "Case supervision"


def _wrapped(paragraph: str, width: int = 60) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(paragraph, width))


def test_hard_wrapped_paragraphs_are_reflowed_and_hyphenation_mended():
    words = "The division has taken a proactive approach to improving premises and offices "
    para = (words * 6).strip()
    wrapped = "\n\n".join([_wrapped(para)] * 30)
    result = _norm(wrapped)
    assert result.text.splitlines()[0] == para
    hyphen = _norm(
        _wrapped(para)
        + "\n\n"
        + "We saw good manage-\nment of staff and better management overall. " * 1
        + "\n"
        + "\n\n".join([_wrapped(para)] * 25)
    )
    assert "good management of staff" in hyphen.text


def test_hyphenated_compound_kept_when_not_a_word_elsewhere():
    para = (
        "Leaders deliver a service to people in the area every single day and night " * 5
    ).strip()
    text = (
        "\n\n".join([_wrapped(para)] * 25)
        + "\n\nThey focus on delivering a consistently high-\nquality service to every person under supervision today.\n"
    )
    assert "high-quality service" in _norm(text).text


WORDS = {
    1: ["Leadership", "Staffing", "Premises", "Victims"],
    2: ["Assessment", "Planning", "Delivery", "Review"],
    3: ["Courts", "Allocation", "Recall", "Breach"],
    4: ["Housing", "Training", "Safeguarding", "Partnerships"],
    5: ["Diversity", "Information", "Interventions", "Strategy"],
}


def test_running_footer_and_page_numbers_removed_with_page_breaks():
    pages = []
    for n in range(1, 6):
        body = "\n\n".join(
            f"{word} is the theme of paragraph {k} on this page." for k, word in enumerate(WORDS[n])
        )
        pages.append(
            f"{body}\n\nInspection of probation services: NPS North East division  {n + 10}\n"
        )
    result = _norm("\f".join(pages))
    assert "Inspection of probation services" not in result.text
    assert len(result.page_starts) == 5
    assert result.text.count("is the theme of paragraph") == 5 * 4


def test_lost_form_feeds_marked_by_leading_space_give_pages():
    pages = [
        f" {WORDS[(n % 5) + 1][0]} heading\n\n{WORDS[(n % 5) + 1][1]} was reviewed.\n\n{WORDS[(n % 5) + 1][2]} matters.\n"
        for n in range(1, 7)
    ]
    result = _norm("".join(pages))
    assert len(result.page_starts) == 6
    assert result.text.startswith("Assessment heading")


def test_trailing_spaces_removed_and_nothing_lost():
    raw = "Foreword \n\nThis is the sixth NPS division to be inspected.  \n"
    result = _norm(raw)
    assert result.text == "Foreword\nThis is the sixth NPS division to be inspected."


def test_line_spans_point_into_text():
    result = _norm("# Title\n\nFirst paragraph.\n\nSecond paragraph.\n")
    for line in result.lines:
        assert result.text[line.start : line.end].strip() == result.text[line.start : line.end]
        assert "\n" not in result.text[line.start : line.end]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \n\t\x02•‑–\u00ad\ufb01ſKıİ", max_size=30))
def test_char_map_gives_what_translate_gives(text):
    """The glyph, line-break and case-twin maps replace per character present: same result
    as str.translate with the same table."""
    for mapping in (_GLYPHS, {"\n": " ", "\t": " ", "•": " ", "‑": "-", "–": "-"}):
        assert CharMap(mapping)(text) == text.translate(str.maketrans(mapping))


def test_char_map_refuses_a_replacement_that_would_be_replaced_again():
    with pytest.raises(ValueError, match="replacement contains"):
        CharMap({"a": "b", "b": "c"})


def test_ocr_letter_confusions_in_headings_and_questions():
    """OCR's "rn" for "m", "0" for "o" and "l" for "I": a heading still names its kind, and a
    key question still starts with its question word."""
    from reportmine.ingest.normalise import RawLine, repair_ocr_digits
    from reportmine.sections.kinds import lexicon

    kinds = lexicon()
    assert kinds.kind_of("Key recornrnendations") == "recommendations"
    assert kinds.kind_of("C0ntextual facts") == "contextual_facts"
    assert kinds.kind_of("Governance") is None  # a real "rn" is left alone
    lines = [RawLine("2.1.2. D0es assessment focus? 83%"), RawLine("3.1.1. ls the advice clear?")]
    assert [line.text for line in repair_ocr_digits(lines)] == [
        "2.1.2. Does assessment focus? 83%",
        "3.1.1. Is the advice clear?",
    ]


def test_a_part_title_on_its_own_line_is_never_joined():
    """Without blank lines, the reflow must not run a part title or a headline figure into the
    paragraphs around it ("... ratings/ Contextual facts Ministry of Justice ...")."""
    body = "word " * 15
    text = "\n".join(
        [body.strip()] * 30
        + [
            "See the standards at https://example.org/standards/",
            "Contextual facts",
            body.strip(),
            body.strip(),
        ]
    )
    lines = [line.strip() for line in normalise_text(text).text.split("\n")]
    assert "Contextual facts" in lines
    figures = "\n".join([body.strip()] * 30 + ["106,369", "39.3%", "72%", "0", body.strip()])
    lines = [line.strip() for line in normalise_text(figures).text.split("\n")]
    assert [x for x in lines if x[:1].isdigit() and x != "0"] == ["106,369", "39.3%", "72%"]


# The look-behind-first forms these patterns had: the same matches, tried at every position.
_SLOW_FORMS = {
    "_INNER_ONE": r"(?<=[A-Za-z])[10](?=[a-z])",
    "_PUNCT_DIGIT_REF": r"(?<=[a-z)’”][.,;:])(\d{1,2})(?=\s|$)",
    "_WORD_DIGIT_REF": r"(?<=[a-z]{4})(\d{1,2})(?=[\s.,;:)]|$)",
}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abcdeA01239 .,;:)’”?\n", max_size=40))
def test_digit_first_patterns_match_as_their_look_behind_forms(text):
    import re

    from reportmine.ingest import normalise

    for name, slow in _SLOW_FORMS.items():
        fast = getattr(normalise, name)
        expected = [(m.span(), m.groups()) for m in re.finditer(slow, text)]
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == expected, name
