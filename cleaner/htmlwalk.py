"""The walk: an lxml tree cut into blocks, one per line, each tied to the element (node) it belongs to.

A node is a block element, or an element whose tag, role, hiding or class and id names make it a candidate
for chrome (`candidate`, one of the reasons of `cleaner.html.HTML_REASONS`, or "byline"); `cleaner.htmlmain`
later decides which candidates really are chrome and where the main content lies. The walk is iterative
(`etree.iterwalk`), so nesting depth costs no stack, and it reads each distinct class list once per process.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .decoding import normalise
from .model import TABLE_MAX_COLUMNS

# Elements whose content never reaches the output: code, media, embedded documents, form controls.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "object", "embed", "applet",
    "canvas", "video", "audio", "map", "head", "title", "button", "select", "option", "optgroup", "textarea",
    "input", "datalist", "dialog", "link", "meta", "base", "param", "source", "track", "img", "picture",
})
# Elements that start a line of their own; everything else is inline and joins its block's line.
BLOCK_TAGS = frozenset({
    "html", "body", "address", "article", "aside", "blockquote", "center", "dd", "details", "dir", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "legend", "li", "main", "menu", "nav", "noframes", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption", "frameset", "listing", "plaintext",
    "xmp", "br",
})
# A block inside one of these keeps the outer tag for the writer: a <p> in an <li> is a list item.
_STICKY = frozenset({"li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "figcaption"})
_GENERIC = frozenset({"p", "div", "section", "article", "span", "center", "main", "figure", "details"})
_STRUCTURAL = {"nav": "html-nav", "menu": "html-nav", "header": "html-header", "footer": "html-footer",
               "aside": "html-aside", "form": "html-form", "figcaption": "html-caption"}
_ROLES = {"navigation": "html-nav", "menubar": "html-nav", "menu": "html-nav", "banner": "html-header",
          "contentinfo": "html-footer", "complementary": "html-aside", "search": "html-form",
          "dialog": "html-hidden", "alertdialog": "html-hidden"}
# Class and id words that name page chrome, matched as whole words of the class/id tokens.
_CHROME_WORDS = re.compile(
    r"(?<![a-z0-9])(share|shares|sharing|sharedaddy|social|socials|related|newsletter|subscribe|subscription"
    r"|cookie|cookies|consent|gdpr|comment|comments|commentlist|disqus|respond|sidebar|breadcrumb|breadcrumbs"
    r"|promo|promos|advert|adverts|advertisement|advertising|ad|ads|adsense|dfp|sponsored|widget|widgets|footer"
    r"|menu|nav|navbar|navigation|pagination|pager|toolbar|popup|modal|outbrain|taboola|masthead"
    r"|author-bio|tags|tagcloud|recommended|trending|most-popular|skip-link|slider|carousel"
    r"|metadata|postmetadata)(?![a-z0-9])")
_NEVER_MAIN_WORDS = re.compile(r"(?<![a-z0-9])(cookie|cookies|consent|gdpr|popup|modal|newsletter|subscribe"
                               r"|advert|adverts|advertisement|ads|sponsored|outbrain|taboola)(?![a-z0-9])")
# Whole class tokens that hide an element ("hidden-xs" only hides it on small screens), or show it only on paper.
_HIDDEN_CLASSES = frozenset({"screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden", "hidden", "hide",
                             "element-invisible", "offscreen", "d-none", "is-hidden", "u-hidden", "invisible",
                             "print-only", "printonly", "visible-print", "show-for-print", "print-header",
                             "print-footer"})
_CAPTION_WORDS = re.compile(r"(?<![a-z0-9])(wp-caption-text|caption|figcaption|image-caption|photo-caption"
                            r"|credit|credits|photo-credit|image-credit)(?![a-z0-9])")
# WordPress and other CMSs put the slugs of a post's categories and tags into its class list.
_TAXONOMY = re.compile(r"^(category|tag|tags|post-tag|format|status|type|term|topic|section|rubrique"
                       r"|kategorie|label|channel|series)-")
# Class words of the line under a headline that names the author and the date: a story header.
_BYLINE_WORDS = re.compile(r"(?<![a-z0-9])(byline|bylines|author|authors|author-name|posted|posted-on|posted-by"
                           r"|entry-meta|post-meta|article-meta|story-meta|meta|dateline|timestamp|pubdate"
                           r"|publish-date|published|post-date|entry-date|article-date|date|details)(?![a-z0-9])")
# Words of an element about the writer: a bio when it holds prose.
_AUTHOR_WORDS = re.compile(r"(?<![a-z0-9])(author|authors|bio|biography)(?![a-z0-9])")
BYLINE_MAX_PROSE = 150  # letters of prose a byline element may hold: more, and it wraps the story
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PRE_TAGS = frozenset({"pre", "xmp", "listing", "plaintext"})
# Attributes that may make an element chrome besides its class and id; most elements have none of them.
_RARE_ATTRIBUTES = frozenset({"role", "hidden", "aria-hidden", "style"})
# What the walk passes over unread: skipped elements, and comments or processing instructions (whose tag is
# a function) that a parser without remove_comments would leave.
_UNREAD = SKIP_TAGS | {etree.Comment, etree.ProcessingInstruction, etree.Entity}
# The kinds of class and id words, as bits: one token may hold several.
_CAPTION, _BYLINE, _CHROME, _NEVER_MAIN, _AUTHOR = 1, 2, 4, 8, 16


def outer_articles(root: Any) -> dict[Any, int]:
    """The <article> elements not inside another one, numbered from 1 in document order."""
    found: dict[Any, int] = {}
    for article in root.iter("article"):
        if not any(a.tag == "article" for a in article.iterancestors()):
            found[article] = len(found) + 1
    return found


class Node:
    """A block element, or an element whose names say chrome: a context of its own that lines belong to."""

    __slots__ = ("el", "parent", "tag", "candidate", "container", "pre", "reason", "byline", "first", "end")

    def __init__(self, el: Any, parent: Node | None, tag: str, candidate: str | None, container: int,
                 pre: bool, first: int) -> None:
        self.el, self.parent, self.tag, self.candidate = el, parent, tag, candidate
        self.container, self.pre = container, pre
        self.reason: str | None = None
        self.byline = False  # inside an element whose names say author and date: its short lines are a header
        # the blocks of the element's subtree are walk.blocks[first:end], a run: the walk cuts them in page order
        self.first = self.end = first


@dataclass(slots=True)
class Block:
    """One line of the page as the walk found it, before it becomes a Line."""

    text: str
    node: Node
    link_chars: int
    chars: int
    plain: bool = False  # printable ASCII, spaces collapsed
    links: tuple[tuple[int, int, str], ...] = ()  # (start, end, href) spans of `text`, when the walk records links
    tag: str | None = None  # the tag the line takes instead of its node's: a cell of a simple table ("td+", "th")


def _letters(texts: list[str]) -> int:
    """Characters of the texts other than spaces and newlines."""
    joined = "".join(texts)
    return len(joined) - joined.count(" ") - joined.count("\n")


class Walk:
    """Walks the tree without recursion (`etree.iterwalk`), cutting its text into blocks.

    The text of the current block gathers in `parts`, and the part of it inside links also in `linked`;
    `flush` turns them into a Block when a block element opens or closes.
    """

    def __init__(self, articles: dict[Any, int], links: bool = False) -> None:
        self.articles = articles
        self.record_links = links  # record the (start, end, href) spans of safe links in each block
        self.href: str | None = None  # the safe href of the link the walk is in (when recording links)
        self.link_from = 0  # the index in `parts` where the current link's text starts
        self.spans: list[tuple[int, int, str]] = []  # the current block's links, as index ranges of `parts`
        self.blocks: list[Block] = []
        self.nodes: list[Node] = []
        self.parts: list[str] = []
        self.linked: list[str] = []
        self.total = 0  # letters of all blocks
        self.link: Any = None  # the <a> element the walk is in, whose text is link text
        self.top = Node(None, None, "body", None, 0, False, 0)
        self.nodes.append(self.top)

    def flush(self, node: Node) -> None:
        """Turn the gathered text into a block (in <pre>, one per line) and start afresh."""
        parts, linked = self.parts, self.linked
        if not parts:
            return
        raw = "".join(parts)
        spans = self.spans
        if self.href is not None:  # a block element inside a link: the link goes on in the next block
            spans.append((self.link_from, len(parts), self.href))
            self.link_from = 0
        if spans:
            pieces, done = [], 0
            for start, end, href in spans:  # each link's text, and the text between it and the link before
                pieces.append(("".join(parts[done:start]), "".join(parts[start:end]), href))
                done = end
            spans.clear()
        else:
            pieces = None
        parts.clear()
        if raw.isspace():  # the indentation between tags: no block
            linked.clear()
            return
        chars = len(raw) - raw.count(" ") - raw.count("\n")
        link_chars = _letters(linked) if linked else 0
        linked.clear()
        if node.pre:
            for piece in raw.split("\n"):
                text = piece.rstrip()
                if text.strip():
                    self.blocks.append(Block(normalise(text), node, link_chars, chars, False))
                    self.total += chars
            return
        text = " ".join(raw.split())
        if text:
            # printable ASCII with its spaces collapsed has nothing to repair, and is its own match key
            plain = text.isascii() and text.isprintable()
            if not plain:
                text = normalise(text)
            block = Block(text, node, link_chars, chars, plain)
            if pieces:
                block.links = _link_spans(text, pieces, plain)
            self.blocks.append(block)
            self.total += chars

    def run(self, root: Any) -> None:
        """Walk the tree from `root`: skipped elements pass unseen, every block element cuts the text."""
        node = self.top
        parts, linked = self.parts, self.linked
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            if event == "start":
                tag = el.tag
                if tag in _UNREAD:
                    walker.skip_subtree()
                    continue
                if tag == "br" or tag == "hr":
                    if parts:
                        self.flush(node)
                    continue
                node = self._open(el, tag, node)
                text = el.text
            else:
                if el is node.el:  # the element that opened the current context closes it
                    if parts:
                        self.flush(node)
                    node.end = len(self.blocks)
                    if el.tag == "table":
                        _mark_table(el, self.blocks, node.first)
                    node = node.parent or node  # only the root has no parent, and its end ends the walk
                elif el is self.link:
                    self.link = None
                    if self.href is not None:
                        if len(parts) > self.link_from:
                            self.spans.append((self.link_from, len(parts), self.href))
                        self.href = None
                text = el.tail
            if text and (parts or not text.isspace()):  # a line starts at its first letter
                parts.append(text)
                if self.link is not None:
                    linked.append(text)
        self.flush(node)
        self.top.end = len(self.blocks)

    def _open(self, el: Any, tag: str, node: Node) -> Node:
        """The context an element opens, or the current one when it is plain inline markup."""
        candidate = _STRUCTURAL.get(tag)
        if candidate is None:
            keys = el.keys()
            if keys:
                candidate = _names_of(el) if _RARE_ATTRIBUTES.isdisjoint(keys) else _attribute_reason(el)
        elif candidate == "html-header" and node.container:
            candidate = None  # an article's own header holds its title and byline
        if tag in BLOCK_TAGS:
            new_tag = node.tag if tag in _GENERIC and node.tag in _STICKY else tag
        elif candidate is not None and (candidate != "byline" or self._whole_line(el)):
            new_tag = node.tag
        else:  # inline markup, or a byline named on inline markup inside a line: the line is cut no differently
            if tag == "a" and candidate is None and self.link is None:
                self.link = el
                if self.record_links:
                    self.href = safe_href(el.get("href"))
                    self.link_from = len(self.parts)
            return node
        if self.parts:
            self.flush(node)
        container = self.articles.get(el, node.container) if tag == "article" else node.container
        new = Node(el, node, new_tag, candidate, container, node.pre or tag in _PRE_TAGS, len(self.blocks))
        self.nodes.append(new)
        return new

    def _whole_line(self, el: Any) -> bool:
        """Whether an inline element makes a line of its own: no text before it on the line, none after it."""
        if (el.tail and not el.tail.isspace()) or any(not part.isspace() for part in self.parts):
            return False
        after = el.getnext()
        if after is None:
            return el.getparent() is not None and el.getparent().tag in BLOCK_TAGS
        return isinstance(after.tag, str) and (after.tag in BLOCK_TAGS or after.tag in SKIP_TAGS)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_URL_NOISE = re.compile(r"[\t\n\r]")
_CELLS = frozenset({"td", "th"})


def safe_href(href: str | None) -> str | None:
    """The href of a link worth writing out: http(s) or relative (tabs and newlines removed, as browsers do);
    None for javascript:, data:, mailto: and every other scheme, and for an empty href."""
    if not href:
        return None
    href = _URL_NOISE.sub("", href.strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                         "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"))
    if not href:
        return None
    scheme = _SCHEME.match(href)
    if scheme is not None and scheme.group().lower() not in ("http:", "https:"):
        return None
    return href


def _link_spans(text: str, pieces: list[tuple[str, str, str]], plain: bool) -> tuple[tuple[int, int, str], ...]:
    """Where the links of a block lie in its text: `pieces` are (raw text since the link before, raw link
    text, href). The raw text's spaces collapse as the block's did; where normalising moved the text, the
    link's text is looked for after the link before (and left out when not found)."""
    found: list[tuple[int, int, str]] = []
    cursor = length = 0  # the end of the last link found in `text`; the collapsed length of the raw text so far
    pending = False  # whether the raw text so far ends in a space
    for gap, inside, href in pieces:
        length, pending = _collapsed(length, pending, gap)
        words = " ".join(inside.split())
        start = length + (1 if length and (pending or inside[:1].isspace()) else 0)
        length, pending = _collapsed(length, pending, inside)
        if not plain:
            words = normalise(words).strip()
        if not words:
            continue
        if start < cursor or text[start:start + len(words)] != words:
            start = text.find(words, cursor)
            if start < 0:
                continue
        found.append((start, start + len(words), href))
        cursor = start + len(words)
    return tuple(found)


