"""Put back the line breaks a converter threw away.

Some conversions (copy-paste from a viewer, a CMS export, a flattening OCR pass) lose every
newline, so a whole report arrives as one line. The section splitter and the extractors read
blocks, so before anything else the text is cut again at the cues a report's own structure
leaves in it: bullets, numbered headings and items, key-question codes, the titles of the
standard parts (from the section-kind lexicon), "X should:" lead-ins and stand-alone ratings.
Only text whose lines are implausibly long for a report is touched.
"""

from __future__ import annotations

import re

from reportmine.sections.kinds import lexicon

# Average characters per line above which a text is taken to have lost its newlines.
MAX_AVERAGE_LINE = 1500
_RATING = r"(?:Outstanding|Good|Inadequate|Requires improvement)"
_BEFORE = [
    re.compile(r"[ \t]+(?=[•●▪«»] )"),
    # OCR's bullets: a lone "e" (or "o" after a colon or full stop) before a lower-case word
    re.compile(r"[ \t]+(?=e [a-z‘“'\"(])"),
    re.compile(r"(?<=[:;.])[ \t]+(?=o [a-z‘“'\"(])"),
    re.compile(r"(?<=[.:;!?])[ \t]+(?=- )"),
    re.compile(r"[ \t]+(?=#{1,6} )"),
    re.compile(r"[ \t]*(?<!-)---+[ \t]*"),
    re.compile(r"(?=<(?:p|li|ul|ol|h[1-6]|tr|table|hr)\b)", re.IGNORECASE),
    re.compile(r"(?<=should:)[ \t]+"),
    re.compile(r"(?<=[.!?])[ \t]+(?=[A-Z][^.:\n]{2,120}?\bshould:)"),
    re.compile(r"[ \t]+(?=- [^\n]{0,80}?\bshould\b)"),
    re.compile(r"[ \t]+(?=(?:Key|Other) recommendations\b)"),
]
_AFTER_PARA_REFS = re.compile(
    r"(?P<refs>\((?:paras?|paragraphs?)?\s?\d{1,2}\.\d[\d.,; and]{0,60}\)\.?)[ \t]+"
)
_CONTENTS_ENTRY_END = re.compile(
    r"((?:\.{2,}\s*|\t)(?:<b>)?\d{1,3}(?:</b>)?)[ \t]+(?=(?:<b>)?[A-Z\d])"
)
_CONTENTS_ENTRY = re.compile(
    r"^(?:<b>)?(?P<title>[A-Z][^\t\n]{2,100}?)(?:</b>)?\s*(?:\.{2,}\s*|\t)(?:<b>)?\d{1,3}"
)
# "To ensure compliance with the sentence:" introduces a list; the short unpunctuated tail
# of the sentence before it (or before an "X should:" lead-in) is a heading.
_PURPOSE = re.compile(r"(?<=[.!?a-z])[ \t]+(?=To [a-z][^.:\n]{5,150}:)")
_HEADING_BEFORE_LIST = re.compile(
    r"(?<=[.!?])[ \t]+(?=[A-Z][^.!?:\n]{3,80}\n(?:To [a-z]|[A-Z][^\n]{0,150}should:))"
)
_STANDALONE_RATING = re.compile(r"(?<=[.!?:])[ \t]+(" + _RATING + r")[ \t]+(?=[A-Z\d])")
_NUMBERED = re.compile(
    r"(?P<prev>\S+)[ \t]+(?=(?:\*\*|<b>)?\d{1,2}(?:\.\d{1,2}){0,2}\.?[ \t]+(?:[A-Z‘“]|[a-z]{3,}))"
    r"(?!\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b)"
)
# Items of an unnumbered recommendation list start with an imperative verb.
_IMPERATIVE = re.compile(
    r"(?P<prev>\S+)[ \t]+(?=(?:ensure|improve|make sure|review|introduce|develop|provide|"
    r"consider|increase|reduce|strengthen|establish|maintain|implement|monitor|address|deliver|"
    r"prioritise|keep|accurately|set out|work with|agree)\b)"
)
_NOT_A_NEW_ITEM = re.compile(
    r"^(?:to|should|must|will|would|could|can|may|and|or|help|helps|not|also|further|then|"
    r"that|which|who|so|as|[^A-Za-z]*)$|,$",
    re.IGNORECASE,
)
_LEAD_IN_LIST = re.compile(r"(?<=should:\n)(?P<items>[^\n]+)")
# "Annex 3. Glossary", "para 1.31", "page 12. The" -- a number that belongs to its word.
_BOUND_TO_PREVIOUS = re.compile(
    r"^(?:annex|appendix|outcome|para|paras|paragraph|paragraphs|page|pages|chapter|section|"
    r"standard|domain|question|questions|and|of|to|in|from|by|than|over|under|around|about|"
    r"see|figure|table|level|tier|version|no\.?|number|[£$€]?\d[\d,.]*)$",
    re.IGNORECASE,
)
_AFTER_RATED_HEADING = re.compile(
    r"(?P<head>(?:^|\n)\d{1,2}\.\d{1,2}\.?\s+[A-Z][^\n]{2,60}?\s" + _RATING + r")[ \t]+(?=[A-Z])"
)


