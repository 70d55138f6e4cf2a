"""Read an HTML page into lines: lxml parses (nothing is ever fetched), one Line per block, chrome marked with a reason.

The reader decodes the bytes itself (cleaner.decoding: BOM, a usable declared charset, detection) and hands
lxml UTF-8 bytes with the encoding fixed, so no `<meta charset>` or XML declaration can mislead the parser.
`cleaner.htmlwalk` cuts the tree into blocks (iteratively, so nesting depth costs no stack) and names the
chrome candidates; `cleaner.htmlmain` settles the reasons and finds the main content. When libxml2 stops at
one of its limits (it then returns an empty or truncated document and says so only in its error log) or
keeps far less text than the page shows, the page is parsed again with the tags nested past MAX_DEPTH removed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from lxml import etree

from .decoding import decode
from .htmlmain import layout, linked_title
from .htmlwalk import HEADINGS, Walk, outer_articles
from .model import CleanerError, Line, match_key

# Every reason the HTML reader can give a line; the pipeline registers them beside the text filters.
HTML_REASONS: dict[str, str] = {
    "html-form": "Text inside a <form> (search boxes, comment and newsletter forms) that does not hold the article.",
    "html-nav": "Navigation: <nav>, <menu> and role=navigation blocks.",
    "html-header": "The page header (<header>, role=banner) outside the article.",
    "html-footer": "Page and article footers (<footer>, role=contentinfo): copyright, tags, 'Posted in'.",
    "html-aside": "Sidebars and asides (<aside>, role=complementary) that do not hold the article.",
    "html-boilerplate-class": "Blocks whose class or id names chrome: share, social, related, comments, sidebar, ad…",
    "html-hidden": "Text the page hides from readers: hidden, display:none, screen-reader or print-only text.",
    "html-caption": "Image and video captions (<figcaption>, caption classes); kept when html-caption is skipped.",
    "link-dense": "A block whose text is mostly link text: menus, tag clouds, lists of related stories.",
    "outside-article": "Text around the <article>s of a page that holds several of them: archive headings, pagination.",
    "off-main": "Text far from the page's main content block: teasers, widgets and footers without telling markup.",
}

# Text filters that guess from a dump what the markup tells better: not run on HTML input.
TEXT_FILTERS_REPLACED = frozenset({"outside-main", "comment-thread", "repeated-line"})
BYLINE_MAX_WORDS = 15
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]{0,1000}\[.{0,100000}?\]\s*>", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""", re.I)
_LIMIT_ERRORS = ("excessive depth", "resource limit", "huge input", "memory", "huge text")
LINK_DENSE = 0.7  # share of a block's letters inside links above which it is navigation
MAX_DEPTH = 512  # on pages libxml2 gives up on, tags nested deeper than this are removed
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
# Kept past the depth cap: the parser closes them when the next one opens, so they cannot nest.
_CLOSED_BY_SIBLING = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})
_TAG_TOKEN = re.compile(r"<(/?)([A-Za-z][^\s/<>]{0,64})[^<>]*>")



@dataclass
class HtmlPage:
    """What reading a page gives: its lines, the parsed tree (for metadata), and the reader's warnings."""

    lines: list[Line]
    root: Any = None
    warnings: list[str] = field(default_factory=list)
    containers: list[Any] = field(default_factory=list)  # the <article> elements; a line's container indexes it
    links: dict[int, tuple[tuple[int, int, str], ...]] = field(default_factory=dict)  # line number: link spans


_MARKUP_START = re.compile(r"<(!doctype|\?xml|!--|/?(html|head|body|meta|title|link|script|style|div|p|span|table"
                           r"|article|section|header|nav|main|h[1-6]|ul|ol|li|a|br|form|iframe|center|font|b|i)[\s>/])",
                           re.I)
_MARKUP_EARLY = re.compile(r"<(html|head|body|p|div|table|article|br|meta|title)[\s>/]", re.I)


def looks_like_html(data: str | bytes) -> bool:
    """True when a page is markup: it opens with a tag or doctype, or has <body>, <p> or <div> tags early."""
    head = data[:8192]
    if isinstance(head, bytes):
        for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
            if head.startswith(bom):
                head = head[len(bom):].decode(codec, errors="ignore").encode("utf-8")
        head = head.decode("latin-1")
    head = head.lstrip("\ufeff\u00ef\u00bb\u00bf \t\r\n\x00")
    return bool(_MARKUP_START.match(head) or _MARKUP_EARLY.search(head[:4096]))


