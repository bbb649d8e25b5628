"""Theme classifiers with tiny, predictable interfaces (scikit-learn style).

:class:`ThemeClassifier` — TF-IDF word (1–2-gram) and character (3–5-gram) features and one
balanced logistic regression per theme, with a per-theme decision threshold tuned on
out-of-fold predictions of the training data, and scores calibrated to probabilities on the
same predictions. It saves to plain JSON and NumPy arrays and loads without unpickling
anything.

:class:`KeywordBaseline` — a theme is present when one of its taxonomy example phrases
occurs; the bar the model has to clear.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reportmine.chars import fold_case
from reportmine.classify.analysis import shared_analyses, vectorizer
from reportmine.classify.features import FastTfidf
from reportmine.classify.taxonomy import TOKEN as _TOKEN
from reportmine.classify.taxonomy import Phrase, Taxonomy
from reportmine.parallel import default_jobs, fork_map, one_blas_thread

# scikit-learn is imported where a model is fitted, not at tagging time (it takes seconds).

FORMAT_VERSION = 2
MIN_POSITIVES = 4  # fewer training examples than this: the theme falls back to its keywords
# A theme without a text model trusts its taxonomy phrases alone: 0.95 with a match, else 0.05.
KEYWORD_ONLY = (0.0, 6.0, -3.0)
# A theme whose examples are all training-only has no report text to tune on: its text model
# decides alone, at probability 0.5.
TEXT_ONLY = (6.0, 0.0, -3.0)
_WORD_PARAMS = {
    "analyzer": "word",
    "ngram_range": (1, 2),
    "min_df": 2,
    "sublinear_tf": True,
    "lowercase": True,
    "token_pattern": r"(?u)\b[a-zA-Z][a-zA-Z]+\b",
}
_CHAR_PARAMS = {
    "analyzer": "char_wb",
    "ngram_range": (3, 5),
    "min_df": 3,
    "sublinear_tf": True,
    "lowercase": True,
}


class KeywordBaseline:
    """A theme is tagged when any of its example phrases occurs in the text."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.themes = taxonomy.ids
        self.patterns = [t.keyword_pattern() for t in taxonomy.themes]
        # every theme's phrases by first word, so a text's words are looked up once
        self.phrases: dict[str, list[tuple[int, Phrase]]] = {}
        for k, theme in enumerate(taxonomy.themes):
            for first, entries in theme.phrase_index().items():
                self.phrases.setdefault(first, []).extend((k, phrase) for phrase in entries)

    def fit(self, *_: object) -> KeywordBaseline:
        """Nothing to learn: the taxonomy's phrases are the model (fit keeps the interface)."""
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.themes)))
        for i, text in enumerate(texts):
            lowered = fold_case(text)
            words = set(_TOKEN.findall(lowered))
            # the twins folded, lowering keeps every character's position
            aligned = lowered if len(lowered) == len(text) else None
            found: set[int] = set()
            for first in words.intersection(self.phrases):
                for k, phrase in self.phrases[first]:
                    if k not in found and _matches(phrase, words, text, aligned):
                        found.add(k)
            out[i, list(found)] = 1.0
        return out

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.predict_proba(texts) >= 0.5


def _matches(phrase: Phrase, words: set[str], text: str, lowered: str | None) -> bool:
    """Whether one example phrase's pattern matches ``text`` (whose words are ``words``).
    A phrase can only match where all its words occur, so set lookups rule most phrases
    out; the rest run their own small pattern, not the theme's many-alternative one, from
    the first place the phrase's head occurs (no match can start before it)."""
    if phrase.rest:
        *middle, last = phrase.rest
        if not (last in words or last + "s" in words or last + "es" in words):
            return False
        if not all(w in words for w in middle):
            return False
    start = 0
    if lowered is not None:
        start = (text if phrase.exact else lowered).find(phrase.head)
        if start < 0:
            return False
    return phrase.pattern.search(text, start) is not None


