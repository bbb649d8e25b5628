"""Split a normalised report into a tree of canonical sections.

Three sources of evidence, strongest first:

1. the report's own contents page, aligned in order with the body (rapidfuzz copes with
   OCR-damaged headings); the contents page itself is never mistaken for the body;
2. numbering and wording: ``1. Organisational delivery``, ``2.3 Implementation and delivery
   Good``, ``Annex 2: Inspection results``, ``Outcome 4: ...``, and the title lexicon of
   ``config/sections.yaml`` (foreword, recommendations, glossary, ...);
3. markup: markdown/HTML heading levels, whole-line bold, a larger PDF font.

When a numbered heading occurs twice in the same part of a report (the summary-of-ratings
table repeats ``1. Organisational delivery``), the occurrence that owns more text wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from reportmine.model import Report, Section
from reportmine.sections.contents import Contents, find_contents
from reportmine.sections.kinds import BACK_MATTER_KINDS, lexicon

_RATING_SUFFIX = re.compile(
    r"\s*(?:[_|)]\s*)?\b(Outstanding|Good|Requires\s+i(?:m|rn)provement|Requires|Inadequate"
    r"|OUTSTANDING|GOOD|REQUIRES\s+IMPROVEMENT|REQUIRES|INADEQUATE)\s*$"
)
_NUMBERED = re.compile(
    r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,2})\.?(?:\s+|(?=[A-Z]))(?P<title>[A-Z‘“'\"(][^\t]*)$"
)
_ANNEX = re.compile(
    r"^(?P<word>Annex|Appendix|Annexe)\s+(?P<id>\d{1,2}|[IVXLC]{1,5}|[A-H])\b\s*[:.\-–]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
_OUTCOME = re.compile(r"^Outcome\s+(?P<id>\d{1,2})\s*:\s*(?P<title>.+)$", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\d{1,2}$")
_SENTENCE_END = re.compile(r"[.;,]$")
_QUESTION = re.compile(
    r"^(Is|Are|Does|Do|Did|Has|Have|How|To what extent|Was|Were|Can)\b.{10,240}\?$"
)
_TRAILING_JOINER = re.compile(r"\b(and|of|the|for|to|in|with|on|by|or)$", re.IGNORECASE)
MAX_TITLE_WORDS = 16
MAX_HEADING_CHARS = 140
MARKED_TITLE_WORDS = 25  # a heading set in bold or a larger font may be a long question


@dataclass(slots=True)
class Candidate:
    index: int  # first line of the heading
    last: int  # last line the heading occupies
    number: str | None
    title: str
    kind: str
    level: int
    rating: str | None = None
    strength: int = 1  # 3 = confirmed by the contents page, 2 = markup, 1 = wording
    structural: bool = False  # numbered domain/chapter/standard


def split_sections(report: Report) -> list[Section]:
    texts = [report.text[line.start : line.end] for line in report.lines]
    contents = find_contents(texts)
    framework = lexicon().is_standards_framework(report.text)
    candidates = _candidates(report, texts, contents, framework)
    if not framework and any(c.rating for c in candidates.values()):
        # standards printed with their ratings: a standards framework, whatever the wording
        framework = True
        candidates = _candidates(report, texts, contents, framework)
    if contents:
        _align_contents(texts, contents, candidates, framework)
    ordered = _resolve(sorted(candidates.values(), key=lambda c: c.index), texts)
    return _build(report, ordered, contents)


# --------------------------------------------------------------------------- candidates


def _candidates(
    report: Report, texts: list[str], contents: Contents | None, framework: bool
) -> dict[int, Candidate]:
    skip = range(contents.first_line, contents.last_line + 1) if contents else range(0)
    found: dict[int, Candidate] = {}
    consumed: set[int] = set()
    for i in range(len(texts)):
        if i in skip or i in consumed:
            continue
        candidate = _classify(report, texts, i, framework)
        if candidate is None:
            continue
        if candidate.index < i:  # title taken from the line before ("Operating model" / "Annex 3")
            found.pop(candidate.index, None)
        found[candidate.index] = candidate
        consumed.update(range(i + 1, candidate.last + 1))
    return found


def _classify(report: Report, texts: list[str], i: int, framework: bool) -> Candidate | None:
    line = report.lines[i]
    text = texts[i].strip()
    if not text or len(text) > MAX_HEADING_CHARS * 2:
        return None
    if line.is_table_row:
        # A lone tab-separated line is a heading with its rating ("1.1. Leadership<TAB>Good");
        # a row among rows belongs to a table.
        neighbours = [report.lines[j] for j in (i - 1, i + 1) if 0 <= j < len(report.lines)]
        if any(n.is_table_row for n in neighbours):
            return None
        first, *rest = [c.strip() for c in text.split("\t")]
        if not all(_RATING_SUFFIX.fullmatch(" " + c) or not c for c in rest):
            return None
        text = f"{first} {' '.join(rest)}".strip()
    kinds = lexicon()

    annex = _ANNEX.match(text)
    if annex and _short_title(annex.group("title"), allow_empty=True):
        return _annex(texts, i, annex)

    outcome = _OUTCOME.match(text)
    if outcome and _short_title(outcome.group("title")):
        title = outcome.group("title").strip()
        return Candidate(
            i, i, f"Outcome {outcome.group('id')}", title, "outcome", 1, structural=True
        )

    numbered = _NUMBERED.match(text)
    if numbered and numbered.group("number").count(".") < 2:
        # In a PDF, a heading is set apart by its font; a plain numbered line is an address,
        # a list item or a footnote.
        if report.format == "pdf" and not (line.bold or line.heading_level):
            return None
        return _numbered(texts, i, numbered, framework)

    if _BARE_NUMBER.match(text):
        return _divider(texts, i, framework)

    if len(text) > MAX_HEADING_CHARS:
        return None
    kind = kinds.kind_of(text)
    if kind and len(text) < 80:
        return Candidate(i, i, None, text.rstrip(":").strip(), kind, 1, strength=1)
    if _QUESTION.match(text) and not text.startswith("•"):
        return Candidate(i, i, None, text, "key_question", 3)
    marked = line.heading_level or line.bold
    if (
        marked
        and _short_title(text, max_words=MARKED_TITLE_WORDS)
        and not text.startswith("•")
        and re.search(r"[A-Za-z]{3}", text)
    ):
        return Candidate(
            i, i, None, text.rstrip(":"), kinds.kind_of(text) or "other", 2, strength=2
        )
    return None


def _short_title(title: str, allow_empty: bool = False, max_words: int = MAX_TITLE_WORDS) -> bool:
    title = title.strip()
    if not title:
        return allow_empty
    if len(title) > MAX_HEADING_CHARS or _SENTENCE_END.search(title):
        return False
    return len(title.split()) <= max_words and " should " not in f" {title} "


def _numbered(texts: list[str], i: int, match: re.Match[str], framework: bool) -> Candidate | None:
    number = match.group("number").rstrip(".")
    title = match.group("title").strip()
    last = i
    rating = None
    suffix = _RATING_SUFFIX.search(title)
    if suffix and suffix.start() > 0:
        rating = _rating_word(suffix.group(1))
        title = title[: suffix.start()].strip()
        if rating == "Requires":
            nxt = _next_nonblank(texts, i)
            if nxt is not None and re.match(r"i(?:m|rn)provement", texts[nxt].strip(), re.I):
                last = nxt
            rating = "Requires improvement"
    title, last = _continue_title(texts, title, last)
    title = title.rstrip(" _|)").strip()
    if not _short_title(title):
        return None
    depth = number.count(".") + 1
    if depth == 1:
        kind = "domain" if framework else "chapter"
    else:
        kind = "standard" if framework else "section"
    return Candidate(i, last, number, title, kind, depth, rating=rating, structural=True)


def _rating_word(word: str) -> str:
    word = re.sub(r"\s+", " ", word).lower()  # labels are often in capitals: "GOOD"
    return "Requires improvement" if word.startswith("requires i") else word.capitalize()


def _continue_title(texts: list[str], title: str, last: int) -> tuple[str, int]:
    """A heading wrapped onto a second line ("domains two and" / "three")."""
    if _TRAILING_JOINER.search(title):
        nxt = _next_nonblank(texts, last)
        if nxt is not None and nxt - last <= 2:
            following = texts[nxt].strip()
            if following and len(following) < 40 and following[:1].islower():
                return f"{title} {following}", nxt
    return title, last


def _annex(texts: list[str], i: int, match: re.Match[str]) -> Candidate:
    word = match.group("word").capitalize()
    word = "Annex" if word == "Annexe" else word
    ident = match.group("id")
    number = f"{word} {ident.upper() if not ident.isdigit() else ident}"
    title = match.group("title").strip()
    index, last = i, i
    if not title:
        kinds = lexicon()
        prev, nxt = _prev_nonblank(texts, i), _next_nonblank(texts, i)
        options = [(j, texts[j].strip()) for j in (nxt, prev) if j is not None and abs(j - i) <= 3]
        options = [(j, t) for j, t in options if _short_title(t) and not _ANNEX.match(t)]
        known = [(j, t) for j, t in options if kinds.kind_of(t)]
        if known or options:
            j, title = (known or options)[0]
            index, last = min(i, j), max(i, j)
    else:
        title, last = _continue_title(texts, title, last)
    kind = lexicon().kind_of(title) or word.lower()
    if kind not in BACK_MATTER_KINDS:
        kind = word.lower()
    return Candidate(index, last, number, title, kind, 1, structural=True)


def _divider(texts: list[str], i: int, framework: bool) -> Candidate | None:
    """A chapter divider page: a title, the bare chapter number, then the title again."""
    prev, nxt = _prev_nonblank(texts, i), _next_nonblank(texts, i)
    if prev is None or nxt is None:
        return None
    before = texts[prev].strip()
    after = re.sub(r"^\d{1,2}\.?\s+", "", texts[nxt].strip())
    if not _short_title(before) or fuzz.ratio(before.lower(), after.lower()) < 90:
        return None
    kind = "domain" if framework else "chapter"
    return Candidate(prev, nxt, texts[i].strip(), before, kind, 1, structural=True)


def _next_nonblank(texts: list[str], i: int) -> int | None:
    return next((j for j in range(i + 1, min(len(texts), i + 6)) if texts[j].strip()), None)


def _prev_nonblank(texts: list[str], i: int) -> int | None:
    return next((j for j in range(i - 1, max(-1, i - 6), -1) if texts[j].strip()), None)


# --------------------------------------------------------------------------- contents


def _normal(title: str) -> str:
    return re.sub(r"[^a-z ]+", "", title.lower().replace("-", " ")).strip()


def _align_contents(
    texts: list[str], contents: Contents, found: dict[int, Candidate], framework: bool
) -> None:
    """Find each contents entry in the body, in order, and confirm the heading there."""
    cursor = contents.last_line + 1
    for entry in contents.entries:
        target = _normal(entry.title)
        if len(target) < 3:
            continue
        for j in range(cursor, len(texts)):
            text = texts[j].strip()
            if not text or len(text) > len(entry.title) * 2 + 30:
                continue
            body = _RATING_SUFFIX.sub("", text)
            body = re.sub(
                r"^(?:(?:annex|appendix|outcome)\s+\w+\s*[:.\-–]?|\d{1,2}(?:\.\d{1,2})*\.?)\s*",
                "",
                body,
                flags=re.IGNORECASE,
            )
            if fuzz.ratio(_normal(body), target) < 88:
                continue
            existing = found.get(j)
            number = entry.number or (existing.number if existing else None)
            if existing is None:
                kind = _kind_for(entry.number, entry.title, entry.level, framework)
                existing = Candidate(j, j, number, body.strip().rstrip(":"), kind, entry.level)
            else:
                existing = replace(existing, number=number)
                if entry.number and entry.number[0].isdigit() and not existing.structural:
                    existing.kind = _kind_for(entry.number, entry.title, entry.level, framework)
                    existing.structural = True
            existing.level = entry.level if not existing.structural else existing.level
            existing.strength = 3
            found[j] = existing
            cursor = existing.last + 1
            break


def _kind_for(number: str | None, title: str, level: int, framework: bool) -> str:
    kinds = lexicon()
    if number and number[0].isdigit():
        if number.count(".") == 0:
            return "domain" if framework else "chapter"
        return "standard" if framework else "section"
    if number and number.startswith("Outcome"):
        return "outcome"
    if number and number.split()[0] in {"Annex", "Appendix"}:
        kind = kinds.kind_of(title)
        return kind if kind in BACK_MATTER_KINDS else number.split()[0].lower()
    return kinds.kind_of(title) or "other"


# --------------------------------------------------------------------------- resolve


def _resolve(candidates: list[Candidate], texts: list[str]) -> list[Candidate]:
    """Put every candidate in context, drop duplicates, and fix levels."""
    container: dict[int, str | None] = {}
    current: str | None = None
    for c in candidates:
        if c.number and not c.number[0].isdigit():
            current = c.number  # Outcome N, Annex N, Appendix N
        elif c.kind in BACK_MATTER_KINDS and c.strength < 3:
            current = c.kind
        elif c.strength == 3 and c.level == 1 and c.kind not in BACK_MATTER_KINDS:
            current = None
        container[c.index] = current

    # Numbered duplicates within one container: the contents page decides, else the one
    # that owns most text wins.
    best: dict[tuple[str | None, str], Candidate] = {}
    confirmed: set[int] = set()
    owned = _owned_text(candidates, texts)
    for c in candidates:
        if not (c.structural and c.number):
            continue
        if c.strength == 3:
            confirmed.add(id(c))
        number = c.number or ""
        key = (None if not number[:1].isdigit() else container[c.index], c.number)
        rival = best.get(key)
        if rival is None or (c.strength, owned[c.index]) > (rival.strength, owned[rival.index]):
            best[key] = c
    keep = {id(c) for c in best.values()} | confirmed
    for key, c in best.items():
        if c.strength < 3 and any(
            (None if not o.number[0].isdigit() else container[o.index], o.number) == key
            for o in candidates
            if id(o) in confirmed and o.number
        ):
            keep.discard(id(c))
    body_titles = {c.number: _normal(c.title) for c in best.values() if container[c.index] is None}
    for c in list(best.values()):
        if (c.number or "")[:1].isdigit() and container[c.index] is not None and c.strength < 2:
            known = body_titles.get(c.number)
            if known is None:
                unknown_ok = str(container[c.index]).startswith("Outcome")
            else:
                unknown_ok = fuzz.partial_ratio(known, _normal(c.title)) >= 70
            if not unknown_ok:
                keep.discard(id(c))

    resolved: list[Candidate] = []
    top: Candidate | None = None  # the open level-1 part
    anchor = 0  # level of the innermost open structural (or top-level) section
    seen_parts: set[str] = set()
    previous: Candidate | None = None
    last_major: dict[str | None, int] = {}
    for c in candidates:
        if c.structural and c.number and id(c) not in keep:
            continue
        if not _in_sequence(c, top, last_major.get(container[c.index])):
            continue
        if (
            previous
            and c.number == previous.number
            and _normal(c.title) == _normal(previous.title)
            and c.index - previous.last <= 4
        ):
            continue  # the same heading printed twice (a divider page, then the chapter)
        level = c.level
        in_container = top is not None and top.kind in {
            "outcome",
            "annex",
            "appendix",
            *BACK_MATTER_KINDS,
        }
        if c.structural and c.number and c.number[0].isdigit():
            if in_container and top is not None and (c.strength < 3 or top.kind == "outcome"):
                level = c.level + 1
                if top.kind != "outcome":
                    c.kind = "other"
                else:
                    c.kind = "chapter" if c.level == 1 else "section"
        elif c.strength == 3:
            level = c.level
        elif c.number or c.kind == "glossary":
            level = 1
        elif c.kind in BACK_MATTER_KINDS:
            appendix = top if top is not None and not (top.number or "0")[0].isdigit() else None
            level = min(anchor + 1, 4) if appendix and appendix.kind != "outcome" else 1
        elif c.kind in {"strengths", "areas_for_improvement", "key_question"} or c.strength == 2:
            if c.kind == "key_question" and not (top and top.kind == "domain" and anchor >= 2):
                continue
            level = min(anchor + 1, 4) if anchor else 1
        elif (top is not None and (top.structural or top.kind in BACK_MATTER_KINDS)) or (
            c.kind in seen_parts and top is not None
        ):
            level = min(anchor + 1, 4)
        else:
            level = 1
        c.level = max(1, level)
        if c.number and c.number.isdigit():
            last_major[container[c.index]] = int(c.number)
        if c.level == 1:
            top = c
            seen_parts.add(c.kind)
        minor = {"other", "key_question", "strengths", "areas_for_improvement"}
        if c.level == 1 or c.structural or c.strength == 3 or c.kind not in minor:
            anchor = c.level
        resolved.append(c)
        previous = c
    return resolved


def _in_sequence(c: Candidate, top: Candidate | None, last_major: int | None) -> bool:
    """Numbers run in order: a '6' out of nowhere is a footnote, not a chapter."""
    if c.strength == 3 or not (c.structural and c.number and c.number[0].isdigit()):
        return True
    major = int(c.number.split(".")[0])
    if "." not in c.number:
        return major <= (last_major or 0) + 2 and (last_major is not None or major <= 2)
    if top is None:
        return False
    if top.number is None or not top.number[0].isdigit():
        return True
    # its own domain, or a later one whose heading conversion lost
    return top.number == str(major) or (top.kind == "domain" and major > int(top.number))


def _owned_text(candidates: list[Candidate], texts: list[str]) -> dict[int, int]:
    owned: dict[int, int] = {}
    for a, b in zip(candidates, [*candidates[1:], None], strict=False):
        stop = b.index if b else len(texts)
        owned[a.index] = sum(len(t) for t in texts[a.last + 1 : stop])
    return owned


# --------------------------------------------------------------------------- build


def _build(report: Report, candidates: list[Candidate], contents: Contents | None) -> list[Section]:
    lines = report.lines
    text_end = len(report.text)
    heads: list[Candidate] = list(candidates)
    if contents:
        heads.append(
            Candidate(
                contents.first_line,
                contents.first_line,
                None,
                "Contents",
                "contents",
                1,
                strength=3,
            )
        )
        heads.sort(key=lambda c: c.index)
    if lines and (not heads or heads[0].index > 0):
        first_end = lines[heads[0].index].start if heads else text_end
        if report.text[:first_end].strip():
            heads.insert(0, Candidate(-1, -1, None, "Front matter", "front_matter", 1))

    sections: list[Section] = []
    stack: list[Section] = []
    for n, c in enumerate(heads):
        start = 0 if c.index < 0 else lines[c.index].start
        heading_end = start if c.index < 0 else lines[c.last].end
        end = text_end
        for later in heads[n + 1 :]:
            if later.level <= c.level:
                end = lines[later.index].start
                break
        end = max(end, heading_end)
        while stack and stack[-1].level >= c.level:
            stack.pop()
        parent = stack[-1] if stack else None
        section = Section(
            id=f"{report.id}/s{n + 1:03d}",
            report_id=report.id,
            number=c.number,
            title=re.sub(r"\s+", " ", c.title).strip(),
            kind=c.kind,
            level=c.level,
            parent_id=parent.id if parent else None,
            start=start,
            end=_trim_end(report.text, start, end),
            heading_start=start,
            heading_end=heading_end,
            page_start=report.page_at(start),
            page_end=report.page_at(max(start, end - 1)),
            rating=c.rating,
        )
        sections.append(section)
        stack.append(section)
    return sections


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in "\n ":
        end -= 1
    return end
