"""Render articles as Markdown, JSON, JSON Lines or plain text. Pure functions: strings in, strings out."""
from __future__ import annotations

import json
import re
from typing import Any, Callable, Sequence

from .model import Article

ARTICLE_KEYS = ("file", "index", "title", "category", "published", "author", "dateline", "source",
                "paragraphs", "text", "word_count")
_META_FIELDS = (("category", "Category"), ("published", "Published"), ("author", "Author"),
                ("dateline", "Dateline"), ("source", "Source"))
# Characters that would start CommonMark block syntax at the beginning of a paragraph.
_BLOCK_START = re.compile(r"^(\s*)([#>+=|~`]|[-*_](?=\s|$|[-*_]))")
_ORDERED_START = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
_INLINE = re.compile(r"([\\`*_\[\]<>!]|&(?=#?\w+;))")


def article_record(article: Article, file: str, index: int) -> dict[str, Any]:
    """The JSON object of one article, with exactly the documented keys in their documented order."""
    return {
        "file": file, "index": index, "title": article.title, "category": article.category,
        "published": article.published, "author": article.author, "dateline": article.dateline,
        "source": article.source, "paragraphs": list(article.paragraphs), "text": article.text,
        "word_count": article.word_count,
    }


def _dumps(record: dict[str, Any]) -> str:
    # JSON Lines readers split on U+2028/U+2029/NEL in some languages: escape them.
    text = json.dumps(record, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\u0085", "\\u0085")


def to_jsonl(articles: Sequence[Article], file: str) -> str:
    """One JSON object per line, one line per article."""
    return "".join(_dumps(article_record(a, file, i)) + "\n" for i, a in enumerate(articles))


def to_json(articles: Sequence[Article], file: str) -> str:
    """A JSON array of the article objects."""
    records = [article_record(a, file, i) for i, a in enumerate(articles)]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def escape_markdown(text: str) -> str:
    """Text that CommonMark renders literally: inline markup and raw HTML escaped, no accidental block syntax."""
    text = _INLINE.sub(r"\\\1", " ".join(text.split()))
    text = _ORDERED_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)  # "1\. Preheat", not a list
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def to_markdown(articles: Sequence[Article], file: str) -> str:
    """Each article as a level-1 heading, a metadata list, its paragraphs; articles separated by a rule."""
    blocks = []
    for article in articles:
        parts = [f"# {escape_markdown(article.title or 'Untitled')}"]
        meta = [f"- **{label}:** {escape_markdown(str(getattr(article, name)))}"
                for name, label in _META_FIELDS if getattr(article, name)]
        if meta:
            parts.append("\n".join(meta))
        parts.extend(escape_markdown(p) for p in article.paragraphs)
        blocks.append("\n\n".join(parts))
    return "\n\n---\n\n".join(blocks) + ("\n" if blocks else "")


def to_text(articles: Sequence[Article], file: str) -> str:
    """Paragraphs only, a blank line between paragraphs and between articles."""
    return "".join(article.text + "\n\n" for article in articles)


WRITERS: dict[str, Callable[[Sequence[Article], str], str]] = {
    "markdown": to_markdown, "json": to_json, "jsonl": to_jsonl, "text": to_text,
}
EXTENSIONS = {"markdown": ".md", "json": ".json", "jsonl": ".jsonl", "text": ".txt"}
