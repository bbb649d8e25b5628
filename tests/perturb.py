"""Perturbations of a report's text, as other converters and OCR engines would produce it."""

from __future__ import annotations

import random
import re
import textwrap


def reflow(text: str, width: int = 58) -> str:
    """Re-wrap every prose line at another width (table rows, with tabs, are left alone)."""
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or len(line) <= width:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, width, break_on_hyphens=False) or [""])
    return "\n".join(out)


def collapse_newlines(text: str) -> str:
    """Every line break gone: the whole report on one line."""
    return re.sub(r"[ \t]*\n[ \t\n]*", " ", text)


def ocr_glyph_swaps(text: str, seed: int = 7, rate: float = 0.05) -> str:
    """What OCR does to a clean text: '%' read as '04', bullets as 'e', some 'l' as '1'."""
    rng = random.Random(seed)
    text = re.sub(r"(\d)\s?%", r"\g<1>04", text)
    text = re.sub(r"^(\s*)[•\-] ", lambda m: m.group(1) + "e ", text, flags=re.MULTILINE)
    return "".join("1" if c == "l" and rng.random() < rate else c for c in text)


def ocr_letter_swaps(text: str, seed: int = 3, rate: float = 0.05) -> str:
    """OCR's letter confusions: some "o" read as "0", "m" as "rn", "I" as "l", "," as "."."""
    rng = random.Random(seed)
    swaps = {"o": ("0", rate), "m": ("rn", rate), "I": ("l", rate), ",": (".", rate / 2)}
    out = []
    for c in text:
        swap, chance = swaps.get(c, (c, 0.0))
        out.append(swap if rng.random() < chance else c)
    return "".join(out)


_RATING_LINE = re.compile(
    r"^(\s*)(Outstanding|Good|Requires improvement|Requires|improvement|Inadequate)(\s*)$"
)
_RATING_CELL = re.compile(r"\t(Outstanding|Good|Requires improvement|Inadequate)(\t?)[ ]*$")


def capital_ratings(text: str) -> str:
    """Rating labels set in capitals, as in a coloured rating box: "GOOD", "REQUIRES
    IMPROVEMENT" (on a line of their own or in a table's last cell)."""
    out = []
    for line in text.split("\n"):
        line = _RATING_LINE.sub(lambda m: m.group(1) + m.group(2).upper() + m.group(3), line)
        out.append(_RATING_CELL.sub(lambda m: "\t" + m.group(1).upper() + m.group(2), line))
    return "\n".join(out)


def drop_blank_lines(text: str) -> str:
    """Paragraphs told apart by nothing but a line break, as some converters give them."""
    return re.sub(r"\n[ \t]*\n+", "\n", text)


def double_line_breaks(text: str) -> str:
    """A blank line after every line, wrapped lines included, as some converters space them."""
    return text.replace("\n", "\n\n")
