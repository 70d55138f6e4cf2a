"""Read an HTML page into lines: lxml parses (nothing is ever fetched), one Line per block, chrome marked with a reason.

The reader decodes the bytes itself (cleaner.decoding: BOM, a usable declared charset, detection) and hands
lxml UTF-8 bytes with the encoding fixed, so no `<meta charset>` or XML declaration can mislead the parser.
It walks the tree iteratively (`etree.iterwalk`), so nesting depth costs no stack. When libxml2 stops at one
of its limits (it then returns an empty or truncated document and says so only in its error log) or keeps
far less text than the page shows, the page is parsed again with the tags nested past MAX_DEPTH removed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from lxml import etree

from .decoding import decode, normalise
from .model import CleanerError, Line, match_key

# Every reason the HTML reader can give a line; the pipeline registers them beside the text filters.
HTML_REASONS: dict[str, str] = {
    "html-form": "Text inside a <form> (search boxes, comment and newsletter forms) that does not hold the article.",
    "html-nav": "Navigation: <nav>, <menu> and role=navigation blocks.",
    "html-header": "The page header (<header>, role=banner) outside the article.",
    "html-footer": "Page and article footers (<footer>, role=contentinfo): copyright, tags, 'Posted in'.",
    "html-aside": "Sidebars and asides (<aside>, role=complementary) that do not hold the article.",
    "html-boilerplate-class": "Blocks whose class or id names chrome: share, social, related, comments, sidebar, ad…",
    "html-hidden": "Text the page hides from readers: hidden, aria-hidden, display:none, screen-reader-only text.",
    "html-caption": "Image and video captions (<figcaption>, caption classes); kept when html-caption is skipped.",
    "link-dense": "A block whose text is mostly link text: menus, tag clouds, lists of related stories.",
    "outside-article": "Text around the <article>s of a page that holds several of them: archive headings, pagination.",
    "off-main": "Text far from the page's main content block: teasers, widgets and footers without telling markup.",
}

# Text filters that guess from a dump what the markup tells better: not run on HTML input.
TEXT_FILTERS_REPLACED = frozenset({"outside-main", "comment-thread"})
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
    r"|author-bio|tags|tagcloud|recommended|trending|most-popular|skip-link)(?![a-z0-9])")
_NEVER_MAIN_WORDS = re.compile(r"(?<![a-z0-9])(cookie|cookies|consent|gdpr|popup|modal|newsletter|subscribe"
                               r"|advert|adverts|advertisement|ads|sponsored|outbrain|taboola)(?![a-z0-9])")
# Whole class tokens that hide an element ("hidden-xs" only hides it on small screens).
_HIDDEN_CLASSES = frozenset({"screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden", "hidden", "hide",
                             "element-invisible", "offscreen", "d-none", "is-hidden", "u-hidden", "invisible"})
_CAPTION_WORDS = re.compile(r"(?<![a-z0-9])(wp-caption-text|caption|figcaption|image-caption|photo-caption"
                            r"|credit|credits|photo-credit|image-credit)(?![a-z0-9])")
# WordPress and other CMSs put the slugs of a post's categories and tags into its class list.
_TAXONOMY = re.compile(r"^(category|tag|tags|post-tag|format|status|type|author|term|topic|section|rubrique"
                       r"|kategorie|label|channel|series)-")
# Class words of the line under a headline that names the author and the date: a story header.
_BYLINE_WORDS = re.compile(r"(?<![a-z0-9])(byline|bylines|author|authors|author-name|posted-on|posted-by|entry-meta"
                           r"|post-meta|article-meta|story-meta|meta|dateline|timestamp|pubdate|publish-date"
                           r"|published|post-date|entry-date|article-date|date)(?![a-z0-9])")
BYLINE_MAX_WORDS = 15
BYLINE_MAX_PROSE = 150  # letters of prose a byline element may hold: more, and it wraps the story
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^<>]*>")
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


def page_text(data: str | bytes) -> str:
    """The page as clean text (see `page_bytes`)."""
    return page_bytes(data).decode("utf-8")


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


def _lost_text(walk: _Walk, raw: bytes) -> bool:
    """True when the walk found far less text than the page shows: libxml2 gave up without a word."""
    if len(raw) < 4096 or walk.total * 20 > len(raw):  # a page has no more characters than bytes
        return False
    text = raw.decode("utf-8")
    if walk.total * 20 > len(text):
        return False
    words = _TAG.sub(" ", _without_code(text[:2_000_000])).split()
    return len(words) > 200 and walk.total * 4 < len("".join(words))


def _without_code(text: str) -> str:
    """The text less its <script> and <style> elements, in one pass (an unclosed one runs to the end)."""
    parts, pos = [], 0
    while True:
        start = _CODE_OPEN.search(text, pos)
        if start is None:
            parts.append(text[pos:])
            return "".join(parts)
        parts.append(text[pos:start.start()])
        end = _CODE_CLOSE[start.group(1).lower()].search(text, start.end())
        if end is None:
            return "".join(parts)
        pos = text.find(">", end.end()) + 1 or len(text)


_CODE_OPEN = re.compile(r"<(script|style)", re.I)
_CODE_CLOSE = {"script": re.compile(r"</script", re.I), "style": re.compile(r"</style", re.I)}


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


def read_html(data: str | bytes, *, skip: Iterable[str] = (), favor: str = "balanced") -> HtmlPage:
    """Read a page into numbered lines, each with its block tag, its <article> and, for chrome, a reason.

    `skip` turns reasons of HTML_REASONS off (their lines are kept). Raises CleanerError for binary data.
    """
    raw = page_bytes(data)
    root, limited = parse(raw)
    warnings: list[str] = []
    walk = _Walk(_outer_articles(root)) if root is not None and not limited else None
    if walk is not None:
        walk.run(root)
    if limited or (walk is not None and _lost_text(walk, raw)):
        warnings.append("the page is nested too deeply for libxml2; read again with the deepest tags removed")
        root, limited = parse(flatten(raw.decode("utf-8")).encode("utf-8"))
        if root is None or limited:
            raise CleanerError("nested too deeply for the HTML parser even with its depth capped; "
                               "read it as text with --input-type text")
        walk = _Walk(_outer_articles(root))
        walk.run(root)
    if walk is None:
        return HtmlPage([], None, warnings)
    skipped = set(skip)
    region = _layout(walk, skipped)
    in_main = region if "off-main" not in skipped else None
    threshold = {"precision": 0.5, "recall": 0.85}.get(favor, LINK_DENSE)
    lines = []
    for number, block in enumerate(walk.blocks, start=1):
        reason = block.node.reason
        if reason is None and "link-dense" not in skipped and block.link_chars > block.chars * threshold:
            reason = "link-dense"
        if reason is None and block.node.byline and "byline" not in skipped and block.node.tag not in _HEADINGS \
                and len(block.text.split()) <= BYLINE_MAX_WORDS:
            reason = "byline"  # a heading or a long block is no byline, whatever its class says
        if reason is None and in_main is not None and block.node not in in_main:
            reason = "off-main"
        key = block.text.casefold() if block.plain else match_key(block.text)
        lines.append(Line(number, block.text, reason, key, block.node.tag, block.node.container))
    return HtmlPage(lines, root, warnings, list(walk.articles))


def _outer_articles(root: Any) -> dict[Any, int]:
    """The <article> elements not inside another one, numbered from 1 in document order."""
    found: dict[Any, int] = {}
    for article in root.iter("article"):
        if not any(a.tag == "article" for a in article.iterancestors()):
            found[article] = len(found) + 1
    return found


# ---------------------------------------------------------------------------------------------
# The walk: one Block per line
# ---------------------------------------------------------------------------------------------

class _Node:
    """An element that opens a context of its own: a block, a link, or an element whose names say chrome."""

    __slots__ = ("el", "parent", "tag", "block", "candidate", "container", "link", "pre", "reason", "byline")

    def __init__(self, el: Any, parent: _Node | None, tag: str, block: bool, candidate: str | None,
                 container: int, link: bool, pre: bool) -> None:
        self.el, self.parent, self.tag, self.block = el, parent, tag, block
        self.candidate, self.container, self.link, self.pre = candidate, container, link, pre
        self.reason: str | None = None
        self.byline = False  # inside an element whose names say author and date: its short lines are a header


@dataclass(slots=True)
class Block:
    """One line of the page as the walk found it, before it becomes a Line."""

    text: str
    node: _Node
    link_chars: int
    chars: int
    plain: bool = False  # printable ASCII, spaces collapsed


def _letters(texts: list[str]) -> int:
    """Characters of the texts other than spaces and newlines."""
    joined = "".join(texts)
    return len(joined) - joined.count(" ") - joined.count("\n")


class _Walk:
    """Walks the tree without recursion (`etree.iterwalk`), cutting its text into blocks.

    The text of the current block gathers in `parts`, and the part of it inside links also in `linked`;
    `flush` turns them into a Block when a block element opens or closes.
    """

    def __init__(self, articles: dict[Any, int]) -> None:
        self.articles = articles
        self.blocks: list[Block] = []
        self.nodes: list[_Node] = []
        self.parts: list[str] = []
        self.linked: list[str] = []
        self.total = 0  # letters of all blocks
        self.top = _Node(None, None, "body", True, None, 0, False, False)
        self.nodes.append(self.top)

    def flush(self, node: _Node) -> None:
        """Turn the gathered text into a block (in <pre>, one per line) and start afresh."""
        parts, linked = self.parts, self.linked
        if not parts:
            return
        raw = "".join(parts)
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
            self.blocks.append(Block(text if plain else normalise(text), node, link_chars, chars, plain))
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
                    if node.block and parts:
                        self.flush(node)
                    node = node.parent
                text = el.tail
            if text:
                parts.append(text)
                if node.link:
                    linked.append(text)
        self.flush(node)

    def _open(self, el: Any, tag: str, node: _Node) -> _Node:
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
        elif candidate is not None and candidate != "byline":
            new_tag = node.tag
        elif tag == "a" and candidate is None and not node.link:
            new = _Node(el, node, node.tag, False, None, node.container, True, node.pre)
            self.nodes.append(new)
            return new
        else:  # plain inline markup, or a byline named on inline markup: the line is cut no differently
            return node
        if self.parts:
            self.flush(node)
        container = self.articles.get(el, node.container) if tag == "article" else node.container
        new = _Node(el, node, new_tag, True, candidate, container, node.link, node.pre or tag in _PRE_TAGS)
        self.nodes.append(new)
        return new


_PRE_TAGS = frozenset({"pre", "xmp", "listing", "plaintext"})


# Attributes that may make an element chrome besides its class and id; most elements have none of them.
_RARE_ATTRIBUTES = frozenset({"role", "hidden", "aria-hidden", "style"})
# What the walk passes over unread: skipped elements, and comments or processing instructions (whose tag is
# a function) that a parser without remove_comments would leave.
_UNREAD = SKIP_TAGS | {etree.Comment, etree.ProcessingInstruction, etree.Entity}


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


# Pages repeat the same class lists: the reason of each distinct (class, id) pair is worked out once.
_NAMES_CACHE: dict[tuple[str, str], str | None] = {}
_NAMES_CACHE_SIZE = 50_000


_CAPTION, _BYLINE, _CHROME, _NEVER_MAIN = 1, 2, 4, 8


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
    """The kinds of words (_CAPTION, _BYLINE, _CHROME, _NEVER_MAIN) the class and id tokens hold, together."""
    flags = 0
    for token in f"{classes} {ident}".split():
        found = _TOKEN_FLAGS.get(token)
        if found is None:
            if len(_TOKEN_FLAGS) > _NAMES_CACHE_SIZE:
                _TOKEN_FLAGS.clear()
            found = _TOKEN_FLAGS[token] = _token_flags(token)
        flags |= found
    return flags


_TOKEN_FLAGS: dict[str, int] = {}


def _token_flags(token: str) -> int:
    """The kinds of words one class or id token holds; none for the slug of user content ('category-promo')."""
    word = _CAMEL.sub(r"\1-\2", token).lower().replace("_", "-")
    if _TAXONOMY.match(word):
        return 0
    return ((_CAPTION if _CAPTION_WORDS.search(word) else 0) | (_BYLINE if _BYLINE_WORDS.search(word) else 0)
            | (_CHROME if _CHROME_WORDS.search(word) else 0) | (_NEVER_MAIN if _NEVER_MAIN_WORDS.search(word) else 0))


def _never_main(el: Any) -> bool:
    """Elements whose names say they are overlays or ads, which never hold the article (cookie notices, modals)."""
    return bool(_names_flags(el.get("class") or "", el.get("id") or "") & _NEVER_MAIN)


# ---------------------------------------------------------------------------------------------
# The layout: which chrome really is chrome, and where the main content lies
# ---------------------------------------------------------------------------------------------

HOLDS_ARTICLE = 0.5  # an element holding this share of the page's prose is a wrapper, whatever its names
MAIN_SHARE = 0.5  # the main region holds at least this share of the prose outside chrome
SIBLING_MIN_SCORE = 10.0
GROW_SHARE = 0.25  # the region grows to its parent when that adds this much prose ...
GROW_NOISE = 0.5  # ... and at most this much other kept text per letter of prose
# Lists of long items are tickers and teaser lists more often than article text: they do not vote for the main block.
_LIST_TAGS = frozenset({"li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"})
SIBLING_SHARE = 0.2
SIBLING_MIN_PROSE = 80  # letters of prose a sibling of the main block needs to join it ...
_SENTENCE_END = re.compile(r"[.!?:…;][\"'”’»)]*$")
SIBLING_MAX_NOISE = 40  # ... and the most letters of other kept text it may carry


def _layout(walk: _Walk, skipped: set[str]) -> set[_Node] | None:
    """Set every node's reason, and return the nodes of the main region (None: no prose to tell by)."""
    nodes = walk.nodes
    owners = [(b, _owner(b.node), _prose_score(b)) for b in walk.blocks]
    prose = [(b, owner, score) for b, owner, score in owners if score]
    foreign: set[_Node] = set()  # hidden cookie notices and pop-ups never hold the article: theirs is not its prose
    for node in nodes:
        if node.parent in foreign or (node.candidate == "html-hidden" and node.el is not None
                                      and _never_main(node.el)):
            foreign.add(node)
    mass = _subtree_mass([(owner, len(b.text)) for b, owner, _ in prose if owner not in foreign], nodes)
    total = mass.get(walk.top, 0.0)
    for node in nodes:  # parents come before their children
        inherited = node.parent.reason if node.parent is not None else None
        own = node.candidate
        # a byline element holds a name and a date, no prose: a wrapper named "post-meta" holding the story is none
        node.byline = (own == "byline" and mass.get(node, 0.0) <= BYLINE_MAX_PROSE) or (
            node.parent is not None and node.parent.byline)
        if own in skipped or own == "byline" or (own and total and mass.get(node, 0.0) >= total * HOLDS_ARTICLE):
            own = None
        node.reason = inherited or own
    clean = [p for p in prose if p[1].reason is None]
    if not clean:
        return None
    paragraphs = [p for p in clean if p[1].tag not in _LIST_TAGS] or clean
    good = _subtree_mass([(owner, len(b.text)) for b, owner, _ in paragraphs], nodes)
    bad = _subtree_mass([(owner, b.chars) for b, owner, score in owners if not score and owner.reason is None],
                        nodes)
    total = good[walk.top]
    scores: dict[_Node, float] = {}
    for _, owner, score in paragraphs:
        parent = _block_parent(owner)
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + score
            grand = _block_parent(parent)
            if grand is not None:
                scores[grand] = scores.get(grand, 0.0) + score / 2
    if not scores:
        return None
    top = max(scores, key=scores.__getitem__)
    # Content goes on in the same markup as the best block's ('p' after 'p'), not in a footer's table cells.
    tags: dict[str, float] = {}
    for b, owner, _ in paragraphs:
        if top in _chain(owner):
            tags[b.node.tag] = tags.get(b.node.tag, 0.0) + len(b.text)
    kind = max(tags, key=tags.__getitem__) if tags else ""
    same = _subtree_mass([(owner, len(b.text)) for b, owner, _ in paragraphs if b.node.tag == kind], nodes)
    above = _block_parent(top)
    while above is not None:
        gained = same.get(above, 0.0) - same.get(top, 0.0)
        noise = bad.get(above, 0.0) - bad.get(top, 0.0)
        if gained > 0:
            if good.get(top, 0.0) >= total * MAIN_SHARE and (
                    gained < good.get(top, 0.0) * GROW_SHARE or noise > gained * GROW_NOISE):
                break
            top = above  # the content goes on beyond this block: the ancestor adds prose and little else
        above = _block_parent(above)
    region = {top}
    parent = _block_parent(top)
    if parent is not None:
        threshold = max(SIBLING_MIN_SCORE, scores.get(top, 0.0) * SIBLING_SHARE)
        # sentences, list items included: a dateline or a byline beside the story is no intro to it
        written = _subtree_mass([(owner, len(b.text)) for b, owner, _ in clean if _SENTENCE_END.search(b.text)],
                                nodes)
        for node in nodes:
            if node is not top and node.block and _block_parent(node) is parent and (
                    scores.get(node, 0.0) >= threshold or good.get(node, 0.0) >= total * 0.1
                    or (written.get(node, 0.0) >= SIBLING_MIN_PROSE and bad.get(node, 0.0) <= SIBLING_MAX_NOISE)):
                region.add(node)  # a sibling that holds prose and little else: an intro, a list of points
    inside = set(region)
    for node in nodes:
        if node.parent in inside:
            inside.add(node)
    return inside