# A headline figure (bold or not) and a facts-page description; the window a facts page
# is looked for in after its title.
_FIGURE = r"(?:\*\*|<b>)?£?(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d+)?(?:%|04)|\d+\.\d+)(?:\*\*|</b>)?"
_STANDALONE_FIGURE = re.compile(
    r"(?<![a-z,])[ \t]+(?P<fig>" + _FIGURE + r")(?=\s+[^a-z,;.\s])[ \t]*"
)
_FACT_DESCRIPTION = re.compile(
    r"[ \t]+(?=(?:\*\*|<b>)?The\s+(?:total\s+)?(?:number|proportion|percentage|average|rate"
    r"|amount)\s+of\b)"
)
# a source cited under the figures: "Ministry of Justice. (2019). Offender management ..."
_FACT_SOURCE = re.compile(
    r"[ \t]+(?=(?:<sup>\d{1,2}</sup>\s*)?[A-Z][A-Za-z&’' -]{2,60}?\.?\s\(\d{4}\)\.)"
)
FACTS_WINDOW = 4000


def needs_resegmenting(text: str) -> bool:
    lines = text.count("\n") + 1
    return len(text) > 3000 and len(text) / lines > MAX_AVERAGE_LINE


def resegment(text: str) -> str:
    """Re-insert block boundaries in text that lost its newlines; other text is returned as is."""
    if not needs_resegmenting(text):
        return text
    for pattern in _BEFORE:
        text = pattern.sub("\n", text)
    text = _CONTENTS_ENTRY_END.sub(lambda m: m.group(1) + "\n", text)
    text = _AFTER_PARA_REFS.sub(lambda m: m.group("refs") + "\n", text)
    text = _STANDALONE_RATING.sub(lambda m: f"\n{m.group(1)}\n", text)
    text = _PURPOSE.sub("\n", text)
    text = _HEADING_BEFORE_LIST.sub("\n", text)
    text = _contents_title_breaks(text)
    text = _NUMBERED.sub(_break_before_number, text)
    text = _LEAD_IN_LIST.sub(lambda m: _IMPERATIVE.sub(_break_before_item, m.group("items")), text)
    text = _title_breaks(text)
    text = _AFTER_RATED_HEADING.sub(lambda m: m.group("head") + "\n", text)
    text = _facts_breaks(text)
    return _framework_heading_breaks(text)


def _facts_breaks(text: str) -> str:
    """On a contextual-facts page, each headline figure and each "The number of ..."
    description is a block of its own. A figure stands alone when no lower-case word or
    comma comes right before it ("target of 75%" is prose, "... Wales 4 106,369" is not)."""
    title = dict(lexicon().kinds).get("contextual_facts")
    if title is None:
        return text
    heading = re.compile(r"(?m)^(?:#{1,6} |\*\*|<b>)?(?:" + title.pattern + r")\W*$", re.I)
    for match in reversed(list(heading.finditer(text))):
        end = _block_end(text, match.end())
        region = _STANDALONE_FIGURE.sub(
            lambda m: "\n" + m.group("fig") + "\n", text[match.end() : end]
        )
        region = _FACT_SOURCE.sub("\n", _FACT_DESCRIPTION.sub("\n", region))
        text = text[: match.end()] + region + text[end:]
    return text