def _collapsed(length: int, pending: bool, chunk: str) -> tuple[int, bool]:
    """The length of `" ".join(raw.split())` and whether raw ends in a space, after `chunk` is added to raw."""
    words = chunk.split()
    if not words:
        return length, pending or bool(chunk)
    lead = 1 if length and (pending or chunk[0].isspace()) else 0
    return length + lead + len(" ".join(words)), chunk[-1].isspace()


def _mark_table(table: Any, blocks: list[Block], first: int) -> None:
    """Tag the cells of a simple table for the writers: each cell one block, the first cell of a row "td+" or
    "th+". Simple: no table inside or around it, no colspan or rowspan, 2 to TABLE_MAX_COLUMNS columns, at
    least two rows of as many cells, no empty cell."""
    if table.find(".//table") is not None or any(a.tag == "table" for a in table.iterancestors()):
        return
    cells: list[Any] = []
    width = 0
    for row in table.iter("tr"):
        row_cells = [c for c in row if c.tag in _CELLS]
        if not width:
            width = len(row_cells)
        if len(row_cells) != width:
            return
        for td in row_cells:
            if (td.get("colspan") or "1").strip() != "1" or (td.get("rowspan") or "1").strip() != "1":
                return
        cells.extend(row_cells)
    if not 2 <= width <= TABLE_MAX_COLUMNS or len(cells) < 2 * width:
        return
    owned: list[tuple[Block, Any]] = []
    for block in blocks[first:]:
        cell: Node | None = block.node
        while cell is not None and (cell.el is None or cell.el.tag not in _CELLS):
            cell = None if cell.el is table else cell.parent
        if cell is None:
            if block.node.tag == "caption":
                continue
            return
        owned.append((block, cell.el))
    if len(owned) != len(cells) or any(el is not expected for (_, el), expected in zip(owned, cells)):
        return
    for k, (block, element) in enumerate(owned):
        block.tag = element.tag + "+" if k % width == 0 else element.tag


