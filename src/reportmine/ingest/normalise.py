"""Normalise what converters and OCR leave behind, without losing content.

The normaliser is a pipeline of named stages over :class:`RawLine` objects (spaCy style: each
stage is a plain function and :data:`DEFAULT_STAGES` can be swapped or reordered). The last
step, :func:`assemble`, joins the lines into the normalised text that every span points into.

Footnote markers are cut out of the words they stick to and carried through the stages as
private-use sentinels (``\\ue000label\\ue002raw\\ue001``), so later stages may rewrite a
line freely and :func:`assemble` still knows exactly where each marker stood.
"""

from __future__ import annotations

import html
import itertools
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache

from reportmine.chars import CharMap
from reportmine.model import FootnoteRef, Line

REF_OPEN, REF_SEP, REF_CLOSE = "\ue000", "\ue002", "\ue001"
_SENTINEL = re.compile(f"{REF_OPEN}([^{REF_SEP}]*){REF_SEP}([^{REF_CLOSE}]*){REF_CLOSE}")
BULLET = "•"


@dataclass(slots=True)
class RawLine:
    text: str
    page: int | None = None
    heading_level: int | None = None
    bold: bool = False
    font_size: float | None = None
    is_table_row: bool = False
    keep: bool = False  # set by readers for lines that must never be merged (PDF headings)


Stage = Callable[[list[RawLine]], list[RawLine]]


# The raw marker rides inside the sentinel with markup characters swapped for private-use
# ones, so that later stages (tag stripping, bold removal) cannot eat it.
_RAW_ESCAPE = str.maketrans(
    {"<": "\ue010", ">": "\ue011", "*": "\ue012", "_": "\ue013", "?": "\ue014"}
)
_RAW_UNESCAPE = str.maketrans(
    {
        v: k
        for k, v in {
            "<": "\ue010",
            ">": "\ue011",
            "*": "\ue012",
            "_": "\ue013",
            "?": "\ue014",
        }.items()
    }
)


def footnote_sentinel(label: str, raw: str) -> str:
    return f"{REF_OPEN}{label}{REF_SEP}{raw.translate(_RAW_ESCAPE)}{REF_CLOSE}"


def plain(text: str) -> str:
    """A line's text without footnote sentinels (for tests of shape, never for output)."""
    return _SENTINEL.sub("", text) if REF_OPEN in text else text


# --------------------------------------------------------------------------- pages


_PAGE_MARK = re.compile(r"^ (?=\S)")
_LIST_MARK = re.compile(r"^ [-*•–] ")


