"""Tests for the HTML reader (cleaner.html), its metadata (cleaner.htmlmeta) and clean_html, with golden pages.

Goldens: fixtures/html/<case>.html → <case>.md, <case>.json and <case>.removed.tsv. Rewrite them with
`CLEANER_UPDATE_GOLDEN=1 pytest tests/test_html.py` (or `pytest --update-golden`), then read the diff.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.articles import ROLES
from cleaner import clean, clean_html, clean_text
from cleaner.cli import cli
from cleaner.html import HTML_REASONS, looks_like_html, read_html
from cleaner.htmlmeta import iso_date
from cleaner.model import Result
from cleaner.writers import to_json, to_markdown

HTML_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
GOLDEN_CASES = sorted(HTML_FIXTURES.glob("*.html"))
SPLITTER_ROLES = set(ROLES)

PROSE = ("The council met on Tuesday evening and agreed, after a long debate, to repair the old footbridge "
         "before the winter floods arrive.")
PROSE_2 = ("Engineers will start work next month, and the path along the river will stay open for walkers "
           "while the repairs go on.")
PROSE_3 = ("Residents who use the bridge every day said they were relieved, because the detour through the "
           "town centre adds twenty minutes to the walk.")


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def story(*extra: str) -> str:
    """An article body of three prose paragraphs, plus extra markup after it."""
    return f"<article><p>{PROSE}</p><p>{PROSE_2}</p><p>{PROSE_3}</p>{''.join(extra)}</article>"


def kept(result: Result) -> list[str]:
    return [p for article in result.articles for p in article.paragraphs]


def reason_of(result: Result, text: str) -> str | None:
    """The reason the line with exactly this text was dropped (None if it was kept)."""
    matches = [ln for ln in result.lines if ln.text.strip() == text]
    assert matches, f"no line {text!r}"
    return matches[0].dropped_by


# ---------------------------------------------------------------------------------------------
# The reader: blocks, lines, structure
# ---------------------------------------------------------------------------------------------

def test_read_html_script_style_and_template_never_become_lines() -> None:
    html = page(f"<script>var secret = 'SCRIPT-TEXT';</script><style>p {{ color: red }}</style>"
                f"<template><p>TEMPLATE-TEXT</p></template><noscript>NOSCRIPT-TEXT</noscript>{story()}")
    texts = " ".join(ln.text for ln in read_html(html).lines)
    assert "SCRIPT-TEXT" not in texts and "color" not in texts
    assert "TEMPLATE-TEXT" not in texts and "NOSCRIPT-TEXT" not in texts
    assert PROSE in texts


def test_clean_html_nav_is_dropped_with_its_reason() -> None:
    result = clean_html(page(f"<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>Local news</a></li>"
                             f"</ul></nav>{story()}"))
    assert reason_of(result, "Local news") == "html-nav"
    assert kept(result) == [PROSE, PROSE_2, PROSE_3]


def test_read_html_inline_markup_joins_its_block() -> None:
    lines = read_html(page("<p>The <b>old</b> bridge, <a href='/x'>built in 1890</a>, is <em>closing</em>.</p>")).lines
    assert [ln.text for ln in lines] == ["The old bridge, built in 1890, is closing."]
    assert lines[0].tag == "p"


def test_read_html_br_splits_lines() -> None:
    lines = read_html(page("<p>12 Mill Lane<br>Millbrook<br/>MB1 2AB</p>")).lines
    assert [ln.text for ln in lines] == ["12 Mill Lane", "Millbrook", "MB1 2AB"]


def test_read_html_list_items_and_headings_keep_their_tags() -> None:
    lines = read_html(page("<h2>What we need</h2><ul><li><p>Bricks</p></li><li>Clay mortar</li></ul>"
                           "<blockquote><p>Listen to the oven.</p></blockquote>")).lines
    assert [(ln.tag, ln.text) for ln in lines] == [
        ("h2", "What we need"), ("li", "Bricks"), ("li", "Clay mortar"), ("blockquote", "Listen to the oven.")]


def test_read_html_pre_keeps_its_lines() -> None:
    lines = read_html(page("<pre>line one\n  line two\n</pre>")).lines
    assert [(ln.tag, ln.text) for ln in lines] == [("pre", "line one"), ("pre", "  line two")]


def test_read_html_numbers_lines_from_one_with_their_article() -> None:
    lines = read_html(page(f"<p>Before.</p>{story()}{story()}")).lines
    assert [ln.number for ln in lines] == list(range(1, len(lines) + 1))
    assert [ln.container for ln in lines] == [0, 1, 1, 1, 2, 2, 2]


def test_read_html_decodes_bytes_by_their_declared_charset() -> None:
    data = page("<p>Le caf\u00e9 na\u00eff co\u00fbte 5 \u20ac.</p>", "").replace("utf-8", "windows-1252")
    lines = read_html(data.encode("cp1252")).lines
    assert lines[0].text == "Le caf\u00e9 na\u00eff co\u00fbte 5 \u20ac."


def test_read_html_strips_an_xml_declaration_that_lxml_refuses_in_text() -> None:
    text = "<?xml version='1.0' encoding='iso-8859-1'?>" + page(f"<p>{PROSE}</p>")
    assert [ln.text for ln in read_html(text).lines] == [PROSE]


# ---------------------------------------------------------------------------------------------
# Reasons
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("markup", "reason"), [
    pytest.param("<header><p>Millbrook Notes</p></header>", "html-header", id="header"),
    pytest.param("<footer><p>All rights reserved</p></footer>", "html-footer", id="footer"),
    pytest.param("<aside><p>Most read today</p></aside>", "html-aside", id="aside"),
    pytest.param("<form><p>Search the site</p></form>", "html-form", id="form"),
    pytest.param("<div role='navigation'><p>Sections</p></div>", "html-nav", id="role navigation"),
    pytest.param("<div class='share-buttons'><p>Share this</p></div>", "html-boilerplate-class", id="share class"),
    pytest.param("<div id='relatedPosts'><p>You may also like</p></div>", "html-boilerplate-class", id="camelCase id"),
    pytest.param("<div class='cookie_notice'><p>We use cookies</p></div>", "html-boilerplate-class", id="underscore"),
    pytest.param("<div style='display: none'><p>Hidden text</p></div>", "html-hidden", id="display none"),
    pytest.param("<p><span class='screen-reader-text'>Posted on</span></p>", "html-hidden", id="screen reader"),
    pytest.param("<figure><img src='a.jpg'><figcaption>A caption</figcaption></figure>", "html-caption",
                 id="figcaption"),
    pytest.param("<p><a href='/a'>One story</a> <a href='/b'>Another story</a></p>", "link-dense", id="links"),
])
def test_clean_html_drops_chrome_with_its_reason(markup: str, reason: str) -> None:
    result = clean_html(page(markup + story()))
    dropped = [ln.dropped_by for ln in result.lines if ln.text.strip() and ln.text not in (PROSE, PROSE_2, PROSE_3)]
    assert dropped and all(r == reason for r in dropped), dropped
    assert kept(result) == [PROSE, PROSE_2, PROSE_3]


@pytest.mark.parametrize("words", ["adventure-story", "shared-content-block", "navigator", "commentary",
                                   "category-social-policy", "tag-advert-design"])
def test_clean_html_class_words_match_whole_words_only(words: str) -> None:
    """'adventure' is not 'ad', 'commentary' not 'comment'; CMS slugs of categories and tags say nothing."""
    result = clean_html(page(f"<div class='{words}'>{story()}</div>"))
    assert kept(result) == [PROSE, PROSE_2, PROSE_3]


def test_clean_html_a_chrome_name_on_the_article_wrapper_does_not_drop_it() -> None:
    """Blogger and WordPress themes wrap the post itself in 'widget' or 'comments-open' elements."""
    result = clean_html(page(f"<div class='widget Blog'><div class='post-body'><p>{PROSE}</p><p>{PROSE_2}</p>"
                             f"<p>{PROSE_3}</p></div></div><div class='widget'><p>Popular posts</p></div>"))
    assert kept(result) == [PROSE, PROSE_2, PROSE_3]
    assert reason_of(result, "Popular posts") == "html-boilerplate-class"


def test_clean_html_header_inside_the_article_is_no_page_header() -> None:
    result = clean_html(page(story().replace("<article>", "<article><header><h1>Bridge to be repaired</h1>"
                                                         "</header>")))
    assert result.articles[0].title == "Bridge to be repaired"
    assert reason_of(result, "Bridge to be repaired") == "title"


def test_clean_html_text_far_from_the_story_is_off_main() -> None:
    result = clean_html(page(f"<div class='main'>{story()}</div><div class='box'><p>Call 555 0199 today</p></div>"))
    assert reason_of(result, "Call 555 0199 today") == "off-main"


def test_clean_html_a_standfirst_above_the_story_is_kept() -> None:
    """The dek between the headline and the body belongs to the story, though it ends without a full stop."""
    dek = "Engineers promise that the crossing will reopen before the spring floods reach the valley"
    body = "".join(f"<p>{text}</p>" for text in (PROSE, PROSE_2, PROSE_3) * 3)  # the dek is a small share of it
    result = clean_html(page(f"<article><h1>Bridge to be repaired</h1><p class='subtitle'>{dek}</p>"
                             f"<div class='body'>{body}</div></article>"))
    assert kept(result) == [dek, *(PROSE, PROSE_2, PROSE_3) * 3]


def test_clean_html_a_linked_heading_that_opens_the_story_is_no_link_list() -> None:
    """A review's own heading links to its page; alone at the top of the main content, it is the review's."""
    result = clean_html(page(f"<h1>Reviews of the river ferry</h1><article><h2><a href='/r1'>Best crossing in years"
                             f"</a></h2><p>{PROSE}</p><p>{PROSE_2}</p><p>{PROSE_3}</p></article>"))
    assert kept(result) == ["Best crossing in years", PROSE, PROSE_2, PROSE_3]


def test_clean_html_linked_headings_after_the_story_stay_link_dense() -> None:
    result = clean_html(page(story("<h3><a href='/next'>Ferry timetable changes again</a></h3>")))
    assert reason_of(result, "Ferry timetable changes again") == "link-dense"


def test_clean_html_an_author_box_with_prose_is_chrome() -> None:
    bio = ("Jane Doe has covered the river towns for twenty years. She writes about bridges, ferries and floods, "
           "and she lives in a house by the water with two cats.")
    result = clean_html(page(story(f"<div class='author-box'><p>{bio}</p></div>")))
    assert reason_of(result, bio) == "html-boilerplate-class"
    assert kept(result) == [PROSE, PROSE_2, PROSE_3]


def test_clean_html_one_long_chrome_block_is_no_wrapper_of_a_short_post() -> None:
    """A wrapper holds several paragraphs; a post-metadata paragraph longer than the post is still chrome."""
    meta = ("This entry was filed on a Saturday morning under Bridges, Rivers and Town News, and you can follow "
            "any responses to it through the feed or leave one of your own.")
    result = clean_html(page(f"<div class='post'><p>{PROSE}</p><p class='postmetadata'>{meta}</p></div>"))
    assert reason_of(result, meta) == "html-boilerplate-class"
    assert kept(result) == [PROSE]


def test_clean_html_a_byline_span_on_a_line_of_its_own_is_dropped() -> None:
    result = clean_html(page(f"<article><div class='story-body'><span class='byline'>Jane Doe, river correspondent"
                             f"</span><p>{PROSE}</p><p>{PROSE_2}</p><p>{PROSE_3}</p></div></article>"))
    assert reason_of(result, "Jane Doe, river correspondent") == "byline"
    assert kept(result) == [PROSE, PROSE_2, PROSE_3]


@pytest.mark.parametrize("byline", ["Published 2 May 2022 by Jane Doe", "May 2, 2022 by Jane Doe",
                                    "By Jane Doe · 2 May 2022"])
def test_clean_html_a_byline_element_gives_its_date_and_author(byline: str) -> None:
    """A byline element (by its class) often holds the date too: both are read from it, not only a 'By …' line."""
    result = clean_html(page(f"<article><h1>Footbridge to reopen</h1><p class='meta'>{byline}</p>"
                             f"<p>{PROSE}</p><p>{PROSE_2}</p><p>{PROSE_3}</p></article>"))
    [article] = result.articles
    assert (article.author, article.published, article.paragraphs) == ("Jane Doe", "2022-05-02",
                                                                       (PROSE, PROSE_2, PROSE_3))


def test_clean_html_a_section_label_over_the_headline_is_the_category() -> None:
    result = clean_html(page(f"<article><p class='kicker'>Politics</p><h1>Footbridge to reopen</h1>"
                             f"<p>{PROSE}</p><p>{PROSE_2}</p><p>{PROSE_3}</p></article>"))
    [article] = result.articles
    assert (article.category, article.title, article.paragraphs) == ("Politics", "Footbridge to reopen",
                                                                     (PROSE, PROSE_2, PROSE_3))
    assert reason_of(result, "Politics") == "category"


def test_clean_html_a_chinese_sentence_over_the_headline_is_no_category() -> None:
    """Without spaces a sentence is one 'word' to str.split: a label is told by its characters."""
    sentence = "今天上午市政府召开新闻发布会，宣布老城区的步行桥将在夏天之前完成修复工作。"
    result = clean_html(page(f"<article><p>{sentence}</p><h1>Footbridge to reopen</h1>"
                             f"<p>{PROSE}</p><p>{PROSE_2}</p><p>{PROSE_3}</p></article>"))
    assert result.articles[0].category is None and reason_of(result, sentence) != "category"


def test_clean_html_a_byline_span_inside_a_sentence_does_not_cut_it() -> None:
    sentence = "Our reporter Jane Doe walked the length of the bridge, and she counted forty loose planks."
    html = sentence.replace("Jane Doe", "<span class='author'>Jane Doe</span>")
    result = clean_html(page(f"<article><p>{html}</p><p>{PROSE}</p><p>{PROSE_2}</p></article>"))
    assert kept(result) == [sentence, PROSE, PROSE_2]


@pytest.mark.parametrize(("markup", "reason"), [
    pytest.param("<div class='print-header'><span>https://example.org/news/bridge</span></div>", "html-hidden",
                 id="print only"),
    pytest.param("<div class='slider'><div class='slide'><h3><a href='/s'>Ferry timetable changes</a></h3>"
                 "<p>The ferry will run every hour, and the last boat leaves at nine in the evening.</p></div></div>",
                 "html-boilerplate-class", id="slider"),
    pytest.param("<div class='entry-details'>Views: 120 | Added by: Jane | Tags: bridges, river</div>", "byline",
                 id="entry details"),
])
def test_clean_html_drops_chrome_inside_the_story(markup: str, reason: str) -> None:
    result = clean_html(page(story(markup)))
    dropped = [ln.dropped_by for ln in result.lines if ln.text.strip() and ln.text not in (PROSE, PROSE_2, PROSE_3)]
    assert dropped and all(r == reason for r in dropped), dropped
    assert kept(result) == [PROSE, PROSE_2, PROSE_3]


def test_clean_html_lines_the_story_repeats_are_kept() -> None:
    """A training plan repeats its steps day after day: on HTML input structure, not repetition, tells chrome."""
    step = "Walk for twenty minutes"
    days = "".join(f"<h3>Day {day}</h3><p>{PROSE}</p><p>{PROSE_2}</p><p>{PROSE_3}</p><p>{step}</p>"
                   f"<p>{PROSE_2}</p><p>{PROSE}</p><p>{PROSE_3}</p><p>{PROSE_2}</p><p>{PROSE}</p>" for day in range(4))
    result = clean_html(page(f"<article>{days}</article>"))
    assert kept(result).count(step) == 4


def test_clean_html_skip_keeps_what_a_reason_would_drop() -> None:
    html = page(story("<figure><figcaption>The bridge in 1890.</figcaption></figure>"))
    assert "The bridge in 1890." not in kept(clean_html(html))
    assert "The bridge in 1890." in kept(clean_html(html, skip=["html-caption"]))


def test_clean_html_every_reason_is_known() -> None:
    from cleaner.filters import REGISTRY

    html = (HTML_FIXTURES / "wordpress_post.html").read_bytes()
    reasons = {ln.dropped_by for ln in clean_html(html).lines if ln.dropped_by}
    assert reasons <= set(REGISTRY) | set(HTML_REASONS) | SPLITTER_ROLES


def test_html_reasons_each_have_a_one_line_description() -> None:
    assert all(doc and "\n" not in doc for doc in HTML_REASONS.values())


# ---------------------------------------------------------------------------------------------
# Articles and metadata
# ---------------------------------------------------------------------------------------------

def test_clean_html_several_articles_become_several_articles() -> None:
    html = page("<h1>Archive</h1>" + "".join(
        f"<article><h2><a href='/story-{n}'>Story number {n}</a></h2><time datetime='2024-05-0{n}'>{n} May 2024</time>"
        f"<p>{PROSE}</p><p>{PROSE_2}</p></article>" for n in (1, 2, 3)),
        "<link rel='canonical' href='https://example.org/archive/'>")
    result = clean_html(html)
    assert [a.title for a in result.articles] == ["Story number 1", "Story number 2", "Story number 3"]
    assert [a.published for a in result.articles] == ["2024-05-01", "2024-05-02", "2024-05-03"]
    assert [a.url for a in result.articles] == [f"https://example.org/story-{n}" for n in (1, 2, 3)]
    assert all(a.paragraphs == (PROSE, PROSE_2) for a in result.articles)
    assert reason_of(result, "Archive") == "outside-article"


def test_clean_html_metadata_from_json_ld() -> None:
    head = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "ignored"},
        {"@type": "NewsArticle", "headline": "Footbridge to be repaired", "datePublished": "2024-02-03T08:00:00Z",
         "author": [{"@type": "Person", "name": "Ana Silva"}, {"@type": "Person", "name": "Tom Reed"}],
         "articleSection": "Local", "publisher": {"@type": "Organization", "name": "Valley Weekly"},
         "url": "https://valley.example/footbridge"}]}</script>"""
    article = clean_html(page(story(), head)).articles[0]
    assert (article.title, article.published, article.author, article.category, article.source, article.url) == (
        "Footbridge to be repaired", "2024-02-03", "Ana Silva, Tom Reed", "Local", "Valley Weekly",
        "https://valley.example/footbridge")


