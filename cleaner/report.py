"""What the CLI tells the user on stderr: explain listings, warnings, errors and the end summary."""
from __future__ import annotations

import json
import time
from collections import Counter
from typing import TYPE_CHECKING, Iterable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TaskID, TextColumn, \
    TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from .model import Line

if TYPE_CHECKING:
    from .batch import Summary
    from .work import Outcome
    from .evaluate import Evaluation

REFRESH_SECONDS = 0.1  # redraw the progress bar at most this often: a fast batch must not flood the terminal


def escape_name(name: str) -> str:
    """A file name safe to print: control, bidi and undecodable characters shown as escapes."""
    out = []
    for ch in name:
        code = ord(ch)
        if ch.isprintable() and not 0x202A <= code <= 0x202E and not 0x2066 <= code <= 0x2069:
            out.append(ch)
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def stderr_console(quiet: bool = False) -> Console:
    """The one console for messages; colour and markup only on a terminal, and never with NO_COLOR."""
    return Console(stderr=True, quiet=quiet, highlight=False, soft_wrap=True)


def explain(console: Console, name: str, dropped: Iterable[Line]) -> None:
    """Every dropped line with its number and reason: a table on a terminal, `file:line: reason: text` otherwise."""
    rows = list(dropped)
    if console.is_terminal:
        table = Table(title=f"removed from {escape_name(name)}", title_justify="left")
        for column in ("line", "reason", "text"):
            table.add_column(column, no_wrap=column != "text")
        for ln in rows:
            table.add_row(str(ln.number), ln.dropped_by or "", ln.text.strip(), style=None)
        console.print(table, markup=False)
        return
    for ln in rows:
        console.print(f"{escape_name(name)}:{ln.number}: {ln.dropped_by}: {ln.text.strip()}", markup=False)


def reject_records(name: str, dropped: Iterable[Line]) -> str:
    """The dropped lines as JSON Lines: file, line, reason, text."""
    return "".join(json.dumps({"file": name, "line": ln.number, "reason": ln.dropped_by, "text": ln.text},
                              ensure_ascii=False) + "\n" for ln in dropped)


def summary(console: Console, pages: int, articles: int, reasons: Counter[str], failed: list[tuple[str, str]]) -> None:
    """The end-of-run table: pages, articles, lines removed by reason, failures."""
    table = Table(title=f"{pages} page(s), {articles} article(s)", title_justify="left")
    table.add_column("removed by")
    table.add_column("lines", justify="right")
    for reason, count in reasons.most_common():
        table.add_row(reason, str(count))
    console.print(table)
    for name, why in failed:
        console.print(f"failed: {escape_name(name)}: {escape_name(why)}", markup=False)


def batch_summary(console: Console, result: Summary) -> None:
    """`summary` for a batch, then what else the user should know: skipped, up-to-date pages, templates, speed."""
    summary(console, result.pages, result.articles, result.removed, result.failed)
    if result.notes:
        console.print(f"skipped {len(result.notes)} entry(ies) that are not pages (special files, WARC records that "
                      "are not HTML pages); see the notes above", markup=False)
    if result.up_to_date:
        console.print(f"{result.up_to_date} page(s) already up to date (--skip-existing)")
    if result.sites_with_template:
        console.print(f"site templates learned for {result.sites_with_template} site(s)")
    speed = result.pages / result.seconds if result.seconds > 0 else 0
    rate = f" ({speed:.{0 if speed >= 10 else 1}f} pages/s)" if speed else ""
    console.print(f"{result.pages} page(s) in {result.seconds:.1f} s{rate}, {len(result.failed)} failed",
                  markup=False)


