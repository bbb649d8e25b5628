"""Rating words, bands and the standards framework, shared by the extractors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from reportmine.safe_yaml import load_yaml

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
# A rating as printed: capitalised (prose "good" is not a rating), possibly split over lines,
# possibly with OCR junk or a footnote marker between the two words of "Requires improvement".
# (OCR reads the "m" of "improvement" as "rn"; rating labels are often set in capitals)
IMPROVEMENT = r"(?:i(?:m|rn)provement|IMPROVEMENT)"
_REQUIRES = r"(?:Requires|REQUIRES)"
_ONE_WORD = r"Outstanding|Good|Inadequate|OUTSTANDING|GOOD|INADEQUATE"
RATING_PATTERN = re.compile(
    r"\b(?P<rating>"
    + _ONE_WORD
    + "|"
    + _REQUIRES
    + r"(?:\s+|[^A-Za-z]{1,40}?)"
    + IMPROVEMENT
    + "|"
    + _REQUIRES
    + r")\b"
)
STANDALONE_RATING = re.compile(
    r"^[\W_]{0,6}(?P<rating>"
    + _ONE_WORD
    + "|"
    + _REQUIRES
    + r"\s+"
    + IMPROVEMENT
    + "|"
    + _REQUIRES
    + r")[\W_]{0,6}$"
)


def canonical_rating(word: str) -> str | None:
    word = re.sub(r"[^A-Za-z]+", " ", word).strip().lower()
    if word.startswith("requires"):
        return "Requires improvement"
    return next((r for r in RATINGS if r.lower() == word), None)


def band_index(rating: str) -> int:
    return RATINGS.index(rating)


@dataclass(frozen=True)
class Framework:
    name: str
    domains: dict[str, str]
    standards: dict[str, str]
    bands: tuple[tuple[float, str], ...]

    def band(self, percent: float) -> str:
        return next(rating for floor, rating in self.bands if percent >= floor)

    def band_floor(self, rating: str) -> float:
        return next(floor for floor, r in self.bands if r == rating)


@cache
def framework(name: str = "hmip_probation_2018") -> Framework:
    raw = load_yaml(
        resources.files("reportmine.config").joinpath("frameworks.yaml").read_text("utf-8")
    )[name]
    bands = tuple((float(b["min"]), b["rating"]) for b in raw["bands"])
    return Framework(name, dict(raw["domains"]), dict(raw["standards"]), bands)
