"""Measure cleaner on annotated pages: find the pages with gold beside them, clean them, score the kept text.

The metric is exactly that of the corpus' reference scorer (`shared/tools/eval_corpus.py score`):
tokens are the runs of `\\w+` (Unicode, case kept); per page P = shared/predicted and R = shared/gold over
token multisets, F1 from those; per folder the mean of page P, R and F1 and the median page F1. An empty
prediction scores 0 unless the gold is empty too (then 1). Snippet gold (`NNNN.gold.json`) holds must-keep
("with") and must-drop ("without") snippets; a snippet is found when, whitespace collapsed, it is a
substring of the prediction, or is one once the spaces before closing and after opening punctuation go.
Nothing here prints: the CLI renders what `evaluate` returns.
"""
from __future__ import annotations

import functools
import itertools
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .files import Page, read_page, write_atomic
from .model import CleanerError

# Tokens and snippet normalisation: the reference scorer's expressions, character for character.
TOKEN_RE = re.compile(r"\w+")
_WHITESPACE = re.compile(r"\s+")
SPACE_BEFORE_CLOSE = re.compile(r" (?=[,.;:!?)\]}»”’%…])")
SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[{«„“‘]) ")

GOLD_NAME = re.compile(r"^(?P<stem>.+)\.gold\.(?P<ext>txt|json)$")
INPUT_SUFFIXES = {"text": (".txt",), "html": (".html", ".htm")}
TOKENS, SNIPPETS = "tokens", "snippets"

Predictor = Callable[[bytes], str]  # page bytes -> the text kept of it


class EvaluationError(Exception):
    """An evaluation that cannot start: no gold files, an unreadable gold file, no HTML cleaner."""


# --------------------------------------------------------------------------- what is scored


@dataclass(frozen=True, slots=True)
class GoldPage:
    """One annotated page: the file to clean and its gold file; `kind` is "tokens" (.gold.txt) or "snippets"."""

    stem: str
    input_path: Path
    gold_path: Path
    kind: str


@dataclass(frozen=True, slots=True)
class Source:
    """A folder of annotated pages, and the gold files in it with no page of the requested input type."""

    name: str
    folder: Path
    pages: tuple[GoldPage, ...]
    missing_input: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class TokenScore:
    """Bag-of-words agreement of one page: shared, predicted and gold token counts, and P, R, F1."""

    tp: int
    n_pred: int
    n_gold: int
    p: float
    r: float
    f1: float


@dataclass(frozen=True, slots=True)
class SnippetScore:
    """Snippets of one page: how many must-keep were found, how many must-drop leaked, the share satisfied."""

    n_with: int
    kept: int
    n_without: int
    leaked: int
    sat: float


@dataclass(frozen=True, slots=True)
class PageScore:
    """The score of one page, whether its prediction was empty, and the error that emptied it, if any."""

    source: str
    path: str
    kind: str
    tokens: TokenScore | None
    snippets: SnippetScore | None
    empty: bool
    error: str | None
    seconds: float

    @property
    def f1(self) -> float | None:
        return self.tokens.f1 if self.tokens else None


@dataclass(frozen=True, slots=True)
class TokenSummary:
    """Token figures over pages: means of page P, R, F1, median page F1, and micro P, R, F1 of pooled counts."""

    pages: int
    p: float
    r: float
    f1: float
    f1_median: float
    micro_p: float
    micro_r: float
    micro_f1: float
    empty: int
    failed: int


@dataclass(frozen=True, slots=True)
class SnippetSummary:
    """Snippet figures over pages: share satisfied (page mean and pooled), share of must-keep found,
    of must-drop leaked."""

    pages: int
    sat: float
    sat_pooled: float
    keep: float
    leak: float
    empty: int
    failed: int


@dataclass(frozen=True, slots=True)
class Macro:
    """The mean of the per-source means: every source weighs the same."""

    sources: int
    p: float
    r: float
    f1: float
    f1_median: float


