"""HTML reader: report pages saved from the web, parsed with selectolax (lexbor).

Headings ``h1``–``h4`` become heading hints, tables become tab-separated rows (and
:class:`Table` objects), and navigation, cookie banners, "Back to top" links and licence
blocks are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reportmine.ingest.normalise import BULLET, RawLine, footnote_sentinel, plain

_DROP_TAGS = (
    "script, style, noscript, template, nav, header, footer, aside, form, button, svg, iframe"
)
_BOILERPLATE_ATTR = re.compile(
    r"cookie|consent|banner|skip|breadcrumb|navigation|nav-|menu|share|feedback|licen[cs]e|"
    r"footer|header|sidebar|related|back-to-top",
    re.IGNORECASE,
)
_BOILERPLATE_TEXT = re.compile(
    r"^\(?\s*(skip to (main )?content|back to top|print this page|share this page|"
    r"accept (all|additional) cookies|reject (all|additional) cookies|view cookies|"
    r"cookies on .*|is this page useful\??|report a problem with this page)\s*\)?$",
    re.IGNORECASE,
)
_LICENCE_TEXT = re.compile(
    r"open government licen[cs]e|© crown copyright|all content is available under", re.I
)
_BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "caption",
    "figcaption",
}


@dataclass(slots=True)
class HtmlContent:
    lines: list[RawLine]
    tables: list[list[list[str]]]
    title: str


def read_html(data: str) -> HtmlContent:
    tree = LexborHTMLParser(data)
    title_node = tree.css_first("title")
    title = _text(title_node) if title_node else ""
    for node in tree.css(_DROP_TAGS):
        node.decompose()
    for node in tree.css("[class], [id], [role]"):
        attrs = " ".join(str(v) for k, v in node.attributes.items() if k in {"class", "id", "role"})
        if _BOILERPLATE_ATTR.search(attrs) and not node.css_first("h1, h2, table"):
            node.decompose()
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    lines: list[RawLine] = []
    tables: list[list[list[str]]] = []
    if root is not None:
        _walk(root, lines, tables)
    lines = [line for line in lines if not _BOILERPLATE_TEXT.match(line.text.strip())]
    lines = _drop_licence_blocks(lines)
    return HtmlContent(lines, tables, title)


def _walk(node: LexborNode, lines: list[RawLine], tables: list[list[list[str]]]) -> None:
    for child in node.iter(include_text=False):
        tag = child.tag
        if tag == "table":
            rows = _table_rows(child)
            if rows:
                tables.append([[plain(cell).strip() for cell in row] for row in rows])
                lines.extend(RawLine("\t".join(r), is_table_row=True) for r in rows)
            continue
        if not _has_block_child(child):
            text = _inline_text(child)
            if not text:
                continue
            level = int(tag[1]) if tag in {"h1", "h2", "h3", "h4"} else None
            if tag == "li":
                text = f"{BULLET} {text}"
            lines.append(RawLine(text, heading_level=level, keep=level is not None))
            continue
        _walk(child, lines, tables)


def _has_block_child(node: LexborNode) -> bool:
    return any(
        child.tag in _BLOCKS or child.tag in {"ul", "ol", "table", "div"}
        for child in node.iter(include_text=False)
    )


def _inline_text(node: LexborNode) -> str:
    for sup in node.css("sup"):
        label = _text(sup)
        sup.replace_with(footnote_sentinel(label, f"<sup>{label}</sup>") if label else "")
    return _text(node)


def _text(node: LexborNode) -> str:
    return re.sub(r"\s+", " ", node.text(separator=" ") or "").strip()


def _table_rows(table: LexborNode) -> list[list[str]]:
    rows = []
    for tr in table.css("tr"):
        cells = [_inline_text(cell) for cell in tr.css("th, td")]
        if any(cells):
            rows.append(cells)
    return rows


def _drop_licence_blocks(lines: list[RawLine]) -> list[RawLine]:
    """Drop the Crown-copyright/OGL paragraph a saved page carries, wherever it sits."""
    return [
        line
        for line in lines
        if not (_LICENCE_TEXT.search(line.text) and len(line.text) < 600 and not line.heading_level)
    ]
