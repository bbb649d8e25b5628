"""Tagging-time TF-IDF (no scikit-learn import) gives the same numbers as scikit-learn."""

from __future__ import annotations

import json

import numpy as np
import pytest

from reportmine.classify.data import load_labelled
from reportmine.classify.model import (
    _CHAR_PARAMS,
    _WORD_PARAMS,
    ThemeClassifier,
    sklearn_vectorizer,
)
from reportmine.classify.tagger import DEFAULT_MODEL
from reportmine.classify.taxonomy import load_taxonomy


@pytest.mark.skipif(not (DEFAULT_MODEL / "model.json").is_file(), reason="no shipped model")
def test_fast_tfidf_equals_scikit_learn():
    taxonomy = load_taxonomy()
    model = ThemeClassifier.load(DEFAULT_MODEL, taxonomy)
    texts = [
        *load_labelled(taxonomy).texts[:300],
        "A",
        "",
        "x y",
        "Co-located   offices,\\nrepairs!",
    ]
    fast = model.predict_proba(texts)
    meta = json.loads((DEFAULT_MODEL / "model.json").read_text("utf-8"))
    with np.load(DEFAULT_MODEL / "weights.npz", allow_pickle=False) as weights:
        model.word = sklearn_vectorizer(_WORD_PARAMS, meta["word_vocabulary"], weights["word_idf"])
        model.char = sklearn_vectorizer(_CHAR_PARAMS, meta["char_vocabulary"], weights["char_idf"])
    assert np.abs(fast - model.predict_proba(texts)).max() < 1e-9
