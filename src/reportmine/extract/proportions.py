"""Proportions stated in the prose: percentages, counts of a total, ratios, word fractions and
vague quantifiers, with the hedge, what they are a proportion *of*, and their role.

How it works
------------
1. **Which text.** Prose blocks only: table rows, headings, the ``contents``,
   ``contextual_facts`` and ``glossary`` sections, and the key-question/rating lines of
   ``inspection_results`` sections are skipped (their percentages belong to other tables;
   the glossary only defines terms). Footnote lines (``"15 The 70-20-10 model ..."``) are
   *kept*, but what they state is background, so their rows get role ``other``.
2. **Paragraphs.** Consecutive blocks are joined where a hard wrap survived normalisation
   (a block not ending a sentence followed by one starting in lower case). Line breaks are
   replaced by spaces in the string spaCy sees (same length, so every token offset is still an
   offset into ``report.text``), so re-wrapping a sentence never changes its rows.
3. **Cheap prefilters.** Only paragraphs whose string could hold a value (two numbers, or one
   and a percent word, or a word of a fraction or quantifier phrase) are tokenised, and a
   tokenised paragraph meets only the core patterns whose key words sit next to numbers in
   it (``_CORE_NEEDS``: an "of" with a number before and after it, for a count).
4. **spaCy.** One cached ``spacy.blank("en")`` + ``sentencizer``; a :class:`Matcher` finds
   the numeric "cores" (percent, percent range, count of a total, reversed count "Of the 57
   cases ..., 55", ratio), :class:`PhraseMatcher` objects the word fractions, the vague
   quantifiers (from :mod:`reportmine.extract.vague`, the one table of ranges and hedges) and
   the hedges before/after a core. Overlapping cores are resolved to the longest
   (``spacy.util.filter_spans``), so "six per cent" is one percentage and "105 of 270 cases"
   one count; a parenthesised restatement ("over three-quarters (76%)") is a separate row, as
   the text states two proportions (it inherits the ``of`` of the phrase it restates).
5. **Validation** of each core on its context (``most likely``, ``the third week``, ``half an
   hour``, ``page 3 of 10`` ... are not proportions), then the value range, the hedge, the
   ``of`` noun phrase (a heuristic: no tagger) and the role: ``threshold`` for targets,
   cut-offs, confidence levels and rating bands; ``other`` for shares of budgets, changes
   ("a 10% increase") and footnote background; ``finding`` otherwise.

``numerator``/``denominator`` are filled for counts and ratios only. ``confidence`` starts
from the form (percent 0.95, count/ratio 0.9, word fraction 0.85, vague 0.5-0.6) and drops
0.05 per hedge and 0.1 for a footnote. Only a few helper regexes (digits, the prefilter, the
OCR "l"/"I" repair) are used; everything else is token logic.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from reportmine.chars import CharMap
from reportmine.extract.base import Extractor, Row, provenance, register
from reportmine.extract.vague import (
    ABOVE,
    BELOW,
    BETWEEN,
    HEDGE_DELTAS,
    HEDGES,
    NUMERIC_ONLY_HEDGES,
    POSTFIX_HEDGES,
    TO_ONE,
    TO_ZERO,
    VAGUE,
    WELL_ABOVE,
    WELL_BELOW,
    WIDE_ABOVE,
)
from reportmine.model import Report

if TYPE_CHECKING:  # spaCy is imported when the pipeline is first built, not at import time
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc, Span, Token

COLUMNS = (
    "expression",
    "form",
    "value_low",
    "value_high",
    "hedge",
    "of",
    "role",
    "numerator",
    "denominator",
    "sentence",
    "confidence",
)

FORMS = ("percent", "count_of_total", "ratio", "fraction_word", "vague")
ROLES = ("finding", "threshold", "other")

# Sections whose numbers are not prose proportions (their own extractors handle them).
SKIP_SECTION_KINDS = frozenset({"contents", "contextual_facts", "glossary"})

# --------------------------------------------------------------------------- number words

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
NUMBER_WORDS = {**UNITS, **TENS, "hundred": 100}
# Denominators of word fractions, singular and plural.
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
SINGULAR_FRACTIONS = [w for w in FRACTIONS if not w.endswith("s") and w != "half"]
PLURAL_FRACTIONS = [w for w in FRACTIONS if w.endswith("s") and w != "halves"]
ORDINALS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "last", "next", "final", "top", "bottom", "past", "previous",
}  # fmt: skip

_COUNT_DETS = {"the", "its", "their", "these", "those", "our", "all"}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


def number_value(tokens: list[Token] | Span) -> float | None:
    """Value of a number written in digits ("1,000", "6.89") or words ("twenty-five")."""
    words = [t.lower_ for t in tokens if t.text not in {"-", "‑", "–"}]
    if len(words) == 1 and _DIGITS.match(words[0]):
        return float(words[0].replace(",", ""))
    total = 0.0
    for word in words:
        if word in ("a", "and"):
            continue
        if word not in NUMBER_WORDS:
            return None
        value = NUMBER_WORDS[word]
        total = total * 100 if value == 100 and total else total + value
    return total if words else None


# --------------------------------------------------------------------------- nlp (cached)

# Length-preserving fixes applied to the string spaCy sees (offsets stay report offsets).
_LINEBREAK = CharMap({"\n": " ", "\t": " ", "•": " ", "‑": "-", "‐": "-", "–": "-", "—": "-"})
# OCR reads "l" as "I" inside words ("AImost"); only the copy spaCy sees is repaired.
# (Written "I" first: a pattern that starts with a literal is scanned for it at C speed.)
_OCR_I = re.compile(r"I(?=[a-z])(?<=[A-Za-z]I)")
# Characters that are not ASCII but that spaCy's LIKE_NUM may count as digits ("²").
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_DIGIT_RUN = re.compile(r"\d+")
_LETTER_RUN = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class _Pipeline:
    nlp: Any
    core_needs: dict[str, tuple[tuple[tuple[frozenset[int], int, int], ...], ...]]  # as ids
    key_words: frozenset[int]  # every word id of _CORE_NEEDS
    core_matchers: dict[frozenset[str], Matcher]  # one per set of core labels, made on demand
    fractions: PhraseMatcher
    vague: PhraseMatcher
    hedges: PhraseMatcher
    postfix: PhraseMatcher
    number_words: frozenset[str]  # the words spaCy's LIKE_NUM accepts (lower case)
    phrase_word: re.Pattern[str]  # a word of every fraction and vague phrase, lower-cased


# One number token: digits or a number word. LIKE_NUM is a fast lexical flag (set-membership
# predicates are slow in the Matcher); it also accepts ordinals and "1/2", which
# number_value() then rejects. "twenty-five" is joined by _compound_number().
_NUM: dict[str, Any] = {"LIKE_NUM": True}
_PCT_SIGNS: list[list[dict[str, Any]]] = [
    [{"ORTH": "%"}],
    [{"LOWER": "per"}, {"LOWER": "cent"}],
    [{"LOWER": "percent"}],
]


@dataclass(frozen=True)
class _Near:
    """One of ``words`` (LOWER) with a number at most ``before`` tokens before it and one
    at most ``after`` tokens after it (0: no number needed on that side)."""

    words: tuple[str, ...]
    before: int = 0
    after: int = 0


_NUMBER_THEN_SIGN = _Near(("%", "percent", "per"), before=1)  # "62%", "62 per cent"
# What each core pattern (see _core_patterns) needs around its key words: a label is
# possible when, for one of its alternatives, every _Near holds somewhere in the paragraph.
# The Matcher makes a Python object per token and its cost grows with its patterns, while
# most paragraphs with two numbers and an "of" hold no count, so each paragraph is matched
# against the labels it could hold, if any.
_CORE_NEEDS: dict[str, tuple[tuple[_Near, ...], ...]] = {
    "PERCENT": ((_NUMBER_THEN_SIGN,),),
    "PERCENT_RANGE": (
        (_Near(("-",), before=3, after=1), _NUMBER_THEN_SIGN),  # "50-64%", "50% - 64%"
        (_Near(("between",), after=1), _NUMBER_THEN_SIGN),
    ),
    "COUNT": ((_Near(("of",), before=3, after=2),),),  # "105 of 270", "79 cases out of 212"
    "RATIO": ((_Near(("in",), before=1, after=1),),),  # "one in five"
    "COUNT_REV": ((_Near(("of",), after=2), _Near((",",), after=1)),),  # "Of the 57 ..., 55"
}


def fraction_phrases() -> list[str]:
    """Every spelling of a word fraction the PhraseMatcher looks for."""
    phrases = ["half"]
    for word in [*SINGULAR_FRACTIONS, "half"]:
        for det in ("a", "an", "one", "one-", "the remaining"):
            phrases.append(f"{det}{'' if det.endswith('-') else ' '}{word}")
    for word in PLURAL_FRACTIONS:
        for n, value in UNITS.items():
            if 1 < value < FRACTIONS[word]:
                phrases += [f"{n} {word}", f"{n}-{word}"]
    return phrases


def _core_patterns() -> dict[str, list[list[dict[str, Any]]]]:
    """Matcher patterns of the value cores, by label."""
    dets = {"LOWER": {"IN": sorted(_COUNT_DETS)}, "OP": "?"}
    patterns: dict[str, list[list[dict[str, Any]]]] = {
        "PERCENT": [],
        "PERCENT_RANGE": [],
        "FRACTION": [],  # filled by the PhraseMatcher (see pipeline())
        "COUNT": [
            # "105 of 270", "34 of the 81", "79 cases out of 212", "six out of ten"
            [_NUM, {"IS_ALPHA": True, "LOWER": {"NOT_IN": ["out", "of"]}, "OP": "?"},
             {"LOWER": "out", "OP": "?"}, {"LOWER": "of"}, dets, _NUM],
        ],
        "RATIO": [[_NUM, {"LOWER": "in"}, _NUM]],  # "one in five"
        "COUNT_REV": [
            # "Of the 57 cases we reviewed, 55 had ..." (the total first, then the count)
            [{"LOWER": "of"}, {"LOWER": {"IN": sorted(_COUNT_DETS)}}, _NUM,
             {"IS_PUNCT": False, "OP": "*"}, {"ORTH": ","}, _NUM],
        ],
    }  # fmt: skip
    for sign in _PCT_SIGNS:
        patterns["PERCENT"].append([_NUM, *sign])
        for first_sign in ([], sign):
            patterns["PERCENT_RANGE"] += [
                # "50-64%", "65 per cent - 79 per cent", "between 65 per cent and 79 per cent"
                [_NUM, *first_sign, {"ORTH": "-"}, _NUM, *sign],
                [{"LOWER": "between"}, _NUM, *first_sign, {"LOWER": {"IN": ["and", "to"]}},
                 _NUM, *sign],
            ]  # fmt: skip
    return patterns


@cache
def pipeline() -> _Pipeline:
    """The spaCy objects, built once per process."""
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    prefixes = [*(nlp.Defaults.prefixes or ()), "≥", "≤", "~"]
    tokenizer: Any = nlp.tokenizer
    tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    strings = nlp.vocab.strings
    core_needs = {
        label: tuple(
            tuple((frozenset(map(strings.add, n.words)), n.before, n.after) for n in alternative)
            for alternative in alternatives
        )
        for label, alternatives in _CORE_NEEDS.items()
    }
    needs = [need for alternatives in core_needs.values() for alt in alternatives for need in alt]
    key_words = frozenset().union(*(words for words, _before, _after in needs))
    fractions = PhraseMatcher(nlp.vocab, attr="LOWER")
    fractions.add("FRACTION", [nlp.make_doc(p) for p in fraction_phrases()])
    vague = PhraseMatcher(nlp.vocab, attr="LOWER")
    vague.add("VAGUE", [nlp.make_doc(p) for p in VAGUE])
    hedges = PhraseMatcher(nlp.vocab, attr="LOWER")
    hedges.add("HEDGE", [nlp.make_doc(p) for p in HEDGES])
    postfix = PhraseMatcher(nlp.vocab, attr="LOWER")
    postfix.add("POSTFIX", [nlp.make_doc(p) for p in POSTFIX_HEDGES])
    from spacy.lang.en.lex_attrs import _num_words, _ordinal_words

    number_words = frozenset({*_num_words, *_ordinal_words})
    # One word per phrase is enough to rule a phrase out: its longest ("almost" of "almost all")
    keys = {
        max(p.lower().replace("-", " ").split(), key=len) for p in [*fraction_phrases(), *VAGUE]
    }
    phrase_word = _any_of(keys)
    return _Pipeline(
        nlp, core_needs, key_words, {}, fractions, vague, hedges, postfix, number_words, phrase_word
    )


def _any_of(words: set[str]) -> re.Pattern[str]:
    """A pattern that finds any of ``words``, grouped by first letter ("m(?:ost|ajority)"):
    Python's regex engine tries an alternation's branches one by one at every position, so
    this finds the same words in two-thirds of the time of the flat alternation."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_first.setdefault(word[0], []).append(re.escape(word[1:]))
    return re.compile(
        "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in sorted(by_first.items()))
    )


