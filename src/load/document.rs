//! A document file (`content/van-ban/*.md`, SPEC §1.7): typed front matter
//! (number, kind, issuer, dates, title, signer, attachments, replaces),
//! checked field by field so every problem of the file is reported at its
//! line; and its translations (`x.en.md`), which give only the texts.

use std::fmt;

use jiff::civil::Date;
use serde::Deserialize;
use serde::de::{self, SeqAccess, Visitor};

use crate::config::Config;
use crate::date;
use crate::diag::{Diagnostic, Diagnostics};
use crate::doc_numbers::{KINDS, is_number, kind_by_name, number_key};
use crate::load::article::ArticlePath;
use crate::load::frontmatter;
use crate::markdown;
use crate::yaml::{Spanned, YamlSource};

/// The folder of documents under `content/`.
pub const FOLDER: &str = "van-ban";

/// The kinds of attachment a document may have.
pub(crate) const ATTACHMENT_TYPES: [&str; 8] =
    ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "zip"];

/// Front matter of a document as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    #[serde(default)]
    number: Option<Spanned<String>>,
    #[serde(default)]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    issuer: Option<Spanned<String>>,
    #[serde(default)]
    signed: Option<Spanned<String>>,
    #[serde(default)]
    effective: Option<Spanned<String>>,
    #[serde(default)]
    title: Option<Spanned<String>>,
    #[serde(default)]
    signer: Option<String>,
    #[serde(default)]
    file: Option<Spanned<Files>>,
    #[serde(default)]
    replaces: Vec<Spanned<String>>,
    /// A short abstract; default: the body's first paragraph.
    #[serde(default)]
    summary: Option<String>,
}

/// Front matter of a translation: only what is said in words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenTranslation {
    #[serde(default)]
    title: Option<Spanned<String>>,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    signer: Option<String>,
    #[serde(default)]
    summary: Option<String>,
}

/// `file: a.pdf` or `file: [a.pdf, b.docx]`.
#[derive(Debug, Clone, Default)]
struct Files(Vec<Spanned<String>>);

