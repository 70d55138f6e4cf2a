"""Tests for `split_articles`: story boundaries, titles and categories on small inline pages."""
from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import articles
from cleaner.articles import find_stories, split_articles
from cleaner.filters import run
from cleaner.model import Article, Line
from cleaner.pipeline import clean_text, to_lines

HARBOR = [
    "The regional council approved a plan on Tuesday to rebuild the old harbor wall, which was badly damaged in last winter's storms.",
    "Engineers have warned for years that the wall, built in the 1890s, could give way in a severe storm and flood the streets behind it.",
    "Under the plan, the work will begin in the spring and is expected to take about two years, with the busiest stretch closed in stages.",
]
LIBRARY = [
    "The city library will stay open until midnight four evenings a week from next month, the council announced on Monday.",
    "A survey of more than 3,000 members found that many of them could not visit during the day because of work or study.",
    "Two new posts will be created for the extra hours, paid for by a private foundation for the first year.",
]


def story(category: str, title: str, byline: str, body: list[str]) -> str:
    return "\n\n".join([category, title, byline, *body, "Source link", "Continue Reading"])


def split(text: str) -> tuple[list[Article], list[Line]]:
    return split_articles(run(to_lines(text)))


def test_one_story_gives_one_article() -> None:
    articles, _ = split("Connect with us\n\n" + story("Europe", "Harbor wall to be rebuilt", "By Jane Doe", HARBOR))
    assert [(a.title, a.category, a.author, a.paragraphs) for a in articles] == [
        ("Harbor wall to be rebuilt", "Europe", "Jane Doe", tuple(HARBOR))]


def test_two_stories_give_two_articles_with_their_own_paragraphs() -> None:
    text = "\n\n".join([story("Europe", "Harbor wall to be rebuilt", "By Jane Doe", HARBOR),
                        story("Culture", "Library to open until midnight", "By Samuel Okafor", LIBRARY)])
    articles, _ = split(text)
    assert [(a.title, a.category, a.paragraphs) for a in articles] == [
        ("Harbor wall to be rebuilt", "Europe", tuple(HARBOR)),
        ("Library to open until midnight", "Culture", tuple(LIBRARY)),
    ]


def test_page_of_chrome_gives_no_article() -> None:
    articles, lines = split("Skip to content\n\nMenu\n\nSubscribe\n\nSource link\n\nTrending\n\nPrivacy Policy")
    assert articles == []
    assert all(not ln.kept for ln in lines)


def test_page_of_chrome_warns() -> None:
    """clean_text says why there is nothing: the CLI prints this warning on stderr."""
    result = clean_text("Skip to content\n\nMenu\n\nSubscribe\n\nPrivacy Policy")
    assert result.articles == () and len(result.warnings) == 1


def test_story_without_header_takes_the_headline_sharing_words_with_the_body() -> None:
    articles, _ = split("\n\n".join(["Harbor wall to be rebuilt after storms", *HARBOR]))
    assert [(a.title, a.paragraphs) for a in articles] == [("Harbor wall to be rebuilt after storms", tuple(HARBOR))]


def test_lines_above_the_first_story_are_not_an_article() -> None:
    _, lines = split("Our town news\n\nWeather\n\n" + story("Europe", "Harbor wall to be rebuilt", "By Jane Doe", HARBOR))
    # the classifier already drops them as chrome; with several stories the splitter would say so
    assert [ln.dropped_by for ln in lines[:3]] == ["outside-main", "blank-line", "outside-main"]


def test_title_and_category_lines_are_marked_with_their_role() -> None:
    _, lines = split(story("Europe", "Harbor wall to be rebuilt", "By Jane Doe", HARBOR))
    assert {ln.text: ln.dropped_by for ln in lines if ln.text in ("Europe", "Harbor wall to be rebuilt")} == {
        "Europe": "category", "Harbor wall to be rebuilt": "title"}


def test_next_story_header_is_not_in_the_previous_body() -> None:
    text = "\n\n".join([story("Europe", "Harbor wall to be rebuilt", "By Jane Doe", HARBOR),
                        story("Culture", "Library to open until midnight", "By Samuel Okafor", LIBRARY)])
    first, _ = split(text)[0]
    assert "Culture" not in first.paragraphs and "Library to open until midnight" not in first.paragraphs


def test_paragraphs_are_verbatim_without_surrounding_spaces() -> None:
    """A paragraph is the line's text as read, only stripped of the spaces around it."""
    articles, _ = split(story("Europe", "Harbor wall to be rebuilt", "By Jane Doe", ["  " + HARBOR[0] + "\u00a0", *HARBOR[1:]]))
    assert articles[0].paragraphs[0] == HARBOR[0]


HARBOR_MORE = [
    "Shop owners on the harbor front said they were relieved, although several asked the council to keep the "
    "quay open to visitors during the summer months, when most of their trade comes in.",
    "The council said that a temporary walkway would be built along the water so that the boat trips and the "
    "Saturday fish market could go on while the old wall is taken down and built again.",
]
COMMENT = ("I walked along the harbor wall last week and the cracks are much worse than the photographs show, "
           "so I hope the council keeps to the plan this time and starts the work well before the storms of the "
           "next winter come.")