class ThemeClassifier:
    """fit(texts, Y[, groups, train_only]) / predict_proba(texts) / predict(texts) /
    save(dir) / load(dir).

    Per theme, a balanced logistic regression on TF-IDF features gives a text score; a
    second, two-weight logistic model stacks that score (out-of-fold on the training data)
    with the taxonomy's example phrases, so a theme seen in few training reports still
    leans on its definition; Platt scaling folded into the stack makes that score a
    calibrated probability, and a tuned threshold turns it into a tag.
    """

    def __init__(self, taxonomy: Taxonomy, C: float = 4.0, n_jobs: int | None = None) -> None:
        self.taxonomy = taxonomy
        self.themes = taxonomy.ids
        self.C = C
        # processes fitting the per-theme heads (None: one per core); the model is the same
        self.n_jobs = n_jobs
        self.baseline = KeywordBaseline(taxonomy)
        self.word: Any = None  # TfidfVectorizer when fitted here, FastTfidf when loaded
        self.char: Any = None
        # Empty until fit() or load() fills them.
        self.coef: np.ndarray = np.zeros((0, 0))  # themes x features
        self.intercept: np.ndarray = np.zeros(0)
        self.trained: np.ndarray = np.zeros(0, dtype=bool)  # which themes have a text model
        self.stack: np.ndarray = np.zeros((0, 3))  # themes x (text weight, phrase weight, bias)
        self.thresholds: np.ndarray = np.zeros(0)

    # ------------------------------------------------------------------ fit / predict

    def fit(
        self,
        texts: Sequence[str],
        labels: np.ndarray,
        groups: Sequence[str] | None = None,
        train_only: Sequence[bool] | np.ndarray | None = None,
    ) -> ThemeClassifier:
        """``groups``: the report of each text (out-of-fold folds are whole reports).
        ``train_only``: texts that are fitted on but never scored out of fold, so the
        stacking weights and thresholds are tuned on the reports' own texts only.

        BLAS runs on one thread throughout, so the model does not depend on the number of
        cores (nor on ``n_jobs``)."""
        labels = np.asarray(labels, dtype=bool)
        extra = np.zeros(len(labels), dtype=bool) if train_only is None else np.asarray(train_only)
        if extra.all():
            raise ValueError("every text is training-only: no report text to tune the model on")
        with shared_analyses(), one_blas_thread():
            self._fit(texts, labels, groups, extra)
        self._plain_vectorizers()
        return self

    def _fit(
        self,
        texts: Sequence[str],
        labels: np.ndarray,
        groups: Sequence[str] | None,
        extra: np.ndarray,
    ) -> None:
        from sklearn.linear_model import LogisticRegression

        features = self._fit_features(texts)
        self.coef, self.intercept, self.trained = self._fit_heads(features, labels)
        oof = self._out_of_fold(texts, labels, groups, extra)
        scored = np.flatnonzero(~extra).tolist()
        labels = labels[scored]
        keywords = self.baseline.predict_proba([texts[i] for i in scored])
        self.stack = np.tile(np.array(KEYWORD_ONLY), (len(self.themes), 1))
        untuned = self.trained & (labels.all(axis=0) | ~labels.any(axis=0))
        self.stack[untuned] = TEXT_ONLY
        for k in range(len(self.themes)):
            if self.trained[k] and not untuned[k]:
                head = LogisticRegression(
                    C=1.0, class_weight="balanced", solver="liblinear", random_state=0
                )
                head.fit(np.c_[oof[:, k], keywords[:, k]], labels[:, k])
                self.stack[k] = [head.coef_[0][0], head.coef_[0][1], head.intercept_[0]]
        stacked = _stacked(self.stack, oof, keywords)
        self.thresholds = np.array(
            [_best_threshold(stacked[:, k], labels[:, k]) for k in range(len(self.themes))]
        )
        self.thresholds[untuned] = 0.5
        for k in np.flatnonzero(~untuned).tolist():
            # Where the taxonomy phrases alone did better out of fold, trust them alone.
            learned = _f1(stacked[:, k] >= self.thresholds[k], labels[:, k])
            if _f1(keywords[:, k] >= 0.5, labels[:, k]) >= learned:
                self.stack[k], self.thresholds[k] = KEYWORD_ONLY, 0.5
            self.stack[k], self.thresholds[k] = _calibrated(
                self.stack[k], self.thresholds[k], oof[:, k], keywords[:, k], labels[:, k]
            )

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(self.word, FastTfidf) and isinstance(self.char, FastTfidf):
            # the loaded model: numpy only, SciPy is never imported while tagging
            weights = self._weights_by_feature()
            split = len(self.word.idf)
            words = [text.lower().split() for text in texts]
            return (
                self.word.transform(texts, words).dot(weights[:split])
                + self.char.transform(texts, words).dot(weights[split:])
                + self.intercept
            )
        return self._features(texts) @ self.coef.T + self.intercept

    def _weights_by_feature(self) -> np.ndarray:
        """coef transposed and contiguous, so one feature's weights for every theme are
        adjacent; cached until the weights change."""
        cached = getattr(self, "_by_feature", None)
        if cached is None or cached[0] is not self.coef:
            cached = self._by_feature = (self.coef, np.ascontiguousarray(self.coef.T))
        return cached[1]

    def base_proba(self, texts: Sequence[str]) -> np.ndarray:
        """The text model's own probabilities (0 for themes it has no model for)."""
        probs = 1.0 / (1.0 + np.exp(-self.decision(texts)))
        return np.where(self.trained[None, :], probs, 0.0)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return _stacked(self.stack, self.base_proba(texts), self.baseline.predict_proba(texts))

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.predict_proba(texts) >= self.thresholds[None, :]

    def explain(self, text: str, top: int = 8) -> dict[str, list[tuple[str, float]]]:
        """For each predicted theme, the taxonomy phrase it matched (if any) and the terms
        that pushed its text score up most."""
        row = self._features([text])
        names = self._feature_names()
        predicted = self.predict([text])[0]
        nonzero = row.nonzero()[1]
        out: dict[str, list[tuple[str, float]]] = {}
        for k, theme in enumerate(self.themes):
            if not predicted[k]:
                continue
            match = self.baseline.patterns[k].search(text)
            phrase = (
                [(f"taxonomy phrase: {match.group(0)}", float(self.stack[k][1]))] if match else []
            )
            terms = [(names[j], float(row[0, j] * self.coef[k, j])) for j in nonzero]
            terms.sort(key=lambda pair: pair[1], reverse=True)
            out[theme] = phrase + [t for t in terms if t[1] > 0][:top]
        return out

    # ------------------------------------------------------------------ features

    def _fit_features(self, texts: Sequence[str]) -> Any:
        from scipy import sparse

        self.word = vectorizer(_WORD_PARAMS)
        self.char = vectorizer(_CHAR_PARAMS)
        return sparse.hstack(
            [self.word.fit_transform(texts), self.char.fit_transform(texts)]
        ).tocsr()

    def _plain_vectorizers(self) -> None:
        """The fitted vectorizers again as plain ones (same vocabulary and idf, so the same
        features), holding none of the texts whose analyses the fit shared."""
        if self.word is None:  # features that are not TF-IDF (the embeddings subclass)
            return
        self.word = sklearn_vectorizer(_WORD_PARAMS, _vocabulary_list(self.word), self.word.idf_)
        self.char = sklearn_vectorizer(_CHAR_PARAMS, _vocabulary_list(self.char), self.char.idf_)

    def _features(self, texts: Sequence[str]) -> Any:
        """The CSR matrix of word and char features (SciPy: for fitting and explaining)."""
        from scipy import sparse

        parts = [self.word.transform(texts).tocsr(), self.char.transform(texts).tocsr()]
        return sparse.hstack(parts).tocsr()

    def _feature_names(self) -> list[str]:
        chars = (f"«{c}»" for c in self.char.get_feature_names_out())
        return [*self.word.get_feature_names_out(), *chars]

    def _fit_heads(
        self, features: Any, labels: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        from sklearn.linear_model import LogisticRegression

        n_themes, n_features = labels.shape[1], features.shape[1]
        coef = np.zeros((n_themes, n_features))
        intercept = np.full(n_themes, -10.0)
        trained = np.zeros(n_themes, dtype=bool)
        positives = labels.sum(axis=0)
        learnable = [
            k
            for k in range(n_themes)
            if positives[k] >= MIN_POSITIVES and len(labels) - positives[k] >= MIN_POSITIVES
        ]

        def fit_head(k: int) -> tuple[np.ndarray, float]:
            # liblinear shuffles its coordinates: a fixed seed keeps `train` reproducible
            head = LogisticRegression(
                C=self.C, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=0
            )
            head.fit(features, labels[:, k])
            return head.coef_[0], float(head.intercept_[0])

        jobs = default_jobs() if self.n_jobs is None else self.n_jobs
        for k, (weights, bias) in zip(learnable, fork_map(fit_head, learnable, jobs), strict=True):
            coef[k], intercept[k], trained[k] = weights, bias, True
        return coef, intercept, trained

    def _out_of_fold(
        self,
        texts: Sequence[str],
        labels: np.ndarray,
        groups: Sequence[str] | None,
        train_only: np.ndarray,
    ) -> np.ndarray:
        """Text-model probabilities for every scored text (not ``train_only``) from models
        that did not see it: folds are whole reports when there are reports enough, and the
        train-only texts are on every fold's training side."""
        from sklearn.model_selection import GroupKFold, StratifiedKFold

        texts = list(texts)
        scored, always = np.flatnonzero(~train_only), np.flatnonzero(train_only)
        scored_labels = labels[scored]
        oof = np.zeros(scored_labels.shape)
        scored_groups = None if groups is None else [groups[i] for i in scored.tolist()]
        if scored_groups is not None and len(set(scored_groups)) >= 3:
            splits = GroupKFold(n_splits=min(5, len(set(scored_groups)))).split(
                scored, groups=scored_groups
            )
        else:
            strata = scored_labels.argmax(axis=1) * scored_labels.any(axis=1)
            splits = StratifiedKFold(n_splits=4, shuffle=True, random_state=0).split(scored, strata)
        for train, test in splits:
            fit_on = np.concatenate([scored[train], always])
            inner = self._blank()
            features = inner._fit_features([texts[i] for i in fit_on])
            inner.coef, inner.intercept, inner.trained = inner._fit_heads(features, labels[fit_on])
            oof[test] = inner.base_proba([texts[i] for i in scored[test]])
        return oof

    def _blank(self) -> ThemeClassifier:
        return type(self)(self.taxonomy, self.C, self.n_jobs)

    # ------------------------------------------------------------------ persistence

    def save(self, folder: str | Path) -> None:
        """JSON for the vocabularies and settings, a NumPy .npz (no pickles) for the weights."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT_VERSION,
            "themes": self.themes,
            "C": self.C,
            "word_vocabulary": _vocabulary_list(self.word),
            "char_vocabulary": _vocabulary_list(self.char),
            "thresholds": [round(float(t), 6) for t in self.thresholds],
            "trained": [bool(t) for t in self.trained],
        }
        text = json.dumps(meta, ensure_ascii=False, indent=0) + "\n"
        (folder / "model.json").write_text(text, "utf-8")
        _save_arrays(
            folder / "weights.npz",
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            stack=self.stack.astype(np.float32),
            word_idf=self.word.idf_.astype(np.float32),
            char_idf=self.char.idf_.astype(np.float32),
        )

    @classmethod
    def load(cls, folder: str | Path, taxonomy: Taxonomy) -> ThemeClassifier:
        folder = Path(folder)
        meta = json.loads((folder / "model.json").read_text("utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"{folder}: model format {meta.get('format')} is not {FORMAT_VERSION}")
        if meta["themes"] != taxonomy.ids:
            raise ValueError(
                f"{folder}: model themes differ from the taxonomy; run `reportmine train`"
            )
        model = cls(taxonomy, meta["C"])
        with np.load(folder / "weights.npz", allow_pickle=False) as weights:
            model.word = _fast(_WORD_PARAMS, meta["word_vocabulary"], weights["word_idf"])
            model.char = _fast(_CHAR_PARAMS, meta["char_vocabulary"], weights["char_idf"])
            model.coef = weights["coef"].astype(np.float64)
            model.intercept = weights["intercept"].astype(np.float64)
            model.stack = weights["stack"].astype(np.float64)
        model.thresholds = np.array(meta["thresholds"])
        model.trained = np.array(meta["trained"], dtype=bool)
        return model


def _stacked(stack: np.ndarray, base: np.ndarray, keywords: np.ndarray) -> np.ndarray:
    z = stack[None, :, 0] * base + stack[None, :, 1] * keywords + stack[None, :, 2]
    return 1.0 / (1.0 + np.exp(-z))


def _calibrated(
    row: np.ndarray, threshold: float, base: np.ndarray, keywords: np.ndarray, truth: np.ndarray
) -> tuple[np.ndarray, float]:
    """The stack row and threshold with Platt scaling folded in, so that a score is a
    probability: the balanced weights that make rare themes learnable also push every score
    up (a mean score of 0.19 where 0.066 of the labels are on). A logistic map of the
    stacked logit, fitted without class weights on the same out-of-fold scores, is itself
    affine in the logit, so it composes into the row; being increasing, it keeps every
    decision once the threshold is mapped too."""
    from sklearn.linear_model import LogisticRegression

    if truth.all() or not truth.any():
        return row, threshold
    logit = row[0] * base + row[1] * keywords + row[2]
    platt = LogisticRegression(C=1.0, solver="lbfgs").fit(logit[:, None], truth)
    slope, shift = float(platt.coef_[0][0]), float(platt.intercept_[0])
    if slope <= 0:  # the score does not rank the texts: nothing to calibrate
        return row, threshold
    edge = float(np.clip(threshold, 1e-12, 1 - 1e-12))
    mapped = 1.0 / (1.0 + np.exp(-(slope * np.log(edge / (1 - edge)) + shift)))
    return np.array([slope * row[0], slope * row[1], slope * row[2] + shift]), float(mapped)


def _save_arrays(path: Path, **arrays: np.ndarray) -> None:
    """An .npz that is byte-identical for identical arrays (fixed zip timestamps): a model
    rebuilt from the same data changes no bytes unless its numbers changed."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def _vocabulary_list(vectorizer: Any) -> list[str]:
    return list(vectorizer.get_feature_names_out())


def _fast(params: dict, vocabulary: list[str], idf: np.ndarray) -> FastTfidf:
    return FastTfidf(
        params["analyzer"],
        params["ngram_range"],
        vocabulary,
        idf.astype(np.float64),
        params.get("token_pattern"),
    )


def sklearn_vectorizer(params: dict, vocabulary: list[str], idf: np.ndarray) -> Any:
    """The scikit-learn equivalent of :func:`_fast` (used by the tests to check both agree)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(**{**params, "min_df": 1, "vocabulary": vocabulary})
    vectorizer.idf_ = idf.astype(np.float64)
    return vectorizer


def _f1(predicted: np.ndarray, truth: np.ndarray) -> float:
    total = predicted.sum() + truth.sum()
    return 2 * float((predicted & truth).sum()) / total if total else 0.0


def _best_threshold(scores: np.ndarray, truth: np.ndarray) -> float:
    """The score cut-off with the best F1 on out-of-fold predictions (0.5 when no positives)."""
    if truth.sum() == 0:
        return 0.5
    best, best_f1 = 0.5, -1.0
    for threshold in np.unique(np.round(scores, 4)):
        predicted = scores >= threshold
        tp = float((predicted & truth).sum())
        f1 = 2 * tp / (predicted.sum() + truth.sum()) if predicted.sum() + truth.sum() else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(threshold), f1
    return best


def labels_matrix(label_lists: Sequence[Sequence[str]], themes: Sequence[str]) -> np.ndarray:
    index = {t: k for k, t in enumerate(themes)}
    matrix = np.zeros((len(label_lists), len(themes)), dtype=bool)
    for i, labels in enumerate(label_lists):
        for label in labels:
            matrix[i, index[label]] = True
    return matrix


def clean_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
