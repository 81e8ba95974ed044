//! Nothing lost, nothing injected (issue 14): the demo site's own files,
//! mangled at random — cut short at any byte, bytes flipped or inserted,
//! control characters, `---`, tabs, colons, brackets, huge numbers, deep
//! nesting, YAML anchors and a "billion laughs" — and files of random
//! bytes. For every case `kheo build` and `kheo check` must finish within a
//! bound without panicking; a failure must be errors naming the editor's
//! files (never an output path); and nothing may be written outside the
//! output folder. A fixed seed and case count keep the run deterministic.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use kheo::diag::Diagnostic;
use proptest::prelude::*;
use proptest::strategy::ValueTree as _;
use proptest::test_runner::RngSeed;

/// Longest a build or check of the small site may take before it counts as
/// a hang (a debug build takes about a second; the margin is for a machine
/// busy with the rest of the test suite).
const BOUND: Duration = Duration::from_secs(60);

/// The demo files the cases start from: site.yaml, tags, sections with
/// articles (one translated), a standalone page and its translation, teams,
/// regions and a picture (SVG, which is XML). Unchanged, they build.
const DEMO: &[&str] = &[
    "content/site.yaml",
    "content/tags.yaml",
    "content/gioi-thieu.md",
    "content/tin-tuc/_section.yaml",
    "content/tin-tuc/2024-08-16-giai-phap-nang-cao-hieu-qua-dan-van.md",
    "content/tin-tuc/2024-08-16-giai-phap-nang-cao-hieu-qua-dan-van.en.md",
    "content/mo-hinh/_section.yaml",
    "content/mo-hinh/lai-xa-lam-duong-noi-dong.md",
    "content/teams/lai-xa.yaml",
    "content/teams/cam-son.yaml",
    "content/regions/hai-duong.yaml",
    "content/regions/thanh-ha.yaml",
    "content/hoi-nghi/_section.yaml",
    "content/hoi-nghi/toa-dam-to-dan-van-long-bien.md",
    "content/hoi-nghi/hoi-truong-toa-dam.svg",
    "content/gioi-thieu.en.md",
];

fn demo_files() -> Vec<(&'static str, Vec<u8>)> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    DEMO.iter()
        .map(|rel| (*rel, std::fs::read(repo.join(rel)).unwrap()))
        .collect()
}

