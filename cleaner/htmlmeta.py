"""Metadata an HTML page states about itself: JSON-LD, OpenGraph and article: tags, <time>, rel=canonical, <h1>.

Best source first: a JSON-LD NewsArticle / Article / BlogPosting, then OpenGraph and `article:` meta tags,
then `<time datetime>`, `<meta name=author>`, the canonical link and the first `<h1>`. Nothing is fetched:
addresses are only read and, when relative, resolved against the page's own canonical address.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields, replace
from typing import Any, Iterator, Mapping, Sequence
from urllib.parse import urljoin

from .articles import label_like
from .classifier import paragraph_text
from .metadata import parse_date
from .model import Article, Line, match_key

_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|LiveBlogPosting|Report)$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_SPACE = re.compile(r"\s+")
_URL = re.compile(r"^https?://[^\s<>\"]+$", re.I)
_AUTHOR_CLASS = re.compile(r"(?<![\w-])(author|author-name|byline-name|fn)(?![\w-])", re.I)
_MAX_JSONLD_NODES = 5000  # a page's JSON-LD is small; bound the walk over hostile ones
_TITLE_MAX_WORDS = 30
TITLE_LOOKBACK = 8  # lines above an article's body searched for its headline
_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")
_DATE_META = ("article:published_time", "datepublished", "og:published_time", "date", "pubdate", "publishdate",
              "dc.date.issued", "dc.date", "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
              "publication_date", "article.published")


@dataclass
class PageMeta:
    """What a page (or one <article> of it) says about its story; None where it says nothing."""

    title: str | None = None
    published: str | None = None
    author: str | None = None
    category: str | None = None
    source: str | None = None
    url: str | None = None


def page_metadata(root: Any) -> tuple[PageMeta, PageMeta]:
    """What the page states about its story: (structured data, i.e. JSON-LD then meta tags; plain markup).

    Structured data outranks what the text splitter guessed; plain markup (the first <h1>, a <time>) only
    fills what is still missing.
    """
    structured = _merge(_from_jsonld(root), _from_meta(root))
    if structured.url is None:
        structured.url = _canonical(root)
    structured.title = _strip_site(structured.title, structured.source)
    return structured, _from_markup(root)


def _merge(*parts: PageMeta) -> PageMeta:
    merged = PageMeta()
    for part in parts:
        for f in fields(PageMeta):
            if getattr(merged, f.name) is None and getattr(part, f.name) is not None:
                setattr(merged, f.name, getattr(part, f.name))
    return merged


def _strip_site(title: str | None, site: str | None) -> str | None:
    """'Headline | Site Name' → 'Headline': og:title often carries the site's name after a separator."""
    if not title:
        return title
    parts = re.split(r"\s+[|–—:-]\s+", title)
    if len(parts) < 2:
        return title
    site_key = (site or "").casefold()
    for end in (parts[-1], parts[0]):
        if (site_key and end.casefold() == site_key) or (len(end.split()) <= 3 and end is parts[-1] and "|" in title):
            rest = [p for p in parts if p is not end]
            return " - ".join(rest) if rest else title
    return title


def element_metadata(element: Any, base: str | None) -> PageMeta:
    """Metadata inside one <article> of a page that holds several: its heading, <time>, link and author."""
    meta = PageMeta()
    heading = next(iter(element.iter("h1", "h2", "h3", "h4")), None)
    if heading is not None:
        meta.title = _clean_title(_text(heading))
        link = next((a for a in heading.iter("a") if a.get("href")), None)
        if link is not None:
            meta.url = _absolute(link.get("href", ""), base)
    meta.published = _time_date(element)
    author = next((el for el in element.iter() if isinstance(el.tag, str) and (
        el.get("rel") == "author" or el.get("itemprop") == "author" or _AUTHOR_CLASS.search(el.get("class") or ""))),
        None)
    if author is not None:
        name = re.sub(r"^(by|von|par|por|door)\s+", "", _text(author), flags=re.I)
        meta.author = name if 0 < len(name.split()) <= 6 else None
    return meta


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

def _from_jsonld(root: Any) -> PageMeta:
    for node in _jsonld_nodes(root):
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        if not any(isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in types):
            continue
        return PageMeta(
            title=_clean_title(_string(node.get("headline")) or _string(node.get("name"))),
            published=iso_date(_string(node.get("datePublished")) or _string(node.get("dateCreated"))),
            author=_names(node.get("author")),
            category=_string(node.get("articleSection")),
            source=_names(node.get("publisher")),
            url=_absolute(_string(node.get("url")) or _string(node.get("mainEntityOfPage")) or "", None),
        )
    return PageMeta()


