//! A fixture site in a temporary folder, built with the library.

use std::fs;
use std::path::{Path, PathBuf};

use kheo::diag::Diagnostic;
use kheo::{BuildFailure, BuildOptions, BuildReport};

pub const SITE_YAML: &str = "title:\n  vi: Ban Dân vận Thử nghiệm\n  en: Test Mass Mobilization Commission\ntagline:\n  vi: Dân biết, dân bàn\n  en: People know, people discuss\nbase_url: https://danvan.example.vn/\nlanguages: [vi, en]\npage_size: 2\ncounters:\n  - key: roads_km\n    label: {vi: Đường giao thông, en: Roads}\n    unit: km\n    decimals: 1\n";

/// The kheo binary, speaking English whatever the machine's language and
/// the site's (most tests read its English words; those about Vietnamese
/// messages set `KHEO_LANG` or `--lang` again).
pub fn kheo() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kheo"));
    cmd.env("KHEO_LANG", "en");
    cmd
}

pub struct Site {
    dir: tempfile::TempDir,
    pub drafts: bool,
    pub future: bool,
    pub base_url: Option<String>,
}

impl Site {
    /// A site with `SITE_YAML` and nothing else.
    pub fn new() -> Site {
        Site::with_config(SITE_YAML)
    }

    pub fn with_config(site_yaml: &str) -> Site {
        let s = Site {
            dir: tempfile::tempdir().unwrap(),
            drafts: false,
            future: false,
            base_url: None,
        };
        s.file("content/site.yaml", site_yaml);
        s
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file of the site (path relative to the site root).
    pub fn file(&self, rel: &str, text: &str) -> &Site {
        self.bytes(rel, text.as_bytes())
    }

    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
        self
    }

    /// An article with the given front matter lines and body.
    pub fn article(&self, rel: &str, front: &str, body: &str) -> &Site {
        self.file(
            &format!("content/{rel}"),
            &format!("---\n{front}\n---\n{body}"),
        )
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            output: None,
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            future: self.future,
            progress: None,
        }
    }

    pub fn build(&self) -> Result<BuildReport, BuildFailure> {
        kheo::build(&self.options())
    }

    /// Builds and panics with every diagnostic if the build fails.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(r) => r,
            Err(f) => panic!("build failed:\n{}", render(&f.diagnostics)),
        }
    }

    /// Builds, expecting failure; returns the errors.
    pub fn build_err(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(f) => f
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect(),
        }
    }

    /// A built file, relative to the output folder.
    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e}; the output has:\n{}",
                path.display(),
                self.listing().join("\n")
            )
        })
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    /// Every file of the output, sorted.
    pub fn listing(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(self.out())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(self.out())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

/// Starts `kheo build --root <root>` with `KHEO_TEST_PAUSE=<point>` (and
/// `env`), and returns once it has stopped there (see `pause` in
/// src/write.rs), still running: the caller kills or resumes it.
pub fn build_paused(root: &Path, point: &str, env: &[(&str, &str)]) -> std::process::Child {
    use std::io::{BufRead, BufReader};
    let mut child = crate::harness::kheo()
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .env("KHEO_TEST_PAUSE", point)
        .envs(env.iter().copied())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let wanted = format!("kheo: test pause at {}", point.split(':').next().unwrap());
    let mut seen = Vec::new();
    loop {
        match lines.next() {
            Some(Ok(line)) if line == wanted => break,
            Some(Ok(line)) => seen.push(line),
            _ => {
                let status = child.wait().unwrap();
                panic!(
                    "the build never reached {point} ({status}):\n{}",
                    seen.join("\n")
                );
            }
        }
    }
    // Keep reading, so the build never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    child
}

pub fn render(all: &[Diagnostic]) -> String {
    all.iter()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that `haystack` contains `needle`, showing the haystack when not.
#[track_caller]
pub fn contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find\n  {needle}\nin\n{haystack}"
    );
}

#[track_caller]
pub fn lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "did not expect\n  {needle}\nin\n{haystack}"
    );
}

/// A pair of articles (vi + en) in `tin-tuc/`.
pub fn pair(site: &Site, stem: &str, date: &str, vi_title: &str, en_title: &str) {
    site.article(
        &format!("tin-tuc/{stem}.md"),
        &format!("title: \"{vi_title}\"\ndate: {date}"),
        "Nội dung.\n",
    );
    site.article(
        &format!("tin-tuc/{stem}.en.md"),
        &format!("title: \"{en_title}\"\ndate: {date}"),
        "Content.\n",
    );
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG whose header declares `w` x `h` RGB pixels, followed by a token
/// of data: what a decoder allocates for comes from the header alone.
pub fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        png.extend((data.len() as u32).to_be_bytes());
        let body = [kind, data].concat();
        png.extend(&body);
        png.extend(crc32(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    png
}
