"""Read an HTML page into lines: lxml parses (nothing is ever fetched), one Line per block, chrome marked with a reason.

The reader decodes the bytes itself (cleaner.decoding: BOM, a usable declared charset, detection) and hands
lxml UTF-8 bytes with the encoding fixed, so no `<meta charset>` or XML declaration can mislead the parser.
It walks the tree iteratively (`etree.iterwalk`), so nesting depth costs no stack. When libxml2 stops at one
of its limits (it then returns an empty or truncated document and says so only in its error log), the page
is parsed again by the standard library's tokenizer into a tree whose depth is capped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Iterable

import lxml.html
from lxml import etree

from .decoding import decode, normalise
from .model import CleanerError, Line

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
_HIDDEN_WORDS = re.compile(r"(?<![a-z0-9])(screen-reader-text|sr-only|visually-hidden|visuallyhidden|hidden"
                           r"|element-invisible|offscreen|hide)(?![a-z0-9])")
_CAPTION_WORDS = re.compile(r"(?<![a-z0-9])(wp-caption-text|caption|figcaption|image-caption|photo-caption"
                            r"|credit|credits|photo-credit|image-credit)(?![a-z0-9])")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"\s+")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]{0,1000}\[.{0,100000}?\]\s*>", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""", re.I)
_LIMIT_ERRORS = ("excessive depth", "resource limit", "huge input", "memory", "huge text")
LINK_DENSE = 0.6  # share of a block's letters inside links above which it is navigation
MAX_DEPTH = 400  # the fallback tree builder flattens anything nested deeper


@dataclass
class Block:
    """One line of the page as the walk found it, before it becomes a Line."""

    text: str
    tag: str
    reason: str | None
    container: int
    link_chars: int = 0
    chars: int = 0