@dataclass(frozen=True, slots=True)
class SourceResult:
    """One folder's page scores and their summaries."""

    name: str
    folder: str
    pages: tuple[PageScore, ...]
    tokens: TokenSummary | None
    snippets: SnippetSummary | None
    missing_input: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A whole run: settings, per-source results, token figures over all full-gold pages ("all") and
    per source ("macro")."""

    input_type: str
    favor: str
    skip: tuple[str, ...]
    sources: tuple[SourceResult, ...]
    all: TokenSummary | None
    macro: Macro | None
    all_snippets: SnippetSummary | None
    seconds: float

    @property
    def pages(self) -> list[PageScore]:
        return [page for source in self.sources for page in source.pages]

    @property
    def failed(self) -> list[PageScore]:
        """Pages that could not be cleaned (scored as empty predictions)."""
        return [page for page in self.pages if page.error is not None]


# --------------------------------------------------------------------------- metric


def tokenize(text: str) -> list[str]:
    """The runs of word characters (Unicode, case kept)."""
    return TOKEN_RE.findall(text or "")


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; nothing against nothing is perfect, nothing against something is 0."""
    if n_pred == 0 and n_gold == 0:
        return 1.0, 1.0, 1.0
    if n_pred == 0 or n_gold == 0:
        return 0.0, 0.0, 0.0
    p = tp / n_pred
    r = tp / n_gold
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_tokens(gold: str, predicted: str) -> TokenScore:
    """Compare the token multisets of the gold and the predicted text."""
    g, p = Counter(tokenize(gold)), Counter(tokenize(predicted))
    tp, n_pred, n_gold = sum((g & p).values()), sum(p.values()), sum(g.values())
    return TokenScore(tp, n_pred, n_gold, *prf(tp, n_pred, n_gold))


def collapse(text: str) -> str:
    """Whitespace runs (newlines included) made one space, ends trimmed."""
    return _WHITESPACE.sub(" ", text or "").strip()


def tighten(text: str) -> str:
    """Remove the spaces before closing punctuation and after opening brackets."""
    return SPACE_AFTER_OPEN.sub("", SPACE_BEFORE_CLOSE.sub("", text))


def snippet_finder(predicted: str) -> Callable[[str], bool]:
    """A test for whether a snippet occurs in the prediction, plainly or once both sides are tightened."""
    plain = collapse(predicted)
    tight = tighten(plain)

    def found(snippet: str) -> bool:
        s = collapse(snippet)
        return bool(s) and (s in plain or tighten(s) in tight)

    return found


def score_snippets(gold: dict[str, Any], predicted: str) -> SnippetScore:
    """Count must-keep snippets found and must-drop snippets leaked; no snippets at all is fully satisfied."""
    found = snippet_finder(predicted)
    with_, without = gold.get("with") or [], gold.get("without") or []
    kept = sum(1 for s in with_ if found(s))
    leaked = sum(1 for s in without if found(s))
    n = len(with_) + len(without)
    sat = (kept + len(without) - leaked) / n if n else 1.0
    return SnippetScore(len(with_), kept, len(without), leaked, sat)


def summarize_tokens(pages: Sequence[PageScore]) -> TokenSummary | None:
    """Token figures over the pages with full-text gold; None when there are none."""
    scores = [page.tokens for page in pages if page.tokens is not None]
    if not scores:
        return None
    micro = prf(sum(s.tp for s in scores), sum(s.n_pred for s in scores), sum(s.n_gold for s in scores))
    return TokenSummary(
        len(scores), statistics.fmean(s.p for s in scores), statistics.fmean(s.r for s in scores),
        statistics.fmean(s.f1 for s in scores), statistics.median(s.f1 for s in scores), *micro,
        empty=sum(1 for p in pages if p.tokens is not None and p.empty),
        failed=sum(1 for p in pages if p.tokens is not None and p.error is not None))


