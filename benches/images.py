#!/usr/bin/env python3
"""Photo benchmark: a site whose articles carry large phone photos, built
with an empty image cache (every photo decoded, resized and encoded) and
then again with the cache the first build left (nothing resized).

Generates N articles, each with its own 4000 x 3000 JPEG cover drawn by
examples/photos.rs (deterministic), then for each run: removes the output
and .kheo-cache/, builds (cold), builds again (warm); and, for comparison,
builds the same files with no page showing the photos (copied, not
resized: the cost of the site without photo work). Prints the median wall
time, CPU time (user + system) and peak memory of each, from /usr/bin/time -v,
and the bytes of the originals and of the variants. Checks, outside the
timings, that the second build writes exactly the files of the first.
Standard library only.

  cargo build --release && cargo build --release --example photos
  python3 benches/images.py --photos 200 --runs 5 --work /dev/shm/kheo-images
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from compare import timed  # same folder: /usr/bin/time -v, parsed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Where cargo puts the binaries: $CARGO_TARGET_DIR when set, else target/.
TARGET = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")

SITE_YAML = """title:
  vi: Ban Dân vận (ảnh)
  en: Mass Mobilization (photos)
base_url: https://danvan.example.gov.vn/
languages: [vi, en]
page_size: 20
"""


def draw_photos(work: Path, photos_bin: Path, count: int) -> Path:
    """count photos, drawn once into work/photos (the same bytes every time)."""
    photos = work / "photos"
    have = sorted(photos.glob("photo-*.jpg")) if photos.is_dir() else []
    if len(have) < count:
        print(f"drawing {count} photos of 4000 x 3000 into {photos} (once) ...", flush=True)
        subprocess.run([str(photos_bin), "bench", str(photos), str(count)], check=True, stdout=subprocess.DEVNULL)
    return photos


def make_site(work: Path, photos: Path, count: int, name: str, covers: bool) -> Path:
    """The site work/<name>: count articles in two languages and count photos;
    with covers, each article shows its photo, else the photos are only copied."""
    site = work / name
    if site.exists():
        shutil.rmtree(site)
    section = site / "content" / "tin-tuc"
    section.mkdir(parents=True)
    (site / "content" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (section / "_section.yaml").write_text("title: {vi: Tin ảnh, en: Photo news}\n", encoding="utf-8")
    for i in range(1, count + 1):
        photo = f"anh-{i:04d}.jpg"
        os.link(photos / f"photo-{i:04d}.jpg", section / photo)
        day = 1 + (i - 1) % 28
        month = 1 + (i - 1) // 28 % 12
        for lang, title, caption in (
            ("", f"Hoạt động của Tổ dân vận số {i}", f"Ảnh minh họa số {i}"),
            (".en", f"Mobilization team activity no. {i}", f"Illustrative photo no. {i}"),
        ):
            cover = f"image: {photo}\nimage_caption: {caption}\n" if covers else ""
            (section / f"2024-{month:02d}-{day:02d}-bai-{i:04d}{lang}.md").write_text(
                f"---\ntitle: {title}\n{cover}---\n\n{caption}.\n",
                encoding="utf-8",
            )
    return site


def sizes(out: Path) -> tuple[int, int, int]:
    """Bytes of the original photos, number and bytes of the variants."""
    originals = variants = count = 0
    for p in (out / "tin-tuc").glob("anh-*.jpg"):
        if p.name.count(".") == 1:
            originals += p.stat().st_size
        else:
            variants += p.stat().st_size
            count += 1
    return originals, count, variants


def digest(out: Path) -> str:
    """One hash of every file under out (path and bytes), in name order."""
    h = hashlib.sha256()
    for p in sorted(out.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(out)).encode())
            h.update(b"\0")
            h.update(p.read_bytes())
    return h.hexdigest()


def machine() -> str:
    """The CPU model and how many cores this process may use."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {len(os.sched_getaffinity(0))} cores"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--photos", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, default=Path("/dev/shm/kheo-images"))
    ap.add_argument("--kheo", type=Path, default=TARGET / "release" / "kheo")
    ap.add_argument("--photos-bin", type=Path, default=TARGET / "release" / "examples" / "photos")
    args = ap.parse_args()
    for binary, how in ((args.kheo, "cargo build --release"), (args.photos_bin, "cargo build --release --example photos")):
        if not binary.exists():
            sys.exit(f"{binary} is missing: run `{how}`")
    args.work.mkdir(parents=True, exist_ok=True)
    photos = draw_photos(args.work, args.photos_bin, args.photos)
    site = make_site(args.work, photos, args.photos, "site", covers=True)
    # The same files, with no page showing the photos: nothing resized, the
    # photos only copied. What a build costs without photos to prepare.
    plain = make_site(args.work, photos, args.photos, "site-plain", covers=False)
    out = args.work / "public"
    cache = site / ".kheo-cache"

    def build(root: Path) -> list[str]:
        return [str(args.kheo), "build", "--quiet", "--root", str(root), "--output", str(out)]

    cold, warm, copied = [], [], []
    for run in range(args.runs):
        shutil.rmtree(out, ignore_errors=True)
        copied.append(timed(build(plain)))
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(timed(build(site)))
        first = digest(out) if run == 0 else None
        warm.append(timed(build(site)))
        # Outside the timings: the cache must not change a single byte.
        if first is not None and digest(out) != first:
            sys.exit("the second build's output differs from the first's")
        print(
            f"run {run + 1}: cold {cold[-1]['wall']:.2f} s, warm {warm[-1]['wall']:.2f} s,"
            f" photos only copied {copied[-1]['wall']:.2f} s",
            flush=True,
        )
    originals, count, variant_bytes = sizes(out)
    med = lambda runs, key: statistics.median(r[key] for r in runs)  # noqa: E731
    print()
    print(f"{machine()}; {args.work}")
    print(f"{args.photos} articles in 2 languages, each with its own 4000 x 3000 JPEG cover; medians of {args.runs} runs")
    print("| build | wall s | CPU s | peak MiB |")
    print("|---|---:|---:|---:|")
    for name, runs in (
        ("first (empty cache)", cold),
        ("second (cache from the first)", warm),
        ("same files, no page shows the photos (only copied)", copied),
    ):
        print(f"| {name} | {med(runs, 'wall'):.2f} | {med(runs, 'cpu'):.2f} | {med(runs, 'rss'):.0f} |")
    print()
    print(f"originals: {originals / 2**20:.1f} MiB; {count} variants: {variant_bytes / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
