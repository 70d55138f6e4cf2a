"""What the CLI tells the user on stderr: explain listings, warnings, errors and the end summary."""
from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import Line

if TYPE_CHECKING:
    from .evaluate import Evaluation


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
        console.print(f"failed: {escape_name(name)}: {why}", markup=False)


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
