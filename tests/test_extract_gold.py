"""Extractors against the hand-written gold files: 100% precision, >=98% recall per report."""

from __future__ import annotations

import pytest

from conftest import CORPUS, GOLD
from reportmine.evaluate import SCORERS, evaluate, load_gold, totals

GOLDS = {g["report"]: g for g in load_gold(GOLD)}
STRICT = ("ratings", "key_questions", "recommendations")


@pytest.fixture(scope="module")
def scores():
    return evaluate(GOLD, CORPUS.parent)


@pytest.mark.parametrize("report", sorted(GOLDS))
@pytest.mark.parametrize("extractor", STRICT)
def test_strict_extractors_meet_targets(scores, report, extractor):
    [score] = [s for s in scores if s.report == report and s.extractor == extractor]
    assert score.precision == 1.0, score.extras
    assert score.recall >= 0.98, score.misses


def test_gold_counts_are_what_the_reports_say(scores):
    by_key = {(s.extractor, s.report): s for s in scores}
    expected_recs = {
        "2019-nps-london": 7,
        "2019-london-crc": 6,
        "2014-transforming-rehabilitation-early-implementation": 67,
        "2019-nps-north-east": 7,
        "2014-adult-offending-work-aggregate": 10,
    }
    for report, count in expected_recs.items():
        assert by_key[("recommendations", report)].tp == count


def test_reports_without_ratings_yield_no_rating_rows(corpus_reports):
    from reportmine.extract import REGISTRY

    for slug in (
        "2014-transforming-rehabilitation-early-implementation",
        "2014-adult-offending-work-aggregate",
    ):
        assert REGISTRY["ratings"].run(corpus_reports[slug]) == []
        assert REGISTRY["key_questions"].run(corpus_reports[slug]) == []


def test_recommendation_fields_are_right(scores):
    total = totals([s for s in scores if s.extractor == "recommendations"])["recommendations"]
    for field in ("number_printed", "organisation", "para_refs", "priority", "heading"):
        assert total.field_accuracy(field) == 1.0, field
    assert total.field_accuracy("role") >= 0.95


def test_facts_and_outcome_scores_match_gold(scores):
    for extractor in ("facts", "outcome_scores"):
        total = totals([s for s in scores if s.extractor == extractor])[extractor]
        assert total.tp == sum(len(g[extractor]) for g in GOLDS.values())
        assert total.fp == 0 and total.fn == 0


def test_every_scorer_has_gold():
    for gold in GOLDS.values():
        for name in SCORERS:
            assert name in gold
