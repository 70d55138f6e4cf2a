"""Batch speed of the `cleaner` command on a large input built from the corpus, next to trafilatura's.

    python3 tests/bench/speed.py [--mb 200] [--corpus ../shared/corpus] [--jobs N] [--keep DIR]

Builds, in a temporary folder, at least --mb megabytes of text dumps and as many of HTML by copying the
corpus pages over and over (2,000 pages a folder), then times `python -m cleaner clean DIR -o OUT -q -j N`
with one worker and with all of them (CLI start-up included, site templates on as by default), the text
dumps again with every filter off (the floor: what the rest of the work costs without any filtering), the text
dumps joined into one file of --mb megabytes (cleaned a part at a time: its peak memory), each corpus dump
once in a fresh process (the copies repeat every line, which flatters the caches of line scores and dates: this
row shows what pages never seen cost, in CPU seconds, start-up and CLI aside), and trafilatura's
`extract` (comments off) in a process pool over the same HTML files, writing each page's text to a file as
cleaner writes its outputs. For each run it prints MB/s, pages/s and the peak memory of the largest process
(getrusage of the children, measured in a wrapper process per run so that runs do not mix). Speeds on a
shared VM wander by tens of percent: compare the rows of one run. Quality side by side:
tests/bench/html_quality.py.

trafilatura is a development-only dependency: `pip install -e '.[bench]'`. Not collected by pytest.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES_PER_FOLDER = 2000  # a site: the users clean "tens of thousands of pages from a handful of sites"
# Runs the command given as arguments and reports its wall time and the peak RSS of its largest process.
MEASURE = ("import resource, subprocess, sys, time; start = time.monotonic(); "
           "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL); "
           "print(time.monotonic() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
           "sys.exit(code)")


def corpus_pages(corpus: Path, suffix: str) -> list[Path]:
    """The corpus pages of one kind (NNNN.txt dumps or NNNN.html), gold files left out."""
    return sorted(p for p in corpus.glob(f"*/[0-9][0-9][0-9][0-9]{suffix}"))


def build(pages: list[Path], folder: Path, megabytes: float) -> tuple[int, int]:
    """Copy `pages` round and round into `folder` until it holds `megabytes`; (pages, bytes) written."""
    count = size = 0
    while size < megabytes * 1e6:
        page = pages[count % len(pages)]
        target = folder / f"site{count // PAGES_PER_FOLDER:04d}" / f"{count:06d}{page.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
        size += target.stat().st_size
        count += 1
    return count, size


def build_one_file(pages: list[Path], path: Path, megabytes: float) -> tuple[int, int]:
    """Join `pages` round and round into one dump of `megabytes` (a blank line between pages); (pages, bytes)."""
    count = size = 0
    with open(path, "wb") as out:
        while size < megabytes * 1e6:
            data = pages[count % len(pages)].read_bytes() + b"\n\n"
            out.write(data)
            size += len(data)
            count += 1
    return count, size


def measure(command: list[str]) -> tuple[float, float]:
    """Seconds and peak MB of the largest process of `command`, run in its own wrapper process.

    The disk is synced first, so that no run pays for writing back what the build or an earlier run wrote. Each
    run writes to a folder of its own, and none is deleted before the end: on a file system mounted with
    `discard` (as this project's VMs are) the blocks freed by deleting thousands of files are trimmed while the
    next run creates its own, which then cost several times as much (seen here: 16 against 75-190 us a file).
    """
    os.sync()
    result = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT)
    if result.returncode not in (0, 1):
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    seconds, peak_kb = result.stdout.split()
    return float(seconds), float(peak_kb) / 1024


def cleaner_run(folder: Path, out: Path, jobs: int, *options: str) -> tuple[float, float]:
    return measure([sys.executable, "-m", "cleaner", "clean", str(folder), "-o", str(out), "-q", "-j", str(jobs),
                    *options])


def every_filter_off() -> list[str]:
    """The options that turn off every text filter and the learning of site templates: what is left (reading,
    decoding, cutting lines, the language guess, the splitter, writing, the batch) is the floor under any
    filtering, in this design."""
    from cleaner.filters import DEFAULT_ORDER

    return ["--no-templates", *(option for name in DEFAULT_ORDER for option in ("--skip", name))]


def cleaner_one_file(path: Path, out: Path, jobs: int) -> tuple[float, float]:
    """One large dump into one JSON Lines file: it is read and cleaned a part at a time."""
    cap = str(path.stat().st_size // 2**20 + 1)
    return measure([sys.executable, "-m", "cleaner", "clean", str(path), "-o", str(out), "-f", "jsonl", "-q",
                    "-j", str(jobs), "--max-size", cap])


# Cleans each page once in a fresh process (every cache cold, as for pages never seen), rendering the output as
# the CLI does; prints the CPU seconds this took and the process's peak RSS in KB.
DISTINCT = ("import resource, sys, time; from pathlib import Path; from cleaner import clean_text; "
            "from cleaner.writers import to_markdown; pages = [Path(p).read_bytes() for p in sys.argv[1:]]; "
            "start = time.process_time(); "
            "[to_markdown(clean_text(page).articles, 'page') for page in pages]; "
            "print(time.process_time() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")


def cleaner_distinct(pages: list[Path]) -> tuple[float, float]:
    """CPU seconds to clean each page once in a fresh process (no CLI, no batch), and its peak MB. The batch rows
    copy the corpus round and round, so that every line recurs (on a real site only the menus do) and the caches
    of line scores and dates serve more than they would: this row shows what pages never seen cost."""
    result = subprocess.run([sys.executable, "-c", DISTINCT, *map(str, pages)], capture_output=True, text=True,
                            cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"failed: distinct pages\n{result.stderr}")
    cpu, peak_kb = result.stdout.split()
    return float(cpu), float(peak_kb) / 1024


def trafilatura_run(folder: Path, out: Path, jobs: int) -> tuple[float, float]:
    return measure([sys.executable, __file__, "--trafilatura", str(folder), "--out", str(out), "--jobs", str(jobs)])


def extract_file(job: tuple[str, str]) -> int:
    """trafilatura on one page, as BASELINES.md runs it, its text written to a file as cleaner writes its
    output (both sides of the table read, extract and write); the length of what it kept."""
    import trafilatura

    path, target = job
    with open(path, "rb") as handle:
        text = trafilatura.extract(handle.read(), include_comments=False) or ""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as out:
        out.write(text)
    return len(text)


def trafilatura_pool(folder: Path, out: Path, jobs: int) -> None:
    """trafilatura over every page of `folder` in `jobs` processes, each page's text to `out` (mirroring the
    tree): the measured side of trafilatura_run."""
    from multiprocessing import Pool

    tasks = [(str(p), str(out / p.relative_to(folder).with_suffix(".txt"))) for p in sorted(folder.rglob("*.html"))]
    with Pool(jobs) as pool:
        for _ in pool.imap_unordered(extract_file, tasks, chunksize=8):
            pass


def row(name: str, pages: int, size: int, seconds: float, peak: float) -> str:
    return f"| {name} | {pages / seconds:,.0f} | {size / 1e6 / seconds:.2f} | {seconds:.1f} | {peak:.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200, help="megabytes of each kind of input (default 200)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="all workers (default: cores)")
    parser.add_argument("--keep", type=Path, help="build the input here and keep it (default: a temporary folder)")
    parser.add_argument("--trafilatura", type=Path, help=argparse.SUPPRESS)  # the measured trafilatura process
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)  # where that process writes
    args = parser.parse_args()
    if args.trafilatura:
        trafilatura_pool(args.trafilatura, args.out, args.jobs)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="cleaner-bench-"))
    try:
        bench(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def bench(args: argparse.Namespace, work: Path) -> None:
    """Build the inputs, run every tool, print one table."""
    inputs = {}
    for kind, suffix in (("text", ".txt"), ("html", ".html")):
        start = time.monotonic()
        inputs[kind] = build(corpus_pages(args.corpus, suffix), work / kind, args.mb)
        print(f"built {kind}: {inputs[kind][0]:,} pages, {inputs[kind][1] / 1e6:.0f} MB in "
              f"{time.monotonic() - start:.0f} s", file=sys.stderr)
    one_file = build_one_file(corpus_pages(args.corpus, ".txt"), work / "one.txt", args.mb)
    print("| run | pages/s | MB/s | seconds | peak MB |\n| --- | ---: | ---: | ---: | ---: |")
    for kind in ("text", "html"):
        for jobs in sorted({1, args.jobs}):
            seconds, peak = cleaner_run(work / kind, work / f"out-{kind}-{jobs}", jobs)
            print(row(f"cleaner {kind}, {jobs} worker(s)", *inputs[kind], seconds, peak), flush=True)
    seconds, peak = cleaner_run(work / "text", work / "out-floor", args.jobs, *every_filter_off())
    print(row(f"cleaner text, every filter off (the floor), {args.jobs} worker(s)", *inputs["text"], seconds, peak),
          flush=True)
    pages = corpus_pages(args.corpus, ".txt")
    seconds, peak = cleaner_distinct(pages)
    size = sum(page.stat().st_size for page in pages)
    print(row(f"cleaner text, {len(pages)} distinct pages, in one process (CPU seconds)", len(pages), size, seconds,
              peak), flush=True)
    seconds, peak = cleaner_one_file(work / "one.txt", work / "one.jsonl", args.jobs)
    print(row(f"cleaner text, one {one_file[1] / 1e6:.0f} MB file, {args.jobs} worker(s)", *one_file, seconds, peak),
          flush=True)
    for jobs in sorted({1, args.jobs}):
        seconds, peak = trafilatura_run(work / "html", work / f"out-trafilatura-{jobs}", jobs)
        print(row(f"trafilatura html, {jobs} process(es)", *inputs["html"], seconds, peak), flush=True)


if __name__ == "__main__":
    main()