def read_as_html(data: str | bytes, input_type: str = "auto") -> bool:
    """Whether a page is cleaned as HTML: asked for (`input_type` "html"), or told apart by content ("auto")."""
    return input_type == "html" or (input_type == "auto" and looks_like_html(data))


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes: an XML declaration or a <meta> charset."""
    head = data[:8192]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def page_bytes(data: str | bytes) -> bytes:
    """The page as UTF-8 for the parser: decoded by our own rules, control characters and lone surrogates gone,
    no DOCTYPE internal subset."""
    if isinstance(data, bytes):
        data = decode(data, declared_charset(data))
    # Only what would trouble the parser here; mojibake and invisible characters are repaired line by line.
    # UTF-8 never uses bytes below 0x80 inside a character, so the control characters go byte by byte.
    raw = data.encode("utf-8", "ignore").translate(None, _CONTROL_BYTES)
    # A DOCTYPE can only open the page: look for an internal subset (entity declarations) there, not all through it.
    start = raw.find(b"<!", 0, 4096)
    match = _DOCTYPE_SUBSET.match(raw, start) if start >= 0 else None
    return raw[:start] + b"<!DOCTYPE html>" + raw[match.end():] if match else raw


def parse(raw: bytes) -> tuple[Any, bool]:
    """libxml2's tree of the page (None if it has none), and whether libxml2 says it stopped at one of its limits."""
    if not raw.strip():
        return None, False
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True,
                              encoding="utf-8", recover=True)
    try:
        root = etree.fromstring(raw, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    limited = any(word in err.message.lower() for err in parser.error_log.filter_from_errors()
                  for word in _LIMIT_ERRORS)
    return root, limited


def _lost_text(walk: Walk, raw: bytes) -> bool:
    """True when the walk found far less text than the page shows: libxml2 gave up without a word."""
    if len(raw) < 4096 or walk.total * 20 > _characters(raw):
        return False
    words = _TAG_BYTES.sub(b" ", _without_code(raw[:2_000_000])).split()
    return len(words) > 200 and walk.total * 4 < _characters(b"".join(words))


def _characters(data: bytes) -> int:
    """The characters UTF-8 bytes hold: every byte but the continuation bytes of multi-byte characters."""
    return len(data) if data.isascii() else len(data.translate(None, _CONTINUATION_BYTES))


_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_TAG_BYTES = re.compile(rb"<[^<>]*>")


def _without_code(raw: bytes) -> bytes:
    """The page less its <script> and <style> elements, in one pass (an unclosed one runs to the end)."""
    parts, pos = [], 0
    while True:
        start = _CODE_OPEN.search(raw, pos)
        if start is None:
            parts.append(raw[pos:])
            return b"".join(parts)
        parts.append(raw[pos:start.start()])
        end = _CODE_CLOSE[start.group(1).lower()].search(raw, start.end())
        if end is None:
            return b"".join(parts)
        pos = raw.find(b">", end.end()) + 1 or len(raw)


_CODE_OPEN = re.compile(rb"<(script|style)", re.I)
_CODE_CLOSE = {b"script": re.compile(rb"</script", re.I), b"style": re.compile(rb"</style", re.I)}


def flatten(text: str, max_depth: int = MAX_DEPTH) -> str:
    """The page with the start and end tags nested deeper than `max_depth` removed, in one linear pass.

    Their text stays where it was, so libxml2 can read the page within its depth limit. Depth is counted
    the simple way (void elements aside, every start tag opens, every end tag closes), which overcounts
    tags the parser would close by itself: harmless, as this runs only on pages libxml2 already gave up on.
    """
    parts: list[str] = []
    depth, pos, dropped = 0, 0, 0
    for match in _TAG_TOKEN.finditer(text):
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID:
            continue
        if closing:
            if dropped:
                dropped -= 1
                parts.append(text[pos:match.start()])
                pos = match.end()
            elif depth:
                depth -= 1
        elif depth >= max_depth and name not in _CLOSED_BY_SIBLING:
            dropped += 1
            parts.append(text[pos:match.start()])
            pos = match.end()
        elif depth < max_depth:
            depth += 1
    parts.append(text[pos:])
    return "".join(parts)


def read_html(data: str | bytes, *, skip: Iterable[str] = (), favor: str = "balanced",
              links: bool = False) -> HtmlPage:
    """Read a page into numbered lines, each with its block tag, its <article> and, for chrome, a reason.

    `skip` turns reasons of HTML_REASONS off (their lines are kept). With `links`, the page's `links` maps
    the number of each line holding http(s) or relative links to their (start, end, href) spans of its text.
    Raises CleanerError for binary data.
    """
    raw = page_bytes(data)
    root, limited = parse(raw)
    warnings: list[str] = []
    walk = Walk(outer_articles(root), links) if root is not None and not limited else None
    if walk is not None:
        walk.run(root)
    if limited or (walk is not None and _lost_text(walk, raw)):
        warnings.append("the page is nested too deeply for libxml2; read again with the deepest tags removed")
        root, limited = parse(flatten(raw.decode("utf-8")).encode("utf-8"))
        if root is None or limited:
            raise CleanerError("nested too deeply for the HTML parser even with its depth capped; "
                               "read it as text with --input-type text")
        walk = Walk(outer_articles(root), links)
        walk.run(root)
    if walk is None:
        return HtmlPage([], None, warnings)
    skipped = set(skip)
    region = layout(walk, skipped)
    in_main = region if "off-main" not in skipped else None
    threshold = {"precision": 0.5, "recall": 0.85}.get(favor, LINK_DENSE)
    title = linked_title(walk.blocks, in_main, threshold)
    lines = []
    spans: dict[int, tuple[tuple[int, int, str], ...]] = {}
    for number, block in enumerate(walk.blocks, start=1):
        reason = block.node.reason
        if reason is None and "link-dense" not in skipped and block.link_chars > block.chars * threshold \
                and block is not title:
            reason = "link-dense"
        if reason is None and block.node.byline and "byline" not in skipped and block.node.tag not in HEADINGS \
                and len(block.text.split()) <= BYLINE_MAX_WORDS:
            reason = "byline"  # a heading or a long block is no byline, whatever its class says
        if reason is None and in_main is not None and not in_main[number - 1]:
            reason = "off-main"
        key = block.text.casefold() if block.plain else match_key(block.text)
        lines.append(Line(number, block.text, reason, key, block.tag or block.node.tag, block.node.container))
        if block.links:
            spans[number] = block.links
    return HtmlPage(lines, root, warnings, list(walk.articles), spans)
