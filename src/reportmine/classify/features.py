"""TF-IDF features at tagging time without importing scikit-learn.

Training uses scikit-learn's ``TfidfVectorizer``; tagging only needs its transform, which
this module reproduces exactly (same analyzers, sublinear tf, idf, L2 norm) from the saved
vocabulary and idf — importing scikit-learn costs seconds at every `reportmine ingest`.
``tests/test_themes.py`` checks that both give the same numbers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

_WHITESPACE = re.compile(r"\s\s+")


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

    @property
    def idf_(self) -> np.ndarray:
        return self.idf

    def get_feature_names_out(self) -> np.ndarray:
        return np.array(sorted(self.index, key=self.index.__getitem__), dtype=object)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        indptr, indices, data = [0], [], []
        for text in texts:
            counts = Counter(
                i for g in self._grams(text.lower()) if (i := self.index.get(g)) is not None
            )
            row = sorted(counts.items())
            values = np.array([(1.0 + math.log(c)) * self.idf[i] for i, c in row])
            norm = math.sqrt(float((values**2).sum())) if len(values) else 0.0
            indices.extend(i for i, _ in row)
            data.extend((values / norm) if norm else values)
            indptr.append(len(indices))
        shape = (len(texts), len(self.idf))
        return sparse.csr_matrix(
            (np.array(data), np.array(indices, dtype=np.int64), indptr), shape=shape
        )

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