def split_pages(text: str) -> list[RawLine]:
    """Split raw text into lines, numbering pages when the source shows where they break.

    Form feeds are the usual page break. Some pdftotext/OCR dumps lost the form feed and
    kept only the single space that followed it; when a document has several lines that
    start with exactly one space (and ordinary lines do not), those lines open new pages.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        lines: list[RawLine] = []
        for number, page_text in enumerate(text.split("\f"), start=1):
            lines.extend(RawLine(t, number) for t in page_text.split("\n"))
        return lines
    raw = text.split("\n")
    marks = [i for i, t in enumerate(raw) if _PAGE_MARK.match(t) and not _LIST_MARK.match(t)]
    indented = sum(1 for t in raw if t.startswith("  ") and t.strip())
    adjacent = sum(1 for a, b in itertools.pairwise(marks) if b - a == 1)
    if len(marks) >= 5 and indented < len(marks) * 3 and adjacent <= len(marks) // 5:
        page = 1
        lines = []
        mark_set = set(marks)
        for i, t in enumerate(raw):
            if i in mark_set and i > 0:
                page += 1
            lines.append(RawLine(t[1:] if i in mark_set else t, page))
        return lines
    return [RawLine(t) for t in raw]


# --------------------------------------------------------------------------- markup

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_MD_BOLD = re.compile(r"(\*\*|__)")
_MD_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_SUP = re.compile(r"<sup>\s*([^<]{1,12}?)\s*</sup>", re.IGNORECASE)
_BOLD_TAG = re.compile(r"</?(?:b|strong)>", re.IGNORECASE)
_LI_TAG = re.compile(r"^\s*<li[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_UNICODE_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT_RUN = re.compile(r"(?<=[\w.,;:)’”'\"])([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})")
_MARKUP_HINT = re.compile(r"[<>#*_|\[\\&⁰¹²³⁴⁵⁶⁷⁸⁹]")


def strip_markup(lines: list[RawLine]) -> list[RawLine]:
    """Remove HTML tags and markdown markup, keeping what they said as line hints."""
    out: list[RawLine] = []
    in_bold = False
    for line in lines:
        text = line.text
        if not _MARKUP_HINT.search(text) and not text.lstrip().startswith(("-", ":")):
            # no character any markup rule below needs: only the bold state carries over
            whole_bold = in_bold and bool(text.strip()) and not line.bold
            out.append(replace(line, bold=True) if whole_bold else line)
            continue
        if _MD_RULE.match(text) or (_MD_TABLE_SEP.match(text) and "-" in text):
            out.append(replace(line, text=""))
            continue
        heading = _MD_HEADING.match(text)
        level = line.heading_level
        if heading:
            level, text = len(heading.group(1)), heading.group(2)
        text = _SUP.sub(lambda m: footnote_sentinel(m.group(1), m.group(0)), text)
        text = _SUPERSCRIPT_RUN.sub(
            lambda m: footnote_sentinel(m.group(1).translate(_UNICODE_SUPERSCRIPTS), m.group(1)),
            text,
        )
        stripped = text.strip()
        whole_bold = bool(
            stripped
            and (
                (_BOLD_TAG.match(stripped) and re.search(r"</(?:b|strong)>$", stripped, re.I))
                or (stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4)
                or (in_bold and stripped.endswith("**"))
            )
        )
        in_bold ^= len(_MD_BOLD.findall(text)) % 2 == 1
        whole_bold = whole_bold or (in_bold and bool(stripped))
        text = _LI_TAG.sub(f"{BULLET} ", text)
        text = _TAG.sub("", text)
        text = _MD_BOLD.sub("", text)
        text = _MD_ITALIC.sub(r"\1", text)
        text = _MD_LINK.sub(_link_text, text)
        text = _ESCAPE.sub(r"\1", text)
        text = html.unescape(text)
        if "|" in text and text.strip().startswith("|"):
            cells = [c.strip() for c in text.strip().strip("|").split("|")]
            text = "\t".join(cells)
        out.append(replace(line, text=text, heading_level=level, bold=line.bold or whole_bold))
    return out


def _link_text(match: re.Match[str]) -> str:
    label, url = match.group(1), match.group(2)
    bare = re.sub(r"^(https?://|mailto:)", "", url).rstrip("/")
    return label if bare in label or label in url else f"{label} ({url})"


# --------------------------------------------------------------------------- glyphs

_GLYPHS = {
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u00ad": "",
    "\u200b": "",
    "\ufeff": "",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb00": "ff",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\u2010": "-",
    "\u2011": "-",
    "\ufffe": "-",  # PDFium's marker for a hyphen it found at a line break
    "\u0002": "-",
}
_CLEAN_GLYPHS = CharMap(_GLYPHS)
# Bullet glyphs, and what OCR makes of a round bullet at a line start ("e", "o", "«", "»",
# "<"): no English line starts with the lone word "e" or "o".
# bullet glyphs, including symbol-font ones read into the private use area (\uf0a7 ...)
_BULLET_START = re.compile(
    r"^\s*(?:[•●▪■◼◾◆◦‣∙·►▸➢➤✓✔❖\uf0a7\uf0b7\uf0d8\uf0fc\-–*¢§«»<>]"
    r"|[eo](?=\s+[A-Za-z‘“'\"(]))\s+(?=\S)"
)
# Icons and logos read as junk before a heading: "@@ Organisational delivery", "I-@-.I Case ..."
_ICON_PREFIX = re.compile(r"^\s*(?:\S*[@©™]\S*|[^\w\s‘“'\"(£$]{1,4})\s+(?=[A-Z])")
_TRAILING_WS = re.compile(r"[ \t]+$")


def clean_glyphs(lines: list[RawLine]) -> list[RawLine]:
    """Unicode oddities, bullets (including OCR's), icon junk, trailing spaces."""
    out = []
    for line in lines:
        text = _CLEAN_GLYPHS(line.text)
        if not text.isascii():  # ASCII is NFC already
            text = unicodedata.normalize("NFC", text)
        text = _TRAILING_WS.sub("", text) if text.endswith((" ", "\t", "\n")) else text
        if "\t" in text.strip():
            cells = [c.strip() for c in text.strip().split("\t")]
            text = "\t".join(cells)
            out.append(replace(line, text=text, is_table_row=len([c for c in cells if c]) > 1))
            continue
        bullet = _BULLET_START.match(text)
        if bullet:
            text = f"{BULLET} " + text[bullet.end() :]
        elif _ICON_PREFIX.match(text) and not re.match(r"^\s*[\d(]", text):
            text = _ICON_PREFIX.sub("", text)
        else:
            text = text.strip()
        if text.strip() == BULLET:
            text = ""
        text = text.strip()
        out.append(line if text == line.text else replace(line, text=text))
    return out


# --------------------------------------------------------------------------- OCR digits

# Patterns here start with what they match, their look-behind after it: the regex engine
# then skips ahead to a candidate character at C speed instead of trying every position.
_INNER_ONE = re.compile(r"[10](?<=[A-Za-z][10])(?=[a-z])")
# "ls", "lt", "lf", "ln" are no English words: OCR's capital I read as l ("ls the plan ...")
# (written "l" first: a pattern that starts with a literal is scanned for it at C speed)
_LOWER_L_FOR_I = re.compile(r"l(?<![A-Za-z0-9_]l)(?=[stfn] [a-z])")
_TRAILING_ONES = re.compile(r"\b(?P<stem>[A-Za-z]*[a-z])(?P<ones>1{1,2})\b")


class _Vocabulary:
    """The document's words, lower-cased: built on first use (most documents never ask)."""

    def __init__(self, lines: list[RawLine]) -> None:
        self.lines = lines
        self.words: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self.words is None:
            self.words = {
                w.lower() for line in self.lines for w in _WORD_RE.findall(plain(line.text))
            }
        return word in self.words


def repair_ocr_digits(lines: list[RawLine]) -> list[RawLine]:
    """OCR reads "l" as "1", "o" as "0" and "I" as "l". A digit between a letter and a
    lowercase letter is always such a misreading ("D0es", "a1so"); a "1" ending a word is
    mended only when the mended word occurs elsewhere in the report (so "a11" becomes "all",
    but the footnote in "people11" stays); "ls", "lt", "lf" and "ln" before a word are
    "Is", "It", "If" and "In"."""
    vocabulary = _Vocabulary(lines)

    def trailing(match: re.Match[str]) -> str:
        candidate = match.group("stem") + "l" * len(match.group("ones"))
        return candidate if candidate.lower() in vocabulary else match.group(0)

    out = []
    for line in lines:
        text = line.text
        if _LOWER_L_FOR_I.search(text):
            text = _LOWER_L_FOR_I.sub("I", text)
        if "1" in text or "0" in text:
            text = _INNER_ONE.sub(lambda m: "l" if m.group(0) == "1" else "o", text)
            text = _TRAILING_ONES.sub(trailing, text)
        out.append(replace(line, text=text) if text != line.text else line)
    return out


# --------------------------------------------------------------------------- footnotes

# OCR reads a superscript as "?", "®" or "*" glued to the word: "annually.?", "people?11",
# "offended.®", "centre*". pdftotext keeps the digits: "annually.1 Probation", "offended.3".
_OCR_REF = re.compile(r"(?<=[a-z)’”.,;:])(?:\?(\d{1,2})|([®*]))(?=[\s.,;:)]|$)")
# A digit after punctuation ("annually.1") or after a word of four letters or more
# ("people11"); each written from its first digit on (see _INNER_ONE).
_PUNCT_DIGIT_REF = re.compile(r"(\d(?<=[a-z)’”][.,;:]\d)\d?)(?=\s|$)")
_WORD_DIGIT_REF = re.compile(r"(\d(?<=[a-z]{4}\d)\d?)(?=[\s.,;:)]|$)")
_QUESTION_MARK_REF = re.compile(r"(?<=[a-z])\?(\d{1,2})(?=\s|$)")
_REF_HINT = re.compile(r"[\d?®*]")


def separate_footnote_markers(lines: list[RawLine]) -> list[RawLine]:
    """Cut footnote digits off the words they stick to and keep them as references."""
    out = []
    for line in lines:
        text = line.text
        if not _REF_HINT.search(text):  # every pattern below needs a digit, "?", "®" or "*"
            out.append(line)
            continue
        if not line.is_table_row:
            if "?" in text or "®" in text or "*" in text:
                text = _OCR_REF.sub(_ocr_ref, text)
            text = _PUNCT_DIGIT_REF.sub(lambda m: footnote_sentinel(m.group(1), m.group(1)), text)
            text = _WORD_DIGIT_REF.sub(lambda m: footnote_sentinel(m.group(1), m.group(1)), text)
        else:
            text = _QUESTION_MARK_REF.sub(_ocr_ref, text)
        out.append(replace(line, text=text) if text != line.text else line)
    return out


def _ocr_ref(match: re.Match[str]) -> str:
    digits = match.group(1) if match.lastindex and match.group(1) else None
    return footnote_sentinel(digits or "?", match.group(0))


# --------------------------------------------------------------------------- furniture

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.IGNORECASE)
_TITLE_AND_NUMBER = re.compile(r"^(?P<title>\S.{8,120}?)(?:\s{2,}|\s+\|\s+)(?P<num>\d{1,3})$")


