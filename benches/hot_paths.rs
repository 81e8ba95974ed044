//! Micro-benchmarks of the paths every page goes through, to catch a
//! regression before it shows in a whole build: `cargo bench`.
//!
//! Whole builds against Hugo are `benches/compare.py`; these time single
//! functions on the demo site's own text, so they need nothing outside the
//! repository.

// A benchmark that cannot make its temporary folder has nothing to measure.
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};

use kheo::markdown::{self, Labels, Resolution, Resolver, Settings};

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every Markdown file of the demo site, front matter and all: about 68 KB of
/// Vietnamese and English text, tables and footnotes.
fn demo_markdown() -> String {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Leaves every link as written: the benchmark times Markdown, not lookups.
struct AsWritten;

impl Resolver for AsWritten {
    fn link(&self, _dest: &str) -> Resolution {
        Resolution::Unchanged
    }
    fn image(&self, _src: &str) -> Resolution {
        Resolution::Unchanged
    }
}

const LABELS: Labels = Labels {
    task_done: "đã xong",
    task_todo: "chưa xong",
    footnotes: "Chú thích",
    back_to_text: "Trở lại nội dung",
    table: "Bảng số liệu",
};

#[divan::bench]
fn markdown_render(bencher: divan::Bencher) {
    let text = demo_markdown();
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| {
            markdown::render(
                divan::black_box(&text),
                Settings::default(),
                &AsWritten,
                &LABELS,
            )
        });
}

#[divan::bench]
fn search_tokens(bencher: divan::Bencher) {
    let text = demo_markdown();
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| {
            let mut n = 0;
            kheo::slug::search_words(divan::black_box(&text), |_, _| n += 1);
            n
        });
}

#[divan::bench]
fn slugify_titles(bencher: divan::Bencher) {
    let text = demo_markdown();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    bencher
        .counter(divan::counter::ItemsCount::new(lines.len()))
        .bench(|| {
            lines
                .iter()
                .map(|l| kheo::slug::slugify(divan::black_box(l)).len())
                .sum::<usize>()
        });
}

#[divan::bench]
fn vietnamese_sort(bencher: divan::Bencher) {
    let text = demo_markdown();
    let words: Vec<&str> = text.split_whitespace().collect();
    bencher
        .counter(divan::counter::ItemsCount::new(words.len()))
        .bench(|| {
            let mut w = words.clone();
            w.sort_by_cached_key(|word| kheo::collate::key(word));
            w.len()
        });
}

/// What the first use of the national list of administrative units costs:
/// parsing the embedded `src/units/units.tsv` (14,149 units) and keying every
/// name for matching.
#[divan::bench(sample_count = 20)]
fn units_first_use() -> usize {
    kheo::units::parse_embedded()
}

/// Matching region paths: two known, one with a typo that asks for the
/// nearest names among Hải Phòng's 114 communes.
#[divan::bench]
fn units_lookup() -> usize {
    use kheo::units::{Era, lookup};
    let known = lookup(
        Era::Before2025,
        &["tỉnh Hải Dương", "huyện Thanh Hà", "xã Tân An", "thôn Đông"],
    );
    let today = lookup(Era::Since2025, &["Hải Phòng", "Hà Tây"]);
    let typo = lookup(Era::Since2025, &["Hải Phòng", "An Hung"]);
    known.units.len() + today.units.len() + typo.units.len()
}

/// The whole pipeline on the demo site without writing: load, model,
/// render every page and feed in parallel, check links and anchors.
#[divan::bench(sample_count = 20)]
fn check_demo_site() -> usize {
    kheo::check(&kheo::CheckOptions {
        root: root(),
        strict: false,
    })
    .len()
}

/// The same, writing the site into a temporary folder and swapping it in.
#[divan::bench(sample_count = 20)]
fn build_demo_site(bencher: divan::Bencher) {
    let out = tempfile::tempdir().expect("temporary folder");
    let mut opts = kheo::BuildOptions::new(root());
    opts.output = Some(out.path().join("public"));
    bencher.bench(|| kheo::build(&opts).map(|r| r.pages).unwrap_or(0));
}
