"""Tests for batches (`cleaner clean DIR...`): the output tree, globs, worker processes, streaming to stdout,
resuming with --skip-existing, the --errors report, the summary and the progress bar, and the worker pool."""
from __future__ import annotations

import io
import json
import os
import time
import unicodedata
from pathlib import Path
from typing import Iterator

import pytest
from rich.console import Console

from cleaner import batch, files, parts, report, sinks
from cleaner.model import Line
from cleaner.plan import Job
from cleaner.sources import Ref
from cleaner.work import Outcome
from cleaner.pipeline import clean_text_parts
from cleaner.workers import Lost, Pool
from cleaner.writers import to_json, to_jsonl, to_markdown
from scrape import PNG, Scrape, good_page, invoke, outputs, temp_files


@pytest.fixture
def scrape(tmp_path: Path) -> Iterator[Scrape]:
    folder = Scrape(tmp_path / "in")
    yield folder
    folder.assert_unchanged()


def small_site(scrape: Scrape, pages: int = 6) -> Scrape:
    """A folder of real pages, some in a sub-folder."""
    for k in range(pages):
        scrape.add(f"{'sub/' if k % 3 == 2 else ''}page{k}.txt", good_page(k))
    return scrape


# ---------------------------------------------------------------------------------------------
# Finding pages and naming outputs
# ---------------------------------------------------------------------------------------------

def test_output_tree_mirrors_the_input_tree(scrape: Scrape, tmp_path: Path) -> None:
    small_site(scrape)
    scrape.add("notes.md", "not a page\n")
    result = invoke("clean", scrape.root, "-o", tmp_path / "out")
    assert result.exit_code == 0 and result.stdout == ""
    assert sorted(outputs(tmp_path / "out")) == ["page0.md", "page1.md", "page3.md", "page4.md", "sub/page2.md",
                                                 "sub/page5.md"]