def test_clean_html_metadata_from_opengraph_time_and_canonical() -> None:
    head = ("<meta property='og:title' content='Footbridge to be repaired | Valley Weekly'>"
            "<meta property='og:site_name' content='Valley Weekly'><meta name='author' content='Ana Silva'>"
            "<link rel='canonical' href='https://valley.example/footbridge'>")
    article = clean_html(page(story("<time datetime='2024-02-03T08:00'>3 Feb</time>"), head)).articles[0]
    assert (article.title, article.published, article.author, article.source, article.url) == (
        "Footbridge to be repaired", "2024-02-03", "Ana Silva", "Valley Weekly", "https://valley.example/footbridge")


def test_clean_html_broken_json_ld_is_ignored() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    assert clean_html(page(story(), head)).articles[0].paragraphs == (PROSE, PROSE_2, PROSE_3)


def test_clean_html_never_takes_a_javascript_url() -> None:
    head = "<link rel='canonical' href='javascript:alert(1)'>"
    assert clean_html(page(story(), head)).articles[0].url is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-11-19T06:21:00Z", "2019-11-19"), ("2019-1-9", "2019-01-09"), ("November 19, 2019", "2019-11-19"),
    ("2019-13-45", None), ("yesterday", None), ("", None),
])
def test_iso_date(value: str, expected: str | None) -> None:
    assert iso_date(value) == expected


