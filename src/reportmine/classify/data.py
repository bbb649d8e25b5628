"""Labelled paragraphs: ``models/training/*.jsonl``, one JSON object per line.

A record with ``"train_only": true`` (the written examples in ``synthetic*.jsonl``) is used
for fitting only: it is never a test text, never scored out of fold, and never tunes a
threshold, so every figure is measured on the reports' own paragraphs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reportmine.classify.model import labels_matrix
from reportmine.classify.taxonomy import Taxonomy

DEFAULT_TRAINING = Path(__file__).resolve().parents[3] / "models" / "training"
# A second, blind labelling of a sample of the training texts: measures label agreement.
DEFAULT_AGREEMENT = DEFAULT_TRAINING.parent / "agreement"


@dataclass
class LabelledData:
    ids: list[str]
    texts: list[str]
    groups: list[str]  # the report each text comes from
    labels: np.ndarray  # texts x themes, bool
    train_only: np.ndarray  # texts, bool: fitted on, never a test text

    @property
    def evaluated(self) -> np.ndarray:
        """Which texts come from a report (and so can be test texts)."""
        return ~self.train_only

    @property
    def reports(self) -> list[str]:
        """The reports the evaluated texts come from, sorted."""
        return sorted({g for g, e in zip(self.groups, self.evaluated, strict=True) if e})

    def subset(self, mask: np.ndarray) -> LabelledData:
        index = np.flatnonzero(mask)
        return LabelledData(
            [self.ids[i] for i in index],
            [self.texts[i] for i in index],
            [self.groups[i] for i in index],
            self.labels[index],
            self.train_only[index],
        )


def load_labelled(taxonomy: Taxonomy, folder: str | Path | None = None) -> LabelledData:
    folder = Path(folder or DEFAULT_TRAINING)
    ids, texts, groups, label_lists, train_only = [], [], [], [], []
    valid = set(taxonomy.ids)
    seen: set[str] = set()
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            item = json.loads(line)
            if item["id"] in seen:
                continue  # a recommendation is also a paragraph: one label set per text
            seen.add(item["id"])
            unknown = set(item["labels"]) - valid
            if unknown:
                raise ValueError(f"{path}:{number}: unknown themes {sorted(unknown)}")
            ids.append(item["id"])
            texts.append(item["text"])
            groups.append(item["report"])
            label_lists.append(item["labels"])
            train_only.append(bool(item.get("train_only", False)))
    if not ids:
        raise ValueError(f"no labelled data in {folder}")
    labels = labels_matrix(label_lists, taxonomy.ids)
    return LabelledData(ids, texts, groups, labels, np.array(train_only, dtype=bool))
