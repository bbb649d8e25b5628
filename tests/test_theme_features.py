"""Tagging-time shortcuts (TF-IDF without scikit-learn, the keyword prefilter) give exactly
the same answers as the slow way; labeller agreement is measured on shared texts."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse

from reportmine.classify.data import DEFAULT_AGREEMENT, load_labelled
from reportmine.classify.evaluation import labeller_agreement
from reportmine.classify.features import SparseRows
from reportmine.classify.model import (
    _CHAR_PARAMS,
    _WORD_PARAMS,
    KeywordBaseline,
    ThemeClassifier,
    _fast,
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


_PHRASES = [e for theme in load_taxonomy().themes for e in theme.examples]
_BASELINE = KeywordBaseline(load_taxonomy())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_PHRASES),
            st.sampled_from(_PHRASES).map(str.upper),
            st.sampled_from(_PHRASES).map(lambda p: p + "s"),
            st.sampled_from(_PHRASES).map(lambda p: p.replace(" ", "-")),
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.-'’ſKıİ", max_size=20),
            st.sampled_from(_PHRASES).map(
                lambda p: p.replace("s", "ſ").replace("k", "K").replace("i", "ı")
            ),
        ),
        max_size=6,
    ).map(" ".join)
)
def test_keyword_prefilter_never_changes_a_match(text):
    """The first-word prefilter only skips patterns that could not have matched."""
    expected = [1.0 if p.search(text) else 0.0 for p in _BASELINE.patterns]
    assert _BASELINE.predict_proba([text])[0].tolist() == expected


def test_labeller_agreement_compares_shared_texts(tmp_path):
    taxonomy = load_taxonomy()
    first = load_labelled(taxonomy)
    second = tmp_path / "second.jsonl"
    rows = [
        {"id": first.ids[i], "report": first.groups[i], "text": first.texts[i], "labels": labels}
        for i, labels in ((0, []), (1, ["staffing"]))
    ]
    second.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    agreement = labeller_agreement(first, taxonomy, tmp_path)
    assert agreement is not None
    assert agreement.texts == 2
    staffing = next(s for s in agreement.per_theme if s.theme == "staffing")
    assert staffing.support == int(first.labels[:2, taxonomy.ids.index("staffing")].sum())
    assert labeller_agreement(first, taxonomy, tmp_path / "absent") is None


def test_shipped_labeller_agreement_is_measured():
    taxonomy = load_taxonomy()
    agreement = labeller_agreement(load_labelled(taxonomy), taxonomy, DEFAULT_AGREEMENT)
    assert agreement is not None
    assert agreement.texts == 150
    assert 0.85 <= agreement.macro_f1() <= 0.95  # 0.913 when measured (150 texts)


@pytest.mark.skipif(not (DEFAULT_MODEL / "model.json").is_file(), reason="no shipped model")
@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=5))
def test_char_ngram_hashing_equals_scikit_learn_on_any_text(texts):
    """Any text: astral characters, odd whitespace, one-letter words, empty rows."""
    assert _largest_difference_from_scikit_learn("char", _CHAR_PARAMS, texts) < 1e-9


def _largest_difference_from_scikit_learn(kind: str, params: dict, texts: list[str]) -> float:
    """FastTfidf against scikit-learn's TfidfVectorizer, both from the shipped vocabulary."""
    meta = json.loads((DEFAULT_MODEL / "model.json").read_text("utf-8"))
    with np.load(DEFAULT_MODEL / "weights.npz", allow_pickle=False) as weights:
        idf = weights[f"{kind}_idf"]
    vocabulary = meta[f"{kind}_vocabulary"]
    fast = _fast(params, vocabulary, idf).transform(texts).tocsr().toarray()
    slow = sklearn_vectorizer(params, vocabulary, idf).transform(texts).toarray()
    return float(np.abs(fast - slow).max(initial=0.0))


_WORDS = ["staff", "vacancies", "probation", "officer", "victim", "contact", "scheme", "the", "of"]


@pytest.mark.skipif(not (DEFAULT_MODEL / "model.json").is_file(), reason="no shipped model")
@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=8)), max_size=12).map(
            " ".join
        ),
        min_size=1,
        max_size=5,
    )
)
def test_word_ngram_codes_equal_scikit_learn_on_any_text(texts):
    """Bigrams looked up as token-id codes: none lost, none invented, none across texts."""
    assert _largest_difference_from_scikit_learn("word", _WORD_PARAMS, texts) < 1e-9


def test_sparse_rows_product_equals_scipy():
    rng = np.random.default_rng(0)
    dense = rng.random((9, 40)) * (rng.random((9, 40)) < 0.3)
    dense[[0, 5, 8]] = 0.0  # empty rows, first and last included
    csr = sparse.csr_matrix(dense)
    rows = SparseRows(csr.data, csr.indices, csr.indptr, csr.shape)
    weights = rng.standard_normal((40, 3))
    assert np.allclose(rows.dot(weights), dense @ weights, atol=1e-12)
    empty = SparseRows(
        np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64), (0, 40)
    )
    assert empty.dot(weights).shape == (0, 3)


@pytest.mark.skipif(not (DEFAULT_MODEL / "model.json").is_file(), reason="no shipped model")
def test_char_gram_cache_growth_and_reset_keep_features_exact(monkeypatch):
    """Word by word, the char n-gram cache grows its arrays and, past its limit, starts again:
    neither may change a feature."""
    from reportmine.classify import features

    model = ThemeClassifier.load(DEFAULT_MODEL, load_taxonomy())
    texts = load_labelled(load_taxonomy()).texts[:120]
    expected = model.char.transform(texts)

    def fresh() -> features.FastTfidf:
        char = model.char
        names = char.get_feature_names_out()
        return features.FastTfidf("char_wb", (char.min_n, char.max_n), names, char.idf)

    one_by_one = fresh()
    rows = [one_by_one.transform([t]).tocsr() for t in texts]
    assert (sparse.vstack(rows).tocsr() != expected.tocsr()).nnz == 0
    monkeypatch.setattr(features, "_CACHE_LIMIT", 50)
    small = fresh()
    parts = [small.transform(texts[i : i + 7]).tocsr() for i in range(0, 120, 7)]
    assert (sparse.vstack(parts).tocsr() != expected.tocsr()).nnz == 0
    batches = [texts[i : i + 7] for i in range(0, 120, 7)]
    largest = max(len({w for t in b for w in t.lower().split()}) for b in batches)
    assert len(small._chars.slot) <= max(50, largest)  # cleared, not grown without bound


@pytest.mark.parametrize("bins", [1, 7, 64, 1 << 21])
def test_pair_counting_equals_sorting_in_any_block_size(monkeypatch, bins):
    from reportmine.classify import features

    monkeypatch.setattr(features, "_COUNT_BINS", bins)
    rng = np.random.default_rng(1)
    rows = np.sort(rng.integers(0, 9, 400))
    columns = rng.integers(0, 5, 400)
    keys, tally = features._count_pairs(rows, columns, 11, 5)  # rows 9, 10: empty
    expected_keys, expected_tally = np.unique(rows * 5 + columns, return_counts=True)
    assert keys.tolist() == expected_keys.tolist()
    assert tally.tolist() == expected_tally.tolist()
