"""Tests for `cleaner evaluate`: the metric, page discovery, the hand-checked fixture corpus, the CLI, and the
quality floors of issue 3 on ../shared/corpus (marked `corpus`, skipped when the corpus is missing)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import cleaner
from cleaner.cli import cli
from cleaner.evaluate import (
    Evaluation,
    EvaluationError,
    SnippetSummary,
    TokenSummary,
    discover,
    evaluate,
    score_snippets,
    score_tokens,
    tokenize,
    worst_pages,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "corpus"
CORPUS = ROOT.parent / "shared" / "corpus"

# ---------------------------------------------------------------------------------------------------------------
# The fixture corpus, computed by hand. Every line of every fixture page is plain prose that cleaner keeps
# verbatim, so the kept text is the page itself; tokens are the runs of \w+ (case kept), counted as a bag.
#
# alpha/0001: page 15 + 10 = 25 tokens. The gold has the same 25 tokens on one line with other punctuation
#   ("plan -", "cost!"), which tokens ignore, but writes "Village" for "village": case is kept, so 24 shared.
#   P = 24/25 = 0.96, R = 24/25 = 0.96, F1 = 0.96.
# alpha/0002: page = the gold's paragraph (30 tokens) + a weather paragraph the gold leaves out (20 tokens).
#   Every gold token is in the page at least as often, so shared = 30.
#   P = 30/50 = 0.6, R = 30/30 = 1, F1 = 2 * 0.6 * 1 / 1.6 = 0.75.
# beta/0001: page 23 + 17 = 40 tokens; the gold is the same two paragraphs plus a photo caption of 10 tokens
#   that the page does not have (50 tokens). Shared = 40.  P = 40/40 = 1, R = 40/50 = 0.8, F1 = 1.6/1.8 = 8/9.
#
# alpha (2 pages): P = (0.96 + 0.6)/2 = 0.78, R = (0.96 + 1)/2 = 0.98, F1 = (0.96 + 0.75)/2 = 0.855;
#   median F1 of two pages = their mean = 0.855.
# beta (1 page): P = 1, R = 0.8, F1 = median F1 = 8/9.
# all (3 pages): P = (0.96 + 0.6 + 1)/3 = 2.56/3, R = (0.96 + 1 + 0.8)/3 = 2.76/3 = 0.92,
#   F1 = (0.96 + 0.75 + 8/9)/3, median F1 = 8/9 (sorted: 0.75, 0.889, 0.96).
#   micro: shared 24 + 30 + 40 = 94, predicted 25 + 50 + 40 = 115, gold 25 + 30 + 50 = 105 -> P = 94/115, R = 94/105.
# macro (2 sources): P = (0.78 + 1)/2 = 0.89, R = (0.98 + 0.8)/2 = 0.89, F1 = (0.855 + 8/9)/2.
#
# snippets/0001 (snippet gold), 4 "with" and 2 "without" snippets:
#   with 1 "the mayor announced on Friday": in line 1 as is -> found.
#   with 2 "until six.\n   Readers can borrow": whitespace collapsed it is "until six. Readers can borrow", and
#          the prediction's line break between lines 2 and 3 collapses to the same single space -> found.
#   with 3 "the reading room ( on the first floor )": not as is, but with the space after "(" and before ")"
#          removed on both sides it is "the reading room (on the first floor)" -> found.
#   with 4 "Parking is free for library members.": not on the page -> not found.
#   without 1 "Sign up for our newsletter": absent -> satisfied.
#   without 2 "renewals can be made online": in line 3, which cleaner keeps -> leaked.
#   satisfied = (3 kept + 2 without - 1 leaked)/6 = 4/6 = 2/3 (page mean = pooled, one page);
#   with kept = 3/4, without leaked = 1/2.
# ---------------------------------------------------------------------------------------------------------------
ALPHA = {"pages": 2, "p": 0.78, "r": 0.98, "f1": 0.855, "f1_median": 0.855}
BETA = {"pages": 1, "p": 1.0, "r": 0.8, "f1": 8 / 9, "f1_median": 8 / 9}
ALL = {"pages": 3, "p": 2.56 / 3, "r": 0.92, "f1": (0.96 + 0.75 + 8 / 9) / 3, "f1_median": 8 / 9,
       "micro_p": 94 / 115, "micro_r": 94 / 105}
MACRO = {"sources": 2, "p": 0.89, "r": 0.89, "f1": (0.855 + 8 / 9) / 2, "f1_median": (0.855 + 8 / 9) / 2}
SNIPPETS = {"pages": 1, "sat": 2 / 3, "sat_pooled": 2 / 3, "keep": 0.75, "leak": 0.5}
PAGE_F1 = {"alpha/0001.txt": 0.96, "alpha/0002.txt": 0.75, "beta/0001.txt": 8 / 9}


def check(summary: object, expected: dict[str, float]) -> None:
    """Each expected field of a summary dataclass equals its hand-computed value."""
    assert {k: getattr(summary, k) for k in expected} == pytest.approx(expected)


def keep_everything(data: bytes) -> str:
    """A predictor that keeps the whole page: on the fixture pages, what cleaner keeps too."""
    return data.decode("utf-8")


def check_fixture_figures(result: Evaluation) -> None:
    """The evaluation of fixtures/corpus matches the hand computation above."""
    by_name = {s.name: s for s in result.sources}
    assert list(by_name) == ["alpha", "beta", "snippets"]
    check(by_name["alpha"].tokens, ALPHA)
    check(by_name["beta"].tokens, BETA)
    check(result.all, ALL)
    check(result.macro, MACRO)
    check(by_name["snippets"].snippets, SNIPPETS)
    assert by_name["snippets"].tokens is None and by_name["alpha"].snippets is None
    f1 = {str(Path(p.path).relative_to(FIXTURE)): p.f1 for p in result.pages if p.tokens}
    assert f1 == pytest.approx(PAGE_F1)
    assert result.failed == []


# --------------------------------------------------------------------------------------------------- the metric


def test_tokenize_keeps_case_and_unicode_words() -> None:
    """Tokens are runs of \\w+: punctuation splits, accents and CJK stay inside words."""
    assert tokenize("Zürich's naïve café—東京, 2024!") == ["Zürich", "s", "naïve", "café", "東京", "2024"]


def test_score_tokens_counts_a_bag_of_words() -> None:
    """gold a a b, kept a b b c: shared min(2,1) + min(1,2) = 2, P = 2/4, R = 2/3, F1 = 2*(1/2)(2/3)/(7/6) = 4/7."""
    score = score_tokens("a a b", "a b b c")
    assert (score.tp, score.n_pred, score.n_gold) == (2, 4, 3)
    assert (score.p, score.r, score.f1) == pytest.approx((0.5, 2 / 3, 4 / 7))


@pytest.mark.parametrize("gold, kept, expected", [
    pytest.param("Paris", "paris", (0.0, 0.0, 0.0), id="case kept"),
    pytest.param("some gold", "", (0.0, 0.0, 0.0), id="empty prediction"),
    pytest.param("some gold", " — !! ", (0.0, 0.0, 0.0), id="punctuation only is empty"),
    pytest.param("", "", (1.0, 1.0, 1.0), id="both empty"),
    pytest.param("", "stray words", (0.0, 0.0, 0.0), id="empty gold"),
])
def test_score_tokens_edge_cases(gold: str, kept: str, expected: tuple[float, float, float]) -> None:
    score = score_tokens(gold, kept)
    assert (score.p, score.r, score.f1) == expected


def test_score_snippets_collapses_whitespace_and_tightens_brackets() -> None:
    """Found: across a line break, with spaces inside brackets; an empty snippet is never found."""
    kept = "Opening hours (on weekdays) run\nuntil six, the mayor said."
    gold = {"with": ["run  until six", "hours ( on weekdays )", "the mayor said .", ""],
            "without": ["Subscribe", "the mayor"]}
    score = score_snippets(gold, kept)
    assert (score.kept, score.leaked, score.n_with, score.n_without) == (3, 1, 4, 2)
    assert score.sat == pytest.approx((3 + 2 - 1) / 6)


def test_score_snippets_without_snippets_is_satisfied() -> None:
    assert score_snippets({"with": [], "without": []}, "").sat == 1.0


# --------------------------------------------------------------------------------------------------- discovery


def test_discover_takes_a_parent_folder_as_several_sources() -> None:
    sources = discover([FIXTURE])
    assert [(s.name, len(s.pages)) for s in sources] == [("alpha", 2), ("beta", 1), ("snippets", 1)]
    assert [p.kind for p in sources[2].pages] == ["snippets"]


def test_discover_takes_a_source_folder_itself() -> None:
    assert [(s.name, [p.stem for p in s.pages]) for s in discover([FIXTURE / "alpha"])] == [("alpha", ["0001", "0002"])]


def test_discover_pairs_pages_with_gold(tmp_path: Path) -> None:
    """.gold.txt wins over .gold.json; other .gold_* files are not gold; a gold without its page is listed."""
    for name in ("0001.txt", "0001.gold.txt", "0001.gold.json", "0001.gold_comments.txt", "0002.gold.txt",
                 "0003.html", "0003.gold.txt", "notes.txt"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    [source] = discover([tmp_path])
    assert [(p.stem, p.gold_path.name, p.kind) for p in source.pages] == [("0001", "0001.gold.txt", "tokens")]
    assert [p.name for p in source.missing_input] == ["0002.gold.txt", "0003.gold.txt"]
    [html] = discover([tmp_path], input_type="html")
    assert [p.input_path.name for p in html.pages] == ["0003.html"]


def test_discover_refuses_a_folder_without_gold(tmp_path: Path) -> None:
    (tmp_path / "0001.txt").write_text("text", encoding="utf-8")
    with pytest.raises(EvaluationError, match="no gold files"):
        discover([tmp_path])


# --------------------------------------------------------------------------------------- the fixture corpus


def test_fixture_corpus_metric_by_hand() -> None:
    """With the whole page as the prediction, the figures are the hand-computed ones (cleaner not involved)."""
    check_fixture_figures(evaluate([FIXTURE], predictor=keep_everything))


def test_fixture_corpus_cleaner_by_hand() -> None:
    """cleaner keeps every prose line of the fixture pages, so it scores the hand-computed figures."""
    check_fixture_figures(evaluate([FIXTURE]))


def test_fixture_corpus_in_worker_processes() -> None:
    """-j 2 gives the same page scores as one process."""
    one, two = evaluate([FIXTURE]), evaluate([FIXTURE], jobs=2)
    assert [(p.path, p.tokens, p.snippets) for p in one.pages] == [(p.path, p.tokens, p.snippets) for p in two.pages]


def test_worst_pages_lowest_f1_first() -> None:
    worst = worst_pages(evaluate([FIXTURE], predictor=keep_everything), 2)
    assert [(Path(p.path).parent.name, Path(p.path).name) for p in worst] == [("alpha", "0002.txt"), ("beta", "0001.txt")]


def test_page_that_fails_to_decode_scores_zero(tmp_path: Path) -> None:
    """A PNG saved as a text page is an empty prediction: F1 0, listed with cleaner's message."""
    (tmp_path / "0001.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "0001.gold.txt").write_text("The gold text.", encoding="utf-8")
    result = evaluate([tmp_path])
    [page] = result.failed
    assert page.f1 == 0.0 and page.empty and "not text" in (page.error or "")
    assert result.all is not None and (result.all.f1, result.all.failed) == (0.0, 1)


# --------------------------------------------------------------------------------------------------- the CLI


def run_cli(*args: str) -> Result:
    """Run `cleaner evaluate ARGS` in-process, stdout and stderr kept apart."""
    return CliRunner().invoke(cli, ["evaluate", *args], catch_exceptions=False)


def test_cli_json_has_the_hand_computed_figures() -> None:
    result = run_cli(str(FIXTURE), "--json", "--worst", "1")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {k: data["all"][k] for k in ALL} == pytest.approx(ALL)
    assert {k: data["macro"][k] for k in MACRO} == pytest.approx(MACRO)
    assert {k: data["sources"]["snippets"]["snippets"][k] for k in SNIPPETS} == pytest.approx(SNIPPETS)
    assert [p["f1"] for p in data["sources"]["alpha"]["pages"]] == pytest.approx([0.96, 0.75])
    assert [Path(p["path"]).name for p in data["worst"]] == ["0002.txt"]
    assert data["failed"] == [] and data["pages"] == 4


def test_cli_tables_show_each_source_all_and_macro() -> None:
    result = run_cli(str(FIXTURE), "--worst", "1")
    assert result.exit_code == 0, result.stderr
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if line.count("│") > 3}
    assert "0.780" in rows["alpha"] and "0.855" in rows["alpha"]
    assert "0.889" in rows["beta"]
    assert "0.853" in rows["all"] and "0.920" in rows["all"] and "0.866" in rows["all"]
    assert "0.872" in rows["macro (2 sources)"]
    assert "0.667" in rows["snippets"]
    assert any("0002.txt" in key for key in rows)


