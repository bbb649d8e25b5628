"""Leave-one-report-out evaluation of a theme classifier against a keyword baseline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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


@dataclass
class Evaluation:
    name: str
    per_theme: list[ThemeScore]
    texts: int = 0  # how many texts were scored

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
) -> np.ndarray:
    """Predictions for every report text (``data.evaluated``) from a model trained on the
    other reports only, plus the train-only texts; rows of train-only texts stay False."""
    groups = np.array(data.groups)
    predicted = np.zeros(data.labels.shape, dtype=bool)
    for report in data.reports:
        test = (groups == report) & data.evaluated
        train = data.subset(~test)
        model = make_model().fit(train.texts, train.labels, train.groups, train.train_only)
        predicted[test] = model.predict([data.texts[i] for i in np.flatnonzero(test)])
    return predicted


def evaluate_themes(
    data: LabelledData, taxonomy: Taxonomy, embeddings: bool = False
) -> list[Evaluation]:
    """The model and the keyword baseline (and, on request, MiniLM embeddings), all
    leave-one-report-out, scored on the reports' own texts."""
    themes = taxonomy.ids
    scored = data.evaluated
    reports = data.subset(scored)
    model = leave_one_report_out(data, taxonomy, lambda: ThemeClassifier(taxonomy))
    baseline = KeywordBaseline(taxonomy).predict(reports.texts)
    results = [
        scores("tfidf-logreg", themes, reports.labels, model[scored]),
        scores("keyword-baseline", themes, reports.labels, baseline),
    ]
    if embeddings:
        from reportmine.classify.embeddings import EmbeddingThemeClassifier, _Encoder

        encoder = _Encoder()
        predicted = leave_one_report_out(
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