# ---------------------------------------------------------------------------------------------
# Input detection, writers, CLI
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "is_html"), [
    pytest.param(b"<!DOCTYPE html><html><body></body></html>", True, id="doctype"),
    pytest.param(b"\xef\xbb\xbf  \n<html lang='en'>", True, id="bom and html"),
    pytest.param("<div class='post'>Hello</div>", True, id="starts with a tag"),
    pytest.param("Breaking news\nThe text of a page\n<p>then a paragraph</p>", True, id="p tag early"),
    pytest.param("\xff\xfe" .encode("latin-1") + "<html><body>".encode("utf-16-le"), True, id="utf-16"),
    pytest.param("page.html", False, id="a file name"),
    pytest.param("Council approves bridge repair\nBy Ana Silva\nThe council met on Tuesday.", False, id="dump"),
    pytest.param("I <3 this town & its <bridge>", False, id="angle brackets"),
])
def test_looks_like_html(data: str | bytes, is_html: bool) -> None:
    assert looks_like_html(data) is is_html


def test_clean_sniffs_html_and_text() -> None:
    html = page(f"<nav><a href='/'>Home</a></nav>{story()}")
    assert kept(clean(html)) == kept(clean_html(html))
    dump = f"Footbridge to be repaired\n\n{PROSE}\n\n{PROSE_2}\n"
    assert kept(clean(dump)) == kept(clean_text(dump))
    assert kept(clean(html, "text")) == kept(clean_text(html))