def test_cli_writes_predictions(tmp_path: Path) -> None:
    """--predictions DIR holds DIR/<source>/NNNN.txt, the kept text eval_corpus.py can score."""
    assert run_cli(str(FIXTURE), "--json", "--predictions", str(tmp_path)).exit_code == 0
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.txt"))
    assert written == ["alpha/0001.txt", "alpha/0002.txt", "beta/0001.txt", "snippets/0001.txt"]
    assert (tmp_path / "beta" / "0001.txt").read_text(encoding="utf-8") == \
        (FIXTURE / "beta" / "0001.txt").read_text(encoding="utf-8").rstrip("\n")


def test_cli_predictions_never_overwrite_pages(tmp_path: Path) -> None:
    """--predictions pointing at the evaluated folder is refused and the pages stay as they were."""
    shutil.copytree(FIXTURE / "beta", tmp_path / "beta")
    before = (tmp_path / "beta" / "0001.txt").read_bytes()
    result = run_cli(str(tmp_path), "--predictions", str(tmp_path))
    assert result.exit_code == 2 and "overwrite" in result.stderr
    assert (tmp_path / "beta" / "0001.txt").read_bytes() == before


def test_cli_exit_1_when_a_page_failed(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE / "alpha", tmp_path / "alpha")
    (tmp_path / "alpha" / "0003.txt").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "alpha" / "0003.gold.txt").write_text("Gold.", encoding="utf-8")
    result = run_cli(str(tmp_path))
    assert result.exit_code == 1
    assert "failed (scored as empty)" in result.stdout and "0003.txt" in result.stdout


