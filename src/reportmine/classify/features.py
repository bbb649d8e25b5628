"""TF-IDF features at tagging time without importing scikit-learn.

Training uses scikit-learn's ``TfidfVectorizer``; tagging only needs its transform, which
this module reproduces exactly (same analyzers, sublinear tf, idf, L2 norm) from the saved
vocabulary and idf — importing scikit-learn costs seconds at every `reportmine ingest`.
``tests/test_themes.py`` checks that both give the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

_WHITESPACE = re.compile(r"\s\s+")
_CACHE_LIMIT = 200_000  # distinct words whose char n-grams are remembered


class FastTfidf:
    """transform() of a fitted word or char_wb TfidfVectorizer with sublinear tf and L2 norm."""

    def __init__(
        self,
        analyzer: str,
        ngram_range: tuple[int, int],
        vocabulary: Sequence[str],
        idf: np.ndarray,
        token_pattern: str | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.min_n, self.max_n = ngram_range
        self.index = {term: i for i, term in enumerate(vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.token = re.compile(token_pattern) if token_pattern else None
        self._word_cache: dict[str, np.ndarray] = {}

    @property
    def idf_(self) -> np.ndarray:
        return self.idf

    def get_feature_names_out(self) -> np.ndarray:
        return np.array(sorted(self.index, key=self.index.__getitem__), dtype=object)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        # All rows at once: one vocabulary index per n-gram occurrence, counted per row,
        # then sublinear tf, idf and L2 norm as numpy operations.
        columns = [self._indices(text.lower()) for text in texts]
        lengths = np.fromiter((len(c) for c in columns), dtype=np.int64, count=len(columns))
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        flat = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64)
        # Counting (row, column) pairs with one sort gives the canonical CSR layout directly.
        n_features = len(self.idf)
        keys, tally = np.unique(rows * n_features + flat, return_counts=True)
        indptr = np.searchsorted(keys, np.arange(len(texts) + 1) * n_features)
        counts = sparse.csr_matrix(
            (tally.astype(np.float64), keys % n_features, indptr), shape=(len(texts), n_features)
        )
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]
        per_row = np.diff(counts.indptr)
        row_of = np.repeat(np.arange(len(texts)), per_row)
        norms = np.sqrt(np.bincount(row_of, weights=counts.data**2, minlength=len(texts)))
        counts.data /= norms[row_of]  # a row with entries has a positive norm
        return counts

    def _indices(self, text: str) -> np.ndarray:
        if self.analyzer == "word":
            index = self.index
            found = [i for g in self._word_grams(text) if (i := index.get(g)) is not None]
            return np.array(found, dtype=np.int64)
        # char_wb n-grams never cross a word, so each distinct word is analysed once
        cache = self._word_cache
        parts = []
        for word in _WHITESPACE.sub(" ", text).split():
            known = cache.get(word)
            if known is None:
                if len(cache) > _CACHE_LIMIT:
                    cache.clear()
                known = cache[word] = self._word_indices(word)
            parts.append(known)
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def _word_indices(self, word: str) -> np.ndarray:
        index = self.index
        found = [i for g in self._char_wb_grams(word) if (i := index.get(g)) is not None]
        return np.array(found, dtype=np.int64)

    def _grams(self, text: str) -> list[str]:
        return self._word_grams(text) if self.analyzer == "word" else self._char_wb_grams(text)

    def _word_grams(self, text: str) -> list[str]:
        tokens = self.token.findall(text) if self.token else text.split()
        grams = list(tokens) if self.min_n == 1 else []
        for n in range(max(2, self.min_n), self.max_n + 1):
            grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return grams

    def _char_wb_grams(self, text: str) -> list[str]:
        grams: list[str] = []
        for word in _WHITESPACE.sub(" ", text).split():
            padded = f" {word} "
            length = len(padded)
            for n in range(self.min_n, self.max_n + 1):
                offset = 0
                grams.append(padded[offset : offset + n])
                while offset + n < length:
                    offset += 1
                    grams.append(padded[offset : offset + n])
                if offset == 0:  # a word shorter than n: counted once, as scikit-learn does
                    break
        return grams