impl<'de> Deserialize<'de> for Files {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Files;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&crate::msg!("load.document-file-expected"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Files, E> {
                Ok(Files(vec![crate::yaml::unspanned(v.to_owned())]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Files, A::Error> {
                let mut out = Vec::new();
                while let Some(f) = seq.next_element::<Spanned<String>>()? {
                    out.push(f);
                }
                Ok(Files(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A file attached to a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Attachment {
    /// Content-relative path: `van-ban/80-HD-BDVTW.pdf` (also its output path).
    pub(crate) rel: String,
    /// File name as shown: `80-HD-BDVTW.pdf`.
    pub(crate) name: String,
    /// Upper-case type: `PDF`, `DOCX`.
    pub(crate) kind: String,
    /// Size in bytes.
    pub(crate) size: u64,
}

/// A written value with the place it was written at (line, column, line text).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct At<T> {
    pub(crate) value: T,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) text: String,
}

impl<T> At<T> {
    /// An error at this value's place in `file`.
    pub(crate) fn error(&self, file: &str, message: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::error(file, self.line, self.column, message);
        d.source_line = Some(self.text.clone());
        d
    }
}

/// What only the document's own file says.
#[derive(Debug, Clone)]
pub(crate) struct DocumentMeta {
    pub(crate) number: At<String>,
    /// Index into [`KINDS`].
    pub(crate) kind: usize,
    pub(crate) issuer: Option<String>,
    pub(crate) signed: Date,
    pub(crate) effective: Option<Date>,
    /// Attachments as written, relative to the document.
    pub(crate) files: Vec<At<String>>,
    /// Numbers of the documents it replaces.
    pub(crate) replaces: Vec<At<String>>,
    /// The attachments found in `content/`, with their sizes (filled by
    /// [`super::load`], which knows the files).
    pub(crate) attached: Vec<Attachment>,
}

/// A parsed document file or translation.
#[derive(Debug, Clone)]
pub(crate) struct DocumentSource {
    pub(crate) path: ArticlePath,
    /// `Some` for the document's own file, `None` for a translation.
    pub(crate) meta: Option<DocumentMeta>,
    pub(crate) title: String,
    pub(crate) issuer: Option<String>,
    pub(crate) signer: Option<String>,
    /// The written summary, or the first paragraph.
    pub(crate) summary: String,
    /// Whether `summary` was written (else it is in the body).
    pub(crate) summary_written: bool,
    pub(crate) body: String,
    pub(crate) body_line: usize,
}

fn at<T: Clone>(src: &YamlSource, s: &Spanned<T>, fallback: &Spanned<Files>) -> At<T> {
    let d = if crate::yaml::position(s).0 == 0 {
        src.error_at(fallback, "")
    } else {
        src.error_at(s, "")
    };
    At {
        value: s.value.clone(),
        line: d.line,
        column: d.column,
        text: d.source_line.unwrap_or_default(),
    }
}

fn at_plain<T: Clone>(src: &YamlSource, s: &Spanned<T>) -> At<T> {
    let d = src.error_at(s, "");
    At {
        value: s.value.clone(),
        line: d.line,
        column: d.column,
        text: d.source_line.unwrap_or_default(),
    }
}

/// Parses a decoded document file (`is_translation`: a `.en.md` beside it).
pub(crate) fn parse(
    path: ArticlePath,
    text: &str,
    config: &Config,
    is_translation: bool,
    diags: &mut Diagnostics,
) -> Option<DocumentSource> {
    let split = frontmatter::split_reported(
        text,
        &path.file,
        &crate::msg!("load.document-no-front-matter"),
        diags,
    )?;
    let src = YamlSource {
        file: &path.file,
        yaml: split.yaml,
        first_line: 2,
    };
    let settings = markdown::Settings {
        raw_html: config.markdown.raw_html,
        smart_punctuation: config.markdown.smart_punctuation,
    };
    let summary_of = |written: Option<String>| match written {
        Some(s) => s.trim().to_owned(),
        None => markdown::summary(split.body, settings, super::article::SUMMARY_CHARS),
    };
    let missing = |field: &str, what: String| {
        Diagnostic::error(
            &path.file,
            1,
            1,
            crate::msg!("load.document-missing", field = field, what = what),
        )
        .with_code("document")
        .with_source(text)
    };
    let nonempty = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };

    if is_translation {
        let fm: WrittenTranslation = match src.parse() {
            Ok(fm) => fm,
            Err(d) => {
                diags.push(d.with_hint(crate::msg!("load.document-translation.hint")));
                return None;
            }
        };
        let Some(title) = fm.title.as_ref().filter(|t| !t.value.trim().is_empty()) else {
            diags.push(missing(
                "title",
                crate::msg!("load.document-missing.translation-title"),
            ));
            return None;
        };
        return Some(DocumentSource {
            title: title.value.trim().to_owned(),
            issuer: nonempty(&fm.issuer),
            signer: nonempty(&fm.signer),
            summary_written: fm.summary.is_some(),
            summary: summary_of(fm.summary),
            body: split.body.to_owned(),
            body_line: split.body_line,
            meta: None,
            path,
        });
    }

    let fm: Written = match src.parse() {
        Ok(fm) => fm,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let before = diags.error_count();
    let number = match &fm.number {
        None => {
            diags.push(missing(
                "number",
                crate::msg!("load.document-missing.number"),
            ));
            None
        }
        Some(n) if !is_number(&number_key(&n.value)) => {
            diags.push(
                src.error_at(
                    n,
                    crate::msg!("load.document-number", number = n.value.trim()),
                )
                .with_code("document")
                .with_hint(crate::msg!("load.document-number.hint")),
            );
            None
        }
        Some(n) => Some(At {
            value: n.value.trim().to_owned(),
            ..at_plain(&src, n)
        }),
    };
    let kind = match &fm.kind {
        None => {
            diags.push(missing("kind", crate::msg!("load.document-missing.kind")));
            None
        }
        Some(k) => match kind_by_name(&k.value) {
            Some(kind) => Some(kind),
            None => {
                let mut d = src
                    .error_at(k, crate::msg!("load.document-kind", kind = k.value.trim()))
                    .with_code("document");
                d.hint = Some(
                    match crate::diag::closest(k.value.trim(), KINDS.iter().map(|k| k.vi)) {
                        Some(b) => crate::msg!("did-you-mean", word = b),
                        None => crate::msg!(
                            "load.document-kind.hint",
                            kinds = KINDS.iter().map(|k| k.vi).collect::<Vec<_>>().join(", ")
                        ),
                    },
                );
                diags.push(d);
                None
            }
        },
    };
    let day = |s: &Spanned<String>, diags: &mut Diagnostics| match date::parse(&s.value) {
        Ok(w) if !w.has_time => Some(w.datetime.date()),
        Ok(_) => {
            diags.push(
                src.error_at(s, crate::msg!("load.document-date-time"))
                    .with_code("date")
                    .with_hint(crate::msg!("load.document-date-time.hint")),
            );
            None
        }
        Err(e) => {
            diags.push(
                src.error_at(s, e.0)
                    .with_code("date")
                    .with_hint(date::forms_hint(&s.value)),
            );
            None
        }
    };
    let signed = match &fm.signed {
        None => {
            diags.push(missing(
                "signed",
                crate::msg!("load.document-missing.signed"),
            ));
            None
        }
        Some(s) => day(s, diags),
    };
    let effective = fm.effective.as_ref().and_then(|e| day(e, diags));
    if let (Some(s), Some(e), Some(es)) = (signed, effective, &fm.effective)
        && e < s
    {
        diags.push(
            src.error_at(es, crate::msg!("load.effective-before-signed"))
                .with_code("date"),
        );
    }
    let title = match &fm.title {
        Some(t) if !t.value.trim().is_empty() => Some(t.value.trim().to_owned()),
        Some(t) => {
            diags.push(
                src.error_at(t, crate::msg!("load.title-empty"))
                    .with_code("document"),
            );
            None
        }
        None => {
            diags.push(missing("title", crate::msg!("load.document-missing.title")));
            None
        }
    };
    let mut files = Vec::new();
    if let Some(f) = &fm.file {
        for one in &f.value.0 {
            let a = at(&src, one, f);
            let name = a.value.trim();
            let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            if !ext
                .as_deref()
                .is_some_and(|e| ATTACHMENT_TYPES.contains(&e))
            {
                diags.push(
                    a.error(&path.file, crate::msg!("load.attachment-type", name = name))
                        .with_code("attachment")
                        .with_hint(crate::msg!(
                            "load.attachment-type.hint",
                            types = ATTACHMENT_TYPES.join(", ")
                        )),
                );
                continue;
            }
            files.push(At {
                value: name.to_owned(),
                ..a
            });
        }
    }
    let replaces = fm
        .replaces
        .iter()
        .map(|r| At {
            value: r.value.trim().to_owned(),
            ..at_plain(&src, r)
        })
        .collect();
    if diags.error_count() > before {
        return None;
    }
    Some(DocumentSource {
        meta: Some(DocumentMeta {
            number: number?,
            kind: kind?,
            issuer: fm
                .issuer
                .as_ref()
                .map(|i| i.value.trim().to_owned())
                .filter(|i| !i.is_empty()),
            signed: signed?,
            effective,
            files,
            replaces,
            attached: Vec::new(),
        }),
        title: title?,
        issuer: None,
        signer: nonempty(&fm.signer),
        summary_written: fm.summary.is_some(),
        summary: summary_of(fm.summary),
        body: split.body.to_owned(),
        body_line: split.body_line,
        path,
    })
}

/// Finds the attachments of a document among the files of `content/`
/// (`assets`: content-relative path -> file), with their sizes; a missing
/// attachment is an error at its line.
pub(crate) fn attach(
    doc: &mut DocumentSource,
    assets: &std::collections::HashMap<&str, &std::path::Path>,
    diags: &mut Diagnostics,
) {
    let Some(meta) = &mut doc.meta else {
        return;
    };
    for f in &meta.files {
        let rel = match crate::url::resolve_local(&doc.path.dir, &f.value) {
            crate::url::Local::Relative(rel) => rel,
            _ => {
                diags.push(
                    f.error(
                        &doc.path.file,
                        crate::msg!("load.attachment-outside", name = f.value),
                    )
                    .with_code("attachment"),
                );
                continue;
            }
        };
        let size = assets
            .get(rel.as_str())
            .and_then(|p| std::fs::metadata(p).ok())
            .map(|m| m.len());
        let Some(size) = size else {
            diags.push(
                f.error(
                    &doc.path.file,
                    crate::msg!("load.attachment-missing", name = f.value, rel = rel),
                )
                .with_code("attachment")
                .with_hint(crate::msg!("load.attachment-missing.hint")),
            );
            continue;
        };
        let name = rel.rsplit('/').next().unwrap_or(&rel).to_owned();
        let kind = name
            .rsplit_once('.')
            .map_or(String::new(), |(_, e)| e.to_ascii_uppercase());
        meta.attached.push(Attachment {
            rel,
            name,
            kind,
            size,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let mut d = Diagnostics::new();
        crate::config::parse(
            "title: T\nbase_url: https://x.vn/\nlanguages: [vi, en]\n".into(),
            None,
            &mut d,
        )
        .unwrap()
    }

    fn parse_doc(text: &str) -> (Option<DocumentSource>, Vec<Diagnostic>) {
        let c = config();
        let path = crate::load::article::article_path("van-ban/x.md", &c).unwrap();
        let mut d = Diagnostics::new();
        let s = parse(path, text, &c, false, &mut d);
        (s, d.into_sorted())
    }

    #[test]
    fn a_whole_document() {
        let (s, d) = parse_doc(
            "---\nnumber: 80-HD/BDVTW\nkind: hướng dẫn\nissuer: Ban Dân vận Trung ương\nsigned: 28/02/2012\neffective: 2012-03-01\ntitle: Về Tổ dân vận\nsigner: Nguyễn Văn A\nfile: [a.pdf, b.docx]\nreplaces: [12-HD/BDVTW]\n---\nTóm tắt.\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let s = s.unwrap();
        let m = s.meta.unwrap();
        assert_eq!(m.number.value, "80-HD/BDVTW");
        assert_eq!(KINDS[m.kind].vi, "Hướng dẫn");
        assert_eq!(m.signed, jiff::civil::date(2012, 2, 28));
        assert_eq!(m.files.len(), 2);
        assert_eq!((m.files[1].value.as_str(), m.files[1].line), ("b.docx", 9));
        assert_eq!(m.replaces[0].value, "12-HD/BDVTW");
        assert_eq!(s.summary, "Tóm tắt.");
    }

    #[test]
    fn every_missing_field_is_reported() {
        let (s, d) = parse_doc("---\nissuer: Ban\n---\n");
        assert!(s.is_none());
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        for field in ["number", "kind", "signed", "title"] {
            assert!(
                msgs.iter().any(|m| m.contains(&format!("`{field}:`"))),
                "{field}: {msgs:?}"
            );
        }
    }

    #[test]
    fn bad_values_at_their_lines() {
        let (_, d) = parse_doc(
            "---\nnumber: tám mươi\nkind: Thư\nsigned: 31/02/2012\ntitle: X\nfile: a.exe\nsố: 1\n---\n",
        );
        // The unknown key stops the parse before values are looked at.
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 7);
        let (_, d) = parse_doc(
            "---\nnumber: tám mươi\nkind: Hướng dẫm\nsigned: 31/02/2012\ntitle: X\nfile: a.exe\n---\n",
        );
        let lines: Vec<usize> = d.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 6]);
        assert_eq!(d[1].hint.as_deref(), Some("did you mean `Hướng dẫn`?"));
    }
}