def _block_end(text: str, start: int) -> int:
    """Where the part starting at ``start`` ends: the next line that is a part title, at most
    FACTS_WINDOW characters on."""
    limit = min(len(text), start + FACTS_WINDOW)
    part_title = "|".join(_part_titles())
    titles = re.compile(
        r"(?m)^(?:#{1,6} |\*\*|<b>)?(?:\d{1,2}\.\s+[A-Z]|(?i:" + part_title + r")\W*$)"
    )
    following = titles.search(text, start + 1, limit)
    return following.start() if following else limit


def _framework_heading_breaks(text: str) -> str:
    """A numbered heading named as in the inspection framework ("1.1. Leadership") ends
    where its name ends, even when the paragraph after it was glued on."""
    from reportmine.extract.vocab import framework

    names = {**framework().domains, **framework().standards}
    for number, name in names.items():
        pattern = re.compile(
            r"(?m)^(?P<head>"
            + re.escape(number)
            + r"\.?\s+"
            + re.escape(name)
            + r"(?:[ \t_]+"
            + _RATING
            + r")?)[ \t]+(?=\S)(?![_\s]*(?:Requires|"
            + _RATING
            + r"))"
        )
        text = pattern.sub(lambda m: m.group("head") + "\n", text)
    return text


def _break_before_number(match: re.Match[str]) -> str:
    prev = match.group("prev")
    if _BOUND_TO_PREVIOUS.match(prev):
        return match.group(0)
    return prev + "\n"


def _break_before_item(match: re.Match[str]) -> str:
    prev = match.group("prev")
    if _NOT_A_NEW_ITEM.search(prev):
        return match.group(0)
    return prev + "\n"


def _contents_title_breaks(text: str) -> str:
    """The report's own contents page names its parts: cut the body before and after them."""
    head = text[: len(text) // 5]
    titles = {
        m.group("title").strip().rstrip(":")
        for line in head.split("\n")
        if (m := _CONTENTS_ENTRY.match(line.strip())) and len(m.group("title").split()) >= 2
    }
    for title in sorted(titles, key=len, reverse=True):
        pattern = re.compile(
            r"(?:(?<=[.!?:”’)\]])[ \t]+|(?<=\n))(?P<t>" + re.escape(title) + r")[ \t]+(?=[A-Z‘“])"
        )
        text = pattern.sub(lambda m: "\n" + m.group("t") + "\n", text)
    return text


def _part_titles() -> list[str]:
    """The section-kind lexicon's title patterns, each cut at its ".*" ("inspection
    results.*" would swallow the text after the title)."""
    return [p.pattern.replace(".*", "") for _, p in lexicon().kinds]


def _title_breaks(text: str) -> str:
    """A part title (Foreword, Recommendations, Annex 2: ...) becomes a line of its own."""
    title = re.compile(
        r"(?:(?<=[.!?”’)\]\d/])[ \t]+|(?<=\n))(?P<title>(?=[A-Z])(?i:"
        + "|".join(_part_titles())
        + r"))"
        r"(?P<colon>:?)[ \t]+(?=(?-i:[A-Z‘“]))",
    )
    text = title.sub(lambda m: f"\n{m.group('title')}{m.group('colon')}\n", text)
    annex = re.compile(r"[ \t]+(?=(?:Annex|Appendix)\s+(?:\d{1,2}|[IVX]{1,4})\s*[:.]\s*[A-Z])")
    text = annex.sub("\n", text)
    # its title is a capitalised word and lower-case words; the next capital starts the text
    annex_title = re.compile(
        r"(?m)^((?:Annex|Appendix)\s+\w+\s*[:.]\s*[A-Z][a-z]+(?:[ :,-]+[a-z][\w-]*)*)"
        r"[ \t]+(?=[A-Z])"
    )
    return annex_title.sub(lambda m: m.group(1) + "\n", text)
