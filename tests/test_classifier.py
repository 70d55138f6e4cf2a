"""Tests for the block classifier: line scores, paragraph joining, the main-text search and teaser lists."""
from __future__ import annotations

from functools import partial

import pytest

from cleaner import classifier
from cleaner.model import Line
from cleaner.pipeline import clean_text

PROSE = ("The regional council approved a plan on Tuesday to rebuild the old harbor wall, which was badly "
         "damaged in the storms of last winter and has been closed to walkers ever since.")


def score(text: str, lang: str | None = "en", dropped_by: str | None = None) -> classifier.LineScore:
    line = Line.of(1, text)
    return classifier.score_line(line.drop(dropped_by) if dropped_by else line, lang)


class TestScoreLine:
    """Tests for `score_line`: what a line weighs on its own."""

    def test_a_paragraph_of_prose_weighs_more_than_a_teaser_sentence(self) -> None:
        teaser = "Council approves harbor wall plan after storms damage the town."
        assert score(PROSE).weight > score(teaser).weight

    @pytest.mark.parametrize("label", ["Home", "World News", "Sign in", "Terms of Service"])
    def test_menu_items_weigh_less_than_nothing(self, label: str) -> None:
        assert score(label).weight < 0

    def test_long_line_without_function_words_is_not_prose(self) -> None:
        """Tag clouds and name lists are long but have no stopwords."""
        tags = "Politics Europe Harbor Storms Council Budget Transport Weather Tourism Fishing Boats"
        assert not score(tags).prose and score(tags).weight < -classifier.LINE_COST

    def test_stopword_share_uses_the_page_language(self) -> None:
        german = "Die Stadtbibliothek bleibt ab dem kommenden Monat an vier Abenden in der Woche geöffnet."
        assert score(german, "de").stopwords > score(german, "en").stopwords

    def test_without_a_stopword_list_a_complete_sentence_counts_as_prose(self) -> None:
        assert score(PROSE, None).prose

    def test_section_heading_is_a_barrier(self) -> None:
        assert score("Related posts").weight == -classifier.BARRIER_COST
        assert score("34 Comments").weight == -classifier.BARRIER_COST

    def test_inline_related_label_is_not_a_barrier(self) -> None:
        """'Related:' with a colon labels one link inside the text, it does not end the article."""
        assert score("Related:").weight != -classifier.BARRIER_COST


