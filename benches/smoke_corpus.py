#!/usr/bin/env python3
"""A large bilingual kheo site for smoke tests, from nothing but this script.

CI builds the shared benchmark corpus (../shared/bench/gen_corpus.py) when the
checkout has it; this script is the stand-in when it does not, so the smoke
step always builds a site of the same size and shape: N Vietnamese articles
with English translations in 5 sections, tags, tables, footnotes and code,
N/10 teams with yearly figures in a province > district > commune tree.

  python3 benches/smoke_corpus.py --articles 1000 --out /tmp/smoke-site

Deterministic (fixed seed); standard library only.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

SECTIONS = [
    ("tin-tuc", "Tin tức", "News"),
    ("mo-hinh", "Mô hình dân vận khéo", "Skilful mobilization models"),
    ("guong-dien-hinh", "Gương điển hình", "Exemplary people"),
    ("hoi-nghi", "Hội nghị - Hội thảo", "Conferences"),
    ("phong-trao", "Phong trào thi đua", "Emulation movements"),
]
PROVINCES = ["Hải Dương", "Thái Bình", "Nam Định", "Hưng Yên", "Bắc Ninh"]
DISTRICTS = ["Thanh Hà", "Thanh Miện", "Gia Lộc", "Tứ Kỳ", "Ninh Giang", "Kim Thành"]
COMMUNES = ["Thanh Thủy", "Ngũ Hùng", "Đoàn Tùng", "Hồng Quang", "Lê Hồng", "Tân Trào", "Cao Thắng"]
TAGS = [
    ("Giao thông nông thôn", "Rural roads"),
    ("Dân vận khéo", "Skilful mass mobilization"),
    ("Hòa giải ở cơ sở", "Grassroots mediation"),
    ("Chuyển đổi cây trồng", "Crop conversion"),
    ("Nông thôn mới", "New rural development"),
    ("Chuyển đổi số", "Digital transformation"),
    ("Đoàn thanh niên", "Youth Union"),
    ("Hội phụ nữ", "Women's Union"),
]
VI_SENTENCES = [
    "Tổ dân vận thôn kiên trì đến từng hộ để giải thích lợi ích của con đường mới.",
    "Chi bộ họp bàn công khai, mọi người dân đều được nói ý kiến của mình.",
    "Bà con tự nguyện hiến đất và góp ngày công để làm đường nội đồng.",
    "Hội nông dân hướng dẫn các hộ chuyển sang trồng cây ăn quả cho thu nhập cao hơn.",
    "Những vụ việc mâu thuẫn nhỏ được hòa giải ngay tại khu dân cư.",
    "Cán bộ xã thường xuyên lắng nghe và ghi nhận khó khăn của người dân.",
]
EN_SENTENCES = [
    "The village mobilization team visited every household to explain what the new road would bring.",
    "The Party cell discussed the plan openly, and every resident had a say.",
    "Families gave land and days of labour of their own accord to build the field roads.",
    "The Farmers' Association helped households switch to fruit trees that earn more.",
    "Small disputes were mediated on the spot, in the residential area.",
    "Commune officials listened to residents and recorded their difficulties.",
]
COUNTERS = [("roads_km", 1), ("land_converted_ha", 1), ("disputes_resolved", 0)]


def site_yaml() -> str:
    return """title:
  vi: "Cổng thông tin Dân vận (thử tải)"
  en: "Mass Mobilization Portal (load test)"
tagline:
  vi: "Một trang lớn để kiểm tra kheo"
  en: "A large site to check kheo"
base_url: "https://smoke.example.vn/"
languages: [vi, en]
timezone: Asia/Ho_Chi_Minh
page_size: 20
counters:
  - key: roads_km
    label: {vi: "Đường giao thông làm mới", en: "Roads built"}
    unit: {vi: "km", en: "km"}
    decimals: 1
  - key: land_converted_ha
    label: {vi: "Diện tích chuyển đổi cây trồng", en: "Farmland converted"}
    unit: {vi: "ha", en: "ha"}
    decimals: 1
  - key: disputes_resolved
    label: {vi: "Vụ việc hòa giải thành", en: "Disputes resolved"}
    unit: {vi: "vụ", en: "cases"}
    decimals: 0
