"""The theme taxonomy, kept as data in ``models/themes.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reportmine.safe_yaml import load_yaml

DEFAULT_TAXONOMY = Path(__file__).resolve().parents[3] / "models" / "themes.yaml"


TOKEN = re.compile(r"[a-z0-9]+")  # words of lower-cased text, for the phrase prefilter


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    definition: str
    include: str
    exclude: str
    examples: tuple[str, ...]

    def keyword_pattern(self) -> re.Pattern[str]:
        """The example phrases as one pattern (plurals allowed): case-insensitive, except
        acronyms such as "IT" or "RAR", which must not match "it" or "rar"."""
        parts = [_phrase_regex(p) for p in sorted(self.examples, key=len, reverse=True)]
        return re.compile(r"\b(?:" + "|".join(parts) + r")(?:s|es)?\b")

    def phrase_index(self) -> dict[str, list[Phrase]]:
        """Each example phrase (:class:`Phrase`), indexed by its first word. A text must
        contain all of a phrase's words for the phrase to match, and
        :meth:`keyword_pattern` matches a text exactly when one of the phrases' patterns
        does. The pattern allows "s"/"es" on a phrase's last word, so a one-word phrase is
        indexed under those forms too (with no further words); a longer phrase's last word
        may carry them in the text."""
        index: dict[str, list[Phrase]] = {}
        for phrase in self.examples:
            words = TOKEN.findall(phrase.lower())
            if not words:
                continue
            exact = _is_acronym(phrase)
            pattern = re.compile(r"\b" + _phrase_regex(phrase) + r"(?:s|es)?\b")
            head = phrase.split(" ")[0]
            entry = Phrase(tuple(words[1:]), pattern, head if exact else head.lower(), exact)
            if len(words) == 1:
                for form in (words[0], words[0] + "s", words[0] + "es"):
                    index.setdefault(form, []).append(entry)
            else:
                index.setdefault(words[0], []).append(entry)
        return index


@dataclass(frozen=True)
class Phrase:
    """One example phrase, ready to test: the words after its first (TOKEN, lower-cased),
    its pattern, and the text its every match starts with (``head``: in the text itself
    when ``exact``, as for acronyms, else in the lower-cased text)."""

    rest: tuple[str, ...]
    pattern: re.Pattern[str]
    head: str
    exact: bool


def _is_acronym(phrase: str) -> bool:
    return sum(c.isupper() for c in phrase) >= 2 and " " not in phrase


def _phrase_regex(phrase: str) -> str:
    escaped = re.escape(phrase).replace(r"\ ", r"[\s-]+")
    return escaped if _is_acronym(phrase) else f"(?i:{escaped})"


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    guide: str

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def __getitem__(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    raw = load_yaml(Path(path or DEFAULT_TAXONOMY).read_text("utf-8"))
    themes = tuple(
        Theme(
            t["id"],
            t["label"],
            t["definition"],
            t.get("include", ""),
            t.get("exclude", ""),
            tuple(t.get("examples", [])),
        )
        for t in raw["themes"]
    )
    return Taxonomy(themes, raw.get("labelling_guide", ""))
