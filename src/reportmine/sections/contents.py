"""The report's own contents page: where it is, and what it promises."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportmine.sections.kinds import lexicon, ocr_repaired

_CONTENTS_TITLE = re.compile(r"^\s*(table of )?contents\s*:?\s*$", re.IGNORECASE)
# "Table of contents :" is the longest title: OCR repair (which leaves spaces alone) is tried
# only on lines of at most that many words
_MOST_TITLE_WORDS = 4
_ENTRY = re.compile(
    r"^(?P<title>.*?[A-Za-z].*?)\s*(?:\.{2,}|…+|\t|\s{2,}|\s)\s*(?P<page>\d{1,3})\s*$"
)
_NUMBERED = re.compile(
    r"^(?P<number>(?:annex|appendix|outcome|chapter|part)\s+[\dIVXLC]+|\d{1,2}(?:\.\d{1,2})*)\.?\s*[:.\-–]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class ContentsEntry:
    number: str | None
    title: str
    page: int
    level: int
    line_index: int


@dataclass(slots=True)
class Contents:
    first_line: int  # index into Report.lines, the "Contents" heading
    last_line: int
    entries: list[ContentsEntry]


def find_contents(texts: list[str], max_scan: int = 400) -> Contents | None:
    """Find the contents page near the start: a 'Contents' line then page-numbered entries."""
    for i, text in enumerate(texts[:max_scan]):
        if not _CONTENTS_TITLE.match(text) and not (
            len(text.split(None, _MOST_TITLE_WORDS)) <= _MOST_TITLE_WORDS
            and _CONTENTS_TITLE.match(ocr_repaired(text))
        ):
            continue
        entries: list[ContentsEntry] = []
        misses = 0
        last = i
        for j in range(i + 1, min(len(texts), i + 200)):
            entry = _parse_entry(texts[j], j)
            if entry is None:
                misses += 1
                if misses > 1:
                    break
                continue
            misses = 0
            entries.append(entry)
            last = j
        if len(entries) >= 3:
            _nest_colon_groups(entries)
            return Contents(i, last, entries)
    return None


def _parse_entry(text: str, index: int) -> ContentsEntry | None:
    match = _ENTRY.match(text.replace("\t", "\t"))
    if not match or len(match.group("title")) > 160:
        return None
    title = re.sub(r"[\s.…]+$", "", match.group("title")).strip()
    number = None
    numbered = _NUMBERED.match(title)
    if numbered and numbered.group("title"):
        number = _normalise_number(numbered.group("number"))
        title = numbered.group("title").strip()
    level = number.count(".") + 1 if number and number[0].isdigit() else 1
    return ContentsEntry(number, title, int(match.group("page")), level, index)


def _normalise_number(number: str) -> str:
    number = number.strip().rstrip(".")
    word = re.match(r"(?i)(annex|appendix|outcome|chapter|part)\s+(\S+)", number)
    if word:
        return f"{word.group(1).capitalize()} {word.group(2).upper()}"
    return number


def _nest_colon_groups(entries: list[ContentsEntry]) -> None:
    """Entries after one ending in ':' ("Recommendations:") are its children, until an entry
    that is numbered or announces a known kind."""
    parent_level: int | None = None
    kinds = lexicon()
    for entry in entries:
        if parent_level is not None:
            if entry.number or kinds.kind_of(entry.title):
                parent_level = None
            else:
                entry.level = parent_level + 1
                continue
        if entry.title.endswith(":"):
            entry.title = entry.title.rstrip(":").strip()
            parent_level = entry.level