/// A YAML "billion laughs": ten anchors, each ten aliases of the one before.
fn billion_laughs() -> String {
    let mut s =
        String::from("\nextra:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        s.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    s
}

/// Text that breaks front matter, YAML or Markdown in known ways.
fn hostile_pieces() -> Vec<Vec<u8>> {
    let mut pieces: Vec<Vec<u8>> = [
        "\0",
        "\u{1}",
        "\u{1b}[31m",
        "\u{7f}",
        "\u{feff}",
        "\r",
        "\r\n",
        "\t",
        "\t- ",
        "---\n",
        "\n---\n",
        "...\n",
        ":",
        ": ",
        ":\n",
        "- ",
        "? ",
        "[",
        "]",
        "{",
        "}",
        "[a, b",
        "{a: 1",
        "&a ",
        "*a",
        "*nowhere",
        "&a [1, *a]",
        "<<: *a\n",
        "!!binary ",
        "!custom ",
        "%YAML 1.2\n",
        "'",
        "\"",
        "#",
        "|\n",
        ">-\n",
        "~",
        "null",
        "true",
        "\"20\"",
        "-0",
        ".nan",
        "-.inf",
        "1e999",
        "0x7fffffffffffffffff",
        "99999999999999999999999999999",
        "2024-13-45",
        "31/02/2024",
        "9999-12-31",
        "0000-00-00",
        "\ntags: [",
        "\ndate: ",
        "\ntitle:\n",
        "\naliases: [/rss.xml, ../../x, /]\n",
        "\nslug: ../..\n",
        "\nregion: [a, a, a]\n",
        "\nstats:\n  2016: {roads_km: -1}\n",
        "\nparent: Hải Dương\n",
        "](../../../etc/passwd)",
        "![x](",
        "[^1]",
        "[^1]: x",
        "{#main}",
        "```\n",
        "<script>alert(1)</script>",
        "javascript:",
        "%2e%2e/",
        "\\",
        "đ\u{301}",
        "\u{202e}",
        "\u{2028}",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    pieces.push("[".repeat(5_000).into_bytes());
    pieces.push("{a: ".repeat(2_000).into_bytes());
    pieces.push("- ".repeat(3_000).into_bytes());
    pieces.push("9".repeat(400).into_bytes());
    pieces.push("chữ ".repeat(50_000).into_bytes());
    pieces.push(billion_laughs().into_bytes());
    pieces
}

/// A place in a file, as a fraction of its length (so a case means the
/// same whatever the file's length).
#[derive(Debug, Clone, Copy)]
struct At(u32);

impl At {
    /// A byte offset in 0..=len.
    fn of(self, len: usize) -> usize {
        (((len as u64 + 1) * u64::from(self.0)) >> 32) as usize
    }
}

/// One change to a file's bytes.
#[derive(Debug, Clone)]
enum Edit {
    /// Cut the file at a byte.
    Truncate(At),
    /// XOR one byte.
    Flip(At, u8),
    /// Insert one of [`hostile_pieces`] (the second `At` picks it).
    Piece(At, At),
    /// Insert piece `.1` at byte `.0`.
    PieceAt(usize, usize),
    /// Insert random bytes.
    Bytes(At, Vec<u8>),
    /// Repeat a slice of the file.
    Repeat(At, At, u8),
    /// Replace the whole file with random bytes.
    Replace(Vec<u8>),
}

fn at() -> impl Strategy<Value = At> {
    any::<u32>().prop_map(At)
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => at().prop_map(Edit::Truncate),
        1 => (at(), 1u8..=255).prop_map(|(i, b)| Edit::Flip(i, b)),
        4 => (at(), at()).prop_map(|(i, p)| Edit::Piece(i, p)),
        1 => (at(), proptest::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, b)| Edit::Bytes(i, b)),
        1 => (at(), at(), 2u8..50).prop_map(|(a, b, n)| Edit::Repeat(a, b, n)),
        1 => proptest::collection::vec(any::<u8>(), 0..300).prop_map(Edit::Replace),
    ]
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit, pieces: &[Vec<u8>]) {
    let len = bytes.len();
    match edit {
        Edit::Truncate(i) => bytes.truncate(i.of(len)),
        Edit::Flip(i, b) => {
            if len > 0 {
                let k = i.of(len - 1);
                bytes[k] ^= b;
            }
        }
        Edit::Piece(i, p) => {
            let k = i.of(len);
            let piece = &pieces[p.of(pieces.len() - 1)];
            bytes.splice(k..k, piece.iter().copied());
        }
        Edit::PieceAt(k, p) => {
            let k = (*k).min(len);
            bytes.splice(k..k, pieces[*p].iter().copied());
        }
        Edit::Bytes(i, new) => {
            let k = i.of(len);
            bytes.splice(k..k, new.iter().copied());
        }
        Edit::Repeat(a, b, n) => {
            let (x, y) = (a.of(len), b.of(len));
            let (from, to) = (x.min(y), x.max(y).min(x.min(y) + 2_000));
            let slice = bytes[from..to].repeat(usize::from(*n));
            bytes.splice(to..to, slice);
        }
        Edit::Replace(new) => *bytes = new.clone(),
    }
}

/// A site of the demo files with `edits` applied to file `file`, in a
/// temporary folder of its own (`<tmp>/site`, output `<tmp>/site/public`).
struct Mangled {
    tmp: tempfile::TempDir,
}

impl Mangled {
    fn new(file: usize, edits: &[Edit]) -> Mangled {
        let tmp = tempfile::tempdir().unwrap();
        let pieces = hostile_pieces();
        for (i, (rel, bytes)) in demo_files().into_iter().enumerate() {
            let mut bytes = bytes;
            if i == file {
                for e in edits {
                    apply(&mut bytes, e, &pieces);
                }
            }
            let path = tmp.path().join("site").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        Mangled { tmp }
    }

    fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    /// Every file under the temporary folder but the output and the image
    /// cache, with its bytes.
    fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let site = self.root();
        walkdir::WalkDir::new(self.tmp.path())
            .into_iter()
            .filter_entry(|e| {
                // The output, the photo cache and the output's lock file
                // (`.public.kheo-lock`) are kheo's own.
                e.path() != site.join("public")
                    && e.path() != site.join(".kheo-cache")
                    && e.path() != site.join(".public.kheo-lock")
            })
            .filter_map(Result::ok)
            .map(|e| {
                let rel = e.path().strip_prefix(self.tmp.path()).unwrap();
                let bytes = if e.file_type().is_file() {
                    std::fs::read(e.path()).unwrap()
                } else {
                    Vec::new()
                };
                (rel.to_string_lossy().into_owned(), bytes)
            })
            .collect()
    }
}

/// Runs `f` on its own thread: `Err` if it panics or outlives [`BOUND`].
fn bounded<T: Send + 'static>(
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(std::panic::catch_unwind(AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(BOUND) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(panic)) => Err(format!(
            "{what} panicked: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("?")
        )),
        Err(_) => Err(format!("{what} took more than {BOUND:?}")),
    }
}