def _core_matcher(pipe: _Pipeline, labels: frozenset[str]) -> Matcher:
    """A Matcher of the core patterns of ``labels`` (added in the same order as always)."""
    matcher = pipe.core_matchers.get(labels)
    if matcher is None:
        from spacy.matcher import Matcher

        matcher = Matcher(pipe.nlp.vocab)
        for label, patterns in _core_patterns().items():
            if label in labels and patterns:
                matcher.add(label, patterns)
        pipe.core_matchers[labels] = matcher
    return matcher


# --------------------------------------------------------------------------- which text


def _prose_blocks(report: Report) -> list[tuple[int, int, bool]]:
    """(start, end, is_footnote) of every prose block, in reading order."""
    heading_starts = {s.heading_start for s in report.sections}
    blocks = []
    for line in report.lines:
        if line.is_table_row or line.start in heading_starts:
            continue
        kinds = _section_kinds(report, line.start)
        if kinds & SKIP_SECTION_KINDS:
            continue
        text = report.text[line.start : line.end]
        if "inspection_results" in kinds and _is_results_line(text):
            continue
        blocks.append((line.start, line.end, bool(_FOOTNOTE.match(text))))
    return blocks


def _section_kinds(report: Report, offset: int) -> set[str]:
    """Kinds of every section containing ``offset`` (a sub-section inherits its parents)."""
    return {s.kind for s in report.sections if s.start <= offset < s.end}


