"""Render articles as Markdown, JSON, JSON Lines or plain text. Pure functions: strings in, strings out."""
from __future__ import annotations

import json
import re
from itertools import groupby
from typing import Any, Callable, Mapping, Sequence
from urllib.parse import quote

from .model import CELL_TAGS, TABLE_MAX_COLUMNS, Article, collapse_spaces

ARTICLE_KEYS = ("file", "index", "title", "category", "published", "author", "dateline", "source",
                "paragraphs", "text", "word_count")
# After these, and only where known: `url` (the page's address), then `record` and `meta` for pages read
# from WARC and JSON Lines files (the record id or line, the item's other fields).
_META_FIELDS = (("category", "Category"), ("published", "Published"), ("author", "Author"),
                ("dateline", "Dateline"), ("source", "Source"), ("url", "URL"))
# Characters that would start CommonMark block syntax at the beginning of a paragraph.
_BLOCK_START = re.compile(r"^(\s*)([#>+=|~`]|[-*_](?=\s|$|[-*_]))")
_ORDERED_START = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
# Inline markup characters, and "&" where it would start an entity. One character class first (the "&" ruled out
# after the fact by a look-behind) rather than an alternation, so that the regex engine skips ahead in C to the
# next candidate character: a third of the time on paragraphs, most of which have none.
_INLINE = re.compile(r"[\\`*_\[\]<>!&](?<!&(?!#?\w+;))")


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


def to_json_items(articles: Sequence[Article], file: str, extra: Mapping[str, Any] | None = None) -> str:
    """The article objects as items of a JSON array whose brackets a stream writes (one array over many pages):
    exactly what `to_json` puts between them."""
    return ",\n".join(_json_item(article_record(a, file, i, extra)) for i, a in enumerate(articles))


def _json_item(record: dict[str, Any]) -> str:
    return "\n".join("  " + line for line in json.dumps(record, ensure_ascii=False, indent=2).split("\n"))


def number_from(rendered: str, fmt: str, first: int) -> str:
    """Output rendered with articles numbered from 0, numbered from `first` instead (the parts of a large
    dump are rendered apart; their articles are numbered across the file). Only the JSON formats number."""
    if not first or fmt not in ("json", "jsonl"):
        return rendered
    if fmt == "jsonl":
        records = [json.loads(line) for line in rendered.split("\n") if line]
    else:
        records = json.loads(f"[{rendered}]")
    for record in records:
        record["index"] += first
    if fmt == "jsonl":
        return "".join(_dumps(record) + "\n" for record in records)
    return ",\n".join(_json_item(record) for record in records)


def escape_markdown(text: str, links: Sequence[tuple[int, int, str]] = ()) -> str:
    """Text that CommonMark renders literally: inline markup and raw HTML escaped, no accidental block syntax.

    `links` are (start, end, href) spans of `text` to render as links `[text](href)`, their text escaped too.
    """
    text = _inline(text, links)
    text = _ORDERED_START.sub(_escaped_start, text)  # "1\. Preheat", not a list
    return _BLOCK_START.sub(_escaped_start, text)


def _escaped_start(match: re.Match[str]) -> str:
    # a function of the module rather than a lambda: escape_markdown would build two for every paragraph
    return match.group(1) + "\\" + match.group(2)


_SPACE_RUN = re.compile(r"\s+")
_DESTINATION_ESCAPE = re.compile(r"([\\()<>&`])")
_DESTINATION_SPACE = re.compile(r"[\s\x00-\x1f\x7f]")