def summarize_snippets(pages: Sequence[PageScore]) -> SnippetSummary | None:
    """Snippet figures over the pages with snippet gold; None when there are none."""
    scores = [page.snippets for page in pages if page.snippets is not None]
    if not scores:
        return None
    n_with, n_without = sum(s.n_with for s in scores), sum(s.n_without for s in scores)
    kept, leaked = sum(s.kept for s in scores), sum(s.leaked for s in scores)
    return SnippetSummary(
        len(scores), statistics.fmean(s.sat for s in scores),
        (kept + n_without - leaked) / (n_with + n_without) if n_with + n_without else 1.0,
        kept / n_with if n_with else 1.0, leaked / n_without if n_without else 0.0,
        empty=sum(1 for p in pages if p.snippets is not None and p.empty),
        failed=sum(1 for p in pages if p.snippets is not None and p.error is not None))


def macro_mean(summaries: Sequence[TokenSummary]) -> Macro | None:
    """The mean of per-source means; None without token sources."""
    if not summaries:
        return None
    return Macro(len(summaries), *(statistics.fmean(getattr(s, key) for s in summaries)
                                   for key in ("p", "r", "f1", "f1_median")))


# --------------------------------------------------------------------------- finding pages


def discover(paths: Iterable[str | Path], input_type: str = "text") -> list[Source]:
    """The sources under the given folders: each folder holding gold files, and each such subfolder of it."""
    folders: list[Path] = []
    for path in map(Path, paths):
        for folder in source_folders(path):
            if folder.resolve() not in {f.resolve() for f in folders}:
                folders.append(folder)
    names = unique_names([folder.name or str(folder) for folder in folders])
    return [folder_source(name, folder, input_type) for name, folder in zip(names, folders)]


def source_folders(path: Path) -> list[Path]:
    """`path` if it holds gold files, and its subfolders (not hidden, not `_`-prefixed) that do."""
    if not path.is_dir():
        raise EvaluationError(f"{path}: not a folder")
    subfolders = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    found = [folder for folder in [path, *subfolders] if gold_files(folder)]
    if not found:
        raise EvaluationError(f"{path}: no gold files (NNNN.gold.txt or NNNN.gold.json) in it or its subfolders")
    return found


def unique_names(names: Sequence[str]) -> list[str]:
    """The names, a repeated one numbered ("news", "news-2"), so each source has its own."""
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return out


def gold_files(folder: Path) -> dict[str, Path]:
    """Each page stem of the folder and its gold file; a .gold.txt wins over a .gold.json, as in eval_corpus.py."""
    golds: dict[str, Path] = {}
    for entry in sorted(folder.iterdir()):
        match = GOLD_NAME.match(entry.name)
        if match and entry.is_file() and (match["ext"] == "txt" or match["stem"] not in golds):
            golds[match["stem"]] = entry
    return golds


def folder_source(name: str, folder: Path, input_type: str) -> Source:
    """The annotated pages of one folder whose input (NNNN.txt, or NNNN.html) exists."""
    pages, missing = [], []
    for stem, gold in gold_files(folder).items():
        inputs = [folder / (stem + suffix) for suffix in INPUT_SUFFIXES[input_type]]
        page = next((p for p in inputs if p.is_file()), None)
        if page is None:
            missing.append(gold)
            continue
        pages.append(GoldPage(stem, page, gold, TOKENS if gold.name.endswith(".txt") else SNIPPETS))
    return Source(name, folder, tuple(pages), tuple(missing))


def load_gold(page: GoldPage) -> str | dict[str, Any]:
    """The gold text (UTF-8, bad bytes replaced, as the reference reads it) or the snippet lists."""
    data = page.gold_path.read_bytes()
    if page.kind == TOKENS:
        return data.decode("utf-8", errors="replace")
    try:
        gold = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise EvaluationError(f"{page.gold_path}: not a JSON snippet file ({err})") from None
    if not isinstance(gold, dict) or not all(_strings(gold.get(k) or []) for k in ("with", "without")):
        raise EvaluationError(f'{page.gold_path}: expected {{"with": [...], "without": [...]}} snippet lists')
    if "with" not in gold and "without" not in gold:
        raise EvaluationError(f'{page.gold_path}: has neither a "with" nor a "without" snippet list')
    return gold


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# --------------------------------------------------------------------------- cleaning


