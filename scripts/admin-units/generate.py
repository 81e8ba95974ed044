#!/usr/bin/env python3
"""Generates src/units/units.tsv, kheo's list of Vietnam's administrative units
before and since 1 July 2025, from the open-data package `vietnamadminunits`
(PyPI, MIT licence). See scripts/admin-units/README.md.

    python3 -m venv /tmp/units-venv
    /tmp/units-venv/bin/pip install --no-deps --require-hashes -r scripts/admin-units/requirements.txt
    /tmp/units-venv/bin/python scripts/admin-units/generate.py          # rewrites the file
    /tmp/units-venv/bin/python scripts/admin-units/generate.py --check  # exit 1 if it differs

The output depends only on the package's data files: the same package version
gives a byte-identical file. Only the standard library is used; the package is
located, never imported (its importing pulls in geocoding libraries).
"""

import argparse
import importlib.metadata
import importlib.util
import json
import os
import sqlite3
import sys
import unicodedata

PACKAGE = "vietnamadminunits"
# The version this script was written against, and facts about it that its
# files do not state. Raise them together after reading the new release.
VERSION = "1.0.4"
RELEASED = "2025-10-08"  # the wheel's own files (METADATA, LICENSE) are of that day
DATA_DATE = "2025-08-23"  # date of its data files (data/*.json, data/dataset.db)
LICENCE = "MIT, (c) 2025 Tran Ngoc Minh Hieu"

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(REPO, "src", "units", "units.tsv")

# Type words as the full names begin, longest first, and their abbreviation in
# the file (the ones Vietnamese addresses use: TP., TX., TT.).
TYPES = [
    ("Thành phố", "TP"),
    ("Thị trấn", "TT"),
    ("Thị xã", "TX"),
    ("Đặc khu", "DK"),
    ("Phường", "P"),
    ("Huyện", "H"),
    ("Quận", "Q"),
    ("Tỉnh", "T"),
    ("Xã", "X"),
]
ALLOWED = {
    "province": {"T", "TP"},
    "district": {"H", "Q", "TX", "TP"},
    "commune": {"X", "P", "TT", "DK"},
}


def nfc(text):
    return unicodedata.normalize("NFC", text)


def split_type(full, level, notes):
    """'Thị Trấn Ái Tử' -> ('TT', 'Ái Tử'): the type is read from the name, in
    any letter case, since the package's type column disagrees with the name in
    a few rows (noted on stderr)."""
    text = " ".join(nfc(full).split())
    for word, abbr in TYPES:
        if text.lower().startswith(word.lower() + " "):
            name = text[len(word) + 1 :]
            if abbr not in ALLOWED[level]:
                sys.exit(f"{full!r}: type {word!r} is not a {level} type")
            if text[: len(word)] != word:
                notes.append(f"type word written {text[:len(word)]!r} in {full!r}")
            return abbr, name
    sys.exit(f"{full!r}: no type word")


def package_dir():
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{PACKAGE} is not installed: see scripts/admin-units/README.md")
    version = importlib.metadata.version(PACKAGE)
    if version != VERSION:
        sys.exit(
            f"{PACKAGE} {version} is installed; this script reads {VERSION}. "
            "Install the pinned one, or update VERSION, RELEASED and DATA_DATE here "
            "after reading the new release's data."
        )
    return list(spec.submodule_search_locations)[0]