class TestParagraphs:
    """Tests for `continues` and `paragraphs`: pieces of one sentence cut by links are joined."""

    @pytest.mark.parametrize("previous, current", [
        ("Lynn said, via the", "Los Angeles Times"),
        ("Los Angeles Times", ". “Yes,"),
        ("after a three-year silence in", "Star Trek"),
        ("2.", "Fries taste best eaten with the fingers."),
        ('The mayor called it "', 'a bridge for everyone'),  # a quotation opened, its words a link
        ("Der Minister sprach von einem „", "historischen Tag"),
    ])
    def test_continues(self, previous: str, current: str) -> None:
        assert classifier.continues(previous, current)

    @pytest.mark.parametrize("previous, current", [
        ("The wall was closed in March.", "Engineers have warned for years."),
        ("Home", "World"),
        ("Harbor wall to be rebuilt", "The regional council approved a plan."),
        # a quotation closed with its sentence: straight marks, and the German “ ‘ that close „…“ ‚…‘
        ('"Thank you for your patience."', "Engineers said the delays were over."),
        ("'Is it over?'", "Nobody answered."),
        ("„Wir müssen die Folgen tragen.“", "Die Opposition widersprach."),
        ("Repairs will take 'most of the day'", "Northline Power says crews are at work."),  # a headline
    ])
    def test_does_not_continue(self, previous: str, current: str) -> None:
        assert not classifier.continues(previous, current)

    def test_join_fragments_puts_no_space_before_closing_punctuation(self) -> None:
        assert classifier.join_fragments(["said, via the", "Los Angeles Times", ". “Yes,"]) == \
            "said, via the Los Angeles Times. “Yes,"

    def test_link_cut_out_of_a_sentence_joins_the_sentence(self) -> None:
        """A capitalised link's text between two pieces of one sentence: the piece after it says it is cut out."""
        texts = ["After a three-year silence, there is news on the fourth film in the rebooted", "Star Trek",
                 "film series, according to two reports."]
        lines = [Line.of(n, t) for n, t in enumerate(texts, 1)]
        assert classifier.paragraphs(lines) == [[0, 1, 2]]

    @pytest.mark.parametrize("texts", [
        ["See also", "Heritage Quarterly", "and East Asian History."],  # no running text: labels
        ["by Jane Doe on November 6, 2012, in the city of Leeds", "The", "front page leads with a headline."],
    ])
    def test_short_line_before_lower_case_does_not_join_a_label_or_a_new_sentence(self, texts: list[str]) -> None:
        lines = [Line.of(n, t) for n, t in enumerate(texts, 1)]
        assert classifier.paragraphs(lines) == [[0], [1, 2]]

    def test_long_line_in_upper_case_after_a_cut_piece_starts_a_paragraph(self) -> None:
        """A byline under a comment in a widget, then the next comment: no sentence runs through them."""
        texts = ["Never understood how these rules got so convoluted", "by Jane Doe",
                 "I loved this post, and the video at the end of it made my day."]
        lines = [Line.of(n, t) for n, t in enumerate(texts, 1)]
        assert classifier.paragraphs(lines) == [[0, 1], [2]]

    def test_short_pieces_after_a_cut_piece_join(self) -> None:
        lines = [Line.of(n, t) for n, t in enumerate(["reports from", "The Wrap", "and Deadline", "."], 1)]
        assert classifier.paragraphs(lines) == [[0, 1, 2, 3]]

    def test_blank_line_always_separates_paragraphs(self) -> None:
        lines = [Line.of(1, "the wall was"), Line.of(2, ""), Line.of(3, "rebuilt in spring")]
        assert classifier.paragraphs(lines) == [[0], [2]]


class TestRegions:
    """Tests for the main-text search."""

    def test_best_region_is_the_maximum_sum_stretch(self) -> None:
        assert classifier.best_region([-5, -5, 20, -2, 15, -30, 10]) == (2, 4)

    def test_best_region_takes_neutral_neighbours(self) -> None:
        assert classifier.best_region([-5, 0, 20, 0, -5]) == (1, 3)

    def test_no_positive_weight_means_no_region(self) -> None:
        assert classifier.best_region([-1, -2, -3]) is None

    def test_a_strong_second_block_is_kept_too(self) -> None:
        weights = [-6, 60, -6, -6, -6, -6, -6, -6, -6, -6, -6, -6, 50, -6]
        assert classifier.main_regions(weights, [True] * len(weights)) == [(1, 1), (12, 12)]

    def test_precision_keeps_only_the_best_block(self) -> None:
        weights = [-6, 60, -6, -6, -6, -6, -6, -6, -6, -6, -6, -6, 50, -6]
        assert classifier.main_regions(weights, [True] * len(weights), "precision") == [(1, 1)]

    def test_page_without_prose_keeps_its_items(self) -> None:
        """A list or link page has no article: its items are its text."""
        weights = [-6, 3, -6, 2, -6]
        assert classifier.main_regions(weights, [True] * len(weights)) == [(0, 4)]

    def test_short_article_among_labels_is_kept_alone(self) -> None:
        """Too little prose for an article by weight, but all of it in one place among labels: a short
        article, kept with the title above it; the menus and counters around it go."""
        weights = [-6, -6, -6, -6, 5, 4, -6, 6, -6, -6, -6, -6]
        shapes = ["N", "N", "N", "T", "P", "T", "N", "P", "N", "N", "T", "N"]
        assert classifier.main_regions(weights, [True] * len(weights), shapes=shapes) == [(3, 7)]

    def test_prose_spread_over_the_page_is_a_list(self) -> None:
        """Bits of prose far apart are items of a list, even among labels: all of the page is kept."""
        weights = [3, -6, -6, -6, -6, 3, -6, -6, -6, -6, 3, -6]
        shapes = ["T", "N", "N", "N", "N", "T", "N", "N", "N", "N", "T", "N"]
        assert classifier.main_regions(weights, [True] * len(weights), shapes=shapes) == [(0, 11)]

    def test_prose_among_items_of_several_words_is_a_list(self) -> None:
        """The lines around the prose are items of several words, not labels: a list page."""
        weights = [-6, -6, -6, 4, 3, -6, -6, -6]
        shapes = ["T", "T", "T", "P", "T", "T", "T", "N"]
        assert classifier.main_regions(weights, [True] * len(weights), shapes=shapes) == [(0, 7)]

    def test_discount_after_barrier_under_prose_only(self) -> None:
        weights = [40.0, 40.0, -40.0, 30.0]
        barriers = [False, False, True, False]
        assert classifier.discount_after_barriers(weights, barriers)[3] == 30.0 * classifier.AFTER_BARRIER_SHARE

    def test_barrier_in_the_top_menu_discounts_nothing(self) -> None:
        weights = [-6.0, -40.0, 30.0, 30.0]
        assert classifier.discount_after_barriers(weights, [False, True, False, False]) == weights