def _attribute_reason(el: Any) -> str | None:
    """The reason an element's attributes make it chrome: its role, hiding, or its class and id names."""
    get = el.get
    role = get("role")
    if role:
        reason = _ROLES.get(role.strip().lower())
        if reason is not None:
            return reason
    if get("hidden") is not None or get("aria-hidden") == "true":
        return "html-hidden"
    style = get("style")
    if style and _DISPLAY_NONE.search(style):
        return "html-hidden"
    return _names_of(el)


def _names_of(el: Any) -> str | None:
    """The reason an element's class and id names give, worked out once per distinct pair."""
    classes, ident = el.get("class"), el.get("id")
    if classes is None and ident is None:
        return None
    key = (classes or "", ident or "")
    try:
        return _NAMES_CACHE[key]
    except KeyError:
        pass
    if len(_NAMES_CACHE) > _NAMES_CACHE_SIZE:
        _NAMES_CACHE.clear()
    reason = _NAMES_CACHE[key] = _names_reason(*key)
    return reason


# Pages repeat the same class lists, and sites the same class tokens: each is worked out once (bounded caches).
_NAMES_CACHE: dict[tuple[str, str], str | None] = {}
_TOKEN_FLAGS: dict[str, int] = {}
_NAMES_CACHE_SIZE = 50_000