def load(pkg):
    notes = []
    db = sqlite3.connect(f"file:{os.path.join(pkg, 'data', 'dataset.db')}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    legacy = [dict(r) for r in db.execute("SELECT * FROM admin_units_legacy")]
    current = [dict(r) for r in db.execute("SELECT * FROM admin_units")]
    with open(os.path.join(pkg, "data", "converter_2025.json"), encoding="utf-8") as f:
        converter = json.load(f)

    old_prov, old_dist, old_comm = {}, {}, {}
    old_by_key = {}  # the converter's key of an old commune (or commune-less district)
    for r in legacy:
        pc, dc, wc = r["provinceCode"], r["districtCode"], r["wardCode"]
        if pc not in old_prov:
            old_prov[pc] = (*split_type(r["province"], "province", notes), r["provinceKey"])
        if dc not in old_dist:
            old_dist[dc] = (*split_type(r["district"], "district", notes), pc)
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        if wc is None:
            old_by_key[key] = ("district", dc)
            continue
        abbr, name = split_type(r["ward"], "commune", notes)
        declared = r["wardType"]
        if declared and dict(TYPES).get(declared) != abbr:
            notes.append(f"commune {wc} {r['ward']!r}: type column says {declared!r}")
        old_comm[wc] = (abbr, name, dc)
        old_by_key[key] = ("commune", wc)

    new_prov, new_comm, new_by_key, new_prov_by_key = {}, {}, {}, {}
    for r in current:
        pc, wc = r["provinceCode"], r["wardCode"]
        if pc not in new_prov:
            new_prov[pc] = split_type(r["province"], "province", notes)
            new_prov_by_key[r["provinceKey"]] = pc
        abbr, name = split_type(r["ward"], "commune", notes)
        if r["wardType"] and dict(TYPES).get(r["wardType"]) != abbr:
            notes.append(f"commune {wc} {r['ward']!r}: type column says {r['wardType']!r}")
        new_comm[wc] = (abbr, name, pc)
        new_by_key[(r["provinceKey"], r["wardKey"])] = wc

    # Where each old province went: the converter lists, per new province, the old ones.
    prov_successor = {}
    old_prov_by_key = {v[2]: code for code, v in old_prov.items()}
    for new_key, olds in converter["DICT_PROVINCE"].items():
        for old_key in olds:
            prov_successor[old_prov_by_key[old_key]] = new_prov_by_key[new_key]

    # Where each old commune went: whole into one new commune, or split among
    # several with one marked as the default ("main") successor.
    successors = {}
    for new_pkey, table in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, olds in table.items():
            new_code = new_by_key[(new_pkey, new_wkey)]
            for old_key in olds:
                old = old_by_key[old_key]
                if old in successors:
                    sys.exit(f"{old_key} mapped twice")
                successors[old] = [new_code]
    for new_pkey, table in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, news in table.items():
            old = old_by_key[old_key]
            if old in successors:
                sys.exit(f"{old_key} is both whole and split")
            main = [new_by_key[(new_pkey, n["newWardKey"])] for n in news if n["isDefaultNewWard"]]
            rest = sorted(new_by_key[(new_pkey, n["newWardKey"])] for n in news if not n["isDefaultNewWard"])
            if len(main) != 1 or len(news) < 2:
                sys.exit(f"{old_key}: a split needs exactly one main successor")
            successors[old] = main + rest

    check(old_prov, old_dist, old_comm, new_prov, new_comm, prov_successor, successors)
    return old_prov, old_dist, old_comm, new_prov, new_comm, prov_successor, successors, notes


def check(old_prov, old_dist, old_comm, new_prov, new_comm, prov_successor, successors):
    """Refuses data the Rust side's invariants would reject, with a message."""
    if set(prov_successor) != set(old_prov) or set(prov_successor.values()) != set(new_prov):
        sys.exit("the province mapping does not cover every old and new province")
    fed = set()
    for code in old_comm:
        if ("commune", code) not in successors:
            sys.exit(f"old commune {code} has no successor")
    for (kind, code), news in successors.items():
        old_pc = old_dist[code][2] if kind == "district" else old_dist[old_comm[code][2]][2]
        for n in news:
            if new_comm[n][2] != prov_successor[old_pc]:
                sys.exit(f"{kind} {code} goes to {n}, outside its new province")
            fed.add(n)
    if fed != set(new_comm):
        sys.exit(f"new communes formed from nothing: {sorted(set(new_comm) - fed)}")
    for new_pc, (_, name) in new_prov.items():
        if not any(prov_successor[o] == new_pc and old_prov[o][1] == name for o in old_prov):
            sys.exit(f"new province {name} carries no old province's name")


def render(data):
    old_prov, old_dist, old_comm, new_prov, new_comm, prov_successor, successors, _ = data
    n_districts_without = sum(1 for d in old_dist if ("district", d) in successors)
    out = [
        "# kheo: Vietnam's administrative units before and since 1 July 2025.",
        "# GENERATED by scripts/admin-units/generate.py from the PyPI package",
        f"# {PACKAGE} {VERSION} (released {RELEASED}; data files of {DATA_DATE}),",
        f"# licence {LICENCE}. Do not edit: regenerate (scripts/admin-units/README.md).",
        f"# before: {len(old_prov)} provinces, {len(old_dist)} districts "
        f"({n_districts_without} of them without communes), {len(old_comm)} communes",
        f"# since: {len(new_prov)} provinces, {len(new_comm)} communes",
        "# Rows: code, type, name[, successors]; one tab of indent per level below",
        "# the province. Types: T tỉnh, TP thành phố, H huyện, Q quận, TX thị xã,",
        "# X xã, P phường, TT thị trấn, DK đặc khu. Successors (units of the",
        "# '@since' list that took the unit in, the main one first): on old provinces",
        "# and communes, and on districts that had no communes; other districts went",
        "# into their province's successor.",
        "@before",
    ]
    by_parent = {}
    for code, (_, _, parent) in old_dist.items():
        by_parent.setdefault(parent, []).append(code)
    for code, (_, _, parent) in old_comm.items():
        by_parent.setdefault(parent, []).append(code)
    for code, (_, _, parent) in new_comm.items():
        by_parent.setdefault(("new", parent), []).append(code)

    def row(depth, code, abbr, name, succ=None):
        fields = [code, abbr, name] + ([",".join(succ)] if succ else [])
        out.append("\t" * depth + "\t".join(fields))

    for pc in sorted(old_prov, key=int):
        abbr, name, _ = old_prov[pc]
        row(0, pc, abbr, name, [prov_successor[pc]])
        for dc in sorted(by_parent.get(pc, []), key=int):
            abbr, name, _ = old_dist[dc]
            row(1, dc, abbr, name, successors.get(("district", dc)))
            for wc in sorted(by_parent.get(dc, []), key=int):
                abbr, name, _ = old_comm[wc]
                row(2, wc, abbr, name, successors[("commune", wc)])
    out.append("@since")
    for pc in sorted(new_prov, key=int):
        abbr, name = new_prov[pc]
        row(0, pc, abbr, name)
        for wc in sorted(by_parent.get(("new", pc), []), key=int):
            abbr, name, _ = new_comm[wc]
            row(1, wc, abbr, name)
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    parser.add_argument("--output", default=OUTPUT, help="where to write (default: %(default)s)")
    args = parser.parse_args()
    data = load(package_dir())
    for note in data[-1]:
        print(f"note: {note}", file=sys.stderr)
    text = render(data).encode("utf-8")
    if args.check:
        try:
            with open(args.output, "rb") as f:
                committed = f.read()
        except FileNotFoundError:
            committed = b""
        if committed != text:
            print(f"{args.output} differs from what {PACKAGE} {VERSION} gives: run generate.py", file=sys.stderr)
            return 1
        print(f"{args.output} matches {PACKAGE} {VERSION}")
        return 0
    with open(args.output, "wb") as f:
        f.write(text)
    print(f"wrote {args.output} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