_KQ_CODE = re.compile(r"\b\d\.\d+\.\d+\b|\?|Rating/%|%\s*yes", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^\d{1,3}\s+(?=[A-Z‘“\"'])(?!\d)")
_SENTENCE_END = re.compile(r"[.!?:;)\]”\"’']\s*$")


def _is_results_line(text: str) -> bool:
    """A key-question, rating or legend line of an inspection-results annex (not prose)."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    return bool(_KQ_CODE.search(text)) or len(words) < 10 or not _SENTENCE_END.search(text)


def _paragraphs(report: Report) -> list[tuple[int, int, bool]]:
    """Prose blocks, with blocks split by a surviving hard wrap joined again."""
    paragraphs: list[list[Any]] = []
    previous_end = -2
    for start, end, is_footnote in _prose_blocks(report):
        text = report.text[start:end]
        if (
            paragraphs
            and previous_end + 1 == start
            and not is_footnote
            and not paragraphs[-1][2]
            and text[:1].islower()
            and not _SENTENCE_END.search(report.text[paragraphs[-1][0] : previous_end])
        ):
            paragraphs[-1][1] = end
        else:
            paragraphs.append([start, end, is_footnote])
        previous_end = end
    return [(s, e, f) for s, e, f in paragraphs]


# --------------------------------------------------------------------------- extraction


@dataclass(slots=True)
class _Found:
    core: Span
    label: str
    form: str
    low: float
    high: float
    numerator: float | None = None
    denominator: float | None = None
    hedge: str | None = None
    start: int = 0  # token index of the whole expression (hedge included)
    end: int = 0
    confidence: float = 0.9
    role: str = "finding"
    of: str | None = None


def extract_proportions(report: Report) -> list[Row]:
    """Every proportion stated in the prose of ``report``, one row each."""
    pipe = pipeline()
    paragraphs = [p for p in _paragraphs(report) if _may_hold_value(report.text[p[0] : p[1]], pipe)]
    texts = (_spacy_text(report.text[s:e]) for s, e, _ in paragraphs)
    rows: list[Row] = []
    docs = pipe.nlp.tokenizer.pipe(texts)  # sentences are split only where a value is found
    for (start, _end, is_footnote), doc in zip(paragraphs, docs, strict=True):
        for found, sent in _find(doc, pipe):
            if is_footnote and found.role == "finding":
                found.role = "other"
                found.confidence -= 0.1
            rows.append(_row(report, start, doc, found, sent))
    return rows


def extract_from_text(text: str) -> list[dict[str, Any]]:
    """The proportions of a bare string (one paragraph or several, line breaks are soft).

    For tests and quick checks: same rules as :func:`extract_proportions` minus the
    report-level skipping; offsets are into ``text``.
    """
    pipe = pipeline()
    rows = []
    for block in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text):
        if not _may_hold_value(block.group(), pipe):
            continue
        doc = pipe.nlp.make_doc(_spacy_text(block.group()))
        for found, sent in _find(doc, pipe):
            rows.append(_fields(block.start(), text, doc, found, sent))
    return rows


def _spacy_text(text: str) -> str:
    return _OCR_I.sub("l", _LINEBREAK(text))


def _row(report: Report, offset: int, doc: Doc, found: _Found, sent: Span) -> Row:
    fields = _fields(offset, report.text, doc, found, sent)
    start = fields.pop("char_start")
    end = fields.pop("char_end")
    return {**provenance(report, start, end), **fields}


def _fields(offset: int, text: str, doc: Doc, found: _Found, sent: Span) -> dict[str, Any]:
    span = doc[found.start : found.end]
    start, end = offset + span.start_char, offset + span.end_char
    sent_start, sent_end = offset + sent.start_char, offset + sent.end_char
    return {
        "expression": text[start:end],
        "form": found.form,
        "value_low": round(found.low, 4),
        "value_high": round(found.high, 4),
        "hedge": found.hedge,
        "of": found.of,
        "role": found.role,
        "numerator": _int_or_float(found.numerator),
        "denominator": _int_or_float(found.denominator),
        "sentence": text[sent_start:sent_end].strip().lstrip("• ").strip(),
        "confidence": round(max(0.05, min(found.confidence, 1.0)), 2),
        "char_start": start,
        "char_end": end,
    }


def _int_or_float(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _may_hold_value(text: str, pipe: _Pipeline) -> bool:
    """Whether tokenising ``text`` could find a value: the conditions of :func:`_cores_possible`
    and of the phrase matchers, read off the string. Never False where they would hold:
    a LIKE_NUM token holds a digit or is a number word between non-word characters, and a
    phrase needs each of its words somewhere in the lower-cased text."""
    if _OCR_I.search(text):
        text = _spacy_text(text)  # "EIeven" is a number word only once repaired
    lower = text.lower()
    numbers = len(_DIGIT_RUN.findall(lower))
    if numbers >= 2 or pipe.phrase_word.search(lower):
        return True
    # a number word is a whole run of letters ("twenty-five" is two, "someone" none)
    words = pipe.number_words
    numbers += sum(1 for run in _LETTER_RUN.findall(lower) if run in words)
    if numbers >= 2 or (numbers == 1 and ("%" in lower or "cent" in lower)):
        return True
    # LIKE_NUM also counts digits outside \d, such as "²": rare enough to just tokenise
    return not lower.isascii() and any(c.isdigit() for c in _NON_ASCII.findall(lower))


def _possible_cores(doc: Doc, pipe: _Pipeline) -> frozenset[str]:
    """The core labels whose patterns could match ``doc`` (see _CORE_NEEDS)."""
    if not len(doc):
        return frozenset()
    attrs = doc.to_array(["LIKE_NUM", "LOWER"])
    if not attrs[:, 0].any():
        return frozenset()
    seen = [0, *itertools.accumulate(attrs[:, 0].tolist())]  # numbers before each token
    last = len(seen) - 1
    at: dict[int, list[int]] = {}
    for i, word in enumerate(attrs[:, 1].tolist()):
        if word in pipe.key_words:
            at.setdefault(word, []).append(i)

    def holds(words: frozenset[int], before: int, after: int) -> bool:
        return any(
            (not before or seen[i] > seen[max(i - before, 0)])
            and (not after or seen[min(i + 1 + after, last)] > seen[i + 1])
            for word in words
            for i in at.get(word, ())
        )

    return frozenset(
        label
        for label, alternatives in pipe.core_needs.items()
        if any(all(holds(*need) for need in alternative) for alternative in alternatives)
    )


def _find(doc: Doc, pipe: _Pipeline) -> list[tuple[_Found, Span]]:
    from spacy.tokens import Span
    from spacy.util import filter_spans

    labels = _possible_cores(doc, pipe)
    matches = _core_matcher(pipe, labels)(doc) if labels else []
    spans = [Span(doc, s, e, label=pipe.nlp.vocab.strings[m]) for m, s, e in matches]
    spans += [Span(doc, s, e, label="FRACTION") for _m, s, e in pipe.fractions(doc)]
    spans += [Span(doc, s, e, label="VAGUE") for _m, s, e in pipe.vague(doc)]
    spans = [_compound_number(sp) for sp in spans]
    cores = filter_spans(spans)
    if not cores:
        return []
    pipe.nlp.get_pipe("sentencizer")(doc)  # sentences only for paragraphs that hold a value
    hedge_by_end: dict[int, tuple[int, str]] = {}
    for _m, s, e in pipe.hedges(doc):
        phrase = doc[s:e].text.lower()
        if e not in hedge_by_end or s < hedge_by_end[e][0]:  # longest ("just over" > "over")
            hedge_by_end[e] = (s, phrase)
    postfix_by_start = {s: (e, doc[s:e].text.lower()) for _m, s, e in pipe.postfix(doc)}

    found: list[tuple[_Found, Span]] = []
    for core in sorted(cores, key=lambda sp: sp.start):
        item = _value(core)
        if item is None:
            continue
        item.start, item.end = core.start, core.end
        _attach_hedges(doc, item, hedge_by_end, postfix_by_start)
        sent = doc[core.start].sent
        item.of = _of_phrase(doc, item, sent)
        item.role = _role(doc, item, sent)
        if item.role == "threshold" and item.hedge and item.label != "PERCENT_RANGE":
            _threshold_value(item, band=_is_rating_band(sent))
        found.append((item, sent))
    _inherit_of(found)
    return found


# ----------------------------------------------------------------- values of the cores


def _compound_number(span: Span) -> Span:
    """Extend a core starting with a unit word back over its tens: "twenty-five per cent"."""
    doc, start = span.doc, span.start
    if span.label_ not in ("PERCENT", "PERCENT_RANGE") or span[0].lower_ not in UNITS:
        return span
    if start >= 1 and doc[start - 1].lower_ in TENS:
        return type(span)(doc, start - 1, span.end, label=span.label_)
    if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in TENS:
        return type(span)(doc, start - 2, span.end, label=span.label_)
    return span


def _value(core: Span) -> _Found | None:
    label = core.label_
    doc = core.doc
    if label == "PERCENT":
        return _percent(core)
    if label == "PERCENT_RANGE":
        nums = _numbers_in(core)
        if len(nums) == 1 and core[0].lower_ != "between":
            return _percent(core)  # "twenty-five per cent" looks like a "50-64%" range
        if len(nums) != 2 or not nums[0] <= nums[1] <= 100:
            return None
        hedge = "between" if core[0].lower_ == "between" else None
        return _Found(core, label, "percent", nums[0] / 100, nums[1] / 100, hedge=hedge,
                      confidence=0.9)  # fmt: skip
    if label in ("COUNT", "RATIO", "COUNT_REV"):
        return _count(core)
    if label == "FRACTION":
        return _fraction(core)
    if label == "VAGUE":
        if not _vague_ok(doc, core):
            return None
        low, high, hedge = VAGUE[core.text.lower()]
        conf = 0.5 if core[-1].lower_ in ("most", "few") else 0.6
        return _Found(core, label, "vague", low, high, hedge=hedge, confidence=conf)
    return None


def _numbers_in(span: Span) -> list[float]:
    """The numbers of a span, compound number words kept together."""
    values: list[float] = []
    group: list[Token] = []
    for token in [*span, None]:
        if token is not None and (
            _DIGITS.match(token.text)
            or token.lower_ in NUMBER_WORDS
            or (token.text == "-" and group and group[-1].lower_ in TENS)
        ):
            if group and _DIGITS.match(token.text):
                values.append(number_value(group) or 0.0)
                group = []
            group.append(token)
            continue
        if group:
            value = number_value(group)
            if value is not None:
                values.append(value)
            group = []
    return values


def _percent(core: Span) -> _Found | None:
    doc = core.doc
    value = _numbers_in(core)
    if len(value) != 1 or value[0] > 100:
        return None
    nxt = doc[core.end] if core.end < len(doc) else None
    if nxt is not None and nxt.lower_ in ("point", "points"):
        return None  # "five percentage points" is a difference, not a proportion
    if core.start > 0 and doc[core.start - 1].text in ("£", "$", "€"):
        return None
    pct = value[0] / 100
    conf = 0.95 if _DIGITS.match(core[0].text) else 0.9
    return _Found(core, "PERCENT", "percent", pct, pct, confidence=conf)


_COUNT_BLOCKERS = {
    "page", "pages", "paragraph", "para", "paras", "recommendation", "recommendations",
    "standard", "standards", "annex", "appendix", "chapter", "section", "figure", "table",
    "level", "step", "stage", "phase", "wave", "version", "question", "domain", "outcome",
    "aged", "age", "year", "years", "tier", "score", "scale", "item", "items", "point",
    *ORDINALS,
}  # fmt: skip
_TIME_NOUNS = {
    "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
    "term", "century", "decade", "minute", "minutes", "time", "times", "hearing",
}  # fmt: skip


def _count(core: Span) -> _Found | None:
    doc = core.doc
    nums = _numbers_in(core)
    if len(nums) != 2 and not (core.label_ == "COUNT_REV" and len(nums) > 2):
        return None
    numerator, denominator = nums
    if core.label_ == "COUNT_REV":
        numerator, denominator = nums[-1], nums[0]
        sent = core[0].sent
        opening = [t for t in doc[sent.start : core.start] if not (t.is_space or t.is_punct)]
        if len(core) > 16 or opening:
            return None  # only a sentence-opening "Of the 57 cases ..., 55"
    if not (0 <= numerator <= denominator and 2 <= denominator <= 100_000):
        return None
    if not numerator.is_integer() or not denominator.is_integer():
        return None
    if 1900 <= denominator <= 2100 and _DIGITS.match(core[-1].text):
        return None  # "four in 2017"
    prev = doc[core.start - 1].lower_ if core.start > 0 else ""
    if prev in _COUNT_BLOCKERS:
        return None
    nxt = doc[core.end] if core.end < len(doc) else None
    if nxt is not None and (nxt.text in ("%", "-") or nxt.lower_ in ("per", "percent")):
        return None  # the last number is itself a percentage: "Of the 57 cases, 55%"
    words = [t.lower_ for t in core]
    if core.label_ == "COUNT_REV":
        form = "count_of_total"
    elif core.label_ == "RATIO":
        if nxt is not None and nxt.lower_ in _TIME_NOUNS:
            return None
        form = "ratio"
    else:
        has_det = any(w in ("the", "its", "their", "these", "those", "our", "all") for w in words)
        small = denominator <= 10 or denominator == 100
        form = "ratio" if "out" in words and not has_det and small else "count_of_total"
    value = numerator / denominator
    return _Found(core, core.label_, form, value, value, numerator, denominator, confidence=0.9)


def _fraction(core: Span) -> _Found | None:
    doc = core.doc
    words = [t.lower_ for t in core if t.text != "-"]
    denominator = FRACTIONS[words[-1]]
    numerator = float(UNITS[words[0]]) if words[0] in UNITS else 1.0
    if numerator >= denominator:
        return None
    prev = doc[core.start - 1] if core.start > 0 else None
    nxt = doc[core.end] if core.end < len(doc) else None
    nxt2 = doc[core.end + 1] if core.end + 1 < len(doc) else None
    if prev is not None and prev.lower_ in ORDINALS | {"and"} and words[0] != "the":
        return None  # "the first half", "one and a half"
    if nxt is not None:
        if nxt.text == "-" or nxt.lower_ in _TIME_NOUNS or nxt.lower_ in _FRACTION_NOUN_BLOCKERS:
            return None  # "half-day", "half an hour", "a third party"
        if nxt.lower_ in ("an", "a", "the") and nxt2 is not None and nxt2.lower_ in _TIME_NOUNS:
            return None  # "half an hour", "half the time"
        of_time = (
            nxt.lower_ == "of"
            and nxt2 is not None
            and (_DIGITS.match(nxt2.text) or nxt2.lower_ in ("their", "his", "her", "its", "my"))
            and _time_after(doc, core.end + 1)
        )
        if of_time:
            return None  # "half of 2018", "half of their sentence"
    if words[-1] == "half" and core.start > 0 and doc[core.start - 1].lower_ == "behalf":
        return None
    value = numerator / denominator
    # numerator/denominator stay empty: they are for counts and ratios of things
    return _Found(core, "FRACTION", "fraction_word", value, value, confidence=0.85)


_FRACTION_NOUN_BLOCKERS = {
    "party", "parties", "sector", "inspection", "report", "round", "tier", "wave",
    "generation", "place", "way", "sentence", "time", "term", "quarter", "share",
}  # fmt: skip


def _time_after(doc: Doc, i: int) -> bool:
    for token in doc[i : i + 3]:
        if _DIGITS.match(token.text) or token.lower_ in _TIME_NOUNS or token.lower_ == "sentence":
            return True
    return False


# Words after "most" that make it an adjective's superlative, not a quantity.
_SUPERLATIVE_PREV = {
    "the", "at", "was", "were", "is", "are", "be", "been", "being", "am", "seem", "seems",
    "seemed", "became", "falls", "fall", "fell", "proving", "proved", "prove", "remain",
    "remained", "remains", "appear", "appeared", "appears", "those", "who", "what", "which",
    "feel", "felt", "fourth", "third", "second",
}  # fmt: skip
_ADJ_SUFFIX = ("ly", "ant", "ent", "ive", "ous", "ble", "ical", "ful", "est", "ic", "ing")
_ADJECTIVES = {
    "important", "significant", "common", "appropriate", "critical", "complex", "vulnerable",
    "able", "concerning", "prevalent", "persistent", "recent", "needed", "difficult",
    "comprehensive", "serious", "effective", "relevant", "useful", "likely", "notable",
    "striking", "positive", "negative", "successful", "urgent", "pressing", "high", "low",
    "cause", "favourable", "suitable", "at", "advanced", "experienced", "senior",
}  # fmt: skip


def _vague_ok(doc: Doc, core: Span) -> bool:
    phrase = core.text.lower()
    prev = doc[core.start - 1] if core.start > 0 else None
    nxt = doc[core.end] if core.end < len(doc) else None
    nxt_low = nxt.lower_ if nxt is not None else ""
    if phrase == "most":
        if prev is not None and prev.lower_ in _SUPERLATIVE_PREV:
            return False
        if nxt is None or nxt_low == "of":
            return True
        if nxt_low in _ADJECTIVES or (
            nxt.is_alpha and nxt_low.endswith(_ADJ_SUFFIX) and not nxt_low.endswith("s")
        ):
            # "most likely" is not a quantity, but "most responsible officers" is
            after = doc[core.end + 1] if core.end + 1 < len(doc) else None
            plural_noun = (
                after is not None
                and after.is_alpha
                and after.lower_.endswith("s")
                and not after.lower_.endswith(("ly", "ss", "us"))
            )
            return plural_noun and not nxt_low.endswith("ly") and nxt_low not in _ADJECTIVES
        return not (nxt.is_alpha and nxt_low in ("than", "to", "out"))
    if phrase.endswith("few"):
        if nxt_low in _TIME_NOUNS:
            return False
        if prev is not None and prev.lower_ in ORDINALS | {"the", "these", "those", "quite"}:
            return False
        if phrase == "few":
            # Bare "few" only as a quantifier: sentence-initial or "few of".
            return core[0].is_sent_start or nxt_low == "of"
        return True
    if phrase.endswith("minority"):
        return nxt_low not in ("ethnic", "ethnicity", "group", "groups", "communities", "status")
    return True


# ----------------------------------------------------------------- hedges and values


def _attach_hedges(
    doc: Doc,
    item: _Found,
    hedge_by_end: dict[int, tuple[int, str]],
    postfix_by_start: dict[int, tuple[int, str]],
) -> None:
    # Vague quantifiers carry their own hedge in the table ("almost all"); a range already
    # has its "between".
    if item.label in ("VAGUE", "PERCENT_RANGE", "COUNT_REV"):
        return
    if item.start in hedge_by_end:
        s, phrase = hedge_by_end[item.start]
        kind = HEDGES[phrase]
        numeric = item.label in ("PERCENT", "COUNT", "RATIO")
        if kind != BETWEEN and (numeric or phrase not in NUMERIC_ONLY_HEDGES):
            item.start, item.hedge = s, phrase
            item.low, item.high = _hedged(item.low, phrase, kind)
            item.confidence -= 0.05
    if item.end in postfix_by_start:
        e, phrase = postfix_by_start[item.end]
        kind = POSTFIX_HEDGES[phrase]
        item.end = e
        item.hedge = f"{item.hedge} {phrase}" if item.hedge else phrase
        if kind == TO_ONE:
            item.high = 1.0
        elif kind == TO_ZERO:
            item.low = 0.0
        item.confidence -= 0.05


def _hedged(value: float, phrase: str, kind: str) -> tuple[float, float]:
    if (phrase, round(value, 4)) in WIDE_ABOVE:
        lo, hi = WIDE_ABOVE[(phrase, round(value, 4))]
    else:
        lo, hi = HEDGE_DELTAS[kind]
    return max(0.0, value + lo), min(1.0, value + hi)


def _threshold_value(item: _Found, band: bool) -> None:
    """A cut-off with a comparison word keeps its point value ("RSR score greater than
    6.89%"); in a rating-band sentence ("if less than 50 per cent are sufficient ... rated
    'Inadequate'") the comparison opens the band to 0 or 1 instead."""
    if item.hedge is None or any(p in item.hedge for p in POSTFIX_HEDGES):
        return
    kind = HEDGES.get(item.hedge)
    if kind not in HEDGE_DELTAS:
        return
    nums = _numbers_in(item.core)
    if item.label == "PERCENT" and nums:
        value = nums[0] / 100
    elif item.numerator is not None and item.denominator:
        value = item.numerator / item.denominator
    else:
        return
    item.low = item.high = value
    if band and kind in (ABOVE, WELL_ABOVE):
        item.high = 1.0
    elif band and kind in (BELOW, WELL_BELOW):
        item.low = 0.0


# ----------------------------------------------------------------- role


_THRESHOLD_CUES = {
    "target", "targets", "threshold", "thresholds", "confidence", "cut-off", "cutoff",
    "benchmark", "benchmarks", "trigger", "band", "bands", "banding", "criterion",
    "criteria", "kpi",
}  # fmt: skip
_RATING_WORDS = {"rating", "ratings", "rate", "rated", "outstanding", "inadequate"}
_CONDITIONAL = {"if", "to", "unless"}
_OTHER_CUES = {
    "budget", "budgets", "funding", "funded", "spend", "spending", "cost", "costs", "£",
    "salary", "salaries", "pay", "vat", "interest", "fee", "fees", "income",
}  # fmt: skip
_CHANGE_WORDS = {"increase", "increased", "rise", "rose", "reduction", "reduced", "fall",
                 "fell", "decrease", "decreased", "cut", "cuts", "growth", "drop"}  # fmt: skip


_COMPARATIVES = {"more", "less", "fewer", "higher", "lower", "greater", "bigger", "smaller"}


def _role(doc: Doc, item: _Found, sent: Span) -> str:
    window = [t.lower_ for t in doc[max(sent.start, item.start - 8) : item.start]]
    after = [t.lower_ for t in doc[item.end : min(sent.end, item.end + 3)]]
    words = {t.lower_ for t in sent}
    if _THRESHOLD_CUES & set(window) or ("margin" in words and "error" in words):
        return "threshold"
    if item.hedge and HEDGES.get(item.hedge) in (ABOVE, WELL_ABOVE, BELOW) and window:
        before = [w for w in window if w not in ("is", "was", "of")]
        if before and before[-1] in ("score", "scores", "scored", "rate", "level"):
            return "threshold"  # "RSR score greater than 6.89%", "a score over 6.89%"
    if _is_rating_band(sent):
        return "threshold"  # "If between 65 and 79 per cent are sufficient, rated 'Good'"
    if item.hedge and any(p in item.hedge for p in POSTFIX_HEDGES) and _RATING_WORDS & words:
        return "threshold"
    of_words = set(item.of.lower().split()) if item.of else set()
    if _OTHER_CUES & (set(window) | of_words):
        return "other"  # a share of a budget, not of cases or people
    if item.form == "percent" and _is_change(window, after):
        return "other"
    return "finding"


def _is_rating_band(sent: Span) -> bool:
    """A sentence defining what share of cases earns a rating (a band, not a finding)."""
    words = {t.lower_ for t in sent}
    first = next((t.lower_ for t in sent if not (t.is_space or t.is_punct)), "")
    if not words & _RATING_WORDS:
        return False
    return first in _CONDITIONAL or "if" in words or "to score" in sent.text.lower()


def _is_change(window: list[str], after: list[str]) -> bool:
    """A percentage that measures a change ("an increase of 10%", "a 5% reduction")."""
    if after and (after[0] in _CHANGE_WORDS or after[0] in _COMPARATIVES):
        return True
    if len(window) >= 2 and window[-1] == "of" and window[-2] in _CHANGE_WORDS:
        return True
    return bool(window) and window[-1] == "by" and any(w in _CHANGE_WORDS for w in window)


# ----------------------------------------------------------------- what it is "of"


# Words that end a noun phrase: auxiliaries, reporting verbs, conjunctions, some irregular
# past tenses (a tagger would know these; a blank pipeline has none).
_NP_STOP = {
    "was", "were", "is", "are", "be", "been", "had", "has", "have", "did", "do", "does",
    "could", "would", "should", "will", "can", "cannot", "may", "might", "must", "shall",
    "said", "say", "says", "told", "thought", "felt", "feel", "feels", "reported", "report",
    "stated", "believed", "agreed", "indicated", "showed", "received", "lacked", "failed",
    "included", "contained", "gave", "made", "not", "also", "still", "then", "when", "as",
    "because", "since", "despite", "but", "although", "though", "while", "whereas", "so",
    "if", "than", "compared", "with", "there", "and", "or", "to", "for", "by", "remain",
    "remained", "considered", "got", "get", "achieved", "only", "already", "now", "being",
    "more", "less", "fewer", "after", "before", "set", "took", "met", "found", "led", "kept",
    "began", "saw", "knew", "understood", "held", "went", "came", "spent", "brought",
    "sought", "built", "meant", "became", "appeared", "seemed", "appear", "seem",
}  # fmt: skip
# Words that end a phrase once it has begun (a determiner after a noun starts a new one).
_NP_STOP_AFTER_NOUN = {
    "the", "a", "an", "this", "these", "it", "its", "their", "his", "her", "there", "no",
    "any", "such", "each", "every",
}  # fmt: skip
# After "-ed", these show the "-ed" word was a finite verb: "plans focused sufficiently".
_PREDICATE_STARTS = {
    "the", "a", "an", "its", "their", "these", "those", "our", "all", "well", "out", "up",
    "that", "them", "his", "her", "no", "any", "some", "more", "less",
}  # fmt: skip
# A pronoun after the phrase starts the main clause, not a relative one, with these verbs.
_MAIN_CLAUSE_VERBS = {
    "found", "judged", "thought", "noted", "believed", "felt", "considered", "concluded",
    "observed", "were", "was", "had", "could", "would", "did", "also", "saw", "agreed",
    "identified", "recognised", "welcomed", "expected", "should", "are", "have",
}  # fmt: skip
_LY_ADJECTIVES = {
    "daily", "weekly", "monthly", "yearly", "quarterly", "early", "elderly", "family",
    "friendly", "likely", "only", "lonely", "costly", "timely", "orderly",
}  # fmt: skip
_CLAUSE_BREAK = {
    "this", "it", "then", "but", "although", "though", "because", "while", "whereas", "so",
    "if", "when", "however",
}  # fmt: skip
_AUX_OR_REPORTING = {
    "was", "were", "had", "has", "have", "is", "are", "did", "could", "would", "should",
    "said", "told", "reported", "thought", "felt", "stated", "received", "lacked", "failed",
}  # fmt: skip
_DETERMINERS = {"the", "a", "an", "its", "their", "these", "those", "our", "all"}
_RELATIVE = {"where", "who", "whom", "whose", "which", "that"}
_PRONOUN_SUBJECTS = {"we", "they", "inspectors", "i", "you", "he", "she"}
_NP_PREPS = {"of", "in", "within", "at", "from", "across", "on", "during", "under", "into"}
_PUNCT_STOP = {",", ";", ":", ".", "(", ")", "-", "–", "—", "?", "!", '"', "“", "”", "[", "]"}
_PARTICLES = {"at", "on", "in", "to", "with", "for", "up", "out"}
_MAX_NP = 22


def _of_phrase(doc: Doc, item: _Found, sent: Span) -> str | None:
    """What the proportion is of, as the sentence says it (None when it does not)."""
    i = item.end
    # skip a parenthesised restatement: "over half (57%) of cases"
    if i < sent.end and doc[i].text == "(":
        close = next((j for j in range(i, min(sent.end, i + 8)) if doc[j].text == ")"), None)
        if close is not None:
            i = close + 1
    if item.label == "COUNT_REV":  # "Of the 57 cases we reviewed, 55"
        comma = max(t.i for t in item.core if t.text == ",")
        return doc[item.core.start + 1 : comma].text
    if item.label == "COUNT":
        # "34 of the 81 cases ...": the phrase starts at the determiner, if there is one
        of_idx = next(j for j in range(item.core.start, item.core.end) if doc[j].lower_ == "of")
        if doc[of_idx + 1].lower_ in _DETERMINERS:
            head = doc[of_idx + 1 : item.core.end].text
            rest = _noun_phrase(doc, i, sent.end)
            return f"{head} {rest}" if rest else head
    if item.label in ("COUNT", "RATIO"):
        if i < sent.end and doc[i].lower_ == "of":  # "one in five of eligible victims"
            i += 1
        return _noun_phrase(doc, i, sent.end) or _frame(doc, sent, item)
    if i < sent.end and doc[i].lower_ == "of":
        return _noun_phrase(doc, i + 1, sent.end) or _frame(doc, sent, item)
    # "most cases", "half the inspected cases", "almost all victims"
    if (
        item.form in ("vague", "fraction_word")
        and i < sent.end
        and (doc[i].lower_ == "the" or (doc[i].is_alpha and doc[i].lower_ not in _NP_STOP))
    ):
        phrase = _noun_phrase(doc, i, sent.end)
        if phrase and not phrase.split()[0].endswith(("ed", "ly")):
            return phrase
    return _frame(doc, sent, item)


def _frame(doc: Doc, sent: Span, item: _Found) -> str | None:
    """A sentence-opening "Of those staff who ..., one in four said" frame."""
    if len(sent) < 3 or sent[0].lower_ not in ("of", "among", "amongst"):
        return None
    comma = next((t.i for t in sent if t.text == "," and t.i < item.start), None)
    if comma is None:
        return None
    tokens = list(doc[sent.start + 1 : comma])
    if tokens and tokens[0].lower_ in ("those", "these") and len(tokens) > 1:
        tokens = tokens[1:]
    if not tokens or tokens[0].lower_ in ("these", "those", "them") or len(tokens) > _MAX_NP:
        return None
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _noun_phrase(doc: Doc, start: int, end: int) -> str | None:
    """The noun phrase starting at token ``start``: "cases", "the responsible officers we
    interviewed", "cases where domestic abuse concerns had been identified" ...

    Without a tagger this is a heuristic: the phrase runs to punctuation or to a word that
    starts a predicate (an auxiliary, a reporting verb, an adverb); a relative clause
    ("who ...", "where ...") or a "we inspected" clause is kept whole.
    """
    tokens: list[Token] = []
    mode = "np"  # "np" | "where" | "who" | "subject"
    in_clause = 0  # tokens taken since the clause began
    for i in range(start, min(end, start + 3 * _MAX_NP)):
        tok = doc[i]
        low = tok.lower_
        if tok.text in _PUNCT_STOP or tok.is_space or len(tokens) >= _MAX_NP:
            break
        if mode != "np" and low in _CLAUSE_BREAK and in_clause:
            break
        if mode == "np":
            if low in _RELATIVE and tokens:
                mode, in_clause = ("where" if low == "where" else "who"), -1
            elif low in _PRONOUN_SUBJECTS and tokens:
                verb = doc[i + 1].lower_ if i + 1 < end else ""
                if verb in _MAIN_CLAUSE_VERBS:
                    break  # "in one-third of cases we found little evidence"
                mode, in_clause = "subject", -1
            elif _np_ends(doc, tokens, i, end):
                break
        elif mode == "subject":  # "we interviewed", "we looked at", then maybe "where ..."
            if low in _RELATIVE and low != "that":
                mode, in_clause = ("where" if low == "where" else "who"), -1
            elif in_clause >= 1 and not (in_clause == 1 and low in _PARTICLES):
                break
        elif mode == "who" and in_clause >= 1 and low in _AUX_OR_REPORTING:
            break
        elif (
            mode == "who"
            and in_clause == 0
            and tokens[-1].lower_ == "that"
            and (low in _DETERMINERS | _PRONOUN_SUBJECTS | {"there", "it", "this"})
        ):
            break  # "we were told in most areas that the numbers ...": a "that" clause
        tokens.append(tok)
        in_clause += 1
    trailing = _RELATIVE | _DETERMINERS | {"and"}
    if mode != "subject":  # keep the particle of "the cases we looked at"
        trailing |= _NP_PREPS
    while tokens and tokens[-1].lower_ in trailing:
        tokens.pop()
    if not tokens:
        return None
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _np_ends(doc: Doc, tokens: list[Token], i: int, end: int) -> bool:
    """Does token ``i`` end a plain noun phrase made of ``tokens``?"""
    tok = doc[i]
    low = tok.lower_
    prev = tokens[-1].lower_ if tokens else ""
    if low == "and" and tokens:
        # "premises and offices" goes on; "cases and analysed these factors" does not
        ahead = [t.lower_ for t in doc[i + 1 : min(end, i + 3)]]
        return len(tokens) > 3 or not any(w.endswith("s") and not w.endswith("ed") for w in ahead)
    if tokens and low in _NP_STOP_AFTER_NOUN and prev not in _NP_PREPS:
        return True  # "in 30% of the sample the person's access ..."
    if low in _NP_STOP and not (low == "to" and prev.endswith("ed")):
        return True  # "reports provided to courts" keeps its "to"
    if tok.is_alpha and low.endswith("ly") and len(low) > 4 and low not in _LY_ADJECTIVES:
        return True
    if tokens and low.endswith("ed") and i + 1 < end:
        nxt = doc[i + 1]
        if (nxt.is_alpha and nxt.lower_.endswith("ly")) or nxt.lower_ in _PREDICATE_STARTS:
            return True  # "plans focused sufficiently", "proposals recommended an ..."
    # a second bare word after a plural head starts a clause: "in 96 of 238 cases checks had"
    return (
        prev.endswith("s")
        and not tokens[-1].is_upper
        and prev not in _DETERMINERS
        and tok.is_alpha
        and not low.endswith("ed")
        and low not in _NP_PREPS | _RELATIVE | _PRONOUN_SUBJECTS | {"or"}
    )


def _inherit_of(found: list[tuple[_Found, Span]]) -> None:
    """A parenthesised restatement ("over three-quarters of cases (76%)") is of the same thing."""
    for k, (item, sent) in enumerate(found):
        if item.of is not None or item.start == 0:
            continue
        doc = sent.doc
        if doc[item.start - 1].text != "(":
            continue
        for prev, prev_sent in reversed(found[:k]):
            if prev_sent.start == sent.start and prev.of:
                item.of = prev.of
                break


EXTRACTOR = register(Extractor("proportions", COLUMNS, extract_proportions))
