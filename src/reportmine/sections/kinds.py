"""Canonical section kinds, loaded from ``config/sections.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from reportmine.chars import fold_case
from reportmine.safe_yaml import load_yaml

# Kinds a heading can take. Structural kinds (domain, standard, chapter, ...) come from
# numbering; the rest from the title lexicon in sections.yaml.
STRUCTURAL_KINDS = (
    "front_matter",
    "domain",
    "standard",
    "chapter",
    "section",
    "outcome",
    "key_question",
    "annex",
    "appendix",
    "other",
)
# Kinds that close whatever chapter is open and start a new top-level part.
BACK_MATTER_KINDS = {
    "annex",
    "appendix",
    "glossary",
    "methodology",
    "inspection_results",
    "operating_model",
    "acknowledgements",
}


# OCR's usual misreadings inside a word: "rn" for "m" ("Recornrnendations"), "0" for "o"
# and "1" or "|" for "l" ("C0ntextual", "G1ossary").
_OCR_RN = re.compile(r"(?<=[a-z])rn|rn(?=[a-z])")
_OCR_DIGIT = re.compile(r"(?<=[A-Za-z])[01|]|[01|](?=[a-z])")


def ocr_repaired(title: str) -> str:
    """A heading with OCR's usual misreadings undone: tried only when the heading as read
    names no kind, so a real "rn" ("Governance") is never touched where it matters."""
    # the look-behinds cannot skip ahead, so text without a suspect glyph is not scanned
    if "rn" in title:
        title = _OCR_RN.sub("m", title)
    if "0" in title or "1" in title or "|" in title:
        title = _OCR_DIGIT.sub(lambda m: "o" if m.group(0) == "0" else "l", title)
    return title


@dataclass(frozen=True)
class KindLexicon:
    kinds: tuple[tuple[str, re.Pattern[str]], ...]
    framework_markers: tuple[re.Pattern[str], ...]
    ratings: tuple[str, ...]

    def kind_of(self, title: str) -> str | None:
        """The canonical kind a heading title announces, or None."""
        clean = re.sub(r"[\s:.]+$", "", title.strip())
        for candidate in dict.fromkeys([clean, ocr_repaired(clean)]):
            for kind, pattern in self.kinds:
                if pattern.fullmatch(candidate):
                    return kind
        return None

    def is_standards_framework(self, text: str) -> bool:
        folded = _folded_markers(tuple(p.pattern for p in self.framework_markers))
        if folded is not None:
            return folded.search(fold_case(text)) is not None
        return any(p.search(text) for p in self.framework_markers)


@cache
def _folded_markers(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """Lower-case markers (the usual case) as one case-sensitive pattern for case-folded
    text: the same matches, without the case-insensitive scan, which cannot skip ahead to a
    literal and took half of splitting a report. None when a marker has capitals."""
    if any(p != p.lower() for p in patterns):
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@cache
def lexicon() -> KindLexicon:
    raw = load_yaml(
        resources.files("reportmine.config").joinpath("sections.yaml").read_text("utf-8")
    )
    kinds = tuple(
        (entry["kind"], re.compile("(?:" + "|".join(entry["patterns"]) + ")", re.IGNORECASE))
        for entry in raw["kinds"]
    )
    markers = tuple(re.compile(m, re.IGNORECASE) for m in raw["standards_framework_markers"])
    return KindLexicon(kinds, markers, tuple(raw["ratings"]))


ALL_KINDS = tuple(dict.fromkeys([*STRUCTURAL_KINDS, *(k for k, _ in lexicon().kinds)]))
