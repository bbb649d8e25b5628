"""Leave-one-report-out evaluation of a theme classifier against a keyword baseline."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from reportmine.classify.analysis import shared_analyses
from reportmine.classify.data import LabelledData, load_labelled
from reportmine.classify.model import KeywordBaseline, ThemeClassifier
from reportmine.classify.taxonomy import Taxonomy


@dataclass
class ThemeScore:
    theme: str
    support: int
    precision: float
    recall: float
    f1: float


# Reliability bins: narrow at the low end, where nearly every (text, theme) pair falls.
RELIABILITY_EDGES = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0)


@dataclass
class ReliabilityBin:
    low: float
    high: float
    pairs: int  # (text, theme) pairs whose score falls in [low, high)
    mean_score: float
    observed: float  # share of those pairs whose label is on


@dataclass
class Calibration:
    """How far scores read as probabilities, over every (text, theme) pair."""

    brier: float  # mean squared error of the score against the 0/1 label
    ece: float  # expected calibration error: |mean score - observed rate|, bins weighted
    mean_score: float
    prevalence: float  # share of pairs whose label is on
    bins: list[ReliabilityBin]


def calibration(truth: np.ndarray, probabilities: np.ndarray) -> Calibration:
    y = np.asarray(truth, dtype=float).ravel()
    p = np.asarray(probabilities, dtype=float).ravel()
    last = len(RELIABILITY_EDGES) - 2  # a score of 1.0 falls in the top bin
    which = np.clip(np.searchsorted(RELIABILITY_EDGES, p, side="right") - 1, 0, last)
    bins, gap = [], 0.0
    for b, (low, high) in enumerate(itertools.pairwise(RELIABILITY_EDGES)):
        inside = which == b
        if not inside.any():
            continue
        mean, observed = float(p[inside].mean()), float(y[inside].mean())
        bins.append(ReliabilityBin(low, high, int(inside.sum()), mean, observed))
        gap += inside.sum() * abs(mean - observed)
    return Calibration(
        float(((p - y) ** 2).mean()), gap / max(len(p), 1), float(p.mean()), float(y.mean()), bins
    )


@dataclass
class Evaluation:
    name: str
    per_theme: list[ThemeScore]
    texts: int = 0  # how many texts were scored
    calibration: Calibration | None = None
    # held-out report -> macro-F1 over the themes with examples in it
    by_report: dict[str, float] = field(default_factory=dict)

    def macro_f1(self, min_support: int = 1) -> float:
        scores = [s.f1 for s in self.per_theme if s.support >= min_support]
        return float(np.mean(scores)) if scores else 0.0


def scores(name: str, themes: list[str], truth: np.ndarray, predicted: np.ndarray) -> Evaluation:
    rows = []
    for k, theme in enumerate(themes):
        t, p = truth[:, k], predicted[:, k]
        tp = float((t & p).sum())
        precision = tp / p.sum() if p.sum() else 0.0
        recall = tp / t.sum() if t.sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(ThemeScore(theme, int(t.sum()), precision, recall, f1))
    return Evaluation(name, rows, len(truth))


def leave_one_report_out(
    data: LabelledData,
    taxonomy: Taxonomy,
    make_model: Callable[[], ThemeClassifier | KeywordBaseline],
) -> tuple[np.ndarray, np.ndarray]:
    """Predictions and scores for every report text (``data.evaluated``) from a model
    trained on the other reports only, plus the train-only texts; rows of train-only texts
    stay False and 0."""
    groups = np.array(data.groups)
    predicted = np.zeros(data.labels.shape, dtype=bool)
    probabilities = np.zeros(data.labels.shape)
    with shared_analyses():  # every fold fits on the same texts
        for report in data.reports:
            test = (groups == report) & data.evaluated
            train = data.subset(~test)
            model = make_model().fit(train.texts, train.labels, train.groups, train.train_only)
            texts = [data.texts[i] for i in np.flatnonzero(test)]
            probabilities[test] = model.predict_proba(texts)
            predicted[test] = model.predict(texts)
    return predicted, probabilities


def _by_report(
    themes: list[str], truth: np.ndarray, predicted: np.ndarray, groups: list[str]
) -> dict[str, float]:
    where = np.array(groups)
    return {
        report: scores("", themes, truth[where == report], predicted[where == report]).macro_f1()
        for report in dict.fromkeys(groups)
    }


def evaluate_themes(
    data: LabelledData, taxonomy: Taxonomy, embeddings: bool = False, jobs: int | None = None
) -> list[Evaluation]:
    """The model and the keyword baseline (and, on request, MiniLM embeddings), all
    leave-one-report-out, scored on the reports' own texts; ``jobs``: processes fitting
    each model (None: one per core), which changes no figure."""
    themes = taxonomy.ids
    scored = data.evaluated
    reports = data.subset(scored)
    model, probabilities = leave_one_report_out(
        data, taxonomy, lambda: ThemeClassifier(taxonomy, n_jobs=jobs)
    )
    baseline = KeywordBaseline(taxonomy).predict(reports.texts)
    results = [
        scores("tfidf-logreg", themes, reports.labels, model[scored]),
        scores("keyword-baseline", themes, reports.labels, baseline),
    ]
    results[0].calibration = calibration(reports.labels, probabilities[scored])
    for result, predicted in zip(results, (model[scored], baseline), strict=True):
        result.by_report = _by_report(themes, reports.labels, predicted, reports.groups)
    if embeddings:
        from reportmine.classify.embeddings import EmbeddingThemeClassifier, _Encoder

        encoder = _Encoder()
        predicted, _ = leave_one_report_out(
            data, taxonomy, lambda: EmbeddingThemeClassifier(taxonomy, encoder=encoder)
        )
        results.append(scores("minilm-logreg", themes, reports.labels, predicted[scored]))
    return results


def labeller_agreement(
    first: LabelledData, taxonomy: Taxonomy, second_folder: str | Path
) -> Evaluation | None:
    """How far a second labeller, deciding blind on a sample of the same texts, agrees with
    the labels the model is trained on: per-theme F1 of one set against the other (the
    ceiling a model can be expected to reach). None when there is no second labelling."""
    folder = Path(second_folder)
    if not folder.is_dir() or not any(folder.glob("*.jsonl")):
        return None
    second = load_labelled(taxonomy, folder)
    index = {text_id: i for i, text_id in enumerate(first.ids)}
    shared = [(index[t], j) for j, t in enumerate(second.ids) if t in index]
    if not shared:
        return None
    rows = np.array([i for i, _ in shared])
    columns = np.array([j for _, j in shared])
    return scores("second-labeller", taxonomy.ids, first.labels[rows], second.labels[columns])