class _RateColumn(ProgressColumn):
    """Pages per second, once there is enough history to say."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.0f} pages/s" if task.speed else "", style="progress.data.speed")


class BatchReporter:
    """How a batch tells the user what happens, all on the one stderr console: a progress bar when stderr is a
    terminal, then one line per problem (`cleaner: error: <file>: <what>; <what to try>`) and --explain listings.
    Quiet silences all but errors."""

    def __init__(self, console: Console, *, quiet: bool = False, explain: bool = False) -> None:
        self.console, self.quiet, self.explain = console, quiet, explain
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.drawn = 0.0

    def begin(self, phase: str, total: int) -> None:
        """A new phase of `total` steps: a fresh bar (none for a single page, or off a terminal)."""
        if self.quiet or not self.console.is_terminal or total < 2:
            return
        if self.progress is None:
            # auto_refresh off: no drawing thread, so worker processes can be forked safely at any time
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     _RateColumn(), TimeRemainingColumn(), console=self.console,
                                     auto_refresh=False, transient=True)
            self.progress.start()
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = self.progress.add_task(phase, total=total)

    def advance(self, name: str | None, outcome: Outcome | None) -> None:
        """One step done; for a page, its error, warnings and --explain listing."""
        if name is not None and outcome is not None:
            self._page(name, outcome)
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)
            self.tick()

    def tick(self) -> None:
        """Redraw the bar, if it is time to."""
        now = time.monotonic()
        if self.progress is not None and now - self.drawn >= REFRESH_SECONDS:
            self.progress.refresh()
            self.drawn = now

    def problem(self, level: str, name: str, message: str) -> None:
        """One line on stderr: `cleaner: <level>: <file>: <message>`; only errors when quiet."""
        if level == "error" or not self.quiet:
            self.console.print(f"cleaner: {level}: {escape_name(name)}: {escape_name(message)}", markup=False)

    def end(self) -> None:
        """Take the bar away: the summary follows."""
        if self.progress is not None:
            self.progress.stop()
            self.progress, self.task = None, None

    def _page(self, name: str, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.problem("error", name, outcome.error)
            return
        if self.explain:
            explain(self.console, name, [Line(n, text, reason) for n, reason, text in outcome.dropped])
        for warning in outcome.warnings:
            self.problem("warning", name, warning)


def evaluation_report(console: Console, evaluation: Evaluation, worst: int = 0) -> None:
    """What `cleaner evaluate` prints: token scores per folder with "all" and "macro" rows, snippet scores
    per folder, the `worst` lowest-F1 pages if asked, the pages that failed, and the speed."""
    for table in (_token_table(evaluation), _snippet_table(evaluation), _worst_table(evaluation, worst)):
        if table is not None:
            console.print(table)
    for page in evaluation.failed:
        console.print(f"failed (scored as empty): {escape_name(page.path)}: {page.error}", markup=False)
    for source in evaluation.sources:
        for gold in source.missing_input:
            console.print(f"not scored (no {evaluation.input_type} page beside it): {escape_name(gold)}", markup=False)
    n = len(evaluation.pages)
    rate = f" ({n / evaluation.seconds:.0f} pages/s)" if evaluation.seconds else ""
    console.print(f"{n} page(s) cleaned in {evaluation.seconds:.2f} s{rate}", markup=False)


def _score(x: float) -> str:
    return f"{x:.3f}"


def _table(title: str, columns: Iterable[str]) -> Table:
    """A left-titled table whose first column is text and the others numbers."""
    table = Table(title=title, title_justify="left")
    for k, column in enumerate(columns):
        table.add_column(column, justify="right" if k else "left", overflow="fold")
    return table


def _token_table(evaluation: Evaluation) -> Table | None:
    """Mean P, R, F1 and median F1 per folder, then over all full-gold pages and as the mean of folders."""
    rows = [(s.name, s.tokens) for s in evaluation.sources if s.tokens is not None]
    if not rows:
        return None
    table = _table(f"token scores ({evaluation.input_type} input, favor {evaluation.favor})",
                   ("source", "pages", "P", "R", "F1", "median F1", "empty"))
    for k, (name, t) in enumerate(rows):
        table.add_row(Text(escape_name(name)), str(t.pages), _score(t.p), _score(t.r), _score(t.f1),
                      _score(t.f1_median), str(t.empty), end_section=k == len(rows) - 1)
    if evaluation.all is not None and evaluation.macro is not None:
        a, m = evaluation.all, evaluation.macro
        table.add_row("all", str(a.pages), _score(a.p), _score(a.r), _score(a.f1), _score(a.f1_median), str(a.empty))
        table.add_row(f"macro ({m.sources} sources)", "", _score(m.p), _score(m.r), _score(m.f1),
                      _score(m.f1_median), "")
    return table


def _snippet_table(evaluation: Evaluation) -> Table | None:
    """Share of snippets satisfied per folder (page mean and pooled), must-keep found, must-drop leaked."""
    rows = [(s.name, s.snippets) for s in evaluation.sources if s.snippets is not None]
    if not rows:
        return None
    table = _table("snippets", ("source", "pages", "satisfied (page mean)", "satisfied (pooled)",
                                "with kept", "without leaked", "empty"))
    for name, sn in rows:
        table.add_row(Text(escape_name(name)), str(sn.pages), _score(sn.sat), _score(sn.sat_pooled),
                      _score(sn.keep), _score(sn.leak), str(sn.empty))
    return table


def _worst_table(evaluation: Evaluation, n: int) -> Table | None:
    """The `n` full-gold pages with the lowest F1, with their P and R."""
    from .evaluate import worst_pages

    pages = worst_pages(evaluation, n)
    if not pages:
        return None
    table = _table(f"{len(pages)} worst page(s) by F1", ("page", "P", "R", "F1"))
    for page in pages:
        if page.tokens is not None:
            table.add_row(Text(escape_name(page.path)), _score(page.tokens.p), _score(page.tokens.r),
                          _score(page.tokens.f1))
    return table


def stdout_console() -> Console:
    """A console for data on stdout; wide when piped, so tables of paths are not folded at 80 columns."""
    console = Console(highlight=False)
    return console if console.is_terminal else Console(highlight=False, width=max(console.width, 120))
