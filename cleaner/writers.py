"""Render articles as Markdown, JSON, JSON Lines or plain text. Pure functions: strings in, strings out."""
from __future__ import annotations

import json
import re
from itertools import groupby
from typing import Any, Callable, Mapping, Sequence

from .model import Article

ARTICLE_KEYS = ("file", "index", "title", "category", "published", "author", "dateline", "source",
                "paragraphs", "text", "word_count")
# After these, and only where known: `url` (the page's address), then `record` and `meta` for pages read
# from WARC and JSON Lines files (the record id or line, the item's other fields).
_META_FIELDS = (("category", "Category"), ("published", "Published"), ("author", "Author"),
                ("dateline", "Dateline"), ("source", "Source"), ("url", "URL"))
# Characters that would start CommonMark block syntax at the beginning of a paragraph.
_BLOCK_START = re.compile(r"^(\s*)([#>+=|~`]|[-*_](?=\s|$|[-*_]))")
_ORDERED_START = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
_INLINE = re.compile(r"([\\`*_\[\]<>!]|&(?=#?\w+;))")


def article_record(article: Article, file: str, index: int, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The JSON object of one article: the documented keys in their documented order, then `url` where known,
    then `extra` (`record` and `meta` for pages read from WARC and JSON Lines files), at the end."""
    record: dict[str, Any] = {
        "file": file, "index": index, "title": article.title, "category": article.category,
        "published": article.published, "author": article.author, "dateline": article.dateline,
        "source": article.source, "paragraphs": list(article.paragraphs), "text": article.text,
        "word_count": article.word_count,
    }
    if article.url:
        record["url"] = article.url
    if extra:
        record.update((key, value) for key, value in extra.items() if key not in record)
    return record


def _dumps(record: dict[str, Any]) -> str:
    # JSON Lines readers split on U+2028/U+2029/NEL in some languages: escape them.
    text = json.dumps(record, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\u0085", "\\u0085")


def to_jsonl(articles: Sequence[Article], file: str, extra: Mapping[str, Any] | None = None) -> str:
    """One JSON object per line, one line per article; `extra` keys end each object."""
    return "".join(_dumps(article_record(a, file, i, extra)) + "\n" for i, a in enumerate(articles))


def to_json(articles: Sequence[Article], file: str, extra: Mapping[str, Any] | None = None) -> str:
    """A JSON array of the article objects; `extra` keys end each object."""
    records = [article_record(a, file, i, extra) for i, a in enumerate(articles)]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def escape_markdown(text: str) -> str:
    """Text that CommonMark renders literally: inline markup and raw HTML escaped, no accidental block syntax."""
    text = _INLINE.sub(r"\\\1", " ".join(text.split()))
    text = _ORDERED_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)  # "1\. Preheat", not a list
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def to_markdown(articles: Sequence[Article], file: str, extra: Mapping[str, Any] | None = None) -> str:
    """Each article as a level-1 heading, a metadata list, its paragraphs; articles separated by a rule.

    `extra` (a record's id and fields) is for the JSON formats: Markdown shows the article, not its source.
    """
    blocks = []
    for article in articles:
        parts = [f"# {escape_markdown(article.title or 'Untitled')}"]
        meta = [f"- **{label}:** {escape_markdown(str(getattr(article, name)))}"
                for name, label in _META_FIELDS if getattr(article, name)]
        if meta:
            parts.append("\n".join(meta))
        parts.extend(_body_blocks(article))
        blocks.append("\n\n".join(parts))
    return "\n\n---\n\n".join(blocks) + ("\n" if blocks else "")


_HEADING_LEVEL = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def _body_blocks(article: Article) -> list[str]:
    """The paragraphs as Markdown blocks; HTML input's block tags make headings, list items, quotes and code."""
    tags = article.tags if len(article.tags) == len(article.paragraphs) else ("",) * len(article.paragraphs)
    blocks: list[str] = []
    for tag, group in groupby(zip(tags, article.paragraphs), key=lambda pair: pair[0]):
        texts = [text for _, text in group]
        if tag == "pre":
            longest = max((len(run) for text in texts for run in re.findall(r"`+", text)), default=0)
            fence = "`" * max(3, longest + 1)
            blocks.append("\n".join([fence, *texts, fence]))
        elif tag in _HEADING_LEVEL:
            blocks.extend("#" * _HEADING_LEVEL[tag] + " " + escape_markdown(text) for text in texts)
        elif tag == "li":
            blocks.append("\n".join("- " + escape_markdown(text) for text in texts))
        elif tag == "blockquote":
            blocks.append("\n>\n".join("> " + escape_markdown(text) for text in texts))
        else:
            blocks.extend(escape_markdown(text) for text in texts)
    return blocks


def to_text(articles: Sequence[Article], file: str, extra: Mapping[str, Any] | None = None) -> str:
    """Paragraphs only, a blank line between paragraphs and between articles (`extra` is for the JSON formats)."""
    return "".join(article.text + "\n\n" for article in articles)


WRITERS: dict[str, Callable[[Sequence[Article], str, Mapping[str, Any] | None], str]] = {
    "markdown": to_markdown, "json": to_json, "jsonl": to_jsonl, "text": to_text,
}
EXTENSIONS = {"markdown": ".md", "json": ".json", "jsonl": ".jsonl", "text": ".txt"}
