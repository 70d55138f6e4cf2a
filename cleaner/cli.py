"""The `cleaner` command: options in, library calls, outputs written; messages only on stderr."""
from __future__ import annotations

import math
import os
import signal
import sys
from pathlib import Path
from typing import Callable

import click

from . import __version__, batch, filters, report
from .batch import ExitStatus
from .articles import ROLES
from .files import MAX_INPUT_BYTES
from .html import HTML_REASONS
from .pipeline import INPUT_TYPES, filter_names
from .writers import WRITERS


def _filter_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options both `clean` and `evaluate` take to shape the pipeline: --skip and --favor."""
    favor = click.option("--favor", type=click.Choice(["precision", "balanced", "recall"]), default="balanced",
                         show_default=True, help="Drop more (precision) or keep more (recall) when in doubt.")
    skip = click.option("--skip", multiple=True, metavar="NAME",
                        help="Turn a filter off (repeatable); see `cleaner filters`.")
    return skip(favor(command))


def _check_skip(skip: tuple[str, ...]) -> None:
    """Refuse unknown filter names before any work, as a usage error."""
    try:
        filter_names(skip)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--skip") from None


def _finite(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """A number option's value, refused when it is not a number of any size ('inf', 'nan': FloatRange lets both
    through, and 'nan' compares false with every bound)."""
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number")
    return value


def _patterns(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """The --glob patterns, an empty one refused: it matches no file name."""
    if any(not pattern for pattern in value):
        raise click.BadParameter("an empty pattern matches no file; give a pattern such as '*.txt'")
    return value


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
@click.option("--glob", "globs", multiple=True, metavar="PATTERN", callback=_patterns,
              help="In folders, clean the files matching PATTERN, by name or by path below the folder "
                   "(repeatable). Default: *.txt, *.html, *.htm (WARC and JSON Lines files: --glob '*.warc.gz').")
@click.option("-j", "--jobs", type=click.IntRange(min=1), show_default="all cores", help="Worker processes.")
@click.option("--skip-existing", is_flag=True, help="Leave pages whose output exists and is newer (resume a run).")
@click.option("--errors", "errors_file", type=click.Path(path_type=Path),
              help="Write the inputs that failed to FILE as JSON Lines (file, reason).")
@click.option("--no-templates", is_flag=True,
              help="Don't learn site templates (short lines on half the pages of a folder) before cleaning.")
@click.option("--max-size", type=click.FloatRange(min=0, min_open=True), default=MAX_INPUT_BYTES / 2**20,
              callback=_finite, show_default=True, metavar="MB", help="Fail pages larger than this.")
@click.option("--timeout", type=click.FloatRange(min=0), default=120, show_default=True, metavar="SECONDS",
              callback=_finite,
              help="Fail a page of a batch that takes longer to clean (0: no limit).")
@click.option("--explain", is_flag=True, help="List every dropped line with its number and reason on stderr.")
@click.option("--rejects", type=click.Path(path_type=Path),
              help="Write the dropped lines to FILE as JSON Lines, pages in input order.")
@_filter_options
@click.option("--input-type", type=click.Choice(INPUT_TYPES), default="auto", show_default=True,
              help="Read inputs as HTML or text dumps; auto tells them apart by content.")
@click.option("--keep-captions", is_flag=True,
              help="HTML input: keep image and video captions (the same as --skip html-caption).")
@click.option("--links", is_flag=True,
              help="HTML input, Markdown output: keep the paragraphs' http(s) and relative links as [text](href).")
@click.option("--field", metavar="NAME",
              help="JSON Lines input (.jsonl): the item field that holds the page. Default: html, else text.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Clean in worker processes here, or on a Dask cluster (pip install 'cleaner[dask]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="The Dask scheduler to use (tcp://HOST:8786); implies --engine dask. "
                   "Default: a local cluster of -j workers on 127.0.0.1.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on stderr but errors.")
def clean_command(paths: tuple[str, ...], fmt: str, output: Path | None, globs: tuple[str, ...], jobs: int | None,
                  skip_existing: bool, errors_file: Path | None, no_templates: bool, max_size: float, timeout: float,
                  explain: bool, rejects: Path | None, skip: tuple[str, ...], favor: str, input_type: str,
                  keep_captions: bool, links: bool, field: str | None, engine: str, scheduler: str | None,
                  quiet: bool) -> None:
    """Clean PATHS (files, folders, WARC or JSON Lines files, or - for stdin) into articles. Exit codes: 0 done,
    1 some inputs failed, 2 refused to start, 3 stopped by the environment (disk full), 130/143 interrupted."""
    _check_skip(skip)
    skip = (*skip, "html-caption") if keep_captions else skip
    settings = batch.Settings(fmt, input_type, skip, favor, int(max_size * 2**20), explain or rejects is not None,
                              field=field, links=links)
    request = batch.Request(paths, settings, output, globs, jobs or _cores(), not no_templates, skip_existing,
                            errors_file, rejects, timeout or None, "dask" if scheduler else engine, scheduler)
    sys.exit(_clean(request, quiet, explain))


def _clean(request: batch.Request, quiet: bool, explain: bool) -> ExitStatus:
    """Run the batch, turning each way it can end into messages on stderr and an exit status."""
    console = report.stderr_console()
    reporter = report.BatchReporter(console, quiet=quiet, explain=explain)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        plan = batch.prepare(request)
        result = batch.run(plan, reporter)
    except batch.Refused as err:
        for name, what in err.problems:
            reporter.problem("error", name, what)
        return ExitStatus.USAGE
    except batch.Aborted as err:
        if err.name == "<stdout>":
            _silence_stdout()
        reporter.problem("error", err.name, err.message)
        console.print(f"cleaner: stopped after {err.done} of {err.total} pages", markup=False)
        return ExitStatus.ENVIRONMENT
    except batch.Interrupted as err:
        console.print(f"cleaner: interrupted after {err.done} of {err.total} pages", markup=False)
        return ExitStatus.TERMINATED if err.signum == signal.SIGTERM else ExitStatus.INTERRUPTED
    except (KeyboardInterrupt, batch.Stop) as stop:  # while walking the folders, before any page
        console.print("cleaner: interrupted before cleaning any page", markup=False)
        return ExitStatus.TERMINATED if isinstance(stop, batch.Stop) else ExitStatus.INTERRUPTED
    except batch.OutputClosed:
        _silence_stdout()
        return ExitStatus.OK
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not plan.jobs and not plan.errors:
        reporter.problem("warning", " ".join(request.paths), "no page files found; choose files with --glob")
    elif not quiet and (plan.inputs + len(plan.errors) > 1 or result.notes):
        report.batch_summary(console, result)
    return result.status


def _stop(signum: int, frame: object) -> None:
    """SIGTERM stops a batch as Ctrl-C does: workers killed, temporary files removed, a message, exit 143."""
    raise batch.Stop(signum)


def _silence_stdout() -> None:
    """After stdout failed (its reader went away, a full disk): point it at /dev/null, so that the interpreter's
    final flush of what is left in its buffer cannot fail loudly."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # no real stdout (a test runner's buffer): nothing will be flushed to a closed pipe