def test_cli_html_without_clean_html_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(cleaner, "clean_html", raising=False)
    result = run_cli(str(FIXTURE), "--input-type", "html")
    assert result.exit_code == 2 and "clean_html" in result.stderr


def test_cli_unknown_filter_exits_2() -> None:
    result = run_cli(str(FIXTURE), "--skip", "no-such-filter")
    assert result.exit_code == 2 and "no-such-filter" in result.stderr


# ------------------------------------------------------------------------ issue 3's floors on ../shared/corpus

TOKEN_SOURCES = ("cleaneval", "cleanportaleval", "dragnet", "scrapinghub")


@pytest.fixture(scope="module")
def corpus_evaluation() -> Evaluation:
    """cleaner's text-dump scores on the corpus, computed once for the module."""
    if not CORPUS.is_dir():
        pytest.skip(f"the evaluation corpus is not at {CORPUS} (it stays in ../shared: its licences forbid copying)")
    return evaluate([CORPUS], input_type="text")


@pytest.mark.corpus
def test_corpus_pages_found(corpus_evaluation: Evaluation) -> None:
    """191 full-gold text-dump pages in 4 sources and 16 snippet pages, none failing."""
    assert corpus_evaluation.all is not None and corpus_evaluation.all.pages == 191
    assert sorted(s.name for s in corpus_evaluation.sources if s.tokens) == list(TOKEN_SOURCES)
    assert corpus_evaluation.all_snippets is not None and corpus_evaluation.all_snippets.pages == 16
    assert corpus_evaluation.failed == []


