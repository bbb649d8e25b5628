"""Each text's n-grams, kept while a cross-validation fits vectorizers over the same texts.

One :meth:`ThemeClassifier.fit` fits the word and char vectorizers six times (once on all
the texts and once per out-of-fold split) and leave-one-report-out repeats that for each of
five reports, all over the same 2,246 texts. Analysing a text (lower-casing, tokenising,
taking its n-grams) is about half of a vectorizer's fitting time, and its result never
changes, so inside :func:`shared_analyses` every vectorizer made by :func:`vectorizer`
analyses each distinct text once. scikit-learn still counts, prunes and weighs the
n-grams itself, so the features are the ones a plain ``TfidfVectorizer`` gives
(``tests/test_themes.py`` checks that they are equal). The memo costs memory while the block
lasts (measured: about 200 MB more peak for the 2,246 texts) and is dropped when it ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# What decides a text's n-grams; the other settings (min_df, sublinear_tf) decide what
# the vectorizer makes of them.
_ANALYSIS_KEYS = ("analyzer", "ngram_range", "lowercase", "token_pattern")
# the memos of the open shared_analyses block, by analysis settings (None: no block open)
_memos: dict[tuple, _Memo] | None = None


class _Memo:
    """A vectorizer's own analyzer, remembering what it made of each text; equal n-grams
    share one string, so the memo is small and scikit-learn's counting hashes each once."""

    def __init__(self, analyze: Any) -> None:
        self.analyze = analyze
        self.grams: dict[str, list[str]] = {}
        self.canonical: dict[str, str] = {}

    def __call__(self, text: str) -> list[str]:
        grams = self.grams.get(text)
        if grams is None:
            same = self.canonical.setdefault
            grams = self.grams[text] = [same(g, g) for g in self.analyze(text)]
        return grams


@contextmanager
def shared_analyses() -> Iterator[None]:
    """Within the block, vectorizers with the same analysis settings analyse each text once.
    Re-entrant: an inner block shares the outer one's memo."""
    global _memos
    if _memos is not None:
        yield
        return
    _memos = {}
    try:
        yield
    finally:
        _memos = None


def vectorizer(params: dict[str, Any]) -> Any:
    """A ``TfidfVectorizer`` with ``params``, whose analysis is shared inside
    :func:`shared_analyses` (outside it, a plain one)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if _memos is None:
        return TfidfVectorizer(**params)
    key = tuple((name, repr(params.get(name))) for name in _ANALYSIS_KEYS)
    memo = _memos.get(key)
    if memo is None:
        memo = _memos[key] = _Memo(TfidfVectorizer(**params).build_analyzer())
    rest = {name: value for name, value in params.items() if name not in _ANALYSIS_KEYS}
    return TfidfVectorizer(**rest, analyzer=memo)