_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")


def _title_and_number(text: str) -> re.Match[str] | None:
    """_TITLE_AND_NUMBER.match, after the cheap test it implies (the text ends in a digit):
    its lazy title part backtracks over every long line otherwise."""
    return _TITLE_AND_NUMBER.match(text) if text[-1:].isdigit() else None


def _furniture_key(text: str) -> str:
    return _DIGITS.sub("#", plain(text).strip().lower())


def drop_running_furniture(lines: list[RawLine]) -> list[RawLine]:
    """Drop running headers, footers and page numbers.

    A line is furniture when its shape (digits folded) repeats near page edges on several
    pages, or when it is the first/last line of a page and is a bare page number or
    "Title of the report   12".
    """
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.page is not None and line.text.strip():
            pages.setdefault(line.page, []).append(i)
    edge: set[int] = set()
    for indices in pages.values():
        edge.update(indices[:2])
        edge.update(indices[-2:])

    shaped_keys = Counter(
        _furniture_key(line.text)
        for line in lines
        if _DIGIT.search(line.text) and _title_and_number(plain(line.text).strip())
    )
    # no page breaks known: repeated "title ... page number" lines anywhere
    keys = Counter(_furniture_key(lines[i].text) for i in edge) if pages else shaped_keys
    n_pages = max(len(pages), 1)
    threshold = max(3, n_pages // 4) if pages else 3

    drop: set[int] = set()
    for i, line in enumerate(lines):
        text = plain(line.text).strip()
        if not text or (line.is_table_row and not pages):
            continue
        if pages and i not in edge and not text[-1:].isdigit():
            continue  # away from page edges only a "Title ... 12" line can be furniture
        key = _furniture_key(line.text)
        near_edge = i in edge or not pages
        repeated = keys[key] >= threshold and len(text) <= 140 and (not pages or i in edge)
        shaped = (
            "#" in key
            and _title_and_number(text) is not None
            and len(re.findall(r"[A-Za-z]{2,}", text)) >= 3
        )
        running = repeated and ("#" in key or len(key) >= 12) and near_edge
        page_number = (
            i in edge
            and _PAGE_NUMBER.match(text) is not None
            and bool(pages)
            and _is_page_boundary(lines, i)
        )
        running_title = shaped and (
            shaped_keys[key] >= 2 or (bool(pages) and _is_page_boundary(lines, i))
        )
        if running or page_number or running_title:
            drop.add(i)
    return [line for i, line in enumerate(lines) if i not in drop]


def _is_page_boundary(lines: list[RawLine], i: int) -> bool:
    """True when ``i`` is the first or last non-blank line of its page."""
    page = lines[i].page
    before = next((j for j in range(i - 1, -1, -1) if lines[j].text.strip()), None)
    after = next((j for j in range(i + 1, len(lines)) if lines[j].text.strip()), None)
    first = before is None or lines[before].page != page
    last = after is None or lines[after].page != page
    return first or last


# --------------------------------------------------------------------------- reflow

_LIST_START = re.compile(r"^(?:•\s|\(?[a-z]\)\s|\(?\d{1,2}[.)]\s|\(?[ivx]{1,4}\)\s)")
_HEADING_SHAPE = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2}){0,2}\.?\s+[A-Z‘“]|(?:Annex|Appendix|Outcome|Chapter|Part)\s+\w+)",
)
_SENTENCE_END = re.compile(r"[.!?:;)\]’”\"]$")
_HYPHEN_END = re.compile(r"(\w+)-$")
_TAIL = 80  # end-anchored patterns look at this many final characters of a growing line
_WORD_RE = re.compile(r"[A-Za-z]+")