/// Errors must name the editor's files, relative to the site root.
fn errors_name_source_files(what: &str, all: &[Diagnostic]) -> Result<(), String> {
    for d in all.iter().filter(|d| d.is_error()) {
        let source = d.file.starts_with("content/") || d.file.starts_with("themes/");
        if !source || d.file.contains("..") || d.message.contains("os error") {
            return Err(format!("{what}: an error does not name a source file: {d}"));
        }
    }
    Ok(())
}

fn run_case(file: usize, edits: &[Edit]) -> Result<(), String> {
    let site = Mangled::new(file, edits);
    let before = site.snapshot();

    let root = site.root();
    let built = bounded("kheo build", move || {
        kheo::build(&kheo::BuildOptions::new(root))
    })?;
    match &built {
        Ok(_) => {
            if !site.root().join("public/index.html").exists() {
                return Err("a successful build wrote no home page".into());
            }
        }
        Err(failure) => {
            if failure.error_count() == 0 {
                return Err("a failed build reported no error".into());
            }
            errors_name_source_files("kheo build", &failure.diagnostics)?;
            if site.root().join("public").exists() {
                return Err("a failed build wrote the output folder".into());
            }
        }
    }
    if site.snapshot() != before {
        return Err("kheo build wrote outside the output folder".into());
    }

    let root = site.root();
    let checked = bounded("kheo check", move || {
        kheo::check(&kheo::CheckOptions {
            root,
            strict: false,
        })
    })?;
    errors_name_source_files("kheo check", &checked)?;
    if built.is_err() && !checked.iter().any(Diagnostic::is_error) {
        return Err("kheo check found no error where kheo build failed".into());
    }
    if site.snapshot() != before {
        return Err("kheo check wrote into the site".into());
    }
    Ok(())
}

fn case() -> impl Strategy<Value = (usize, Vec<Edit>)> {
    (0..DEMO.len(), proptest::collection::vec(edit(), 1..4))
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(14),
        failure_persistence: None,
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn mangled_demo_files_never_panic_hang_or_write_outside(c in case()) {
        let (file, edits) = c;
        if let Err(why) = run_case(file, &edits) {
            return Err(TestCaseError::fail(format!("{}: {why}", DEMO[file])));
        }
    }
}

#[test]
fn the_files_the_cases_start_from_build() {
    // Otherwise every case would be a failed build, and the test would
    // never see a mangled file published.
    let site = Mangled::new(0, &[]);
    let before = site.snapshot();
    match kheo::build(&kheo::BuildOptions::new(site.root())) {
        Ok(_) => assert!(site.root().join("public/index.html").exists()),
        Err(f) => panic!("{}", crate::harness::render(&f.diagnostics)),
    }
    assert_eq!(site.snapshot(), before);
}

#[test]
fn every_hostile_piece_in_every_kind_of_file() {
    // Each piece near the start, in the middle or at the end of an
    // article, a team file and site.yaml.
    let pieces = hostile_pieces();
    let files = demo_files();
    let cases: Vec<(usize, usize, usize)> = (0..pieces.len())
        .flat_map(|p| {
            let files = &files;
            [0, 4, 8].into_iter().enumerate().map(move |(n, file)| {
                let len = files[file].1.len();
                (p, file, [4, len / 2, len][(p + n) % 3])
            })
        })
        .collect();
    // Two workers: the cases are independent, and this test is the longest
    // of the suite (each case is a whole build and check).
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut failures = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&(p, file, at)) = cases.get(i) else {
                            break failures;
                        };
                        if let Err(why) = run_case(file, &[Edit::PieceAt(at, p)]) {
                            let piece = &pieces[p];
                            failures.push(format!(
                                "{} with {:?} at byte {at}: {why}",
                                DEMO[file],
                                String::from_utf8_lossy(&piece[..piece.len().min(40)])
                            ));
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn through_the_binary_exit_codes_are_0_or_1_with_a_file_named() {
    // A few cases of the same generator, through the real binary.
    let mut runner = proptest::test_runner::TestRunner::new(config(8));
    let strategy = case();
    for _ in 0..8 {
        let (file, edits) = strategy.new_tree(&mut runner).unwrap().current();
        let site = Mangled::new(file, &edits);
        let mut child = crate::harness::kheo()
            .args(["build", "--root"])
            .arg(site.root())
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > BOUND {
                let _ = child.kill();
                panic!(
                    "{}: kheo build took more than {BOUND:?} ({edits:?})",
                    DEMO[file]
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        use std::io::Read as _;
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        match status.code() {
            Some(0) => assert!(site.root().join("public/index.html").exists()),
            Some(1) => {
                let located = stderr
                    .lines()
                    .any(|l| l.starts_with("content/") && l.contains(": error: "));
                assert!(
                    located,
                    "{}: exit 1 without a located error:\n{stderr}",
                    DEMO[file]
                );
            }
            other => panic!("{}: exit code {other:?}\n{stderr}", DEMO[file]),
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
