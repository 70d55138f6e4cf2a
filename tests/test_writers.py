"""Tests for the writers: the JSON record's keys, JSON Lines framing, Markdown escaping and plain text."""
from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt

from cleaner.model import Article
from cleaner.writers import (ARTICLE_KEYS, escape_markdown, number_from, to_json, to_json_items, to_jsonl, to_markdown,
                             to_text)

KEYS = ["file", "index", "title", "category", "published", "author", "dateline", "source", "paragraphs", "text",
        "word_count"]
FIRST = Article(title="Harbor wall to be rebuilt", paragraphs=("The council approved the plan.", "Work starts in spring."),
                category="Europe", published="2025-04-29", author="Jane Doe", dateline="Madrid, Spain", source="CNN")
SECOND = Article(title="Library to open until midnight", paragraphs=("The library will stay open late.",))


def test_json_record_has_exactly_the_documented_keys_in_order() -> None:
    records = json.loads(to_json([FIRST, SECOND], "page.txt"))
    assert [list(record) for record in records] == [KEYS, KEYS]
    assert list(ARTICLE_KEYS) == KEYS


def test_json_record_values() -> None:
    record = json.loads(to_json([FIRST], "page.txt"))[0]
    assert record == {
        "file": "page.txt", "index": 0, "title": "Harbor wall to be rebuilt", "category": "Europe",
        "published": "2025-04-29", "author": "Jane Doe", "dateline": "Madrid, Spain", "source": "CNN",
        "paragraphs": ["The council approved the plan.", "Work starts in spring."],
        "text": "The council approved the plan.\n\nWork starts in spring.", "word_count": 9,
    }


def test_json_missing_metadata_is_null() -> None:
    record = json.loads(to_json([SECOND], "-"))[0]
    assert [record[k] for k in ("category", "published", "author", "dateline", "source")] == [None] * 5


def test_json_of_no_articles_is_an_empty_array() -> None:
    assert json.loads(to_json([], "page.txt")) == []


def test_jsonl_is_one_object_per_line_with_indexes() -> None:
    lines = to_jsonl([FIRST, SECOND], "page.txt").splitlines()
    assert [json.loads(line)["index"] for line in lines] == [0, 1]
    assert [json.loads(line)["title"] for line in lines] == [FIRST.title, SECOND.title]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_parts_rendered_apart_are_numbered_on(fmt: str) -> None:
    """A large dump's parts are rendered apart, each from index 0; numbered from 2 they are what one render
    of all the articles gives for the same articles."""
    articles = [Article(f"Title {k}", ("A paragraph\u2028with a line separator.",)) for k in range(4)]
    render = to_json_items if fmt == "json" else to_jsonl
    whole = render(articles, "big.txt", None)
    first, second = render(articles[:2], "big.txt", None), render(articles[2:], "big.txt", None)
    joint = ",\n" if fmt == "json" else ""
    assert first + joint + number_from(second, fmt, 2) == whole
    assert number_from(second, "markdown", 2) == second and number_from(second, fmt, 0) == second


def test_jsonl_escapes_unicode_line_separators() -> None:
    """U+2028 inside a paragraph must not split a JSON Lines record in readers that treat it as a newline."""
    text = to_jsonl([Article(title="T", paragraphs=("one\u2028two", "three\u2029four"))], "page.txt")
    assert text.count("\n") == 1 and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text)["paragraphs"] == ["one\u2028two", "three\u2029four"]


def test_markdown_has_a_heading_per_article_and_a_rule_between() -> None:
    markdown = to_markdown([FIRST, SECOND], "page.txt")
    tokens = MarkdownIt("commonmark").parse(markdown)
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h1"]
    assert sum(t.type == "hr" for t in tokens) == 1


def test_markdown_shows_metadata_readably() -> None:
    markdown = to_markdown([FIRST], "page.txt")
    for label, value in [("Category", "Europe"), ("Published", "2025-04-29"), ("Author", "Jane Doe"),
                         ("Dateline", "Madrid, Spain"), ("Source", "CNN")]:
        assert f"**{label}:** {value}" in markdown


def rendered_paragraphs(markdown: str) -> list[str]:
    """The text of each CommonMark paragraph, as a reader would see it."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    return ["".join(child.content for child in tokens[i + 1].children or [] if child.type == "text")
            for i, token in enumerate(tokens) if token.type == "paragraph_open"]


@pytest.mark.parametrize("paragraph", [
    pytest.param("# Not a heading, just a hash sign.", id="hash"),
    pytest.param("> Not a quote.", id="greater than"),
    pytest.param("- Not a list item.", id="dash"),
    pytest.param("+ Not a list item.", id="plus"),
    pytest.param("1. Preheat the oven to 200 degrees.", id="ordered list"),
    pytest.param("12. März 2024 war ein Dienstag.", id="ordered list, two digits"),
    pytest.param("2) Then add the flour.", id="ordered list with parenthesis"),
    pytest.param("*Stars* and _underscores_ stay literal.", id="emphasis"),
    pytest.param("A [link](http://example.com) stays text.", id="link"),
    pytest.param("Raw <b>HTML</b> stays text.", id="html"),
    pytest.param("Back`ticks` stay literal.", id="code"),
    pytest.param("An entity &amp; stays literal.", id="entity"),
    pytest.param("A backslash \\ stays.", id="backslash"),
    pytest.param("---", id="rule"),
    pytest.param("===", id="setext underline"),
])
def test_markdown_paragraph_renders_literally(paragraph: str) -> None:
    """Each paragraph is escaped so that CommonMark shows exactly its text: no heading, list, quote or markup."""
    markdown = to_markdown([Article(title="T", paragraphs=(paragraph,))], "page.txt")
    assert rendered_paragraphs(markdown) == [paragraph]


def test_markdown_title_renders_literally() -> None:
    title = "12. März 2024: *Stars* and <tags>"
    tokens = MarkdownIt("commonmark").parse(to_markdown([Article(title=title, paragraphs=("Body.",))], "p"))
    heading = tokens[[t.type for t in tokens].index("heading_open") + 1]
    assert "".join(c.content for c in heading.children if c.type == "text") == title


def test_escape_markdown_leaves_plain_text_alone() -> None:
    assert escape_markdown("The council approved the plan on Tuesday.") == "The council approved the plan on Tuesday."


def test_markdown_of_no_articles_is_empty() -> None:
    assert to_markdown([], "page.txt") == ""


def test_text_is_paragraphs_only_separated_by_blank_lines() -> None:
    assert to_text([FIRST, SECOND], "page.txt") == (
        "The council approved the plan.\n\nWork starts in spring.\n\nThe library will stay open late.\n\n")