def reflow(lines: list[RawLine]) -> list[RawLine]:
    """Join lines a converter hard-wrapped inside a paragraph, and mend split words.

    A line is joined to the next when it is nearly as long as the document's wrap width
    (it ended because the column was full), the next line is no list item or heading, and
    neither is a table row. Markdown with one paragraph per line has no wrap width worth
    the name, so nothing is joined there. Hyphens at a wrap are dropped only when the
    unhyphenated word occurs elsewhere in the document.
    """
    texts = [plain(line.text) for line in lines]
    lengths = [n for n in map(len, texts) if n > 20]
    if len(lengths) < 20:
        return lines
    width = _wrap_width(lengths)
    if width is None:
        return lines
    vocabulary = _Vocabulary(lines)
    out: list[RawLine] = []
    flats: list[_Growing] = []  # plain() of each output line, as wrapped lines join it
    raws: list[_Growing | None] = []  # its raw text, once a line has joined it
    for line, text in zip(lines, texts, strict=True):
        if out and _continues(out[-1], flats[-1], line, text, width):
            raw = raws[-1]
            if raw is None:
                raw = raws[-1] = _Growing(out[-1].text)
            raw.add(line.text, vocabulary)
            flats[-1].add(text, vocabulary)
            continue
        out.append(line)
        flats.append(_Growing(text))
        raws.append(None)
    return [
        line if raw is None else replace(line, text=raw.text())
        for line, raw in zip(out, raws, strict=True)
    ]