def _jsonld_nodes(root: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's ld+json scripts, @graph members included, without recursion."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        raw = script.text.strip()
        raw = re.sub(r"^(<!--|//\s*<!\[CDATA\[)|(-->|//\s*\]\]>)$", "", raw).strip()
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        stack, seen = [data], 0
        while stack and seen < _MAX_JSONLD_NODES:
            item = stack.pop()
            seen += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                for key in ("@graph", "mainEntity", "itemListElement"):
                    if isinstance(item.get(key), (list, dict)):
                        stack.append(item[key])


def _from_meta(root: Any) -> PageMeta:
    tags: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = _SPACE.sub(" ", meta.get("content") or "").strip()
        if key and content and key not in tags:
            tags[key] = content
    author = next((tags[k] for k in _AUTHOR_META if k in tags and not _URL.match(tags[k])), None)
    if author and author.lower().startswith("by "):
        author = author[3:].strip()
    return PageMeta(
        title=_clean_title(tags.get("og:title") or tags.get("twitter:title")),
        published=next((d for d in (iso_date(tags[k]) for k in _DATE_META if k in tags) if d), None),
        author=author or None,
        category=tags.get("article:section"),
        source=tags.get("og:site_name"),
        url=_absolute(tags.get("og:url", ""), None),
    )


def _from_markup(root: Any) -> PageMeta:
    heading = next(iter(root.iter("h1")), None)
    return PageMeta(title=_clean_title(_text(heading)) if heading is not None else None,
                    published=_time_date(root))


def _time_date(element: Any) -> str | None:
    """The date of the <time datetime> marked as publication, else of the first one."""
    times = [t for t in element.iter("time") if t.get("datetime")]
    marked = [t for t in times if t.get("pubdate") is not None or t.get("itemprop") == "datePublished"
              or "publish" in (t.get("class") or "")]
    for candidate in marked + times:
        date = iso_date(candidate.get("datetime", ""))
        if date:
            return date
    return None


def _canonical(root: Any) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            return _absolute(link.get("href") or "", None)
    return None


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------

def iso_date(value: str | None) -> str | None:
    """'2019-11-19T06:21:00Z', 'Nov 19, 2019' → '2019-11-19'; None for anything that is not a plausible date."""
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
        return None
    return parse_date(value[:60])


def _string(value: Any) -> str | None:
    """A JSON-LD value as one string: the first of a list, the @id or name of an object."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("@id") or value.get("name") or value.get("url")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        value = _SPACE.sub(" ", value).strip()
        return value or None
    return None


def _names(value: Any) -> str | None:
    """Author or publisher names: 'Jane Doe', or 'Jane Doe, John Roe' for several."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:10]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = next((n for n in name if isinstance(n, str)), None)
        if isinstance(name, str) and name.strip() and not _URL.match(name.strip()):
            names.append(_SPACE.sub(" ", name).strip())
    return ", ".join(dict.fromkeys(names)) or None


def _clean_title(value: str | None) -> str | None:
    if not value:
        return None
    value = _SPACE.sub(" ", value).strip()
    return value if value and len(value.split()) <= _TITLE_MAX_WORDS * 2 else None


def _absolute(href: str, base: str | None) -> str | None:
    href = href.strip()
    if not href or href.startswith(("javascript:", "data:", "#", "mailto:")):
        return None
    if base and not _URL.match(href):
        href = urljoin(base, href)
    return href if _URL.match(href) else None


def _text(element: Any) -> str:
    return _SPACE.sub(" ", "".join(element.itertext())).strip()


# ---------------------------------------------------------------------------------------------
# Filling the articles
# ---------------------------------------------------------------------------------------------

def complete(articles: Sequence[Article], root: Any, lines: Sequence[Line], containers: Sequence[Any] = (),
             links: Mapping[int, tuple[tuple[int, int, str], ...]] | None = None) -> tuple[list[Article], list[Line]]:
    """The articles with their block tags, their links (`links`: line number to link spans, see
    html.read_html) and the metadata the page states (see page_metadata).

    With one article, the page's metadata describes it; with several (`containers` are the <article>
    elements, numbered from 1 as the lines' `container`), each takes what its own element says.
    """
    lines = list(lines)
    if root is None:
        return list(articles), lines
    structured, markup = page_metadata(root)
    done = []
    for article, groups in zip(articles, _align(articles, lines)):
        strong, weak = structured, markup
        if len(articles) > 1:
            owners = {lines[i].container for group in groups for i in group}
            own = next(iter(owners)) if len(owners) == 1 else 0
            element = containers[own - 1] if 0 < own <= len(containers) else None
            weak = element_metadata(element, structured.url) if element is not None else PageMeta()
            strong = PageMeta(published=weak.published, url=weak.url, source=structured.source)
        article, lines = _fill(article, strong, weak, lines, groups, links or {})
        done.append(article)
    return done, lines


def _align(articles: Sequence[Article], lines: Sequence[Line]) -> list[list[list[int]]]:
    """For each article, the kept lines each of its paragraphs came from, in order: one line, or the few that were
    joined into it (see classifier.paragraphs); [] for an article whose paragraphs are not all found."""
    kept = [i for i, ln in enumerate(lines) if ln.kept and not ln.blank]
    found: list[list[list[int]]] = []
    pos = 0
    for article in articles:
        groups: list[list[int]] = []
        start = pos
        for paragraph in article.paragraphs:
            group = None
            while pos < len(kept) and (group := _lines_of(paragraph, lines, kept, pos)) is None:
                pos += 1
            if group is None:
                groups, pos = [], start
                break
            groups.append(group)
            pos += len(group)
        found.append(groups)
    return found


def _lines_of(paragraph: str, lines: Sequence[Line], kept: list[int], pos: int) -> list[int] | None:
    """The kept lines from `kept[pos]` on that join into `paragraph`, or None when it does not start there."""
    for k in range(pos, len(kept)):
        joined = paragraph_text([lines[i] for i in kept[pos:k + 1]])
        if joined == paragraph:
            return kept[pos:k + 1]
        if not paragraph.startswith(joined):
            return None
    return None


def _fill(article: Article, strong: PageMeta, weak: PageMeta, lines: list[Line], groups: list[list[int]],
          links: Mapping[int, tuple[tuple[int, int, str], ...]]) -> tuple[Article, list[Line]]:
    """The article with its paragraphs' tags and links and the page's metadata; `groups`: the lines of each
    paragraph (see _align). A paragraph joined from several lines has the tag of its first, and no links."""
    paragraphs, tags = list(article.paragraphs), [lines[group[0]].tag for group in groups]
    spans = [links.get(lines[group[0]].number, ()) if len(group) == 1 and lines[group[0]].text == text else ()
             for group, text in zip(groups, paragraphs)] if links else []
    title = strong.title or article.title or weak.title
    kicker = None
    if title:
        key = match_key(title)
        for k, group in enumerate(groups[:3]):
            i = group[0]
            if len(group) == 1 and lines[i].key == key:  # the headline still heads the body: it is the title
                lines[i] = lines[i].drop("title")
                heads = [k]
                over = groups[k - 1] if k else []
                if len(over) == 1 and label_like(lines[over[0]]):  # a section label over it: its category
                    lines[over[0]] = lines[over[0]].drop("category")
                    kicker = lines[over[0]].text.strip()
                    heads.insert(0, k - 1)
                for head in reversed(heads):
                    del paragraphs[head]
                    if tags:
                        del tags[head]
                    if spans:
                        del spans[head]
                break
        else:  # the headline above the body, dropped as chrome, is named for what it is
            top = groups[0][0] if groups else 0  # the body's first line
            above = range(top - 1, max(-1, top - 1 - TITLE_LOOKBACK), -1)
            for i in above:
                if lines[i].key == key and lines[i].dropped_by in ("off-main", "outside-article", "link-dense"):
                    lines[i] = replace(lines[i], dropped_by="title")
                    break
    return replace(
        article, title=title, paragraphs=tuple(paragraphs), tags=tuple(tags),
        links=tuple(spans) if any(spans) else (),
        published=strong.published or article.published or weak.published,
        author=strong.author or article.author or weak.author,
        category=strong.category or article.category or weak.category or kicker,
        source=article.source or strong.source or weak.source,
        url=strong.url or article.url or weak.url,
    ), lines
