"""Tests for scale-out on Dask distributed: a LocalCluster of 2 worker processes on 127.0.0.1 cleans a folder
(text dumps of one site, so templates are learned, a WARC and a JSON Lines file) and gives exactly the output
of the local batch mode; the README's dask.bag recipe gives what the command writes; without Dask, the command
says how to install it. Skipped, saying why, when the `dask` extra is not installed."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any, Iterator

import pytest

import cleaner
from cleaner import engine
from scrape import Scrape, invoke, outputs, temp_files
from warcs import HTML_PAGES, SITE, jsonl_items, news_crawl, page_text

HAS_DASK = importlib.util.find_spec("dask") is not None and importlib.util.find_spec("distributed") is not None
needs_dask = pytest.mark.skipif(not HAS_DASK, reason="Dask distributed is not installed: pip install -e '.[test]' "
                                                       "(or '.[dask]') installs it")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two single-threaded worker processes and their scheduler, on the loopback interface only."""
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=40) as local:
        yield local


@pytest.fixture
def scrape(tmp_path: Path) -> Iterator[Scrape]:
    """A folder as a scrape leaves it: a site's text dumps (templates are learned), a WARC, a JSON Lines file."""
    folder = Scrape(tmp_path / "in")
    for page in SITE:
        folder.add(f"harbor-gazette/{page.name}", page.read_bytes())
    for page in HTML_PAGES:
        folder.add(f"pages/{page.name}", page.read_bytes())
    folder.add("crawl/news.warc.gz", news_crawl().data())
    folder.add("items/shop.jsonl", jsonl_items([{"html": page_text(p), "n": k} for k, p in enumerate(HTML_PAGES)]))
    yield folder
    folder.assert_unchanged()
    assert not temp_files(tmp_path)


GLOBS = ("--glob", "*.txt", "--glob", "*.html", "--glob", "*.warc.gz", "--glob", "*.jsonl")


@needs_dask
def test_a_folder_through_the_cluster_gives_exactly_the_local_json_lines(scrape: Scrape, cluster: Any) -> None:
    local = invoke("clean", scrape.root, *GLOBS, "-f", "jsonl", "-j", "2")
    remote = invoke("clean", scrape.root, *GLOBS, "-f", "jsonl", "--engine", "dask",
                    "--scheduler", cluster.scheduler_address)
    assert local.exit_code == remote.exit_code == 0
    assert remote.stdout == local.stdout  # byte for byte, in the same order: no sorting needed
    assert len(local.stdout.splitlines()) > 30
    assert "site templates learned for 1 site(s)" in remote.stderr and "site-template" in remote.stderr
    assert {json.loads(line)["file"].rsplit("/", 2)[-2] for line in remote.stdout.splitlines()} == {
        "harbor-gazette", "pages", "crawl", "items"}


@needs_dask
def test_output_folders_through_the_cluster_are_identical(scrape: Scrape, cluster: Any, tmp_path: Path) -> None:
    assert invoke("clean", scrape.root, *GLOBS, "-o", tmp_path / "local", "-f", "json").exit_code == 0
    assert invoke("clean", scrape.root, *GLOBS, "-o", tmp_path / "dask", "-f", "json",
                  "--scheduler", cluster.scheduler_address).exit_code == 0
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    assert "crawl/news.warc.json" in outputs(tmp_path / "dask")


@needs_dask
def test_without_an_address_cleaner_starts_its_own_local_cluster(scrape: Scrape) -> None:
    site = scrape.root / "harbor-gazette"
    local = invoke("clean", site, "-f", "jsonl", "-j", "2")
    own = invoke("clean", site, "-f", "jsonl", "--engine", "dask", "-j", "2")
    assert own.exit_code == 0 and own.stdout == local.stdout


@needs_dask
def test_failures_on_the_cluster_are_the_pages_failures(scrape: Scrape, cluster: Any) -> None:
    bad = scrape.add("pages/image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    local = invoke("clean", scrape.root / "pages", "-f", "jsonl")
    remote = invoke("clean", scrape.root / "pages", "-f", "jsonl", "--scheduler", cluster.scheduler_address)
    assert remote.exit_code == local.exit_code == 1 and remote.stdout == local.stdout
    assert f"cleaner: error: {bad}: not text (PNG image)" in remote.stderr


@needs_dask
def test_a_chunk_that_raises_loses_its_pages_and_the_run_goes_on(cluster: Any) -> None:
    with engine.DaskRunner(2, cluster.scheduler_address) as runner:
        results = dict(item for item in runner.run(_fails_on_three, list(range(6))) if item is not None)
    assert sorted(results) == list(range(6))
    assert isinstance(results[3], engine.Lost) and "ValueError: three" in results[3].reason
    assert all(results[k] == k * 10 for k in (0, 1, 2, 4, 5) if not isinstance(results[k], engine.Lost))


def _fails_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n * 10


@needs_dask
def test_the_readme_dask_bag_recipe_gives_what_the_command_writes(scrape: Scrape, cluster: Any) -> None:
    """The README's recipe: read the JSON Lines with dask.bag, map cleaner.clean_record over the items."""
    import dask.bag as db
    from dask.distributed import Client

    path = scrape.root / "items" / "shop.jsonl"
    command = invoke("clean", path, "-f", "jsonl", "--no-templates").stdout
    with Client(cluster.scheduler_address):
        lines = db.read_text(str(path)).map(json.loads)
        articles = lines.map(cleaner.clean_record, field="html", file=str(path)).flatten()
        got = articles.compute()
    assert [{k: v for k, v in r.items() if k != "record"} for r in map(json.loads, command.splitlines())] == got


def test_without_dask_the_command_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(engine.importlib.util, "find_spec", lambda name: None)
    page = tmp_path / "page.txt"
    page.write_text("A line.\n", encoding="utf-8")
    result = invoke("clean", page, "--engine", "dask")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("cleaner: error: --engine dask: Dask distributed is not installed; install it with "
                             "pip install 'cleaner[dask]' (or pip install 'dask[distributed]')\n")


@needs_dask
def test_an_unreachable_scheduler_refuses_to_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(engine, "CONNECT_SECONDS", 1)
    page = tmp_path / "page.txt"
    page.write_text("A line.\n", encoding="utf-8")
    result = invoke("clean", page, "--scheduler", "tcp://127.0.0.1:9", "-f", "jsonl")  # nothing listens there
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("cleaner: error: tcp://127.0.0.1:9: cannot reach the Dask scheduler (")
    assert result.stderr.endswith("; check the address, or leave out --scheduler to start a local cluster\n")


@needs_dask
def test_workers_with_another_cleaner_refuse_to_start(monkeypatch: pytest.MonkeyPatch, cluster: Any,
                                                      tmp_path: Path) -> None:
    monkeypatch.setattr(engine, "__version__", "0.0.0-other")  # what this side has; the workers have the real one
    out = tmp_path / "out"
    result = invoke("clean", HTML_PAGES[0], HTML_PAGES[1], "-o", out, "--scheduler", cluster.scheduler_address)
    assert result.exit_code == 2
    assert f"has cleaner {cleaner.__version__}, not 0.0.0-other; install this cleaner on every worker" in result.stderr
    assert not out.exists() or not any(out.iterdir())
