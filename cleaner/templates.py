"""Site templates: lines that recur on many pages of one site (menus, footers, 'Most read' lists), learned in a batch.

A batch first reads a sample of each site's pages and counts on how many of them each normalised line
(`Line.key`) appears. A line found on at least TEMPLATE_SHARE of a site's sampled pages, when at least
MIN_SITE_PAGES were sampled, belongs to the site's template. The second pass cleans every page with its
site's template in `Options.template`, and the `site-template` filter drops the kept lines it holds.

A site is a folder, split by host when pages state their address (`<link rel=canonical>`, `og:url`).
Long sentences never count, so body text quoted on several pages is not mistaken for a template: only lines
of at most MAX_TEMPLATE_WORDS words, or without sentence punctuation (a menu run together), are candidates.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Sequence

from . import filters
from .model import Line, Options

MIN_SITE_PAGES = 5  # fewer sampled pages say nothing about what recurs
TEMPLATE_SHARE = 0.5  # a line on half the pages of a site is its template, not its content
SAMPLE_PAGES = 100  # pages read per folder to learn templates: a 50% share measured within about ten points
MAX_TEMPLATE_WORDS = 12
MAX_KEY_CHARS = 300  # longer lines are prose or data, never a menu item; also bounds the counters' memory

_SENTENCE_PUNCTUATION = re.compile(r"[.!?…](?:\s|$)")
_WORD = re.compile(r"\w")
_HEAD_BYTES = 65536
_LINK_TAG = re.compile(rb"<link\b[^>]{0,600}>", re.I)
_CANONICAL = re.compile(rb"""\brel\s*=\s*["']?canonical\b""", re.I)
_HREF_HOST = re.compile(rb"""\bhref\s*=\s*["']?(?:https?:)?//([^/"'\s>?#]+)""", re.I)
_OG_URL_HOST = re.compile(rb"""<meta\b[^>]{0,300}?\bproperty\s*=\s*["']?og:url["']?[^>]{0,300}?"""
                          rb"""\bcontent\s*=\s*["']?(?:https?:)?//([^/"'\s>?#]+)""", re.I)


@filters.page_filter("site-template")
def site_template(lines: Sequence[Line], options: Options) -> list[Line]:
    """Lines of the site's template, learned from its other pages in a batch: 'World  Business  Tech', a footer.

    Only runs in batches (`cleaner clean FOLDER`), where `Options.template` holds the keys learned.
    """
    if not options.template:
        return list(lines)
    doomed = {i for i, ln in enumerate(lines) if ln.kept and not ln.blank and ln.key in options.template}
    return filters.drop_at(lines, doomed, "site-template")


def is_candidate(key: str) -> bool:
    """Whether a line (by its match key) may be part of a template: short, or not a sentence, and with a word.

    A line without a letter or digit ('.', '»') is the piece of a sentence a dump cut at a link, not a template.
    """
    if not key or len(key) > MAX_KEY_CHARS or not _WORD.search(key):
        return False
    return len(key.split()) <= MAX_TEMPLATE_WORDS or not _SENTENCE_PUNCTUATION.search(key)


def candidate_keys(lines: Iterable[Line]) -> frozenset[str]:
    """The distinct keys of a page's lines that may belong to a template."""
    return frozenset(ln.key for ln in lines if is_candidate(ln.key))


def page_lines(data: bytes | str, input_type: str = "auto") -> list[Line]:
    """A page's lines as the cleaning pass will see them, before any filter runs (str: already decoded)."""
    from .decoding import page_text
    from .html import read_as_html, read_html
    from .pipeline import to_lines

    if read_as_html(data, input_type):
        return read_html(data).lines
    return to_lines(page_text(data))


def site_host(data: bytes | str) -> str | None:
    """The host a page says it lives at (its canonical link or og:url), lower-case without 'www.'; None if none."""
    head = data[:_HEAD_BYTES]
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    match = next((_HREF_HOST.search(tag.group()) for tag in _LINK_TAG.finditer(head)
                  if _CANONICAL.search(tag.group())), None) or _OG_URL_HOST.search(head)
    if match is None:
        return None
    host = match.group(1).decode("ascii", "replace").lower().rsplit("@", 1)[-1].split(":")[0]
    return host.removeprefix("www.") or None


def learn(pages: Iterable[frozenset[str]]) -> frozenset[str]:
    """The template of one site, from the candidate keys of each of its sampled pages."""
    counts: Counter[str] = Counter()
    n = 0
    for keys in pages:
        counts.update(keys)
        n += 1
    if n < MIN_SITE_PAGES:
        return frozenset()
    needed = max(2, TEMPLATE_SHARE * n)
    return frozenset(key for key, count in counts.items() if count >= needed)


def learn_from_pages(pages: Iterable[bytes | str], input_type: str = "auto") -> frozenset[str]:
    """The template shared by pages of one site, given as bytes: what a batch learns for their folder."""
    return learn(candidate_keys(page_lines(data, input_type)) for data in pages)


def sample(count: int, limit: int = SAMPLE_PAGES) -> list[int]:
    """Indexes of at most `limit` of `count` pages, spread evenly (a site's old and new pages alike)."""
    taken = min(count, limit)
    return [k * count // taken for k in range(taken)]