def _cores() -> int:
    """The CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@cli.command(name="filters")
def list_filters() -> None:
    """List the filters of the pipeline, in order, with what each removes; then the other reasons a line can get."""
    for name in filters.DEFAULT_ORDER:
        click.echo(f"{name:22} {filters.describe(name)}")
    click.echo("\n# HTML input: reasons the markup gives before the filters run")
    for name, doc in HTML_REASONS.items():
        click.echo(f"{name:22} {doc}")
    click.echo("\n# The article splitter: lines that are metadata or page chrome")
    for name, doc in ROLES.items():
        click.echo(f"{name:22} {doc}")


@cli.command(name="evaluate")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--input-type", type=click.Choice(["text", "html"]), default="text", show_default=True,
              help="Clean each page's NNNN.txt dump or its NNNN.html.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON (per source, overall, per page).")
@click.option("--worst", type=click.IntRange(min=0), default=0, metavar="N", help="Also list the N lowest-F1 pages.")
@_filter_options
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Clean pages in N worker processes.")
@click.option("--predictions", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Also write each page's kept text to DIR/<source>/NNNN.txt (what eval_corpus.py scores).")
def evaluate_command(dirs: tuple[Path, ...], input_type: str, as_json: bool, worst: int, skip: tuple[str, ...],
                     favor: str, jobs: int, predictions: Path | None) -> None:
    """Score cleaner on annotated pages: each NNNN.txt (or .html) in DIRS, or in their subfolders, with a
    NNNN.gold.txt (full main text) or NNNN.gold.json ("with"/"without" snippets) beside it."""
    from . import evaluate as ev

    _check_skip(skip)
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
    sys.exit(ExitStatus.SOME_FAILED if result.failed else ExitStatus.OK)


def main() -> None:
    """Console entry point."""
    cli()
