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

# Rolling hash of character n-grams (64-bit, wrapping): two different n-grams of the model's
# vocabulary and the text sharing a hash is a ~1e-9 event per million n-grams.
_HASH_BASE = np.uint64(0x100000001B3)


def _hash(gram: str) -> int:
    value = 0
    for char in gram:
        value = (value * 0x100000001B3 + ord(char)) & 0xFFFFFFFFFFFFFFFF
    return value


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
        self._hash_tables: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        if analyzer == "char_wb" and self.min_n > 3:
            raise ValueError("char_wb n-grams shorter than 3 are needed (min_n <= 3)")

    @property
    def idf_(self) -> np.ndarray:
        return self.idf

    def get_feature_names_out(self) -> np.ndarray:
        return np.array(sorted(self.index, key=self.index.__getitem__), dtype=object)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        # All rows at once: one vocabulary index per n-gram occurrence, summed into counts
        # by a COO -> CSR conversion, then sublinear tf, idf and L2 norm as numpy operations.
        if self.analyzer == "word":
            columns = [self._indices(text.lower()) for text in texts]
            lengths = np.fromiter((len(c) for c in columns), dtype=np.int64, count=len(columns))
            rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
            flat = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64)
        else:
            rows, flat = self._char_wb_columns(texts)
        shape = (len(texts), len(self.idf))
        counts = sparse.coo_matrix((np.ones(len(flat)), (rows, flat)), shape=shape).tocsr()
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]
        per_row = np.diff(counts.indptr)
        row_of = np.repeat(np.arange(len(texts)), per_row)
        norms = np.sqrt(np.bincount(row_of, weights=counts.data**2, minlength=len(texts)))
        counts.data /= norms[row_of]  # a row with entries has a positive norm
        return counts

    def _indices(self, text: str) -> np.ndarray:
        index = self.index
        found = [i for g in self._word_grams(text) if (i := index.get(g)) is not None]
        return np.array(found, dtype=np.int64)

    def _char_wb_columns(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(row, vocabulary index) of every char_wb n-gram occurrence in ``texts``.

        Vectorised: every word, padded with a space each side as scikit-learn pads it, goes
        into one array of code points; the n-grams are hashed with a rolling polynomial
        hash and looked up among the vocabulary's hashes. (scikit-learn also counts a padded
        word shorter than the smallest n once, as itself: never the case for n <= 3, the
        only setting ``__init__`` accepts.)
        """
        words = [text.lower().split() for text in texts]
        per_text = np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words))
        flat_words = [w for ws in words for w in ws]
        if not flat_words:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        padded = "".join(f" {w} " for w in flat_words)
        codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        lengths = np.fromiter((len(w) + 2 for w in flat_words), np.int64, len(flat_words))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        word_of = np.repeat(np.arange(len(flat_words)), lengths)
        offset = np.arange(len(codes)) - starts[word_of]
        room = lengths[word_of] - offset  # characters from here to the end of the padded word
        row_of_word = np.repeat(np.arange(len(texts)), per_text)
        rows, columns = [], []
        hashes = np.zeros(len(codes), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for n in range(1, self.max_n + 1):
                ahead = np.zeros(len(codes), dtype=np.uint64)
                if n <= len(codes):
                    ahead[: len(codes) - n + 1] = codes[n - 1 :]
                hashes = hashes * _HASH_BASE + ahead
                if n < self.min_n:
                    continue
                starts_here = room >= n  # windows of n that stay inside the padded word
                found, where = self._lookup(n, hashes[starts_here])
                positions = np.flatnonzero(starts_here)[where]
                rows.append(row_of_word[word_of[positions]])
                columns.append(found)
        return np.concatenate(rows), np.concatenate(columns)

    def _lookup(self, n: int, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vocabulary indices of the n-grams with these hashes, and which hashes matched."""
        keys, values = self._vocabulary_hashes(n)
        if not len(keys):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        slot = np.minimum(np.searchsorted(keys, hashes), len(keys) - 1)
        hit = keys[slot] == hashes
        return values[slot[hit]], np.flatnonzero(hit)

    def _vocabulary_hashes(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        cached = self._hash_tables.get(n)
        if cached is None:
            grams = [(g, i) for g, i in self.index.items() if len(g) == n]
            keys = np.array([_hash(g) for g, _ in grams], dtype=np.uint64)
            values = np.array([i for _, i in grams], dtype=np.int64)
            order = np.argsort(keys, kind="stable")
            cached = self._hash_tables[n] = (keys[order], values[order])
        return cached

    def _word_grams(self, text: str) -> list[str]:
        tokens = self.token.findall(text) if self.token else text.split()
        grams = list(tokens) if self.min_n == 1 else []
        for n in range(max(2, self.min_n), self.max_n + 1):
            grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return grams
