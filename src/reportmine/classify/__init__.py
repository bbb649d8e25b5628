"""Classifiers: recurring themes tagged on paragraphs and recommendations."""

from __future__ import annotations

import os
from pathlib import Path

# Where the shipped model lives; kept here, free of numpy/scipy imports, so that checking
# whether cached results are still current does not load the model's libraries.
DEFAULT_MODEL = Path(__file__).resolve().parents[3] / "models" / "themes-model"


def model_folder() -> Path:
    return Path(os.environ.get("REPORTMINE_THEME_MODEL", DEFAULT_MODEL))