class _Growing:
    """A line's text while wrapped lines are joined to it: a list of parts (joining by
    string concatenation would copy the whole paragraph at every line)."""

    def __init__(self, text: str) -> None:
        self.parts = [text]
        self.length = len(text)
        self.blank = not text.strip()

    def tail(self, n: int) -> str:
        out, i = "", len(self.parts) - 1
        while i >= 0 and len(out) < n:
            out = self.parts[i] + out
            i -= 1
        return out[-n:]

    def text(self) -> str:
        return "".join(self.parts)

    def add(self, nxt: str, vocabulary: _Vocabulary) -> None:
        """Append the next wrapped line: after a single space, or straight after a hyphen
        that splits a word (dropping the hyphen when the joined word occurs in the
        document)."""
        nxt = nxt.lstrip()
        hyphen = _hyphen_end(self.tail(_TAIL))
        if hyphen and nxt[:1].islower():
            head = hyphen.group(1)
            tail = _WORD_RE.match(nxt)
            if tail and (head + tail.group(0)).lower() in vocabulary:
                self._drop_last_char()
            self._append(nxt)
            return
        self._rstrip()
        self._append(" " + nxt)

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        self.blank = self.blank and not text.strip()

    def _rstrip(self) -> None:
        while self.parts:
            last = self.parts[-1]
            kept = last.rstrip()
            self.length -= len(last) - len(kept)
            if kept:
                self.parts[-1] = kept
                return
            self.parts.pop()

    def _drop_last_char(self) -> None:
        while self.parts and not self.parts[-1]:
            self.parts.pop()
        self.parts[-1] = self.parts[-1][:-1]
        self.length -= 1