def _inline(text: str, links: Sequence[tuple[int, int, str]] = ()) -> str:
    """Text with its inline markup escaped and its spaces collapsed; the `links` spans as CommonMark links."""
    if not links:
        return _INLINE.sub(_backslashed, collapse_spaces(text))
    out: list[str] = []
    pos = 0
    for start, end, href in sorted(links):
        if start < pos or end <= start or end > len(text):
            continue  # overlapping or out of range: left as text
        out.append(_INLINE.sub(_backslashed, _SPACE_RUN.sub(" ", text[pos:start])))
        label = _INLINE.sub(_backslashed, collapse_spaces(text[start:end]))
        if label:
            out.append(f"[{label}]({_destination(href)})")
        pos = end
    out.append(_INLINE.sub(_backslashed, _SPACE_RUN.sub(" ", text[pos:])))
    return "".join(out).strip()


def _backslashed(match: re.Match[str]) -> str:
    # a function rather than the template r"\\\g<0>": Python 3.11 looks a template up on every sub() call,
    # which costs more than the search itself on a paragraph without markup
    return "\\" + match.group()


def _destination(href: str) -> str:
    """A link destination CommonMark reads back as `href`: spaces and controls percent-encoded, and the
    characters that could end it or start other markup backslash-escaped."""
    href = _DESTINATION_SPACE.sub(lambda m: quote(m.group()), href)
    return _DESTINATION_ESCAPE.sub(_backslashed, href)


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
    count = len(article.paragraphs)
    tags = article.tags if len(article.tags) == count else ("",) * count
    links = article.links if len(article.links) == count else ((),) * count
    blocks: list[str] = []
    for tag, group in groupby(zip(tags, article.paragraphs, links), key=lambda item: _TABLE_KEY.get(item[0], item[0])):
        items = list(group)
        texts = [text for _, text, _ in items]
        if tag == "table":
            table = _pipe_table(items)
            if table is not None:
                blocks.append(table)
            else:
                blocks.extend(escape_markdown(text, spans) for _, text, spans in items)
        elif tag == "pre":
            longest = max((len(run) for text in texts for run in re.findall(r"`+", text)), default=0)
            fence = "`" * max(3, longest + 1)
            blocks.append("\n".join([fence, *texts, fence]))
        elif tag in _HEADING_LEVEL:
            blocks.extend("#" * _HEADING_LEVEL[tag] + " " + escape_markdown(text, spans) for _, text, spans in items)
        elif tag == "li":
            blocks.append("\n".join("- " + escape_markdown(text, spans) for _, text, spans in items))
        elif tag == "blockquote":
            blocks.append("\n>\n".join("> " + escape_markdown(text, spans) for _, text, spans in items))
        else:
            blocks.extend(escape_markdown(text, spans) for _, text, spans in items)
    return blocks


_TABLE_KEY = dict.fromkeys(CELL_TAGS, "table")  # a run of cells, whatever their tags, is one table


def _pipe_table(items: Sequence[tuple[str, str, Sequence[tuple[int, int, str]]]]) -> str | None:
    """A run of table-cell paragraphs as a GFM pipe table, the first row its header; None unless the run is
    whole rows (each opened by a "td+"/"th+" cell) of one width, 2 to TABLE_MAX_COLUMNS columns, 2 rows or more."""
    rows: list[list[str]] = []
    for tag, text, spans in items:
        if tag.endswith("+"):
            rows.append([])
        elif not rows:
            return None
        rows[-1].append(_inline(text, spans).replace("|", "\\|"))
    width = len(rows[0]) if rows else 0
    if len(rows) < 2 or not 2 <= width <= TABLE_MAX_COLUMNS or any(len(row) != width for row in rows):
        return None
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
    return "\n".join(lines)


def to_text(articles: Sequence[Article], file: str, extra: Mapping[str, Any] | None = None) -> str:
    """Paragraphs only, a blank line between paragraphs and between articles (`extra` is for the JSON formats)."""
    return "".join(article.text + "\n\n" for article in articles)


WRITERS: dict[str, Callable[[Sequence[Article], str, Mapping[str, Any] | None], str]] = {
    "markdown": to_markdown, "json": to_json, "jsonl": to_jsonl, "text": to_text,
}
EXTENSIONS = {"markdown": ".md", "json": ".json", "jsonl": ".jsonl", "text": ".txt"}
