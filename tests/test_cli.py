"""Tests for the `cleaner` command through Click's CliRunner: streams, formats, outputs, errors and exit codes."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Iterator

import click
import pytest
from click.testing import CliRunner, Result

from cleaner import __version__
from cleaner.cli import cli
from cleaner.filters import DEFAULT_ORDER

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
SEED = PAGES / "seed.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02"
CHROME_ONLY = "Skip to content\n\nMenu\n\nSubscribe\n\nPrivacy Policy\n"


def invoke(*args: str | Path, input: bytes | None = None) -> Result:  # noqa: A002
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def fixtures_untouched() -> Iterator[None]:
    """No command may change an input: every fixture file is byte-identical after each test."""
    before = digests(PAGES)
    yield
    assert digests(PAGES) == before, "a fixture file changed"


def golden_json(case: Path) -> list[dict]:
    return json.loads((PAGES / f"{case.stem}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# The golden cases through the CLI
# ---------------------------------------------------------------------------------------------

def test_json_output_matches_golden(case: Path) -> None:
    """stdout is pure JSON: the golden articles, "file" being the path as given."""
    result = invoke("clean", case, "-f", "json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert {r["file"] for r in records} <= {str(case)}
    assert [{**r, "file": case.stem} for r in records] == golden_json(case), \
        f"differs from {case.stem}.json (see KNOWN_BUGS in test_golden.py)"


def test_markdown_output_matches_golden(case: Path) -> None:
    result = invoke("clean", case)
    assert result.stdout == (PAGES / f"{case.stem}.md").read_text(encoding="utf-8"), \
        f"differs from {case.stem}.md (see KNOWN_BUGS in test_golden.py)"


# ---------------------------------------------------------------------------------------------
# Formats and streams
# ---------------------------------------------------------------------------------------------

def test_jsonl_is_one_article_per_line() -> None:
    """`cleaner clean seed.txt -f jsonl | jq .title` works: every line is an object with a title."""
    result = invoke("clean", SEED, "-f", "jsonl")
    titles = [json.loads(line)["title"] for line in result.stdout.splitlines()]
    assert titles == [record["title"] for record in golden_json(SEED)]


def test_several_inputs_give_one_json_array_indexed_per_file() -> None:
    result = invoke("clean", PAGES / "dated.txt", PAGES / "bylines.txt", "-f", "json")
    records = json.loads(result.stdout)
    assert [(Path(r["file"]).name, r["index"]) for r in records] == [
        ("dated.txt", 0), ("dated.txt", 1), ("bylines.txt", 0), ("bylines.txt", 1)]


def test_text_format_is_paragraphs_only() -> None:
    result = invoke("clean", PAGES / "dated.txt", "-f", "text")
    paragraphs = [p for record in golden_json(PAGES / "dated.txt") for p in record["paragraphs"]]
    assert result.stdout == "".join(p + "\n\n" for p in paragraphs)


def test_stdin_is_read_from_dash() -> None:
    result = invoke("clean", "-", "-f", "jsonl", input=(PAGES / "dated.txt").read_bytes())
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in records] == ["-", "-"]
    assert [r["title"] for r in records] == [r["title"] for r in golden_json(PAGES / "dated.txt")]


def test_explain_lists_dropped_lines_with_numbers_and_reasons_on_stderr() -> None:
    result = invoke("clean", SEED, "--explain", "-f", "json")
    json.loads(result.stdout)  # stdout is still pure data
    assert f"{SEED}:120: pull-quote: “This is something that has been delayed for far too long.”" in result.stderr
    assert f"{SEED}:42: media-file: SK_Deepfakes_HZ.00_00_36_01.Still001.jpg" in result.stderr


def test_explain_lists_every_dropped_line_of_the_removal_log() -> None:
    result = invoke("clean", SEED, "--explain", "-f", "json")
    explained = re.findall(rf"^{re.escape(str(SEED))}:(\d+): ([a-z-]+): ", result.stderr, re.M)
    logged = [row.split("\t")[:2] for row in (PAGES / "seed.removed.tsv").read_text(encoding="utf-8").splitlines()]
    assert [list(pair) for pair in explained] == logged


def test_rejects_file_is_json_lines_of_dropped_lines(tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.jsonl"
    result = invoke("clean", SEED, "--rejects", rejects, "-f", "json")
    records = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert result.exit_code == 0
    assert all(list(r) == ["file", "line", "reason", "text"] and r["file"] == str(SEED) for r in records)
    logged = [row.split("\t", 2) for row in (PAGES / "seed.removed.tsv").read_text(encoding="utf-8").splitlines()]
    assert [[str(r["line"]), r["reason"], r["text"]] for r in records] == logged


def test_skip_keeps_the_lines_that_filter_would_drop() -> None:
    quote = "“This is something that has been delayed for far too long.”"
    default = json.loads(invoke("clean", SEED, "-f", "json").stdout)
    skipped = json.loads(invoke("clean", SEED, "--skip", "pull-quote", "-f", "json").stdout)
    assert quote not in default[0]["paragraphs"]
    assert quote in skipped[0]["paragraphs"]


def test_skip_is_repeatable() -> None:
    result = invoke("clean", SEED, "--skip", "pull-quote", "--skip", "media-file", "-f", "json")
    paragraphs = json.loads(result.stdout)[0]["paragraphs"]
    assert "SK_Deepfakes_HZ.00_00_36_01.Still001.jpg" in paragraphs and "Won Eun-ji, Activist & Journalist" in paragraphs


# ---------------------------------------------------------------------------------------------
# Output files and folders
# ---------------------------------------------------------------------------------------------

def test_output_file_gets_the_data_and_stdout_stays_empty(tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    result = invoke("clean", SEED, "-f", "json", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert [{**r, "file": "seed"} for r in json.loads(out.read_text(encoding="utf-8"))] == golden_json(SEED)


def test_output_folder_mirrors_the_input_tree(tmp_path: Path) -> None:
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "dated.txt").write_bytes((PAGES / "dated.txt").read_bytes())
    (source / "sub" / "bylines.txt").write_bytes((PAGES / "bylines.txt").read_bytes())
    (source / "notes.md").write_text("not a page\n", encoding="utf-8")
    before = digests(source)
    result = invoke("clean", source, "-o", tmp_path / "out")
    assert result.exit_code == 0 and result.stdout == ""
    assert sorted(digests(tmp_path / "out")) == ["dated.md", "sub/bylines.md"]
    assert (tmp_path / "out" / "sub" / "bylines.md").read_text(encoding="utf-8") == invoke("clean", PAGES / "bylines.txt").stdout
    assert digests(source) == before


def test_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes((PAGES / "dated.txt").read_bytes())
    result = invoke("clean", page, "-o", page)
    assert result.exit_code == 2
    assert page.read_bytes() == (PAGES / "dated.txt").read_bytes()


# ---------------------------------------------------------------------------------------------
# Errors, warnings and exit codes
# ---------------------------------------------------------------------------------------------

def test_zero_articles_exits_0_with_a_warning_naming_the_file(tmp_path: Path) -> None:
    page = tmp_path / "chrome.txt"
    page.write_text(CHROME_ONLY, encoding="utf-8")
    result = invoke("clean", page, "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "warning" in result.stderr and str(page) in result.stderr


def test_quiet_silences_the_warning(tmp_path: Path) -> None:
    page = tmp_path / "chrome.txt"
    page.write_text(CHROME_ONLY, encoding="utf-8")
    assert invoke("clean", page, "-q").stderr == ""


def test_binary_input_among_good_ones_exits_1_and_the_good_ones_are_still_output(tmp_path: Path) -> None:
    image = tmp_path / "image.txt"
    image.write_bytes(PNG)
    result = invoke("clean", PAGES / "dated.txt", image, PAGES / "bylines.txt", "-f", "jsonl")
    assert result.exit_code == 1
    assert [Path(json.loads(line)["file"]).name for line in result.stdout.splitlines()] == [
        "dated.txt", "dated.txt", "bylines.txt", "bylines.txt"]
    assert image.read_bytes() == PNG


def test_undecodable_input_error_is_one_line_on_stderr_naming_the_file(tmp_path: Path) -> None:
    image = tmp_path / "image.txt"
    image.write_bytes(PNG)
    result = invoke("clean", image)
    assert result.exit_code == 1 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if str(image) in line]
    assert len(errors) == 1 and "PNG" in errors[0]
    assert "Traceback" not in result.stderr


def test_missing_path_exits_2_naming_it() -> None:
    result = invoke("clean", "no/such/page.txt")
    assert result.exit_code == 2 and result.stdout == ""
    assert "no/such/page.txt" in result.stderr


def test_unknown_skip_name_exits_2() -> None:
    result = invoke("clean", SEED, "--skip", "no-such-filter")
    assert result.exit_code == 2 and result.stdout == ""
    assert "no-such-filter" in result.stderr


def test_unknown_format_exits_2() -> None:
    assert invoke("clean", SEED, "-f", "yaml").exit_code == 2


# ---------------------------------------------------------------------------------------------
# Other commands and help
# ---------------------------------------------------------------------------------------------

def test_filters_command_lists_every_filter_in_order() -> None:
    result = invoke("filters")
    pipeline = result.stdout.split("\n\n")[0].splitlines()
    assert result.exit_code == 0 and [line.split()[0] for line in pipeline] == list(DEFAULT_ORDER)
    listed = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    assert all(len(line.split(maxsplit=1)) == 2 for line in listed), "a reason has no description"


def test_filters_command_lists_every_reason_a_line_can_get() -> None:
    """Every reason in --explain output can be looked up: filters, HTML reasons, splitter roles."""
    from cleaner.articles import ROLES
    from cleaner.html import HTML_REASONS

    names = {line.split()[0] for line in invoke("filters").stdout.splitlines() if line and not line.startswith("#")}
    assert names == set(DEFAULT_ORDER) | set(HTML_REASONS) | set(ROLES)


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_and_option_has_help(name: str) -> None:
    command = cli.commands[name]
    assert command.help
    assert all(param.help for param in command.params if isinstance(param, click.Option))


@pytest.mark.parametrize("option", [["--max-size", "inf"], ["--max-size", "nan"], ["--max-size", "1e309"],
                                    ["--timeout", "nan"], ["--glob", ""]])
def test_a_value_that_is_no_number_or_no_pattern_is_a_usage_error(option: list[str]) -> None:
    result = invoke("clean", SEED, *option)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"Invalid value for '{option[0]}'" in result.stderr


@pytest.mark.parametrize("first, second", [("-o", "--rejects"), ("--errors", "--rejects")])
def test_two_outputs_named_to_one_file_are_refused(tmp_path: Path, first: str, second: str) -> None:
    same = tmp_path / "same.jsonl"
    result = invoke("clean", SEED, "-f", "jsonl", first, same, second, same)
    assert result.exit_code == 2 and "name the same file" in result.stderr and not same.exists()