# Two kinds of floor. The regression gates hold what cleaner reaches today (measured: all 0.925,
# scrapinghub 0.936, dragnet 0.886, cleaneval 0.920, cleanportaleval 0.951, snippets 0.904) with a
# small margin, so a change that makes it worse fails CI. Issue 3's targets sit below or at them.
GATE_ALL = 0.91
GATE_SOURCE = {"scrapinghub": 0.92, "dragnet": 0.875, "cleaneval": 0.90, "cleanportaleval": 0.94}
GATE_SNIPPETS = 0.89


def _all(evaluation: Evaluation) -> TokenSummary:
    assert evaluation.all is not None
    return evaluation.all


def _source(evaluation: Evaluation, name: str) -> TokenSummary:
    [tokens] = [s.tokens for s in evaluation.sources if s.name == name]
    assert tokens is not None
    return tokens


def _snippets(evaluation: Evaluation) -> SnippetSummary:
    [snippets] = [s.snippets for s in evaluation.sources if s.name == "trafilatura-eval"]
    assert snippets is not None
    return snippets


@pytest.mark.corpus
def test_corpus_f1_over_all_pages_holds(corpus_evaluation: Evaluation) -> None:
    """Regression gate: page-mean F1 over the 191 full-gold pages does not fall below today's level."""
    a = _all(corpus_evaluation)
    assert a.f1 >= GATE_ALL, f"all pages: F1 {a.f1:.3f} (P {a.p:.3f}, R {a.r:.3f})"


