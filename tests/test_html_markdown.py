"""Markdown from HTML input: links only with `--links` / `links=True`, and simple tables as pipe tables."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from cleaner import clean, clean_html
from cleaner.cli import cli
from cleaner.htmlwalk import safe_href
from cleaner.writers import escape_markdown, to_json, to_markdown, to_text

from test_html import PROSE, PROSE_2, PROSE_3  # the same story as the reader's tests
LINKED = ("The full report of the council, <a href='https://example.org/report?a=1&amp;b=2'>with its *costs* "
          "[in euros]</a>, is public, and <a href='javascript:alert(1)'>this script</a> is not a link, nor is "
          "<a href='data:text/html,hi'>this data</a>, but <a href='/minutes (2024).html'>the minutes</a> are.")
GFM = MarkdownIt("commonmark").enable("table")


def page(body: str) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Bridge</title></head><body><article>"
            f"<h1>Footbridge repairs agreed by the council</h1>{body}</article></body></html>")


def linked_page() -> str:
    return page(f"<p>{PROSE}</p><p>{LINKED}</p><p>{PROSE_2}</p><p>{PROSE_3}</p>")


def test_links_rendered_only_when_asked() -> None:
    plain = to_markdown(clean_html(linked_page()).articles, "x.html")
    assert "](" not in plain and "https://example.org" not in plain
    linked = to_markdown(clean_html(linked_page(), links=True).articles, "x.html")
    assert "[with its \\*costs\\* \\[in euros\\]](https://example.org/report?a=1\\&b=2)" in linked
    assert "[the minutes](/minutes%20\\(2024\\).html)" in linked
    assert "javascript" not in linked and "data:" not in linked
    assert "this script is not a link" in linked and "nor is this data," in linked
    html = GFM.render(linked)
    assert '<a href="https://example.org/report?a=1&amp;b=2">with its *costs* [in euros]</a>' in html
    assert '<a href="/minutes%20(2024).html">the minutes</a>' in html
    assert html.count("<a href") == 2


def test_links_leave_paragraphs_json_and_text_verbatim() -> None:
    without, with_links = clean_html(linked_page()), clean(linked_page(), "html", links=True)
    assert with_links.articles[0].paragraphs == without.articles[0].paragraphs
    assert to_json(with_links.articles, "x") == to_json(without.articles, "x")
    assert to_text(with_links.articles, "x") == to_text(without.articles, "x")
    assert without.articles[0].links == ()
    spans = with_links.articles[0].links
    assert len(spans) == len(with_links.articles[0].paragraphs)
    text = with_links.articles[0].paragraphs[1]
    assert [text[start:end] for start, end, _ in spans[1]] == ["with its *costs* [in euros]", "the minutes"]


def test_links_cli_flag(tmp_path) -> None:
    source = tmp_path / "page.html"
    source.write_text(linked_page(), encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(cli, ["clean", str(source)], catch_exceptions=False).output
    linked = runner.invoke(cli, ["clean", str(source), "--links"], catch_exceptions=False).output
    assert "](" not in plain and "[the minutes](/minutes%20\\(2024\\).html)" in linked
    as_json = runner.invoke(cli, ["clean", str(source), "--links", "-f", "json"], catch_exceptions=False).output
    plain_json = runner.invoke(cli, ["clean", str(source), "-f", "json"], catch_exceptions=False).output
    assert as_json == plain_json and "](" not in as_json
    assert json.loads(as_json)[0]["paragraphs"][1].startswith("The full report of the council, with its")


@pytest.mark.parametrize("href, safe", [
    ("https://a.example/x", "https://a.example/x"), ("HTTP://a.example", "HTTP://a.example"),
    ("/path", "/path"), ("page.html#top", "page.html#top"), ("//cdn.example/x", "//cdn.example/x"),
    ("javascript:alert(1)", None), (" JavaScript:alert(1)", None), ("java\tscript:alert(1)", None),
    ("data:text/html,x", None), ("mailto:a@b.c", None), ("", None), (None, None), ("  ", None),
])
def test_safe_href(href, safe) -> None:
    assert safe_href(href) == safe


def test_escape_markdown_with_links_keeps_block_escapes() -> None:
    assert escape_markdown("# Not a heading, see here", [(21, 25, "/h")]) == "\\# Not a heading, see [here](/h)"
    assert escape_markdown("1. Not a list", [(0, 2, "/x")]) == "[1.](/x) Not a list"
    assert escape_markdown("a <b> c", [(2, 5, "/x")]) == "a [\\<b\\>](/x) c"


def table_page(table: str) -> str:
    return page(f"<p>{PROSE}</p><p>{PROSE_2}</p>{table}<p>{PROSE_3}</p>")


SIMPLE = ("<table><thead><tr><th>Item</th><th>Cost | euros</th><th>Due</th></tr></thead><tbody>"
          "<tr><td>Deck planks</td><td>12,000</td><td>March</td></tr>"
          "<tr><td>Railings</td><td>about <a href='/r'>8,500</a></td><td>April</td></tr></tbody></table>")


def test_simple_table_becomes_pipe_table() -> None:
    result = clean_html(table_page(SIMPLE))
    article = result.articles[0]
    assert article.tags[2:11] == ("th+", "th", "th", "td+", "td", "td", "td+", "td", "td")
    markdown = to_markdown(result.articles, "x")
    assert ("| Item | Cost \\| euros | Due |\n| --- | --- | --- |\n| Deck planks | 12,000 | March |\n"
            "| Railings | about 8,500 | April |") in markdown
    html = GFM.render(markdown)
    assert "<th>Cost | euros</th>" in html and "<td>Railings</td>" in html
    assert html.index(PROSE_2[:20]) < html.index("<table>") < html.index(PROSE_3[:20])
    linked = to_markdown(clean_html(table_page(SIMPLE), links=True).articles, "x")
    assert "| Railings | about [8,500](/r) | April |" in linked
    # JSON: the cells stay paragraphs of plain text
    record = json.loads(to_json(result.articles, "x"))[0]
    assert record["paragraphs"][2:5] == ["Item", "Cost | euros", "Due"] and "tags" not in record


def test_first_row_is_the_header_without_th() -> None:
    table = "<table><tr><td>Deck planks</td><td>12,000</td></tr><tr><td>Railings</td><td>8,500</td></tr></table>"
    markdown = to_markdown(clean_html(table_page(table)).articles, "x")
    assert "| Deck planks | 12,000 |\n| --- | --- |\n| Railings | 8,500 |" in markdown


@pytest.mark.parametrize("table", [
    SIMPLE.replace("<th>Due</th>", "<th colspan='2'>Due</th>"),
    SIMPLE.replace("<td>March</td>", "<td rowspan='2'>March</td>"),
    SIMPLE.replace("<td>Railings</td>", "<td><table><tr><td>Railings</td><td>x</td></tr></table></td>"),
    SIMPLE.replace("<td>March</td>", "<td></td>"),
    SIMPLE.replace("<td>12,000</td>", "<td><p>12,000</p><p>in total</p></td>"),
    "<table><tr>" + "".join(f"<td>Cell {k}</td>" for k in range(11)) + "</tr><tr>"
    + "".join(f"<td>Value {k}</td>" for k in range(11)) + "</tr></table>",
])
def test_complex_tables_fall_back_to_paragraphs(table: str) -> None:
    result = clean_html(table_page(table))
    markdown = to_markdown(result.articles, "x")
    assert "| --- |" not in markdown
    assert not any(tag.endswith("+") for tag in result.articles[0].tags)


def test_keep_captions_keeps_figure_captions(tmp_path: Path) -> None:
    """--keep-captions keeps what html-caption drops by default, as --skip html-caption does."""
    body = "".join(f"<p>{PROSE} Paragraph {n} of the story.</p>" for n in range(4))
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><article><h1>Harbor wall</h1>{body}<figure><img src='a.jpg'>"
                    "<figcaption>The harbor wall after the storm.</figcaption></figure></article></body></html>",
                    encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(cli, ["clean", str(page), "-f", "text"])
    kept = runner.invoke(cli, ["clean", str(page), "-f", "text", "--keep-captions"])
    assert "after the storm" not in plain.stdout and "The harbor wall after the storm." in kept.stdout


def test_a_paragraph_joined_from_two_lines_leaves_the_others_their_tags_and_links() -> None:
    """A <br> cuts a paragraph into two lines, which join again (the second goes on in lower case): the paragraph
    takes its first line's tag, and the headings, list items and links of the other paragraphs are kept."""
    body = (f"<p>{PROSE}</p><p>The statement from the harbour office read:<br>we will rebuild the footbridge before "
            f"the summer.</p><h2>What changes</h2><ul><li>{PROSE_2}</li></ul><p>{LINKED}</p><p>{PROSE_3}</p>")
    article = clean_html(page(body), links=True).articles[0]
    joined = "The statement from the harbour office read: we will rebuild the footbridge before the summer."
    assert joined in article.paragraphs
    assert article.tags[article.paragraphs.index(joined)] == "p"
    markdown = to_markdown([article], "x.html")
    assert "## What changes" in markdown and f"- {PROSE_2}" in markdown
    assert "](https://example.org/report" in markdown
    assert article.paragraphs[0] == PROSE  # the headline is the title, not a paragraph


def test_blocks_of_other_kinds_never_join() -> None:
    """A list item after 'Steps follow:', a quotation after 'The statement read:', the lines of code after a
    paragraph, each stay what they are (in a text dump, the first two would join: they go on with the sentence)."""
    body = (f"<p>{PROSE}</p><p>The steps are as follows:</p><ol><li>close the bridge to walkers,</li>"
            f"<li>replace the planks.</li></ol><p>The statement read:</p><blockquote>we will rebuild it.</blockquote>"
            f"<p>The engineers ran this loop:</p><pre><code>for plank in planks:\n    check(plank)</code></pre>"
            f"<p>{PROSE_2}</p><p>{PROSE_3}</p>")
    markdown = to_markdown(clean_html(page(body)).articles, "x.html")
    assert "The steps are as follows:\n\n- close the bridge to walkers,\n- replace the planks." in markdown
    assert "The statement read:\n\n> we will rebuild it." in markdown
    assert "```\nfor plank in planks:\n    check(plank)\n```" in markdown