def clean_function(input_type: str) -> Callable[..., Any]:
    """cleaner's entry point for the input type; EvaluationError when this cleaner cannot read HTML."""
    import cleaner  # the package, looked up late: clean_html may be added to it

    if input_type == "text":
        return cleaner.clean_text
    html: Callable[..., Any] | None = getattr(cleaner, "clean_html", None)
    if html is None:
        raise EvaluationError("--input-type html needs cleaner.clean_html, which this cleaner does not have yet; "
                              "use --input-type text")
    return html


def predicted_text(data: bytes, *, input_type: str = "text", skip: tuple[str, ...] = (),
                   favor: str = "balanced") -> str:
    """What cleaner keeps of a page: every article's paragraphs joined by newlines (titles left out)."""
    result = clean_function(input_type)(data, skip=skip, favor=favor)
    return "\n".join(paragraph for article in result.articles for paragraph in article.paragraphs)


def run_page(path: Path, predict: Predictor) -> tuple[str, str | None, float]:
    """Clean one page: the kept text, the error that left it empty (None if none), and the seconds taken."""
    start = time.perf_counter()
    try:
        text, error = predict(read_page(Page(str(path), path))), None
    except CleanerError as err:
        text, error = "", str(err)
    except Exception as err:  # noqa: BLE001 - one page's crash must not end the run; it is listed and scored 0
        text, error = "", f"{type(err).__name__}: {err}"
    return text, error, time.perf_counter() - start


