"""Recommendations: number, addressee (organisation + role), text, priority, heading, para refs.

Handles the shapes reports use: ``The Ministry of Justice should:`` lead-ins followed by
numbered or unnumbered items (OCR may lose the numbers: the order is recovered and
``number_printed`` says so), self-contained ``N. X should ... (para 1.24, 1.26)`` items under
area headings and "Key/Other recommendations" sub-headings, and bullets under outcome
headings with the addressee given once in a preamble. Recommendations repeated at the end
of chapters are read once, from the report's main recommendations section.

Other inspectorates' shapes too: a "Responsible body | Areas for priority action" table (the
first column is the addressee), "Leaders ... should ..., to ensure that:" lead-in sentences
completed by bullets, and "Areas for improvement" written as addressed statements (counted
only then: elsewhere that heading introduces findings).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from reportmine.extract.base import Extractor, Row, provenance, register
from reportmine.model import Report, Section

COLUMNS = (
    "number",
    "number_printed",
    "addressee",
    "organisation",
    "role",
    "text",
    "para_refs",
    "priority",
    "heading",
    "stated_total",
    "confidence",
    "themes",
)

_LEAD_IN = re.compile(r"^(?P<who>[A-Z‘'\"].{2,150}?)\s+should(?:\s+also)?\s*:\s*$")
_NUMBERED = re.compile(r"^(?P<num>\d{1,2})[.)]\s*(?P<text>\S.*)$")
_BARE_NUMBER = re.compile(r"^(?P<num>\d{1,2})[.)]?$")
_BULLET = re.compile(r"^•\s*(?P<text>\S.*)$")
_PRIORITY = re.compile(r"^(?P<p>key|other|priority|further)\s+recommendations?:?$", re.IGNORECASE)
_PURPOSE = re.compile(r"^To\s.{5,200}:$")
_PARA_REFS = re.compile(
    r"\s*\((?:paras?\.?|paragraphs?)?\s*(?P<refs>\d{1,2}\.\d{1,3}(?:[\s,;&and]+\d{1,2}\.\d{1,3})*)\)\s*\.?\s*$",
    re.IGNORECASE,
)
_REF = re.compile(r"\d{1,2}\.\d{1,3}")
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z])")
_PREAMBLE_WHO = re.compile(
    r"(?:followed up by|addressed to|are for|directed at)\s+(?P<who>[^.;]+?)\s*(?:\.|;|$)",
    re.IGNORECASE,
)
_STATED_TOTAL = re.compile(
    r"\b(?:made|makes?|making)\s+(?P<n>\w+)\s+(?:key\s+)?recommendations\b", re.IGNORECASE
)
_NUMBER_WORDS = {
    word: i
    for i, word in enumerate(
        (
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
            *("seventeen", "eighteen", "nineteen", "twenty"),
        )
    )
}
ORGANISATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), name)
    for pattern, name in (
        (r"ministry of justice|\bmoj\b", "Ministry of Justice"),
        (r"national offender management service|\bnoms\b", "National Offender Management Service"),
        (
            r"(?:hm|her majesty[’']s) prison and probation service|\bhmpps\b",
            "HM Prison and Probation Service",
        ),
        (r"national probation service|\bnps\b", "National Probation Service"),
        (r"community rehabilitation compan(?:y|ies)|\bcrcs?\b", "Community Rehabilitation Company"),
        (r"probation trusts?", "Probation Trust"),
        (r"youth offending (?:team|service)s?|\byots?\b", "Youth Offending Team"),
        (r"local authorit(?:y|ies)|\bcouncils?\b", "Local authority"),
        (r"police(?: forces?)?", "Police"),
        (r"integrated care boards?|\bicbs?\b", "Integrated care board"),
        (r"(?:local (?:area )?)?partnerships?\b|\blocal area\b", "Local area partnership"),
    )
)
_ROLE_NOUN = re.compile(
    r"\b(managers?|staff|officers?|directors?|executives?|leaders?|practitioners?|"
    r"administrators?|workers?|teams?|holders?|chairs?|commissioners?)\b",
    re.IGNORECASE,
)
_ACTOR = re.compile(
    _ROLE_NOUN.pattern
    + r"|"
    + "|".join(p.pattern for p, _ in ORGANISATIONS)
    + r"|\b(division|service|companies|company|ministry|government|department|"
    r"partnership|inspectorate|board|authority)\b",
    re.IGNORECASE,
)
_PASSIVE_BY = re.compile(
    r"\bshould\s+be\s+\w+(?:\s+\w+)?\s+by\s+(?P<who>.+?)(?=\s+(?:in|when|where|at|for|within|to)\s|[,.;]|$)"
)


@dataclass
class _Item:
    number: int
    printed: bool
    text: str
    start: int
    end: int
    lead_in: str | None
    heading: str | None
    priority: str | None
    extra: list[str] = field(default_factory=list)
    # the lead-in sentence an item completes, when it says more than "X should:"
    stem: str | None = None
    # the "responsible body" cell of a table row: the addressee the report names for it
    responsible: str | None = None

    def goes_on(self, text: str, end: int) -> None:
        """``text`` (ending at ``end``) is more of this item."""
        self.extra.append(text)
        self.end = end


def extract_recommendations(report: Report) -> list[Row]:
    sections = _main_sections(report)
    items: list[_Item] = []
    stated_total: int | None = None
    for section in sections:
        found, total = _items(report, section, start_number=len(items) + 1)
        items += found
        stated_total = stated_total or total
    items = _dedupe(items)
    default_who = next((w for s in sections if (w := _preamble_addressee(report, s))), None)
    return [_row(report, item, default_who, stated_total) for item in items]


def _main_sections(report: Report) -> list[Section]:
    recs = [
        s
        for s in report.sections
        if s.kind == "recommendations"
        or (s.kind == "areas_for_improvement" and _addressed(report, s))
    ]
    top = [s for s in recs if s.level == 1]
    return top or [
        s for s in recs if not any(o.start <= s.start < o.end and o is not s for o in recs)
    ]


def _addressed(report: Report, section: Section) -> bool:
    """Whether a section's statements (bullets aside: they complete a lead-in) are mostly
    addressed to someone ("Leaders should ..."), as where an inspectorate lists its
    recommendations as "areas for improvement"; elsewhere areas for improvement are
    findings ("Caseloads are high")."""
    statements = [
        text
        for line in report.lines_between(section.heading_end, section.end)
        if len((text := report.line_text(line).strip()).split()) >= 8 and not _BULLET.match(text)
    ]
    addressed = sum(1 for text in statements if _own_addressee(_unnumbered(text)))
    return bool(statements) and addressed * 2 >= len(statements)


def _unnumbered(text: str) -> str:
    numbered = _NUMBERED.match(text)
    return numbered.group("text") if numbered else text


def _items(report: Report, section: Section, start_number: int) -> tuple[list[_Item], int | None]:
    subheadings = {
        s.heading_start for s in report.sections if section.start < s.heading_start < section.end
    }
    items: list[_Item] = []
    lead_in = heading = priority = stem = None
    pending_number: int | None = None
    stated_total = None
    for line in report.lines_between(section.heading_end, section.end):
        text = report.line_text(line).strip()
        if not text:
            continue
        if line.is_table_row:
            row = _table_item(text, start_number + len(items), line.start, line.end)
            if row is not None:
                row.heading, row.priority = heading, priority
                items.append(row)
            continue
        if stated_total is None:
            stated_total = _stated_total(text)
        lead = _LEAD_IN.match(text)
        if lead:
            lead_in, stem = lead.group("who"), None
            continue
        prio = _PRIORITY.match(text)
        if prio:
            priority = "key" if prio.group("p").lower() in {"key", "priority"} else "other"
            continue
        if _PURPOSE.match(text):
            continue
        bare = _BARE_NUMBER.match(text)
        if bare:
            pending_number = int(bare.group("num"))
            continue
        numbered = _NUMBERED.match(text)
        bullet = _BULLET.match(text)
        expected = start_number + len(items)
        if numbered and not _looks_like_heading(numbered.group("text")):
            number, printed = int(numbered.group("num")), True
            if number != expected and any(i.number == number for i in items):
                number, printed = expected, False  # a list number OCR (or layout) reset
            items.append(
                _Item(
                    number,
                    printed,
                    numbered.group("text"),
                    line.start,
                    line.end,
                    lead_in,
                    heading,
                    priority,
                )
            )
            pending_number = None
            continue
        if not bullet and lead_in and items and _continues_item(items[-1], text):
            # a wrapped line set apart as a block of its own ("... sentencer confidence in" /
            # "community sentences"): the previous item goes on
            items[-1].goes_on(text, line.end)
            continue
        if bullet or (lead_in and text[:1].islower()):
            body = bullet.group("text") if bullet else text
            printed = pending_number is not None and pending_number == expected
            items.append(
                _Item(
                    expected,
                    printed,
                    body,
                    line.start,
                    line.end,
                    lead_in,
                    heading,
                    priority,
                    stem=stem,
                )
            )
            pending_number = None
            continue
        who = _own_addressee(text) if text[:1].isupper() else None
        if who and text.endswith(":"):
            # "Leaders across the partnership should work at pace to ... This includes:": the
            # bullets that follow complete this sentence, so each item carries it. A
            # recommendation run into it ("X should A. X should B to ensure that:") is its own.
            sentences = _SENTENCE_BREAK.split(text)
            last_who = _own_addressee(sentences[-1]) if len(sentences) > 1 else None
            if last_who:
                before = " ".join(sentences[:-1])
                items.append(
                    _Item(expected, False, before, line.start, line.end, None, heading, priority)
                )
                text, who = sentences[-1], last_who
            lead_in, stem = who, text
            continue
        if (
            who
            and text.endswith(".")
            and (not items or items[-1].text.rstrip().endswith((".", ";")))
        ):
            # a self-contained "X should ..." paragraph, first or after a list, is an item
            items.append(
                _Item(expected, False, text, line.start, line.end, None, heading, priority)
            )
            lead_in = stem = None
            continue
        if line.start in subheadings or _looks_like_heading(text):
            heading, priority, lead_in, stem = text.rstrip(":"), None, None, None
            continue
        if items and items[-1].heading == heading and not _is_preamble(text):
            # text under a later heading (contact details, a note) is no item's continuation
            items[-1].goes_on(text, line.end)
    return items, stated_total


# Verbs a recommendation in a "X should:" list starts with; a lower-case line that starts
# otherwise, after an item that has not ended, is that item's wrapped line.
_ITEM_VERB = re.compile(
    r"(?:accurately|address|agree|analyse|assess|build|carry|check|clarify|commission|complete|"
    r"conduct|consider|continue|co-ordinate|coordinate|create|deliver|develop|embed|enable|"
    r"encourage|engage|ensure|establish|evaluate|explore|extend|give|identify|implement|improve|"
    r"increase|introduce|invest|keep|make|manage|maximise|monitor|plan|prioritise|promote|"
    r"provide|put|raise|record|reduce|reinforce|review|revise|seek|set|share|strengthen|support|"
    r"take|train|undertake|update|use|work|publish|reconsider|respond|confirm)\b"
)


def _continues_item(item: _Item, text: str) -> bool:
    last = (item.extra[-1] if item.extra else item.text).rstrip()
    return (
        text[:1].islower()
        and not last.endswith((".", ";", ":", "!", "?"))
        and not _ITEM_VERB.match(text)
    )


def _table_item(text: str, number: int, start: int, end: int) -> _Item | None:
    """A table row whose longest cell is an addressed recommendation ("Leaders should ..."),
    with the responsible body from its own cell when the table gives one."""
    cells = [c.strip() for c in text.split("\t") if c.strip()]
    statement = max(cells, key=len)
    if not _own_addressee(statement):
        return None
    others = [c for c in cells if c is not statement and not c.rstrip(".").isdigit()]
    printed = [int(c.rstrip(".")) for c in cells if c.rstrip(".").isdigit()]
    responsible = others[0].rstrip(".") if len(others) == 1 and _ACTOR.search(others[0]) else None
    number = printed[0] if printed else number
    return _Item(
        number, bool(printed), statement, start, end, None, None, None, responsible=responsible
    )


def _looks_like_heading(text: str) -> bool:
    return (
        len(text.split()) <= 14
        and not re.search(r"[.;,:]$", text)
        and text[:1].isupper()
        and " should " not in f" {text} "
    )


def _is_preamble(text: str) -> bool:
    return bool(re.search(r"\brecommendations?\b", text, re.IGNORECASE)) and len(text) > 60


def _stated_total(text: str) -> int | None:
    match = _STATED_TOTAL.search(text)
    if not match:
        return None
    word = match.group("n").lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def _preamble_addressee(report: Report, section: Section) -> str | None:
    for line in report.lines_between(section.heading_end, section.end)[:4]:
        match = _PREAMBLE_WHO.search(report.line_text(line))
        if match:
            return match.group("who").strip()
    return None


def _dedupe(items: list[_Item]) -> list[_Item]:
    kept: list[tuple[_Item, str]] = []
    for item in items:
        core = _core(item.text)
        duplicate = any(
            (item.printed and other.printed and item.number == other.number)
            or fuzz.ratio(core, other_core) >= 90
            for other, other_core in kept
        )
        if not duplicate:
            kept.append((item, core))
    return [item for item, _ in kept]


def _core(text: str) -> str:
    return re.sub(r"\W+", " ", _PARA_REFS.sub("", text)).lower().strip()


def _row(report: Report, item: _Item, default_who: str | None, stated_total: int | None) -> Row:
    text = " ".join([*([item.stem] if item.stem else []), item.text, *item.extra]).strip()
    refs_match = _PARA_REFS.search(text)
    refs = _REF.findall(refs_match.group("refs")) if refs_match else []
    if refs_match:
        text = text[: refs_match.start()].rstrip()
    who = item.responsible or _own_addressee(text) or item.lead_in or default_who
    organisation, role = split_addressee(who) if who else (None, None)
    confidence = 1.0 if item.printed else 0.85
    return {
        "number": item.number,
        "number_printed": item.printed,
        "addressee": who,
        "organisation": organisation,
        "role": role,
        "text": text,
        "para_refs": refs,
        "priority": item.priority,
        "heading": item.heading,
        "stated_total": stated_total,
        "confidence": confidence,
        "themes": None,  # filled by the theme tagger when a model is installed
        **provenance(report, item.start, item.end),
    }


def _own_addressee(text: str) -> str | None:
    """The actor a recommendation names itself: "X should ...", "X to ensure ...",
    or a passive "... should be completed by X"."""
    subject = re.split(r"\s+(?:should|must|to ensure|needs? to)\b", text, maxsplit=1)
    if len(subject) == 2:
        segments = [seg.strip() for seg in subject[0].split(",") if seg.strip()]
        actors = [seg for seg in segments if _ACTOR.search(seg) and _names_role_or_org(seg)]
        if actors and actors[0] == segments[0]:
            # "Leaders in education, health and social care should": a list that goes on
            # (not an aside: "Offender managers, where possible, should")
            tail = list(itertools.takewhile(lambda seg: seg[:1].islower(), segments[1:]))
            if tail and re.search(r"\b(?:and|or)\b", tail[-1]):
                return ", ".join([segments[0], *tail])
            return segments[0]
        if actors:
            return actors[-1]
    passive = _PASSIVE_BY.search(text)
    if passive and _ACTOR.search(passive.group("who")):
        return passive.group("who").strip()
    return None


def _names_role_or_org(segment: str) -> bool:
    return bool(_ROLE_NOUN.search(segment) or any(p.search(segment) for p, _ in ORGANISATIONS))


def split_addressee(who: str) -> tuple[str | None, str | None]:
    """Normalise an addressee to (organisation, role): "National Probation Service senior
    managers" -> ("National Probation Service", "senior managers")."""
    found: list[tuple[int, str]] = []
    remainder = who
    for pattern, name in ORGANISATIONS:
        for match in pattern.finditer(who):
            found.append((match.start(), name))
        remainder = pattern.sub(" ", remainder)
    names = list(dict.fromkeys(name for _, name in sorted(found)))
    joiner = " / " if re.search(r"\w/\w", who) else " and "
    organisation = joiner.join(names) or None
    role = None
    if _ROLE_NOUN.search(remainder):
        role = re.sub(r"\b(the|all|in|of|and|both)\b", " ", remainder, flags=re.IGNORECASE)
        role = re.sub(r"\s+", " ", role).strip(" ,’'") or None
    return organisation, role


EXTRACTOR = register(Extractor("recommendations", COLUMNS, extract_recommendations))
