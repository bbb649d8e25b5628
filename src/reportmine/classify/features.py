"""TF-IDF features at tagging time without importing scikit-learn or SciPy.

Training uses scikit-learn's ``TfidfVectorizer``; tagging only needs its transform, which
this module reproduces exactly (same analyzers, sublinear tf, idf, L2 norm) from the saved
vocabulary and idf. Importing scikit-learn costs seconds and SciPy's sparse package a sixth
of a second at every `reportmine ingest`, so rows come back as plain CSR arrays
(:class:`SparseRows`) that multiply with the weights in numpy.
``tests/test_theme_features.py`` checks that both give the same numbers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

_CACHE_LIMIT = 200_000  # distinct words whose char n-grams are remembered
_COUNT_BINS = 1 << 21  # dense counting cells per block of rows (16 MB)


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
        if analyzer == "word":
            self._words = _WordGrams(self.index, self.min_n, self.max_n, self.token)
        else:
            self._chars = _CharGrams(self.index, self.min_n, self.max_n)

    @property
    def idf_(self) -> np.ndarray:
        return self.idf

    def get_feature_names_out(self) -> np.ndarray:
        return np.array(sorted(self.index, key=self.index.__getitem__), dtype=object)

    def transform(self, texts: Sequence[str], words: list[list[str]] | None = None) -> SparseRows:
        """The TF-IDF rows of ``texts``; ``words``, when given, is each text lower-cased and
        split at whitespace (both analyzers start from it, so a caller can split once)."""
        # Every row's n-gram occurrences as vocabulary indices in one array, counted per row,
        # then sublinear tf, idf and L2 norm as numpy operations.
        if words is None:
            words = [text.lower().split() for text in texts]
        rows, flat = (self._words if self.analyzer == "word" else self._chars).indices(words)
        n_features = len(self.idf)
        # Count over the columns these texts use only: far fewer cells to count in, and the
        # renumbering keeps their order.
        used = np.zeros(n_features, dtype=bool)
        used[flat] = True
        present = np.flatnonzero(used)
        renumber = np.cumsum(used) - 1
        n_present = max(len(present), 1)
        keys, tally = _count_pairs(rows, renumber[flat], len(texts), n_present)
        indptr = np.searchsorted(keys, np.arange(len(texts) + 1) * n_present)
        columns = present[keys % n_present]
        data = (1.0 + np.log(tally.astype(np.float64))) * self.idf[columns]
        row_of = np.repeat(np.arange(len(texts)), np.diff(indptr))
        norms = np.sqrt(np.bincount(row_of, weights=data**2, minlength=len(texts)))
        data /= norms[row_of]  # a row with entries has a positive norm
        return SparseRows(data, columns, indptr, (len(texts), n_features))


def _count_pairs(
    rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct (row, column) pair as a row-major key, in order, and how often it
    occurs: the canonical CSR layout. Dense pairs (char n-grams) are counted in a block of
    rows at a time, faster than sorting them; sparse ones (word n-grams) are sorted."""
    if n_rows * n_columns > 16 * len(rows):
        return np.unique(rows * n_columns + columns, return_counts=True)
    block = max(1, _COUNT_BINS // max(n_columns, 1))
    keys, tally = [], []
    for low in range(0, n_rows, block):
        high = min(n_rows, low + block)
        if low == 0 and high == n_rows:
            r, c = rows, columns
        else:
            inside = (rows >= low) & (rows < high)
            r, c = rows[inside], columns[inside]
        counts = np.bincount((r - low) * n_columns + c, minlength=(high - low) * n_columns)
        found = np.flatnonzero(counts)
        keys.append(found + low * n_columns)
        tally.append(counts[found])
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(keys), np.concatenate(tally)


@dataclass(frozen=True)
class SparseRows:
    """Rows in CSR layout (sorted columns per row), with the one product tagging needs."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """``self @ weights`` for a dense ``weights`` (features x outputs): one small BLAS
        product per row, with no temporaries. About three times as slow as SciPy's sparse
        product (19 against 6 ms for 1,466 paragraphs), whose import (~0.16 s) outweighs
        that until a process has tagged some ten thousand paragraphs."""
        out = np.zeros((self.shape[0], weights.shape[1]))
        data, indices, bounds = self.data, self.indices, self.indptr.tolist()
        for row, (start, end) in enumerate(itertools.pairwise(bounds)):
            if end > start:
                out[row] = data[start:end] @ weights[indices[start:end]]
        return out

    def tocsr(self) -> Any:
        from scipy import sparse

        return sparse.csr_matrix((self.data, self.indices, self.indptr), shape=self.shape)


class _PerWord:
    """Whatever an analyzer makes of one whitespace-separated word (its char n-grams' indices,
    its tokens' ids) is the same wherever the word occurs, so each distinct word is analysed
    once (new words together, by :meth:`_analyse`) and its values kept in one flat array; a
    batch of texts is then a gather over their words."""

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self.slot: dict[str, int] = {}
        self.starts = np.zeros(1024, dtype=np.int64)
        self.lengths = np.zeros(1024, dtype=np.int64)
        self.flat = np.zeros(16384, dtype=np.int64)
        self.used = 0

    def _analyse(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(word, value) pairs of ``words``, grouped by word in order."""
        raise NotImplementedError

    def gather(self, word_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Each text's values, words in order, as (text, value) arrays."""
        # one dictionary pass when every word is known (the usual case once warm), a second
        # only after new words were analysed
        look_up = self.slot.get
        which = np.array([look_up(w, -1) for words in word_lists for w in words], dtype=np.int64)
        if len(which) and which.min() < 0:
            slot = self.slot
            fresh = {w: None for words in word_lists for w in words if w not in slot}
            if len(slot) + len(fresh) > _CACHE_LIMIT:
                self._clear()
                fresh = {w: None for words in word_lists for w in words}
            self._add(list(fresh))
            look_up = self.slot.get
            which = np.array([look_up(w) for words in word_lists for w in words], dtype=np.int64)
        lengths = self.lengths[which]
        # flat[starts[w] : starts[w] + lengths[w]] for every word w, concatenated
        offsets = np.repeat(self.starts[which] - (np.cumsum(lengths) - lengths), lengths)
        flat = self.flat[offsets + np.arange(len(offsets), dtype=np.int64)]
        counts = [len(words) for words in word_lists]
        text_of_word = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        return np.repeat(text_of_word, lengths), flat

    def _add(self, words: list[str]) -> None:
        owner, found = self._analyse(words)
        lengths = np.bincount(owner, minlength=len(words)).astype(np.int64)
        first, used = len(self.slot), self.used
        self.starts = _room(self.starts, first + len(words))
        self.lengths = _room(self.lengths, first + len(words))
        self.flat = _room(self.flat, used + len(found))
        self.starts[first : first + len(words)] = used + np.cumsum(lengths) - lengths
        self.lengths[first : first + len(words)] = lengths
        self.flat[used : used + len(found)] = found
        self.used = used + len(found)
        self.slot.update(zip(words, range(first, first + len(words)), strict=True))


class _WordGrams(_PerWord):
    """Word n-grams as arithmetic on token ids: an n-gram is a base-T number of its tokens'
    ids, looked up in the sorted codes of the vocabulary's n-grams. A term of the vocabulary
    is found by numpy for every position of every text at once. A whitespace-separated word
    holds zero or more tokens (the token pattern never spans whitespace), so each word's
    token ids are cached."""

    def __init__(
        self, index: dict[str, int], min_n: int, max_n: int, token: re.Pattern[str] | None
    ) -> None:
        super().__init__()
        self.min_n, self.max_n = min_n, max_n
        self.split = token.findall if token else str.split
        terms = [term.split(" ") for term in index]
        self.token_id: dict[str, int] = {}
        for words in terms:
            for word in words:
                self.token_id.setdefault(word, len(self.token_id))
        self.base = max(len(self.token_id), 1)
        features = np.fromiter(index.values(), dtype=np.int64, count=len(index))
        sizes = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        self.codes: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n in range(min_n, max_n + 1):
            if self.base**n >= 2**62:
                raise ValueError(f"word {n}-grams over {self.base} tokens overflow int64")
            of_size = np.flatnonzero(sizes == n)
            ids = np.array(
                [[self.token_id[w] for w in terms[t]] for t in of_size.tolist()], dtype=np.int64
            ).reshape(len(of_size), n)
            code = np.zeros(len(of_size), dtype=np.int64)
            for k in range(n):
                code = code * self.base + ids[:, k]
            order = np.argsort(code, kind="stable")
            self.codes[n] = (code[order], features[of_size][order])

    def _analyse(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        lookup, split = self.token_id.get, self.split
        ids = [[lookup(t, -1) for t in split(word)] for word in words]  # -1: not in any term
        owner = np.repeat(np.arange(len(words), dtype=np.int64), [len(i) for i in ids])
        return owner, np.fromiter(itertools.chain.from_iterable(ids), np.int64, len(owner))

    def indices(self, word_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        row_of, token_ids = self.gather(word_lists)
        rows, flat = [], []
        for n, (codes, features) in self.codes.items():
            if len(token_ids) < n or not len(codes):
                continue
            width = len(token_ids) - n + 1
            code = np.zeros(width, dtype=np.int64)
            known = row_of[:width] == row_of[n - 1 :]  # no n-gram spans two texts
            for k in range(n):
                part = token_ids[k : k + width]
                code = code * self.base + part
                known &= part >= 0
            where, found = _look_up(codes, features, code, known)
            rows.append(row_of[where])
            flat.append(found)
        if not flat:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(rows), np.concatenate(flat)


class _CharGrams(_PerWord):
    """char_wb n-grams never cross a word: each distinct word's n-grams are found once (by
    :class:`_GramCodes`) and kept as vocabulary indices."""

    def __init__(self, index: dict[str, int], min_n: int, max_n: int) -> None:
        super().__init__()
        self.coder = _GramCodes(index, min_n, max_n)

    def _analyse(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        owner, found = self.coder.indices(words)
        order = np.argsort(owner, kind="stable")
        return owner[order], found[order]

    def indices(self, word_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        return self.gather(word_lists)


class _GramCodes:
    """char_wb n-grams of many words at once, as numbers: every character of the
    vocabulary gets a small code, an n-gram the base-B number of its characters' codes, and
    all n-grams are computed and looked up (in the sorted codes of the vocabulary's n-grams)
    by numpy.

    scikit-learn pads each word with a space and takes the n-grams inside it; laid end to
    end, the padded words form one string, and an n-gram counts when it starts and ends in
    the same padded word. A character outside the vocabulary's alphabet has code 0, which
    no vocabulary n-gram contains.
    """

    def __init__(self, index: dict[str, int], min_n: int, max_n: int) -> None:
        if min_n > 3:  # a one-letter word (" a ") would count whole, shorter than min_n
            raise ValueError("char_wb n-grams must start at 3 characters or fewer")
        self.min_n, self.max_n = min_n, max_n
        self.alphabet = np.array(sorted(map(ord, set("".join(index)))), dtype=np.int64)
        self.bits = max(1, int(len(self.alphabet) + 1).bit_length())
        if self.bits * max_n > 62:
            raise ValueError(f"{len(self.alphabet)} characters: n-gram codes overflow int64")
        codes = self._codes_of_terms(list(index))
        order = np.argsort(codes, kind="stable")
        self.codes = codes[order]
        self.features = np.fromiter(index.values(), dtype=np.int64, count=len(index))[order]

    def _char_codes(self, text: str) -> np.ndarray:
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        slot = np.searchsorted(self.alphabet, points)
        slot[slot == len(self.alphabet)] = 0
        return np.where(self.alphabet[slot] == points, slot + 1, 0) if len(points) else points

    def _codes_of_terms(self, terms: list[str]) -> np.ndarray:
        chars = self._char_codes("".join(terms))
        lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        starts = np.cumsum(lengths) - lengths
        codes = np.zeros(len(terms), dtype=np.int64)
        for k in range(int(lengths.max(initial=0))):
            longer = lengths > k
            codes[longer] = (codes[longer] << self.bits) | chars[starts[longer] + k]
        return codes

    def indices(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(word, vocabulary index) of every n-gram of ``words`` that is in the vocabulary."""
        if not words:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        padded = " " + "  ".join(words) + " "  # " w1 " + " w2 " + ...
        chars = self._char_codes(padded)
        sizes = np.fromiter((len(w) + 2 for w in words), dtype=np.int64, count=len(words))
        word_at = np.repeat(np.arange(len(words), dtype=np.int64), sizes)
        rows, flat = [], []
        for n in range(self.min_n, self.max_n + 1):
            width = len(chars) - n + 1
            if width <= 0:
                break
            code = np.zeros(width, dtype=np.int64)
            known = word_at[:width] == word_at[n - 1 :]  # inside one padded word
            for k in range(n):
                part = chars[k : k + width]
                code = (code << self.bits) | part
                known &= part > 0
            where, found = _look_up(self.codes, self.features, code, known)
            rows.append(word_at[where])
            flat.append(found)
        return np.concatenate(rows), np.concatenate(flat)


def _look_up(
    codes: np.ndarray, features: np.ndarray, code: np.ndarray, known: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The positions whose n-gram ``code`` (where ``known``) is in the vocabulary's sorted
    ``codes``, and the feature index of each."""
    where = np.flatnonzero(known)
    slot = np.searchsorted(codes, code[where])
    slot[slot == len(codes)] = 0
    hit = codes[slot] == code[where]
    return where[hit], features[slot[hit]]


def _room(array: np.ndarray, size: int) -> np.ndarray:
    """``array``, grown by doubling until it holds ``size`` items (amortised O(1) appends)."""
    if size <= len(array):
        return array
    grown = np.zeros(max(size, 2 * len(array)), dtype=array.dtype)
    grown[: len(array)] = array
    return grown