def _names_reason(classes: str, ident: str) -> str | None:
    """The reason class and id names give: hiding class tokens first, then caption, byline and chrome words."""
    if not _HIDDEN_CLASSES.isdisjoint(classes.lower().split()):
        return "html-hidden"
    flags = _names_flags(classes, ident)
    if flags & _CAPTION:
        return "html-caption"
    if flags & _BYLINE:
        return "byline"
    if flags & _CHROME:
        return "html-boilerplate-class"
    return None


def _names_flags(classes: str, ident: str) -> int:
    """The kinds of words (_CAPTION, _BYLINE, _CHROME, _NEVER_MAIN, _AUTHOR) the class and id tokens hold."""
    flags = 0
    for token in f"{classes} {ident}".split():
        found = _TOKEN_FLAGS.get(token)
        if found is None:
            if len(_TOKEN_FLAGS) > _NAMES_CACHE_SIZE:
                _TOKEN_FLAGS.clear()
            found = _TOKEN_FLAGS[token] = _token_flags(token)
        flags |= found
    return flags


def _token_flags(token: str) -> int:
    """The kinds of words one class or id token holds; none for the slug of user content ('category-promo')."""
    word = token.lower()
    if word != token:  # camelCase: its humps are words too
        word = _CAMEL.sub(r"\1-\2", token).lower()
    word = word.replace("_", "-")
    if _TAXONOMY.match(word) or not _ANY_WORD.search(word):
        return 0
    return ((_CAPTION if _CAPTION_WORDS.search(word) else 0) | (_BYLINE if _BYLINE_WORDS.search(word) else 0)
            | (_CHROME if _CHROME_WORDS.search(word) else 0) | (_NEVER_MAIN if _NEVER_MAIN_WORDS.search(word) else 0)
            | (_AUTHOR if _AUTHOR_WORDS.search(word) else 0))


# Any word of the lists above: most class tokens hold none, and one search tells.
_ANY_WORD = re.compile("|".join(p.pattern for p in (_CAPTION_WORDS, _BYLINE_WORDS, _CHROME_WORDS, _NEVER_MAIN_WORDS,
                                                    _AUTHOR_WORDS)))


def author_box(el: Any) -> bool:
    """Elements whose names say author or bio: with prose in them, a box about the writer."""
    return bool(_names_flags(el.get("class") or "", el.get("id") or "") & _AUTHOR)


def never_main(el: Any) -> bool:
    """Elements whose names say they are overlays or ads, which never hold the article (cookie notices, modals)."""
    return bool(_names_flags(el.get("class") or "", el.get("id") or "") & _NEVER_MAIN)