def test_an_article_without_a_header_above_dated_comments_is_the_first_article() -> None:
    """Reader comments with a title and a byline each look like stories; the article above them has no header
    the splitter knows. It holds more prose than any of them, so it is an article, not chrome above them."""
    comments = [story("", f"Re: Harbor wall to be rebuilt ({name})", f"By {name}", [COMMENT]) for name in
                ("Anna Berg", "Tom Lee")]
    body = [*HARBOR, *HARBOR_MORE, *LIBRARY]
    page = "\n\n".join(["Our town news", "Harbor wall to be rebuilt after storms", *body, *comments])
    lines = run(to_lines(page))
    assert len(find_stories(lines)) == 3  # the opening, then the two comments
    articles, _ = split_articles(lines)
    assert articles[0].title == "Harbor wall to be rebuilt after storms"
    assert articles[0].paragraphs == tuple(body)


def test_a_second_copy_of_an_article_is_said_once() -> None:
    """A page that holds its article twice (a print version below it, the page loaded twice): one article,
    and the copy's lines say why they are not one."""
    text = "\n\n".join([story("Europe", "Harbor wall to be rebuilt", "By Jane Doe", HARBOR),
                        story("Culture", "Library to open until midnight", "By Samuel Okafor", LIBRARY),
                        story("Europe", "Harbor wall to be rebuilt", "By Jane Doe", HARBOR)])
    articles, lines = split(text)
    assert [a.title for a in articles] == ["Harbor wall to be rebuilt", "Library to open until midnight"]
    copy = [ln for ln in lines if ln.text == HARBOR[0]][1]
    assert copy.dropped_by == "duplicate-article"


# words that casefolding lengthens, shortens to a mark, or matches across scripts and cases
FOLDING_WORDS = ["Straße", "STRASSE", "İstanbul", "istanbul", "ﬁsh", "FISH", "ΣΟΦΙΑ", "σοφια", "port", "report"]
body_lines = st.lists(st.one_of(st.lists(st.sampled_from(FOLDING_WORDS), max_size=8).map(" ".join),
                                st.text(alphabet=" .'’-abcSsßİı\u0307ﬁΣσς", max_size=30),
                                st.lists(st.sampled_from(FOLDING_WORDS), min_size=195, max_size=210).map(" ".join)),
                      max_size=8)


@given(body_lines, st.sets(st.sampled_from([w.casefold() for w in FOLDING_WORDS] + ["strasse", "sofia"])))
@example([" ".join(["harbor"] * 200 + ["storm"])], {"harbor", "storm"})
def test_words_in_body_are_those_of_the_body_lines_first_words(body: list[str], wanted: set[str]) -> None:
    """The headline's words found in the body: those among the first BODY_LINE_WORDS words of a body line,
    casefolded, however the search skips lines (a word past a line's 200th is not found)."""
    first_words = {w.casefold() for text in body for w in re.findall(r"\w+", text)[:articles.BODY_LINE_WORDS]}
    assert articles._words_in_body(wanted, body) == wanted & first_words


CHINESE_PAGE = "\n".join([
    "首页", "新闻", "体育", "登录",
    "城市图书馆周末延长开放时间",
    "2024年6月3日 10:15",
    "市图书馆宣布，从下个月开始，周六和周日的开放时间将延长到晚上八点，以满足读者日益增长的需求。",
    "图书馆负责人表示，去年夏天的试点期间，周末晚上的读者人数创下了新的纪录，许多家长带着孩子一起来看书。",
    "延长开放时间每年大约需要四万元的费用，这笔钱将由当地一家基金会提供资助。",
    "分享到：", "微信", "版权所有 © 2024",
])


def test_a_chinese_headline_is_told_by_the_pairs_of_characters_it_shares_with_the_body() -> None:
    """Chinese is written without spaces: no word of the headline is a word of the body, but its pairs of
    characters are pieces of it ('图书', '开放', '时间')."""
    [article] = clean_text(CHINESE_PAGE).articles
    assert article.title == "城市图书馆周末延长开放时间"
    assert article.published == "2024-06-03"
    assert len(article.paragraphs) == 3
    # about two characters a word (132 characters), not one word a paragraph for want of spaces
    assert 60 <= article.word_count <= 80


def test_the_last_item_of_a_menu_parted_by_blank_lines_is_no_category() -> None:
    """A dump that parts every line with a blank line parts a menu's items too: the item right above the
    headline is the menu's last, not the story's section; a section label set apart from its menu is one."""
    story = ["Harbor wall to be rebuilt after storms", "By Jane Doe", *HARBOR]
    [article] = clean_text("\n\n".join(["Home", "News", "Events", "Weather", *story])).articles
    assert (article.title, article.category) == ("Harbor wall to be rebuilt after storms", None)
    [article] = clean_text("\n".join(["News", "Events", "Weather", "", "Europe", "", "\n\n".join(story)])).articles
    assert article.category == "Europe"