@dataclass
class HtmlPage:
    """What reading a page gives: its lines, the parsed tree (for metadata), and the reader's warnings."""

    lines: list[Line]
    root: Any = None
    warnings: list[str] = field(default_factory=list)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes: an XML declaration or a <meta> charset."""
    head = data[:8192]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def page_text(data: str | bytes) -> str:
    """The page as clean text: decoded by our own rules, control characters gone, no DOCTYPE internal subset."""
    if isinstance(data, bytes):
        data = decode(data, declared_charset(data))
    # Only what would trouble the parser here; mojibake and invisible characters are repaired line by line.
    data = _CONTROLS.sub("", data)
    return _DOCTYPE_SUBSET.sub("<!DOCTYPE html>", data, count=1)


def parse(text: str) -> tuple[Any, list[str]]:
    """A tree of the page, and warnings; libxml2 first, the capped standard-library builder past its limits."""
    if not text.strip():
        return None, []
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True,
                                  encoding="utf-8", recover=True)
    root = None
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        pass
    limited = any(word in err.message.lower() for err in parser.error_log for word in _LIMIT_ERRORS)
    if root is not None and not limited and not _lost_text(root, text):
        return root, []
    return _parse_capped(text), ["the page is nested too deeply or too large for libxml2; read with a depth cap"]


def _lost_text(root: Any, text: str) -> bool:
    """True when the tree holds far less text than the page shows: libxml2 gave up silently."""
    if len(text) < 4096:
        return False
    kept = sum(len(t) for t in root.itertext())
    if kept * 20 > len(text):
        return False
    visible = re.sub(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", "", text[:2_000_000], flags=re.I | re.S)
    return len(visible.split()) > 200 and kept * 4 < len(" ".join(visible.split()))


class _CappedBuilder(HTMLParser):
    """The standard library's tokenizer feeding lxml's TreeBuilder, flattening elements nested past MAX_DEPTH."""

    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                       "source", "track", "wbr"})
    _NAME = re.compile(r"^[A-Za-z_][\w.-]*$")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = etree.TreeBuilder()
        self.builder.start("html", {})
        self.stack: list[str] = ["html"]
        self.open: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("html",) or not self._NAME.match(tag):
            return
        if tag in self._VOID:
            self.builder.start(tag, {})
            self.builder.end(tag)
            return
        if len(self.stack) >= MAX_DEPTH:
            return  # flattened: its text still joins the deepest open element
        clean = {k: (v or "") for k, v in attrs if self._NAME.match(k)}
        try:
            self.builder.start(tag, clean)
        except ValueError:
            self.builder.start(tag, {})
        self.stack.append(tag)
        self.open[tag] = self.open.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self._VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open.get(tag):
            return
        while self.stack:
            top = self.stack.pop()
            self.open[top] -= 1
            self.builder.end(top)
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        self.builder.data(data)

    def finish(self) -> Any:
        self.close()
        while self.stack:
            self.builder.end(self.stack.pop())
        return self.builder.close()


def _parse_capped(text: str) -> Any:
    builder = _CappedBuilder()
    builder.feed(text)
    return builder.finish()


def read_html(data: str | bytes, *, skip: Iterable[str] = (), favor: str = "balanced") -> HtmlPage:
    """Read a page into numbered lines, each with its block tag, its <article> and, for chrome, a reason.

    `skip` turns reasons of HTML_REASONS off (their lines are kept). Raises CleanerError for binary data.
    """
    text = page_text(data)
    root, warnings = parse(text)
    if root is None:
        return HtmlPage([], None, warnings)
    skipped = set(skip)
    plan = _plan(root)
    blocks = _walk(root, plan, skipped)
    if "link-dense" not in skipped:
        threshold = {"precision": 0.5, "recall": 0.75}.get(favor, LINK_DENSE)
        for block in blocks:
            if block.reason is None and block.chars and block.link_chars > block.chars * threshold:
                block.reason = "link-dense"
    lines = []
    for number, block in enumerate(blocks, start=1):
        line = Line.of(number, block.text, block.tag, block.container)
        lines.append(line.drop(block.reason) if block.reason else line)
    return HtmlPage(lines, root, warnings)


# ---------------------------------------------------------------------------------------------
# Planning: where is the article, which elements hold it
# ---------------------------------------------------------------------------------------------

@dataclass
class _Plan:
    protected: set[Any]  # the main content and its ancestors: never chrome, whatever their names
    articles: dict[Any, int]  # outermost <article> elements, numbered from 1 in document order
    main: Any = None


_CONTENT_HINT = re.compile(r"(?<![a-z0-9])(article-?body|articlebody|entry-content|post-content|post-body"
                           r"|story-body|article-content|article-text|content-body|main-content|story-content"
                           r"|post-entry|entry-body|td-post-content|single-content|blog-post)(?![a-z0-9])")


def _plan(root: Any) -> _Plan:
    """Find the main content: the element that gathers most paragraph text, preferring marked article bodies."""
    scores: dict[Any, float] = {}
    for para in root.iter("p", "pre", "td", "blockquote", "li", "div", "dd"):
        if para.tag in ("div", "td", "li", "dd") and not (para.text and len(para.text.strip()) > 40):
            continue
        length = len(_SPACE.sub(" ", para.text_content()).strip()) if para.tag != "div" else len(para.text.strip())
        if length < 25:
            continue
        score = 1 + min(length / 100, 3) + para.text_content().count(",") * 0.3 if para.tag != "div" else 1 + min(length / 100, 3)
        parent = para.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + score
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + score / 2
    main = max(scores, key=scores.__getitem__) if scores else None
    articles: dict[Any, int] = {}
    for article in root.iter("article"):
        if not any(a.tag == "article" for a in article.iterancestors()):
            articles[article] = len(articles) + 1
    protected: set[Any] = set()
    anchors = [main] if main is not None else []
    anchors += [el for el in root.iter("main", "article") if _text_size(el) > 500][:3]
    for anchor in anchors:
        node = anchor
        while node is not None and node not in protected:
            protected.add(node)
            node = node.getparent()
    return _Plan(protected=protected, articles=articles, main=main)


def _text_size(el: Any) -> int:
    return sum(len(t.strip()) for t in el.itertext())


# ---------------------------------------------------------------------------------------------
# The walk: one Block per line
# ---------------------------------------------------------------------------------------------

def _own_reason(el: Any, tag: str, plan: _Plan, skipped: set[str], in_article: bool) -> str | None:
    """The reason this element (not its ancestors) is chrome, or None."""
    if el in plan.protected:
        return None
    reason = _STRUCTURAL.get(tag)
    if reason == "html-header" and in_article:
        reason = None  # an article's own header holds its title and byline
    attrs = el.attrib
    if reason is None and attrs:
        role = attrs.get("role")
        if role:
            reason = _ROLES.get(role.strip().lower())
        if reason is None and ("hidden" in attrs or attrs.get("aria-hidden") == "true"
                               or _DISPLAY_NONE.search(attrs.get("style", ""))):
            reason = "html-hidden"
        if reason is None:
            words = _class_words(attrs)
            if words:
                if _HIDDEN_WORDS.search(words):
                    reason = "html-hidden"
                elif _CAPTION_WORDS.search(words):
                    reason = "html-caption"
                elif _CHROME_WORDS.search(words):
                    reason = "html-boilerplate-class"
    if reason in skipped:
        return None
    return reason


def _class_words(attrs: Any) -> str:
    value = f"{attrs.get('class', '')} {attrs.get('id', '')}".strip()
    if not value:
        return ""
    return _CAMEL.sub(r"\1-\2", value).lower().replace("_", "-")


@dataclass
class _Context:
    tag: str
    reason: str | None
    container: int
    link: bool
    pre: bool


def _walk(root: Any, plan: _Plan, skipped: set[str]) -> list[Block]:
    """Walk the tree without recursion, cutting its text into blocks."""
    blocks: list[Block] = []
    parts: list[str] = []
    counts = [0, 0]  # letters in the pending line, and how many of them sit inside links
    ctx = _Context("body", None, 0, False, False)
    stack: list[tuple[_Context, bool]] = []

    def add(text: str | None) -> None:
        if not text:
            return
        parts.append(text)
        letters = len(text) - text.count(" ") - text.count("\n")
        counts[0] += letters
        if ctx.link:
            counts[1] += letters

    def flush() -> None:
        if not parts:
            return
        raw = "".join(parts)
        parts.clear()
        pieces = raw.split("\n") if ctx.pre else [raw]
        for piece in pieces:
            text = piece.rstrip() if ctx.pre else _SPACE.sub(" ", piece).strip()
            if text.strip():
                blocks.append(Block(normalise(text), ctx.tag, ctx.reason, ctx.container, counts[1], counts[0]))
        counts[0] = counts[1] = 0

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):  # comments and processing instructions left by the fallback builder
            if event == "end":
                add(el.tail)
            continue
        tag = tag.lower()
        if event == "start":
            if tag in SKIP_TAGS:
                walker.skip_subtree()
                stack.append((ctx, False))
                continue
            if tag == "br" or tag == "hr":
                flush()
                stack.append((ctx, False))
                continue
            own = None if ctx.reason else _own_reason(el, tag, plan, skipped, ctx.container > 0)
            container = plan.articles.get(el, ctx.container) if tag == "article" else ctx.container
            boundary = tag in BLOCK_TAGS or own is not None
            if boundary:
                flush()
                new_tag = tag if tag in BLOCK_TAGS else ctx.tag
                if ctx.tag in _STICKY and tag in _GENERIC:
                    new_tag = ctx.tag
                stack.append((ctx, True))
                ctx = _Context(new_tag, ctx.reason or own, container, ctx.link, ctx.pre or tag in ("pre", "xmp", "listing", "plaintext"))
            elif tag == "a" and not ctx.link:
                stack.append((ctx, False))
                ctx = _Context(ctx.tag, ctx.reason, ctx.container, True, ctx.pre)
            else:
                stack.append((ctx, False))
            add(el.text)
        else:
            outer, boundary = stack.pop() if stack else (ctx, False)
            if boundary:
                flush()
            ctx = outer
            add(el.tail)
    flush()
    return blocks