def _hyphen_end(text: str) -> re.Match[str] | None:
    """``_HYPHEN_END.search``, without scanning lines that do not end with a hyphen."""
    return _HYPHEN_END.search(text) if text.endswith(("-", "-\n")) else None


def _wrap_width(lengths: list[int]) -> int | None:
    """The column width a hard-wrapped text was cut at; None for one-paragraph-per-line text."""
    top = statistics.quantiles(lengths, n=10)[7]  # 80th percentile
    wrapped = sum(1 for n in lengths if top * 0.75 <= n <= top * 1.15)
    if top > 200 or wrapped < len(lengths) * 0.4:
        return None
    return int(top)


@cache
def _part_titles() -> re.Pattern[str]:
    from reportmine.sections.kinds import lexicon

    kinds = "|".join(pattern.pattern for _, pattern in lexicon().kinds)
    return re.compile(r"\s*(?:" + kinds + r")[\s:.]*", re.IGNORECASE)


# a headline figure: "106,369", "39.3%", "72%", "£2.5", "1200" (not a stray "0" of OCR)
_LONE_FIGURE = re.compile(r"\s*(?:£?\d{1,3}(?:,\d{3})+|£?\d+\.\d+\s?%?|\d{1,3}\s?%|£?\d{3,})\s*")


def _stands_alone(text: str) -> bool:
    """A part title or a headline figure: a block of its own, never a wrapped line's part."""
    return _is_part_title(text) or (len(text) < 16 and _LONE_FIGURE.fullmatch(text) is not None)


def _is_part_title(text: str) -> bool:
    """A line that is nothing but a part's title ("Recommendations", "Contextual facts")."""
    return len(text) < 60 and text.lstrip()[:1].isupper() and bool(_part_titles().fullmatch(text))


def _continues(prev: RawLine, grown: _Growing, line: RawLine, text: str, width: int) -> bool:
    if grown.blank or not text.strip():
        return False
    if prev.is_table_row or line.is_table_row or prev.keep or line.keep:
        return False
    if prev.heading_level or line.heading_level or prev.bold != line.bold:
        return False
    if _stands_alone(text) or (len(grown.parts) == 1 and _stands_alone(grown.parts[0])):
        return False  # "Contextual facts" or "106,369" on a line of its own, blank lines or not
    prev_text = grown.tail(_TAIL)  # the checks below look at the end of the line only
    ends_sentence = _SENTENCE_END.search(prev_text[-2:]) is not None
    if _LIST_START.match(text) or (
        _HEADING_SHAPE.match(text) and (ends_sentence or len(text) < 60)
    ):
        return False
    if prev.page != line.page and ends_sentence:
        return False
    if grown.length < width * 0.72 and not _hyphen_end(prev_text):
        return False
    return not (ends_sentence and text[:1].isupper() and len(text) < width * 0.5)


# --------------------------------------------------------------------------- assemble


@dataclass(slots=True)
class Normalised:
    text: str
    lines: list[Line]
    page_starts: list[int]
    footnote_refs: list[FootnoteRef]