def test_glob_chooses_files_by_name_or_by_path(scrape: Scrape, tmp_path: Path) -> None:
    scrape.add("a/keep.html", good_page(0))
    scrape.add("a/skip.txt", good_page(1))
    scrape.add("b/also.dump", good_page(2))
    result = invoke("clean", scrape.root, "--glob", "*.html", "--glob", "b/*.dump", "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert sorted(outputs(tmp_path / "out")) == ["a/keep.md", "b/also.md"]


def test_walk_order_is_sorted_files_then_subfolders(scrape: Scrape) -> None:
    for name in ("b.txt", "a/z.txt", "a.txt", "c/a.txt"):
        scrape.add(name, "x")
    found = files.scan([str(scrape.root)])
    assert [p.relative for p in found.pages] == ["a.txt", "b.txt", "a/z.txt", "c/a.txt"]


@pytest.mark.parametrize("relatives, names", [
    pytest.param(["a.txt", "b.html"], ["a.md", "b.md"], id="plain"),
    pytest.param(["a.txt", "a.html"], ["a.txt.md", "a.html.md"], id="same stem keeps suffix"),
    pytest.param(["A.txt", "a.txt"], ["A.txt.md", "a.txt~2.md"], id="case twins"),
    pytest.param([unicodedata.normalize("NFC", "café.txt"), unicodedata.normalize("NFD", "café.txt")],
                 [unicodedata.normalize("NFC", "café.txt.md"), unicodedata.normalize("NFD", "café.txt~2.md")],
                 id="NFC and NFD twins"),
    pytest.param(["x/a.txt", "x/a.txt"], ["x/a.txt.md", "x/a.txt~2.md"], id="two inputs, same place"),
    pytest.param(["p.txt", "p.txt", "p.txt~2"], ["p.txt.md", "p.txt~3.md", "p.txt~2.md"],
                 id="never takes a wanted name"),
])
def test_output_names_are_distinct_and_deterministic(relatives: list[str], names: list[str]) -> None:
    assert files.output_names(relatives, ".md") == names
    assert files.output_names(relatives, ".md") == names


def test_output_name_too_long_is_shortened_with_a_hash() -> None:
    long_a, long_b = "é" * 126 + "a.txt", "é" * 126 + "b.txt"
    names = files.output_names([long_a, long_b], ".md")
    assert len(set(names)) == 2 and all(len(os.fsencode(n)) <= files.NAME_MAX for n in names)


def test_two_inputs_with_the_same_name_get_distinct_outputs(scrape: Scrape, tmp_path: Path) -> None:
    first, second = scrape.add("one/page.txt", good_page(0)), scrape.add("two/page.txt", good_page(1))
    result = invoke("clean", first, second, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert outputs(tmp_path / "out") == {"page.txt.md": invoke("clean", first).stdout.encode(),
                                         "page.txt~2.md": invoke("clean", second).stdout.encode()}


# ---------------------------------------------------------------------------------------------
# Streams and formats
# ---------------------------------------------------------------------------------------------

def test_jsonl_streams_every_article_of_every_page_in_order(scrape: Scrape) -> None:
    small_site(scrape)
    result = invoke("clean", scrape.root, "-f", "jsonl", "--no-templates")
    pages = [scrape.root / f"page{k}.txt" for k in (0, 1, 3, 4)]
    pages += [scrape.root / "sub" / f"page{k}.txt" for k in (2, 5)]
    assert result.exit_code == 0
    assert result.stdout == "".join(invoke("clean", page, "-f", "jsonl").stdout for page in pages)


def test_json_to_stdout_is_one_array_as_json_dumps_writes_it(scrape: Scrape) -> None:
    small_site(scrape)
    result = invoke("clean", scrape.root, "-f", "json")
    records = json.loads(result.stdout)
    assert len(records) > 6 and result.stdout == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def test_json_with_no_article_is_an_empty_array(scrape: Scrape) -> None:
    scrape.add("a.txt", "Menu\nSubscribe\n")
    scrape.add("b.txt", "")
    assert invoke("clean", scrape.root, "-f", "json").stdout == "[]\n"


def test_markdown_pages_are_separated_by_a_rule(scrape: Scrape) -> None:
    first, second = scrape.add("a.txt", good_page(0)), scrape.add("b.txt", good_page(1))
    result = invoke("clean", first, second)
    assert result.stdout == invoke("clean", first).stdout + "\n---\n\n" + invoke("clean", second).stdout


def test_one_and_several_workers_give_identical_outputs(scrape: Scrape, tmp_path: Path) -> None:
    small_site(scrape, 9)
    assert invoke("clean", scrape.root, "-o", tmp_path / "one", "-j", "1").exit_code == 0
    assert invoke("clean", scrape.root, "-o", tmp_path / "three", "-j", "3").exit_code == 0
    assert outputs(tmp_path / "one") == outputs(tmp_path / "three")


def test_several_inputs_into_one_output_file(scrape: Scrape, tmp_path: Path) -> None:
    first, second = scrape.add("a.txt", good_page(0)), scrape.add("b.txt", good_page(1))
    out = tmp_path / "all.jsonl"
    assert invoke("clean", first, "-o", out, "-f", "jsonl").exit_code == 0
    assert out.read_text(encoding="utf-8") == invoke("clean", first, "-f", "jsonl").stdout
    assert invoke("clean", first, second, "-o", tmp_path / "folder").exit_code == 0
    assert sorted(outputs(tmp_path / "folder")) == ["a.md", "b.md"]


def test_a_large_dump_is_cleaned_in_parts_as_one_output(scrape: Scrape, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A dump larger than a part becomes a task per part (no worker holds it whole); the parts' outputs make
    one output, its articles numbered across the file: what cleaning it part by part in one process gives."""
    monkeypatch.setattr(parts, "PART_BYTES", 30_000)
    story = (Path(__file__).parent.parent / "fixtures" / "pages" / "single_article.txt").read_text(encoding="utf-8")
    page = "\n".join(story.replace("verges\n", f"verges, part {k}\n", 1) for k in range(60))
    big, data = scrape.add("big.txt", page), page.encode("utf-8")
    articles = [a for result in clean_text_parts(data, part_bytes=30_000) for a in result.articles]
    name = files.display_name(str(big))
    titled = [a.title for a in articles if a.title]  # a part may also make an untitled article of a story's tail
    assert titled == [f"Why our town stopped mowing the roadside verges, part {k}" for k in range(60)]
    assert len(data) > 3 * 30_000
    for fmt, expected in (("jsonl", to_jsonl(articles, name)), ("markdown", to_markdown(articles, name)),
                          ("json", to_json(articles, name))):
        run = invoke("clean", big, "-f", fmt, "-j", "2")
        assert run.stdout == expected and run.stderr == ""  # one file: no batch summary, no warning per part
    assert invoke("clean", scrape.root, "-o", tmp_path / "out", "-f", "json").exit_code == 0
    assert outputs(tmp_path / "out") == {"big.json": to_json(articles, name).encode()}


# ---------------------------------------------------------------------------------------------
# Resuming, reports and the summary
# ---------------------------------------------------------------------------------------------

def test_skip_existing_leaves_up_to_date_outputs_and_redoes_stale_ones(scrape: Scrape, tmp_path: Path) -> None:
    small_site(scrape)
    out = tmp_path / "out"
    assert invoke("clean", scrape.root, "-o", out).exit_code == 0
    (out / "page0.md").write_text("kept as it is\n", encoding="utf-8")
    (out / "page1.md").write_text("stale\n", encoding="utf-8")
    future = time.time() + 60
    os.utime(scrape.root / "page1.txt", (future, future))  # the page changed after its output was written
    (out / "page3.md").unlink()
    result = invoke("clean", scrape.root, "-o", out, "--skip-existing")
    assert result.exit_code == 0 and "4 page(s) already up to date" in result.stderr
    assert (out / "page0.md").read_text(encoding="utf-8") == "kept as it is\n"
    assert (out / "page1.md").read_text(encoding="utf-8") == invoke("clean", scrape.root / "page1.txt").stdout
    assert (out / "page3.md").exists()


def test_skip_existing_needs_an_output_folder(scrape: Scrape) -> None:
    small_site(scrape)
    result = invoke("clean", scrape.root, "--skip-existing")
    assert result.exit_code == 2 and "--skip-existing" in result.stderr and result.stdout == ""


def test_errors_file_lists_each_failed_input_as_json_lines(scrape: Scrape, tmp_path: Path) -> None:
    small_site(scrape)
    bad = scrape.add("image.txt", PNG)
    report_file = tmp_path / "errors.jsonl"
    result = invoke("clean", scrape.root, "-o", tmp_path / "out", "--errors", report_file)
    assert result.exit_code == 1
    records = [json.loads(line) for line in report_file.read_text(encoding="utf-8").splitlines()]
    assert [list(r) for r in records] == [["file", "reason"]]
    assert records[0]["file"] == str(bad) and "PNG" in records[0]["reason"]


def test_errors_file_is_empty_when_nothing_failed(scrape: Scrape, tmp_path: Path) -> None:
    small_site(scrape)
    report_file = tmp_path / "errors.jsonl"
    assert invoke("clean", scrape.root, "-o", tmp_path / "out", "--errors", report_file).exit_code == 0
    assert report_file.read_text(encoding="utf-8") == ""


def test_rejects_and_explain_name_every_page_of_a_batch(scrape: Scrape, tmp_path: Path) -> None:
    small_site(scrape)
    rejects = tmp_path / "rejects.jsonl"
    result = invoke("clean", scrape.root, "-o", tmp_path / "out", "--rejects", rejects, "--explain")
    files_rejected = {json.loads(line)["file"] for line in rejects.read_text(encoding="utf-8").splitlines()}
    assert files_rejected == {str(p) for p in scrape.files()}
    assert all(f"{p}:" in result.stderr for p in scrape.files())


def test_rejects_of_a_batch_come_in_input_order_whatever_order_pages_finish_in(scrape: Scrape,
                                                                              tmp_path: Path) -> None:
    for k in range(12):
        scrape.add(f"page{k:02d}.txt", good_page(k))
    runs = []
    for run in range(2):
        rejects = tmp_path / f"rejects{run}.jsonl"
        result = invoke("clean", scrape.root, "-o", tmp_path / f"out{run}", "-j", "2", "--rejects", rejects)
        assert result.exit_code == 0
        runs.append(rejects.read_bytes())
    names = [json.loads(line)["file"] for line in runs[0].decode("utf-8").splitlines()]
    assert list(dict.fromkeys(names)) == sorted(set(names)) and len(set(names)) == 12
    assert runs[0] == runs[1]


def test_rejects_in_order_holds_pages_done_early_and_writes_them_when_the_run_stops() -> None:
    written: list[bytes] = []
    jobs = [Job(f"p{k}", f"p{k}.txt", "site") for k in range(4)]
    in_order = batch._InOrder(written.append, jobs)
    dropped = [Line(1, "Share", "share-bar")]
    in_order.put(jobs[3], dropped)
    in_order.put(jobs[1], [])
    assert written == []  # p0 is not done
    in_order.put(jobs[0], dropped)
    assert [json.loads(w)["file"] for w in written] == ["p0"]  # p1 dropped nothing; p2 is not done
    in_order.flush()  # the run stopped before p2 came back
    assert [json.loads(w)["file"] for w in written] == ["p0", "p3"]


def test_summary_gives_pages_articles_reasons_and_failures(scrape: Scrape, tmp_path: Path) -> None:
    small_site(scrape)
    bad = scrape.add("image.txt", PNG)
    result = invoke("clean", scrape.root, "-o", tmp_path / "out")
    assert "7 page(s)" in result.stderr and "article(s)" in result.stderr and "stock-phrase" in result.stderr
    assert f"failed: {bad}: not text (PNG image)" in result.stderr
    assert f"cleaner: error: {bad}: not text (PNG image); skip it or convert it to text first" in result.stderr


def test_quiet_prints_only_errors(scrape: Scrape, tmp_path: Path) -> None:
    small_site(scrape)
    scrape.add("chrome.txt", "Menu\nSubscribe\n")
    bad = scrape.add("image.txt", PNG)
    result = invoke("clean", scrape.root, "-o", tmp_path / "out", "-q")
    assert result.stderr.splitlines() == [f"cleaner: error: {bad}: not text (PNG image); skip it or convert it to "
                                          "text first"]


def test_empty_folder_is_success_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("clean", tmp_path / "empty", "-o", tmp_path / "out")
    assert result.exit_code == 0 and "no page files found" in result.stderr


# ---------------------------------------------------------------------------------------------
# The progress bar
# ---------------------------------------------------------------------------------------------

def run_batch(folder: Path, console: Console) -> None:
    plan = batch.prepare(batch.Request((str(folder),), jobs=2))
    with open(os.devnull, "w") as devnull, pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdout", devnull)
        batch.run(plan, report.BatchReporter(console))


def test_progress_bar_shows_pages_rate_and_time_left_on_a_terminal(scrape: Scrape) -> None:
    small_site(scrape)
    screen = io.StringIO()
    run_batch(scrape.root, Console(file=screen, force_terminal=True, width=120))
    assert "cleaning" in screen.getvalue() and "6/6" in screen.getvalue()


def test_no_progress_bar_off_a_terminal(scrape: Scrape, tmp_path: Path) -> None:
    small_site(scrape)
    screen = io.StringIO()
    run_batch(scrape.root, Console(file=screen, force_terminal=False))
    assert screen.getvalue() == ""


# ---------------------------------------------------------------------------------------------
# The worker pool
# ---------------------------------------------------------------------------------------------

def crash_on_three(n: int) -> int:
    if n == 3:
        os._exit(9)  # as a segfault or the out-of-memory killer would end it: no exception, no answer
    return n * n


def hang_on_two(n: int) -> int:
    if n == 2:
        time.sleep(30)
    return n * n


def test_a_crashing_task_fails_alone() -> None:
    with Pool(2) as pool:
        results = dict(item for item in pool.run(crash_on_three, list(range(8))) if item is not None)
    assert isinstance(results.pop(3), Lost)
    assert results == {n: n * n for n in range(8) if n != 3}


def test_a_hanging_task_fails_after_the_time_limit_alone() -> None:
    start = time.monotonic()
    with Pool(2, timeout=0.5) as pool:
        results = dict(item for item in pool.run(hang_on_two, list(range(6))) if item is not None)
    assert time.monotonic() - start < 10
    assert isinstance(results.pop(2), Lost) and results == {n: n * n for n in range(6) if n != 2}


def test_window_bounds_how_far_ahead_tasks_start() -> None:
    started: list[int] = []
    with Pool(3) as pool:
        for item in pool.run(abs, list(range(50)), window=4):
            if item is not None:
                started.append(item[0])
                assert item[0] < min(set(range(50)) - set(started) or {50}) + 4
    assert sorted(started) == list(range(50))


def test_no_temp_files_after_a_batch(scrape: Scrape, tmp_path: Path) -> None:
    small_site(scrape)
    invoke("clean", scrape.root, "-o", tmp_path / "out", "--rejects", tmp_path / "r.jsonl")
    assert temp_files(tmp_path) == []


def _dump_part(k: int, n: int) -> Job:
    return Job("big.txt", "big.txt", "site", out="big.md", part=(k, n), ref=Ref("text", k * 100, k * 10 + 1))


def test_a_large_dump_with_a_part_that_failed_gets_no_output() -> None:
    """A dump cut into parts is one page: with a part missing its output would be cut short, and --skip-existing
    would keep it so. A WARC's failed record leaves the others their output (see the WARC tests)."""
    stream: sinks.StreamSink[Job] = sinks.StreamSink(lambda data: None, "markdown")
    for k, outcome in enumerate([Outcome("# A\n"), Outcome(error="took too long"), Outcome("# C\n")]):
        stream.put(k, _dump_part(k, 3), outcome)
    assert stream.cleaned == 2 and not stream.has_output
    whole: sinks.StreamSink[Job] = sinks.StreamSink(lambda data: None, "markdown")
    for k in range(3):
        whole.put(k, _dump_part(k, 3), Outcome(f"# {k}\n"))
    assert whole.has_output