def run_pages(paths: Sequence[Path], predict: Predictor, jobs: int = 1) -> list[tuple[str, str | None, float]]:
    """Clean the pages in this process, or in `jobs` worker processes."""
    if jobs <= 1 or len(paths) < 2:
        return [run_page(path, predict) for path in paths]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(run_page, paths, itertools.repeat(predict), chunksize=max(1, len(paths) // (jobs * 8))))


# --------------------------------------------------------------------------- evaluating


def score_page(source: str, page: GoldPage, gold: str | dict[str, Any],
               outcome: tuple[str, str | None, float]) -> PageScore:
    """Score one cleaned page against its gold."""
    text, error, seconds = outcome
    if page.kind == TOKENS:
        assert isinstance(gold, str)
        tokens = score_tokens(gold, text)
        return PageScore(source, str(page.input_path), TOKENS, tokens, None, tokens.n_pred == 0, error, seconds)
    assert isinstance(gold, dict)
    return PageScore(source, str(page.input_path), SNIPPETS, None, score_snippets(gold, text),
                     not collapse(text), error, seconds)


def evaluate(paths: Iterable[str | Path], *, input_type: str = "text", skip: Iterable[str] = (),
             favor: str = "balanced", jobs: int = 1, predictor: Predictor | None = None,
             keep_predictions: dict[str, str] | None = None) -> Evaluation:
    """Clean every annotated page under `paths` and score it; per source and overall.

    `predictor` replaces cleaner (page bytes -> kept text), e.g. to score another tool or a fixed answer.
    A `keep_predictions` dict, when given, receives each page's kept text keyed by its input path.
    """
    skip = tuple(skip)
    sources = discover(paths, input_type)
    pages = [(source.name, page) for source in sources for page in source.pages]
    golds = [load_gold(page) for _, page in pages]  # a broken gold file stops us before any cleaning
    predict = predictor or functools.partial(predicted_text, input_type=input_type, skip=skip, favor=favor)
    if predictor is None:
        clean_function(input_type)
    start = time.perf_counter()
    outcomes = run_pages([page.input_path for _, page in pages], predict, jobs)
    seconds = time.perf_counter() - start
    if keep_predictions is not None:
        keep_predictions.update((str(page.input_path), out[0]) for (_, page), out in zip(pages, outcomes))
    scores = [score_page(name, page, gold, out) for (name, page), gold, out in zip(pages, golds, outcomes)]
    return assemble(sources, scores, input_type, favor, skip, seconds)


def assemble(sources: Sequence[Source], scores: Sequence[PageScore], input_type: str, favor: str,
             skip: tuple[str, ...], seconds: float) -> Evaluation:
    """Group page scores by source and summarise them."""
    results = []
    for source in sources:
        mine = tuple(s for s in scores if s.source == source.name)
        results.append(SourceResult(source.name, str(source.folder), mine, summarize_tokens(mine),
                                    summarize_snippets(mine), tuple(map(str, source.missing_input))))
    per_source = [r.tokens for r in results if r.tokens is not None]
    return Evaluation(input_type, favor, skip, tuple(results), summarize_tokens(scores), macro_mean(per_source),
                      summarize_snippets(scores), seconds)


def worst_pages(evaluation: Evaluation, n: int) -> list[PageScore]:
    """The `n` full-gold pages with the lowest F1 (ties by path)."""
    pages = [page for page in evaluation.pages if page.tokens is not None]
    return sorted(pages, key=lambda page: (page.tokens.f1 if page.tokens else 0.0, page.path))[:max(n, 0)]


def write_predictions(predictions: dict[str, str], evaluation: Evaluation, folder: Path) -> None:
    """Write each page's kept text to folder/<source>/<stem>.txt, the layout eval_corpus.py scores.

    Refuses (EvaluationError, nothing written) when a target is one of the evaluated pages or gold files.
    """
    targets = {page.path: folder / source.name / f"{Path(page.path).stem}.txt"
               for source in evaluation.sources for page in source.pages}
    protected = {Path(p).resolve() for p in targets} | {
        gold.resolve() for source in evaluation.sources for gold in Path(source.folder).glob("*.gold.*")}
    clash = next((t for t in targets.values() if t.resolve() in protected), None)
    if clash is not None:
        raise EvaluationError(f"--predictions would overwrite {clash}, a page being evaluated; choose another folder")
    for path, target in targets.items():
        write_atomic(target, predictions.get(path, ""))


# --------------------------------------------------------------------------- JSON


def page_record(page: PageScore) -> dict[str, Any]:
    """One page's scores as a flat JSON object."""
    record: dict[str, Any] = {"path": page.path, "kind": page.kind}
    record.update(asdict(page.tokens) if page.tokens else {})
    record.update(asdict(page.snippets) if page.snippets else {})
    record.update(empty=page.empty, error=page.error, seconds=round(page.seconds, 6))
    return record


def to_json(evaluation: Evaluation, worst: int = 0) -> dict[str, Any]:
    """The whole evaluation as JSON-ready data: settings, per source (with pages), overall, failures."""
    n = len(evaluation.pages)
    return {
        "input_type": evaluation.input_type, "favor": evaluation.favor, "skip": list(evaluation.skip),
        "pages": n, "seconds": round(evaluation.seconds, 4),
        "pages_per_second": round(n / evaluation.seconds, 1) if evaluation.seconds else None,
        "sources": {s.name: {"folder": s.folder, "tokens": _maybe(s.tokens), "snippets": _maybe(s.snippets),
                             "missing_input": list(s.missing_input), "pages": [page_record(p) for p in s.pages]}
                    for s in evaluation.sources},
        "all": _maybe(evaluation.all), "macro": _maybe(evaluation.macro),
        "all_snippets": _maybe(evaluation.all_snippets),
        "failed": [{"path": p.path, "error": p.error} for p in evaluation.failed],
        "worst": [page_record(p) for p in worst_pages(evaluation, worst)],
    }


def _maybe(summary: Any) -> dict[str, Any] | None:
    return asdict(summary) if summary is not None else None
