"""cleaner and trafilatura side by side on the same HTML pages, in one run: quality per source, and speed.

    python3 tests/bench/html_quality.py [--corpus PATH] [--rounds N] [--tools cleaner,trafilatura]

Both tools run in this process on the same page bytes, read into memory beforehand, so the timings hold
only extraction. The tools take turns round by round (cleaner first in odd rounds, trafilatura first in even
ones) and each tool's fastest round counts, the steady state of a batch; the first round, which also pays
one-time costs (lazy imports, date-parser locales, caches), is printed beside it. Speeds on a shared VM wander
by tens of percent: compare the two tools within one run, not figures of separate runs. Quality is the metric
of `cleaner evaluate` (the corpus' reference scorer): page-mean token P, R, F1 and the median page F1 per
source, and the share of trafilatura-eval snippets satisfied.

trafilatura is a development-only dependency: `pip install -e '.[bench]'`. Not collected by pytest.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cleaner import evaluate as ev  # after the path is set: bench this checkout, not an installed copy

Predictor = Callable[[bytes], str]


def cleaner_predictor() -> Predictor:
    """cleaner as `cleaner evaluate --input-type html` runs it: every article's paragraphs."""
    return lambda data: ev.predicted_text(data, input_type="html")


def trafilatura_predictor() -> Predictor:
    """trafilatura with its recommended settings for main text (comments off), as in BASELINES.md."""
    try:
        import trafilatura
    except ImportError:
        sys.exit("trafilatura is not installed: pip install -e '.[bench]' (it needs lxml_html_clean too)")

    def predict(data: bytes) -> str:
        return trafilatura.extract(data, include_comments=False) or ""
    return predict


TOOLS: dict[str, Callable[[], Predictor]] = {"cleaner": cleaner_predictor, "trafilatura": trafilatura_predictor}


def timed_run(predict: Predictor, pages: list[bytes]) -> tuple[list[tuple[str, str | None, float]], float, float]:
    """Every page's outcome (text, error, seconds), and the run's wall and CPU seconds."""
    outcomes = []
    wall, cpu = time.perf_counter(), time.process_time()
    for data in pages:
        start = time.perf_counter()
        try:
            text, error = predict(data), None
        except Exception as err:  # noqa: BLE001 - a crash scores the page as empty, as in `cleaner evaluate`
            text, error = "", f"{type(err).__name__}: {err}"
        outcomes.append((text, error, time.perf_counter() - start))
    return outcomes, time.perf_counter() - wall, time.process_time() - cpu


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def table(name: str, evaluation: ev.Evaluation, pages: int, wall: float, cpu: float) -> str:
    """One tool's figures as a Markdown table, per source and over all full-gold pages."""
    rows = [f"### {name}", "", "| source | pages | P | R | F1 | median F1 | snippets | empty | failed |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for source in evaluation.sources:
        tok, snip = source.tokens, source.snippets
        summary = tok or snip
        rows.append(f"| {source.name} | {len(source.pages)} | {fmt(tok and tok.p)} | {fmt(tok and tok.r)} | "
                    f"{fmt(tok and tok.f1)} | {fmt(tok and tok.f1_median)} | {fmt(snip and snip.sat)} | "
                    f"{summary.empty if summary else 0} | {summary.failed if summary else 0} |")
    tok, snip = evaluation.all, evaluation.all_snippets
    rows.append(f"| **all** | {tok.pages if tok else 0} | {fmt(tok and tok.p)} | {fmt(tok and tok.r)} | "
                f"**{fmt(tok and tok.f1)}** | {fmt(tok and tok.f1_median)} | **{fmt(snip and snip.sat)}** | | |")
    speed = f"{pages} pages in {wall:.2f} s wall, {cpu:.2f} s CPU: **{pages / wall:.1f} pages/s**"
    rows += ["", speed, ""]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="folder of sources with gold files (default: ../shared/corpus from the repository)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per tool; the fastest counts")
    parser.add_argument("--tools", default="cleaner,trafilatura", help="comma-separated: cleaner, trafilatura")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.tools.split(",") if n.strip()]
    unknown = [n for n in names if n not in TOOLS]
    if unknown or not names:
        parser.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    sources = ev.discover([args.corpus], "html")
    listed = [(source.name, page) for source in sources for page in source.pages]
    if not listed:
        parser.error(f"{args.corpus}: no HTML pages with gold files")
    golds = [ev.load_gold(page) for _, page in listed]
    pages = [page.input_path.read_bytes() for _, page in listed]
    predictors = {name: TOOLS[name]() for name in names}
    for predict in predictors.values():  # warm up: imports, caches, lazily built tables
        predict(pages[0])
    rounds = max(1, args.rounds)
    first: dict[str, float] = {}  # wall seconds of each tool's first round: one-time costs (lazy imports, caches)
    best: dict[str, tuple[list[tuple[str, str | None, float]], float, float]] = {}
    for round_ in range(rounds):
        for name in names if round_ % 2 == 0 else reversed(names):
            outcome = timed_run(predictors[name], pages)
            first.setdefault(name, outcome[1])
            if name not in best or outcome[1] < best[name][1]:
                best[name] = outcome
    print(f"# {len(pages)} HTML pages under {args.corpus}, {rounds} round(s), the fastest shown\n")
    for name in names:
        outcomes, wall, cpu = best[name]
        scores = [ev.score_page(source, page, gold, out) for (source, page), gold, out in zip(listed, golds, outcomes)]
        evaluation = ev.assemble(sources, scores, "html", "balanced", (), wall)
        print(table(name, evaluation, len(pages), wall, cpu))
        if rounds > 1:
            print(f"first round: {len(pages) / first[name]:.1f} pages/s\n")
    if len(names) > 1:
        ratio = best[names[1]][1] / best[names[0]][1]
        line = f"{names[0]} / {names[1]} speed: {ratio:.2f}× (fastest rounds)"
        if rounds > 1:
            line += f", {first[names[1]] / first[names[0]]:.2f}× (first rounds)"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
