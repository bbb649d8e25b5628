"""Tag paragraphs and recommendations of a report with the shipped theme model."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from reportmine.classify import DEFAULT_MODEL, model_folder
from reportmine.classify.model import ThemeClassifier
from reportmine.classify.taxonomy import load_taxonomy
from reportmine.classify.units import paragraph_units
from reportmine.model import Report

__all__ = ["DEFAULT_MODEL", "model_folder", "shipped_model", "tag_paragraphs", "tag_texts"]


@cache
def shipped_model(folder: str | None = None) -> ThemeClassifier | None:
    path = Path(folder) if folder else model_folder()
    if not (path / "model.json").is_file():
        return None
    return ThemeClassifier.load(path, load_taxonomy(path.parent / "themes.yaml"))


def tag_paragraphs(report: Report, model: ThemeClassifier) -> list[dict[str, Any]]:
    units = paragraph_units(report)
    if not units:
        return []
    probabilities = model.predict_proba([u.text for u in units])
    tagged, theme_of = np.nonzero(probabilities >= model.thresholds[None, :])
    scores = probabilities[tagged, theme_of].tolist()
    rows = []
    for i, k, score in zip(tagged.tolist(), theme_of.tolist(), scores, strict=True):
        unit = units[i]
        rows.append(
            {
                "report_id": report.id,
                "section_id": unit.section_id,
                "section_kind": unit.section_kind,
                "paragraph_id": unit.id,
                "page": report.page_at(unit.start),
                "char_start": unit.start,
                "char_end": unit.end,
                "theme": model.themes[k],
                "score": round(score, 4),
            }
        )
    return rows


def tag_texts(texts: list[str], model: ThemeClassifier) -> list[list[str]]:
    if not texts:
        return []
    predicted = model.predict(texts)
    return [[t for t, on in zip(model.themes, row, strict=True) if on] for row in predicted]