"""


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def body(rng: random.Random, sentences: list[str], year: int, lang: str) -> str:
    def paragraph() -> str:
        return " ".join(rng.choice(sentences) for _ in range(4))

    heading = "Kết quả theo năm" if lang == "vi" else "Results by year"
    year_word = "Năm" if lang == "vi" else "Year"
    rows = "\n".join(f"| {y} | {rng.randint(1, 90) / 10} | {rng.randint(0, 30)} |" for y in range(year - 3, year + 1))
    note = "Số liệu do tổ dân vận báo cáo." if lang == "vi" else "Figures reported by the team."
    parts = [
        paragraph() + "[^1]",
        f"## {heading}",
        paragraph(),
        f"| {year_word} | km | {'vụ' if lang == 'vi' else 'cases'} |\n|---:|---:|---:|\n{rows}",
        paragraph(),
        "```yaml\nroads_km: 2.8\ndisputes_resolved: 7\n```",
        f"[^1]: {note}",
    ]
    return "\n\n".join(parts) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    root = Path(args.out)
    shutil.rmtree(root, ignore_errors=True)
    content = root / "content"
    (content / "teams").mkdir(parents=True)
    (content / "site.yaml").write_text(site_yaml(), encoding="utf-8")

    teams = []
    for t in range(max(1, args.articles // 10)):
        region = [rng.choice(PROVINCES), "huyện " + rng.choice(DISTRICTS), "xã " + rng.choice(COMMUNES)]
        tid = f"t{t + 1:05d}"
        teams.append(tid)
        start = rng.randint(2012, 2020)
        stats = "\n".join(
            f"  {y}: {{" + ", ".join(f"{k}: {rng.randint(0, 60) / 10 if d else rng.randint(0, 30)}" for k, d in COUNTERS) + "}"
            for y in range(start, 2026)
        )
        (content / "teams" / f"{tid}.yaml").write_text(
            f"name:\n  vi: {quoted('Tổ dân vận ' + region[2])}\n  en: {quoted(region[2] + ' mobilization team')}\n"
            f"region: [{', '.join(quoted(r) for r in region)}]\nestablished: {start}-01-01\nmembers: {rng.randint(5, 30)}\n"
            f"stats:\n{stats}\n",
            encoding="utf-8",
        )

    for folder, vi, en in SECTIONS:
        (content / folder).mkdir()
        (content / folder / "_section.yaml").write_text(f"title:\n  vi: {quoted(vi)}\n  en: {quoted(en)}\n", encoding="utf-8")

    for i in range(args.articles):
        folder = SECTIONS[i % len(SECTIONS)][0]
        year = 2014 + i % 12
        date = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}T08:{i % 60:02d}:00+07:00"
        tags = rng.sample(TAGS, 2)
        team = teams[i % len(teams)]
        slug = f"bai-{i:05d}"
        for lang, sentences, suffix in (("vi", VI_SENTENCES, ""), ("en", EN_SENTENCES, ".en")):
            title = (f"Mô hình số {i} ở " if lang == "vi" else f"Model no. {i} in ") + rng.choice(COMMUNES)
            tag_names = [t[0] if lang == "vi" else t[1] for t in tags]
            front = (
                f"---\ntitle: {quoted(title)}\nslug: {slug}\ndate: {date}\n"
                f"tags: [{', '.join(quoted(t) for t in tag_names)}]\nteams: [{team}]\n---\n"
            )
            (content / folder / f"{slug}{suffix}.md").write_text(front + body(rng, sentences, year, lang), encoding="utf-8")
    print(f"{args.articles} articles in 2 languages, {len(teams)} teams: {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