@pytest.mark.parametrize("n", [0, 29, 30, 31, 39, 40, 41, 57, 100, 101, 999, 1000, 4321])
def test_position_prior_counts_down_exactly_the_prose_of_the_edges(n: int) -> None:
    """Only a few units at each end are visited; the result is every positive weight times its edge share."""
    weights = [float((k * 7) % 5 - 2) for k in range(n)]  # positive, zero and negative weights, mixed
    expected = [w * classifier._edge_share(k, n) if w > 0 and n >= classifier.EDGE_MIN_UNITS else w
                for k, w in enumerate(weights)]
    assert classifier.position_prior(weights) == expected


class TestTeasers:
    """Tests for teaser lists found by their repeating shape."""

    def test_title_byline_summary_repeated_is_a_teaser_list(self) -> None:
        shapes = ["T"] * 30 + ["T", "N", "D", "T"] * 4
        assert set(range(30, 46)) <= classifier.teaser_runs(shapes)

    def test_title_name_one_sentence_summary_repeated_is_a_teaser_list(self) -> None:
        shapes = ["P"] * 30 + ["T", "N", "T"] * 4
        assert set(range(30, 42)) <= classifier.teaser_runs(shapes)

    def test_headings_over_paragraphs_of_several_sentences_are_not_teasers(self) -> None:
        """An article's sections: a short heading, then paragraphs; teasers hold one-sentence summaries."""
        section = ["Harbour works",
                   "The council met on Monday to discuss the wall. It approved the plan after a long debate.",
                   "Work starts in the spring and should end by the autumn. The road stays open all the time."]
        lines = [Line.of(n, t) for n, t in enumerate(["Opening words of the story, in a sentence."] * 30 + section * 4)]
        shapes = [classifier.shape(ln, classifier.score_line(ln, "en")) for ln in lines]
        assert shapes[30:33] == ["N", "P", "P"]
        assert classifier.teaser_runs(shapes) == set()
        # as the main-text search asks: weigh_units gives paragraphs as T, and `is_paragraph` tells them
        rough = classifier.weigh_units(lines, "en")[2]
        assert rough[30:33] == ["N", "T", "T"]
        assert classifier.teaser_runs(rough) != set()  # told nothing, sections read as a list of teasers
        assert classifier.teaser_runs(rough, partial(classifier.is_paragraph, lines, "en")) == set()

    def test_a_paragraph_is_a_unit_of_several_sentences(self) -> None:
        text = "The council met on Monday. It approved the plan for the harbour wall after a long debate."
        line = Line.of(1, text)
        assert classifier.shape(line, classifier.score_line(line, "en")) == "P"
        one = Line.of(2, "The council approved the plan for the harbour wall after a long debate on Monday.")
        assert classifier.shape(one, classifier.score_line(one, "en")) == "T"

    def test_headlines_over_cut_off_excerpts_are_a_teaser_list(self) -> None:
        """'Headline' / 'Excerpt stopped mid-sentence...' again and again: a slider or list of other stories."""
        item = ["Council approves the harbour wall plan after long debate",
                "LEEDS: The regional council on Monday approved a plan to rebuild the harbour wall, which has been..."]
        lines = [Line.of(n, t) for n, t in enumerate(["Opening words of the story, in a sentence."] * 30 + item * 4)]
        shapes = [classifier.shape(ln, classifier.score_line(ln, "en")) for ln in lines]
        assert shapes[30:32] == ["T", "E"]
        assert set(range(30, 38)) <= classifier.teaser_runs(shapes)

    def test_paragraphs_with_link_fragments_are_not_teasers(self) -> None:
        """An article alternates text and short pieces, but in a cycle of one text and no date."""
        shapes = ["T", "N"] * 20
        assert classifier.teaser_runs(shapes) == set()


