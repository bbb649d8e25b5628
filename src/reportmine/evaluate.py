"""Score extraction against hand-written gold files (``tests/gold/<report>.json``).

Each extractor is scored per report as records matched one to one: precision, recall and F1,
plus the accuracy of the fields of matched records (addressee, para refs, ...). The rules for
"the same record" are deliberately strict on values (a rating, a percentage, a number) and
lenient only on text that OCR may have damaged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from reportmine.extract import REGISTRY
from reportmine.extract.ratings import consolidated
from reportmine.extract.recommendations import split_addressee
from reportmine.ingest import read_report
from reportmine.model import Report


@dataclass
class Score:
    extractor: str
    report: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (right, total)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def field_accuracy(self, name: str) -> float:
        right, total = self.fields.get(name, (0, 0))
        return right / total if total else 1.0


def _core(text: str | None) -> str:
    return re.sub(r"\W+", " ", text or "").lower().strip()


def _match(
    score: Score,
    gold: list[dict[str, Any]],
    got: list[dict[str, Any]],
    same: Callable[[dict[str, Any], dict[str, Any]], bool],
    label: Callable[[dict[str, Any]], str],
    fields: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]] | None = None,
) -> Score:
    unused = list(got)
    for g in gold:
        found = next((x for x in unused if same(g, x)), None)
        if found is None:
            score.fn += 1
            score.misses.append(label(g))
            continue
        unused.remove(found)
        score.tp += 1
        for name, check in (fields or {}).items():
            right, total = score.fields.get(name, (0, 0))
            score.fields[name] = (right + bool(check(g, found)), total + 1)
    score.fp += len(unused)
    score.extras += [label(x) for x in unused]
    return score


def score_ratings(report: Report, gold: dict[str, Any]) -> Score:
    got = consolidated(REGISTRY["ratings"].run(report))
    gold_pairs = [
        {"code": r["code"], "rating": r["rating"]} for r in gold["ratings"] if r["rating"]
    ]
    got_pairs = [{"code": c, "rating": r} for c, r in got.items()]
    return _match(
        Score("ratings", gold["report"]),
        gold_pairs,
        got_pairs,
        lambda g, x: g["code"] == x["code"] and g["rating"] == x["rating"],
        lambda r: f"{r['code']}={r['rating']}",
    )


def score_key_questions(report: Report, gold: dict[str, Any]) -> Score:
    return _match(
        Score("key_questions", gold["report"]),
        gold["key_questions"],
        REGISTRY["key_questions"].run(report),
        lambda g, x: (
            g["code"] == x["code"]
            and g["percent_yes"] == x["percent_yes"]
            and bool(g.get("suspect")) == bool(x["suspect"])
        ),
        lambda r: f"{r['code']}={r.get('percent_yes')}",
        {
            "sub_sample": lambda g, x: g["sub_sample"] == x["sub_sample"],
            "question": lambda g, x: fuzz.ratio(_core(g["text"]), _core(x["question"])) >= 90,
        },
    )


def score_recommendations(report: Report, gold: dict[str, Any]) -> Score:
    def organisation(g: dict[str, Any], x: dict[str, Any]) -> bool:
        return (split_addressee(g["addressee"])[0] if g["addressee"] else None) == x["organisation"]

    return _match(
        Score("recommendations", gold["report"]),
        gold["recommendations"],
        REGISTRY["recommendations"].run(report),
        lambda g, x: (
            g["number"] == x["number"] and fuzz.ratio(_core(g["text"]), _core(x["text"])) >= 90
        ),
        lambda r: f"{r['number']}: {r['text'][:50]}",
        {
            "number_printed": lambda g, x: g["number_printed"] == x["number_printed"],
            "organisation": organisation,
            "role": lambda g, x: (g["role"] or None) == x["role"],
            "para_refs": lambda g, x: g["para_refs"] == x["para_refs"],
            "priority": lambda g, x: g["priority"] == x["priority"],
            "heading": lambda g, x: _core(g["heading"]) == _core(x["heading"]),
        },
    )


def score_facts(report: Report, gold: dict[str, Any]) -> Score:
    return _match(
        Score("facts", gold["report"]),
        gold["facts"],
        REGISTRY["facts"].run(report),
        lambda g, x: (
            g["value"] == x["value"]
            and fuzz.ratio(_core(g["description"]), _core(x["description"])) >= 85
        ),
        lambda r: f"{r['value']}: {r['description'][:40]}",
        {"unit": lambda g, x: g["unit"] == x["unit"]},
    )


def score_outcome_scores(report: Report, gold: dict[str, Any]) -> Score:
    return _match(
        Score("outcome_scores", gold["report"]),
        gold["outcome_scores"],
        REGISTRY["outcome_scores"].run(report),
        lambda g, x: (
            (g["percent"], g["low"], g["high"]) == (x["percent"], x["range_low"], x["range_high"])
        ),
        _outcome_label,
    )


def _outcome_label(row: dict[str, Any]) -> str:
    low = row.get("low", row.get("range_low"))
    high = row.get("high", row.get("range_high"))
    return f"{row.get('percent')}% ({low}-{high})"


def score_proportions(report: Report, gold: dict[str, Any]) -> Score:
    """Proportions are scored on a gold *sample*: see :mod:`reportmine.proportion_scoring`."""
    from reportmine.proportion_scoring import score_proportions as sample_score

    rows = REGISTRY["proportions"].run(report)
    _, _, misses, false_positives = sample_score(report, gold["proportions"], rows)
    found = len(gold["proportions"]) - len(misses)
    return Score(
        "proportions",
        gold["report"],
        tp=found,
        fp=len(false_positives),
        fn=len(misses),
        misses=[f"line {m['line']}: {m['text']}" for m in misses],
        extras=[f"lines {f['lines']}: {f['expression']}" for f in false_positives],
    )


SCORERS: dict[str, Callable[[Report, dict[str, Any]], Score]] = {
    "ratings": score_ratings,
    "key_questions": score_key_questions,
    "recommendations": score_recommendations,
    "facts": score_facts,
    "outcome_scores": score_outcome_scores,
    "proportions": score_proportions,
}


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(gold_dir.glob("*.json"))]


def evaluate(
    gold_dir: str | Path = "tests/gold",
    root: str | Path = ".",
    extractors: Iterable[str] | None = None,
) -> list[Score]:
    """Score every gold file's report; ``root`` is where the gold ``file`` paths start."""
    chosen = list(extractors or SCORERS)
    scores = []
    for gold in load_gold(Path(gold_dir)):
        report = read_report(Path(root) / gold["file"])
        scores += [SCORERS[name](report, gold) for name in chosen]
    return scores


def totals(scores: list[Score]) -> dict[str, Score]:
    """Micro-averaged score per extractor over all reports."""
    summed: dict[str, Score] = {}
    for s in scores:
        total = summed.setdefault(s.extractor, Score(s.extractor, "all"))
        total.tp += s.tp
        total.fp += s.fp
        total.fn += s.fn
        for name, (right, count) in s.fields.items():
            r0, c0 = total.fields.get(name, (0, 0))
            total.fields[name] = (r0 + right, c0 + count)
    return summed
