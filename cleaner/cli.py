"""The `cleaner` command: options in, library calls, outputs written; messages only on stderr."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from . import __version__, filters, report
from .files import Page, find_pages, output_path, read_page, shared_stems, write_atomic
from .model import CleanerError, Result
from .pipeline import INPUT_TYPES, clean, filter_names
from .writers import EXTENSIONS, WRITERS, to_jsonl

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def cli() -> None:
    """Turn scraped web pages into clean, separate articles, and say why every line was removed."""


@cli.command(name="clean")
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(WRITERS)), default="markdown", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (one input) or folder (a folder or several inputs). Default: stdout.")
@click.option("--explain", is_flag=True, help="List every dropped line with its number and reason on stderr.")
@click.option("--rejects", type=click.Path(path_type=Path), help="Write the dropped lines to FILE as JSON Lines.")
@click.option("--skip", multiple=True, metavar="NAME", help="Turn a filter off (repeatable); see `cleaner filters`.")
@click.option("--favor", type=click.Choice(["precision", "balanced", "recall"]), default="balanced",
              show_default=True, help="Drop more (precision) or keep more (recall) when in doubt.")
@click.option("--input-type", type=click.Choice(INPUT_TYPES), default="auto", show_default=True,
              help="Read inputs as HTML or text dumps; auto tells them apart by content.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on stderr but errors.")
def clean_command(paths: tuple[str, ...], fmt: str, output: Path | None, explain: bool, rejects: Path | None,
                  skip: tuple[str, ...], favor: str, input_type: str, quiet: bool) -> None:
    """Clean PATHS (files, folders, or - for stdin) into articles."""
    try:
        filter_names(skip)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--skip") from None
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:
        raise click.BadParameter(f"no such file or folder: {report.escape_name(missing[0])}", param_hint="PATHS")
    console = report.stderr_console(quiet)
    pages, failed = find_pages(list(paths), exclude=output)
    to_folder = output is not None and (output.is_dir() or len(pages) > 1 or any(Path(p).is_dir() for p in paths if p != "-"))
    _refuse_overwriting_inputs(pages, output, to_folder)
    stems = shared_stems(pages)
    chunks: list[str] = []
    rejected: list[str] = []
    reasons: Counter[str] = Counter()
    articles = 0
    for page in pages:
        try:
            result = clean(read_page(page), input_type, skip=skip, favor=favor)
        except CleanerError as err:
            failed.append((page.name, str(err)))
            click.echo(f"cleaner: error: {report.escape_name(page.name)}: {err}", err=True)
            continue
        articles += len(result.articles)
        reasons.update(ln.dropped_by for ln in result.dropped)
        _tell(console, page, result, explain)
        rejected.append(report.reject_records(page.name, result.dropped))
        rendered = WRITERS[fmt](result.articles, page.name)
        if to_folder and output is not None and page.path is not None:
            write_atomic(output_path(page, output, EXTENSIONS[fmt], stems), rendered)
        else:
            chunks.append(to_jsonl(result.articles, page.name) if fmt == "json" else rendered)
    _emit(chunks, fmt, output if not to_folder else None)
    if rejects is not None:
        write_atomic(rejects, "".join(rejected))
    if console.is_terminal and not quiet:
        report.summary(console, len(pages), articles, reasons, failed)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def _tell(console: "report.Console", page: Page, result: Result, explain: bool) -> None:
    if explain:
        report.explain(console, page.name, result.dropped)
    for warning in result.warnings:
        console.print(f"cleaner: warning: {report.escape_name(page.name)}: {warning}", markup=False)


def _emit(chunks: list[str], fmt: str, output: Path | None) -> None:
    """Write what was gathered for stdout or a single output file; JSON becomes one array."""
    if fmt == "json":
        import json
        records = [json.loads(line) for chunk in chunks for line in chunk.splitlines() if line]
        text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    else:
        text = ("\n---\n\n" if fmt == "markdown" else "").join(c for c in chunks if c)
    if output is not None:
        write_atomic(output, text)
    elif text.strip() or fmt == "json":
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()


def _refuse_overwriting_inputs(pages: list[Page], output: Path | None, to_folder: bool) -> None:
    if output is None or to_folder or not output.exists():
        return
    for page in pages:
        if page.path is not None and page.path.exists() and output.samefile(page.path):
            raise click.UsageError(f"the output {report.escape_name(str(output))} is an input; choose another path")


@cli.command(name="filters")
def list_filters() -> None:
    """List the filters of the pipeline, in order, with what each removes."""
    for name in filters.DEFAULT_ORDER:
        click.echo(f"{name:18} {filters.describe(name)}")


@cli.command(name="evaluate")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--input-type", type=click.Choice(["text", "html"]), default="text", show_default=True,
              help="Clean each page's NNNN.txt dump or its NNNN.html.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON (per source, overall, per page).")
@click.option("--worst", type=click.IntRange(min=0), default=0, metavar="N", help="Also list the N lowest-F1 pages.")
@click.option("--skip", multiple=True, metavar="NAME", help="Turn a filter off (repeatable); see `cleaner filters`.")
@click.option("--favor", type=click.Choice(["precision", "balanced", "recall"]), default="balanced",
              show_default=True, help="Drop more (precision) or keep more (recall) when in doubt.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Clean pages in N worker processes.")
@click.option("--predictions", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Also write each page's kept text to DIR/<source>/NNNN.txt (what eval_corpus.py scores).")
def evaluate_command(dirs: tuple[Path, ...], input_type: str, as_json: bool, worst: int, skip: tuple[str, ...],
                     favor: str, jobs: int, predictions: Path | None) -> None:
    """Score cleaner on annotated pages: each NNNN.txt (or .html) in DIRS, or in their subfolders, with a
    NNNN.gold.txt (full main text) or NNNN.gold.json ("with"/"without" snippets) beside it."""
    from . import evaluate as ev

    try:
        filter_names(skip)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--skip") from None
    kept: dict[str, str] = {}
    try:
        result = ev.evaluate(dirs, input_type=input_type, skip=skip, favor=favor, jobs=jobs, keep_predictions=kept)
        if predictions is not None:
            ev.write_predictions(kept, result, predictions)
    except ev.EvaluationError as err:
        raise click.UsageError(str(err)) from None
    if as_json:
        import json
        click.echo(json.dumps(ev.to_json(result, worst), ensure_ascii=False, indent=1))
    else:
        report.evaluation_report(report.stdout_console(), result, worst)
    sys.exit(EXIT_SOME_FAILED if result.failed else EXIT_OK)


def main() -> None:
    """Console entry point."""
    cli()
