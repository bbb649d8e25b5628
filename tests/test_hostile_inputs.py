"""Hostile and odd inputs (hypothesis): never a traceback, always a report or a clear error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportmine import IngestError, read_report
from reportmine.ingest.normalise import normalise_text

FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(
    data=st.binary(min_size=0, max_size=4096),
    suffix=st.sampled_from([".pdf", ".txt", ".md", ".html", ".htm"]),
)
def test_random_bytes_give_a_report_or_one_line_error(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    try:
        report = read_report(path)
    except IngestError as exc:
        message = str(exc)
        assert message.startswith(str(path)) and "\n" not in message
        return
    assert report.text.strip()
    for section in report.sections:
        assert 0 <= section.start <= section.heading_end <= section.end <= len(report.text)


@FAST
@given(text=st.text(min_size=0, max_size=3000))
def test_any_text_normalises_with_consistent_spans(text):
    result = normalise_text(text)
    for line in result.lines:
        assert 0 <= line.start <= line.end <= len(result.text)
        assert "\n" not in result.text[line.start : line.end]
    for ref in result.footnote_refs:
        assert 0 <= ref.start <= len(result.text)


@FAST
@given(
    lines=st.lists(
        st.sampled_from(
            [
                "Foreword",
                "1. Organisational delivery",
                "1.1 Leadership Good",
                "Requires",
                "improvement",
                "Recommendations",
                "The Ministry of Justice should:",
                "1. ensure repairs",
                "",
                "\f",
                "Annex 2: Inspection results",
                "2.1.1. Does assessment focus sufficiently? 6204",
                "Overall, the division is rated as: Good.",
                "• e bullet",
                "Text about staff and premises.",
            ]
        ),
        max_size=60,
    )
)
def test_shuffled_report_fragments_never_crash_the_extractors(tmp_path_factory, lines):
    from reportmine.extract import run_all

    path = tmp_path_factory.mktemp("frag") / "report.txt"
    path.write_text(
        "\n".join(lines) + "\nSome closing prose about probation services here.\n", "utf-8"
    )
    report = read_report(path)
    tables = run_all(report)
    for rows in tables.values():
        for row in rows:
            assert 0 <= row["char_start"] <= row["char_end"] <= len(report.text)