@pytest.mark.corpus
@pytest.mark.parametrize("name", TOKEN_SOURCES)
def test_corpus_f1_per_source_holds(corpus_evaluation: Evaluation, name: str) -> None:
    """Regression gate per source."""
    t = _source(corpus_evaluation, name)
    assert t.f1 >= GATE_SOURCE[name], f"{name}: F1 {t.f1:.3f} (P {t.p:.3f}, R {t.r:.3f})"


@pytest.mark.corpus
def test_corpus_snippets_hold(corpus_evaluation: Evaluation) -> None:
    """Regression gate on the trafilatura-eval snippets."""
    sn = _snippets(corpus_evaluation)
    assert sn.sat >= GATE_SNIPPETS, f"trafilatura-eval: {sn.sat:.3f} satisfied (pooled {sn.sat_pooled:.3f})"


@pytest.mark.corpus
def test_corpus_f1_over_all_pages(corpus_evaluation: Evaluation) -> None:
    """Issue 3's target: page-mean F1 over all 191 full-gold pages is at least 0.91 (boilerpy3: 0.803)."""
    a = _all(corpus_evaluation)
    assert a.f1 >= 0.91, f"all pages: F1 {a.f1:.3f} (P {a.p:.3f}, R {a.r:.3f})"


@pytest.mark.corpus
@pytest.mark.parametrize("name", TOKEN_SOURCES)
def test_corpus_f1_per_source(corpus_evaluation: Evaluation, name: str) -> None:
    """Issue 3's target: page-mean F1 is at least 0.87 in every source."""
    t = _source(corpus_evaluation, name)
    assert t.f1 >= 0.87, f"{name}: F1 {t.f1:.3f} (P {t.p:.3f}, R {t.r:.3f})"


@pytest.mark.corpus
def test_corpus_snippets_satisfied(corpus_evaluation: Evaluation) -> None:
    """Issue 3's target: at least 0.88 of the trafilatura-eval snippets are satisfied (page mean)."""
    sn = _snippets(corpus_evaluation)
    assert sn.sat >= 0.88, f"trafilatura-eval: {sn.sat:.3f} satisfied (pooled {sn.sat_pooled:.3f})"


# ---------------------------------------------------------------------------- issue 4's floors, HTML input
# trafilatura 2.3.1 on the same pages (../shared/corpus/BASELINES.md): all 0.936, snippets 0.948.
TRAFILATURA_HTML = {"scrapinghub": 0.961, "dragnet": 0.892, "cleaneval": 0.864, "cleanportaleval": 0.965}


@pytest.fixture(scope="module")
def html_evaluation() -> Evaluation:
    """cleaner's HTML scores on the corpus, computed once for the module."""
    if not CORPUS.is_dir():
        pytest.skip(f"the evaluation corpus is not at {CORPUS} (it stays in ../shared: its licences forbid copying)")
    return evaluate([CORPUS], input_type="html")


@pytest.mark.corpus
def test_html_f1_over_all_pages(html_evaluation: Evaluation) -> None:
    """Page-mean F1 on the HTML of the 191 full-gold pages is at least 0.95 (trafilatura: 0.936)."""
    a = _all(html_evaluation)
    assert a.f1 >= 0.95, f"all pages: F1 {a.f1:.3f} (P {a.p:.3f}, R {a.r:.3f})"


@pytest.mark.corpus
@pytest.mark.parametrize("name", TOKEN_SOURCES)
def test_html_f1_per_source_beats_trafilatura(html_evaluation: Evaluation, name: str) -> None:
    """In every source, at least trafilatura's page-mean F1 on the same HTML."""
    t = _source(html_evaluation, name)
    assert t.f1 >= TRAFILATURA_HTML[name], f"{name}: F1 {t.f1:.3f} against trafilatura's {TRAFILATURA_HTML[name]}"


@pytest.mark.corpus
def test_html_snippets_satisfied(html_evaluation: Evaluation) -> None:
    """At least 0.95 of the trafilatura-eval snippets are satisfied on HTML input."""
    sn = _snippets(html_evaluation)
    assert sn.sat >= 0.95, f"trafilatura-eval: {sn.sat:.3f} satisfied (pooled {sn.sat_pooled:.3f})"