def test_menu_and_footer_around_an_article_are_dropped() -> None:
    """The whole pipeline keeps the article and drops the menu before it and the footer after it."""
    menu = "\n".join(["Home", "World", "Politics", "Business", "Sport", "Weather", "Contact us"])
    body = "\n".join([PROSE] * 3 + [
        "Engineers have warned for years that the wall, built in the 1890s, could give way in a severe storm.",
        "Under the plan, the work will begin in the spring and is expected to take about two years."])
    footer = "\n".join(["About", "Careers", "Advertise", "Privacy Policy", "© 2025 The Daily Courier"])
    result = clean_text(f"{menu}\n{body}\n{footer}")
    kept = [ln.text for ln in result.lines if ln.kept]
    assert kept == body.split("\n")


SHORT_ARTICLE_LINES = (
    "Home", "Blog", "Photos", "Contact", "Archive", "2019 May", "2019 June", "2019 July", "2019 August",
    "A letter to my sister",
    "We moved to the coast last spring, and the house is still full of boxes.",
    "The children love the beach and go there every day after school.",
    "Next", "Views: 312 | Added by: Anna", "Comments: 0", "Rating: 4.5", "Tags", "Family", "Sea", "Login",
)
SHORT_ARTICLE_PAGE = "\n".join(SHORT_ARTICLE_LINES)

LINK_LIST_LINES = (
    "Useful links for new residents", "City library opening hours and branches",
    "Regional train timetable for the valley", "Weather forecast for the coast",
    "A directory of local sports clubs, with the addresses and phone numbers of each one.",
    "Recycling rules for the old town", "Museum night tickets and programme",
    "Volunteer fire brigade of the district", "Bus lines to the university",
)
LINK_LIST_PAGE = "\n".join(LINK_LIST_LINES)


class TestShortArticle:
    """A short article among chrome against a list page, both too poor in prose for the main-text search."""

    def test_short_article_drops_the_menus_and_counters(self) -> None:
        kept = [p for article in clean_text(SHORT_ARTICLE_PAGE).articles for p in article.paragraphs]
        assert kept == ["A letter to my sister",
                        "We moved to the coast last spring, and the house is still full of boxes.",
                        "The children love the beach and go there every day after school."]

    def test_list_page_keeps_its_items(self) -> None:
        kept = [p for article in clean_text(LINK_LIST_PAGE).articles for p in article.paragraphs]
        assert kept == list(LINK_LIST_LINES)