def collapse_blank_lines(lines: list[RawLine]) -> list[RawLine]:
    return [line for line in lines if plain(line.text).strip() or _SENTINEL.search(line.text)]


def assemble(lines: Iterable[RawLine]) -> Normalised:
    """Join blocks with newlines; record page starts and footnote positions."""
    parts: list[str] = []
    out_lines: list[Line] = []
    refs: list[FootnoteRef] = []
    page_starts: list[int] = []
    offset = 0
    last_page = 0
    for line in lines:
        text, line_refs = _extract_refs(line.text, offset)
        if not text.strip():
            # A marker standing alone (pdftotext puts footnote digits on their own lines)
            # belongs to the previous block.
            refs.extend(FootnoteRef(r.label, max(offset - 1, 0), r.raw) for r in line_refs)
            continue
        refs.extend(line_refs)
        if line.page is not None:
            while last_page < line.page:
                page_starts.append(offset)
                last_page += 1
        parts.append(text)
        out_lines.append(
            Line(
                start=offset,
                end=offset + len(text),
                page=line.page,
                heading_level=line.heading_level,
                bold=line.bold,
                font_size=line.font_size,
                is_table_row=line.is_table_row,
            )
        )
        offset += len(text) + 1
    return Normalised("\n".join(parts), out_lines, page_starts, refs)


def _extract_refs(text: str, offset: int) -> tuple[str, list[FootnoteRef]]:
    refs: list[FootnoteRef] = []
    pieces: list[str] = []
    cursor = 0
    length = 0
    for match in _SENTINEL.finditer(text):
        piece = text[cursor : match.start()]
        pieces.append(piece)
        length += len(piece)
        refs.append(
            FootnoteRef(match.group(1), offset + length, match.group(2).translate(_RAW_UNESCAPE))
        )
        cursor = match.end()
    pieces.append(text[cursor:])
    clean = "".join(pieces)
    # A marker removed between two words must not glue them together or leave double spaces.
    clean = re.sub(r" {2,}", " ", clean)
    if clean != "".join(pieces):
        return _extract_refs_slow(text, offset)
    return clean, refs


def _extract_refs_slow(text: str, offset: int) -> tuple[str, list[FootnoteRef]]:
    """Like _extract_refs, but collapsing double spaces while keeping offsets exact."""
    out: list[str] = []
    refs: list[FootnoteRef] = []
    position = 0
    i = 0
    while i < len(text):
        match = _SENTINEL.match(text, i)
        if match:
            refs.append(
                FootnoteRef(
                    match.group(1), offset + position, match.group(2).translate(_RAW_UNESCAPE)
                )
            )
            i = match.end()
            continue
        char = text[i]
        if char == " " and out and out[-1] == " ":
            i += 1
            continue
        out.append(char)
        position += 1
        i += 1
    return "".join(out), refs


DEFAULT_STAGES: tuple[Stage, ...] = (
    strip_markup,
    clean_glyphs,
    repair_ocr_digits,
    separate_footnote_markers,
    drop_running_furniture,
    collapse_blank_lines,
)


def normalise_lines(lines: list[RawLine], stages: Iterable[Stage] = DEFAULT_STAGES) -> Normalised:
    for stage in stages:
        lines = stage(lines)
    return assemble(lines)


def normalise_text(text: str, stages: Iterable[Stage] | None = None) -> Normalised:
    """Normalise a text/markdown report (with reflow, which PDFs get from layout instead)."""
    from reportmine.ingest.resegment import needs_resegmenting, resegment

    if stages is None:
        # Re-cut text has no hard wraps left to reflow.
        last = collapse_blank_lines if needs_resegmenting(text) else reflow_blocks
        stages = (*DEFAULT_STAGES[:-1], last)
    return normalise_lines(split_pages(resegment(text)), tuple(stages))


def reflow_blocks(lines: list[RawLine]) -> list[RawLine]:
    """Reflow, keeping blank lines as paragraph breaks, then drop the blanks."""
    return collapse_blank_lines(reflow(lines))
