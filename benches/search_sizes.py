#!/usr/bin/env python3
"""Sizes of what a reader downloads to search a built kheo site.

  python3 benches/search_sizes.py public          # after `kheo build`

For each language: the manifest, the shards (count, total, largest), the
download of a few typical queries (manifest + the shards of their words), and
the worst case of a three-word query (manifest + the three largest shards).
"""

import glob
import os
import sys
import unicodedata


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not 0x300 <= ord(c) <= 0x36F)
    return s.replace("đ", "d").replace("Đ", "d").lower()


def shard(token: str) -> str:
    a, b = token[0], token[1]
    ok = lambda c: c.isascii() and (c.islower() or c.isdigit())
    return a + b if ok(a) and ok(b) else "u%x" % ord(a)


def main(out: str) -> int:
    queries = ["dân vận khéo", "đường giao thông", "hòa giải"]
    for manifest in sorted(glob.glob(os.path.join(out, "search-index.*.json"))):
        lang = manifest.rsplit(".", 2)[-2]
        folder = glob.glob(os.path.join(out, "search", lang, "*", ""))[0]
        sizes = {os.path.basename(f)[:-5]: os.path.getsize(f) for f in glob.glob(folder + "*.json")}
        man = os.path.getsize(manifest)
        top = sorted(sizes.values(), reverse=True)[:3]
        print(f"{lang}: manifest {man / 1e6:.2f} MB; {len(sizes)} shards, {sum(sizes.values()) / 1e6:.2f} MB, largest {top[0] / 1e3:.0f} KB")
        for q in queries:
            keys = {shard(t) for t in fold(q).split() if len(t) >= 2}
            total = man + sum(sizes.get(k, 0) for k in keys)
            print(f"  query {q!r}: {total / 1e6:.2f} MB")
        print(f"  worst three-word query: {(man + sum(top)) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "public"))