def _prose_score(block: Block) -> float:
    """How much a block looks like article prose: long, with commas, few links (readability's weights)."""
    length = len(block.text)
    if length < 25 or block.link_chars > block.chars * 0.5:
        return 0.0
    return 1 + min(length / 100, 3) + block.text.count(",") * 0.3


def _subtree_mass(items: Iterable[tuple[_Node, float]], nodes: list[_Node]) -> dict[_Node, float]:
    """Sizes summed up the tree: every block node gets the total of the blocks below it.

    `nodes` lists parents before their children, so one pass from the end carries each total upwards.
    """
    mass: dict[_Node, float] = {}
    for owner, size in items:
        mass[owner] = mass.get(owner, 0.0) + size
    if mass:
        for node in reversed(nodes):
            size = mass.get(node)
            if size and node.parent is not None:
                mass[node.parent] = mass.get(node.parent, 0.0) + size
    return mass


def _chain(node: _Node) -> Iterator[_Node]:
    """The node and its ancestors."""
    current: _Node | None = node
    while current is not None:
        yield current
        current = current.parent


def _owner(node: _Node) -> _Node:
    while not node.block and node.parent is not None:
        node = node.parent
    return node


def _block_parent(node: _Node) -> _Node | None:
    parent = node.parent
    while parent is not None and not parent.block:
        parent = parent.parent
    return parent