def test_markdown_keeps_html_structure() -> None:
    html = page(story("<h2>Next steps</h2><ul><li>Close the path</li><li>Lift the deck</li></ul>"
                      "<blockquote><p>It will be ready by May, said the engineer in charge.</p></blockquote>"))
    markdown = to_markdown(clean_html(html).articles, "page.html")
    assert "\n\n## Next steps\n\n- Close the path\n- Lift the deck\n\n> It will be ready by May" in markdown


def test_json_record_ends_with_the_url_for_html_input() -> None:
    html = page(story(), "<link rel='canonical' href='https://valley.example/footbridge'>")
    record = json.loads(to_json(clean_html(html).articles, "page.html"))[0]
    assert list(record)[-1] == "url" and record["url"] == "https://valley.example/footbridge"


@pytest.mark.parametrize("input_type", ["auto", "html"])
def test_cli_reads_html(tmp_path: Path, input_type: str) -> None:
    path = tmp_path / "page.txt"  # the name says text; the content decides under auto
    path.write_text(page(f"<nav><a href='/'>Home</a></nav>{story()}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", "--input-type", input_type, "-f", "json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["paragraphs"] == [PROSE, PROSE_2, PROSE_3]


def test_cli_input_type_text_reads_markup_as_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(story()), encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", "--input-type", "text", "-f", "json", str(path)])
    assert result.exit_code == 0 and "<article>" in result.stdout


# ---------------------------------------------------------------------------------------------
# Golden pages
# ---------------------------------------------------------------------------------------------

def _render(case: Path) -> dict[str, str]:
    result = clean_html(case.read_bytes())
    return {".md": to_markdown(result.articles, case.name), ".json": to_json(result.articles, case.name),
            ".removed.tsv": "".join(f"{ln.number}\t{ln.dropped_by}\t{ln.text}\n" for ln in result.dropped)}


def _updating(request: pytest.FixtureRequest) -> bool:
    return os.environ.get("CLEANER_UPDATE_GOLDEN") == "1" or bool(request.config.getoption("--update-golden",
                                                                                            default=False))


@pytest.mark.parametrize("suffix", [".md", ".json", ".removed.tsv"])
@pytest.mark.parametrize("golden_case", GOLDEN_CASES, ids=[p.stem for p in GOLDEN_CASES])
def test_html_golden(golden_case: Path, suffix: str, request: pytest.FixtureRequest) -> None:
    """The library's output for each fixture page equals its golden file, byte for byte."""
    actual = _render(golden_case)[suffix]
    golden = golden_case.with_suffix(suffix)
    if _updating(request):
        golden.write_bytes(actual.encode("utf-8"))
        return
    assert actual == golden.read_bytes().decode("utf-8"), \
        f"{golden.name} differs; if intended, run CLEANER_UPDATE_GOLDEN=1 pytest tests/test_html.py and review the diff"


# What the goldens must say, checked apart from them so that a careless update cannot bless a wrong output.
GOLDEN_HEADS = {
    "wordpress_post": [("How we rebuilt the village bakery oven", "2024-03-14", "Ruth Okafor",
                        "https://millbrook.example.org/2024/03/rebuilt-bakery-oven/")],
    "news_archive": [
        ("Winter ferry timetable to add two early crossings", "2024-05-02", "Lena Varga",
         "https://gazette.example.com/2024/05/02/ferry-timetable/"),
        ("Harbour Road bus lane to open in June", "2024-04-28", "Sam Achterberg",
         "https://gazette.example.com/2024/04/28/bus-lane/"),
        ("Station lifts back in service after repairs", "2024-04-20", "Lena Varga",
         "https://gazette.example.com/2024/04/20/station-lifts/"),
    ],
    "jsonld_article": [("Orchard survey finds rare pear varieties", "2023-10-05", "Jo\u00e3o Almeida, Priya Raman",
                        "https://valleyweekly.example.net/news/orchard-survey")],
}
NEVER_KEPT = ["Share this:", "Facebook", "Leave a Reply", "Maggie", "Recent Posts", "Older stories", "Most read",
              "We use cookies", "Subscribe today", "Advertisement", "Garden centre", "Otters return", "Proudly powered",
              "Skip to content", "Get our environment newsletter", "first firing day", "Photo: Valley Weekly"]


@pytest.mark.parametrize("golden_case", GOLDEN_CASES, ids=[p.stem for p in GOLDEN_CASES])
def test_html_golden_heads_and_no_chrome(golden_case: Path) -> None:
    result = clean_html(golden_case.read_bytes())
    heads = [(a.title, a.published, a.author, a.url) for a in result.articles]
    assert heads == GOLDEN_HEADS[golden_case.stem]
    text = "\n".join(kept(result))
    assert not [phrase for phrase in NEVER_KEPT if phrase in text]
    assert all(len(a.paragraphs) >= 2 for a in result.articles)
