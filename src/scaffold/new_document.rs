//! `kheo new van-ban "<title>" --number 80-HD/BDVTW`: a new document
//! (SPEC §1.7) with its front matter filled in.
//!
//! The file is `content/van-ban/<number as a slug>.md` (`80-hd-bdvtw.md`),
//! the name the demo and the guide use. It holds the four fields a document
//! must have — `number`, `kind`, `signed`, `title` — and the optional ones
//! as Vietnamese comments to fill in. The kind is the one given with
//! `--kind`, else the one the number's symbol names when it names one
//! (`HD` is a Hướng dẫn, `NQ` a Nghị quyết); `signed` is the day given with
//! `--signed`, else today in the site's time zone. A document has no draft
//! state: it is published by the next build, so the editor is told what was
//! guessed.

use jiff::Timestamp;

use crate::diag::{self, Diagnostic, Diagnostics};
use crate::load::{self, Sources};
use crate::model::documents::{KINDS, is_number, kind_by_name, number_key};
use crate::scaffold::new_article::{NewArticle, NewError, write_file};
use crate::scaffold::yaml_text::scalar;
use crate::slug::slugify;

/// What `kheo new van-ban` was asked to do.
#[derive(Debug, Clone)]
pub struct NewDocumentOptions {
    /// The site root (the folder holding `content/`).
    pub root: std::path::PathBuf,
    /// The title (trích yếu).
    pub title: String,
    /// The number and symbol (số, ký hiệu): `80-HD/BDVTW`.
    pub number: String,
    /// The kind, in either language; default: read from the number.
    pub kind: Option<String>,
    /// The issuing body.
    pub issuer: Option<String>,
    /// The day it was signed, as an editor writes it; default: today.
    pub signed: Option<String>,
    /// "Now" (the binary passes the clock; tests a fixed time).
    pub now: Timestamp,
}

/// The symbols of the number that name one kind only (the Party's and the
/// State's rules for document symbols). `QĐ` (Quyết định or Quy định) and
/// `TT` (Thông tri or Thông tư) name two, so they are not here.
const SYMBOLS: [(&str, &str); 15] = [
    ("NQ", "Nghị quyết"),
    ("CT", "Chỉ thị"),
    ("KL", "Kết luận"),
    ("QYĐ", "Quy định"),
    ("QC", "Quy chế"),
    ("HD", "Hướng dẫn"),
    ("TB", "Thông báo"),
    ("CTR", "Chương trình"),
    ("KH", "Kế hoạch"),
    ("ĐA", "Đề án"),
    ("BC", "Báo cáo"),
    ("TTR", "Tờ trình"),
    ("PL", "Pháp lệnh"),
    ("NĐ", "Nghị định"),
    ("CV", "Công văn"),
];

/// The kind a number's symbol names (`80-HD/BDVTW`: Hướng dẫn), with the
/// symbol, when one of its parts is a symbol naming a single kind.
pub(crate) fn kind_of_number(number: &str) -> Option<(usize, &'static str)> {
    let key = number_key(number);
    key.split(['-', '/']).find_map(|part| {
        let (symbol, name) = SYMBOLS.iter().find(|(s, _)| *s == part)?;
        Some((kind_by_name(name)?, *symbol))
    })
}

/// Writes the new document, refusing to replace any file or to give a
/// number a second document.
pub fn new_document(opts: &NewDocumentOptions) -> Result<NewArticle, NewError> {
    let title = opts.title.trim();
    if title.is_empty() {
        return Err(NewError::Usage(crate::msg!("new.document-no-title")));
    }
    let mut diags = Diagnostics::new();
    let Some(sources) = load::load(&opts.root, None, &mut diags) else {
        return Err(NewError::Site(
            diags
                .into_sorted()
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect(),
        ));
    };
    let number = opts.number.trim();
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    if !is_number(&number_key(number)) {
        problems.push(
            Diagnostic::error(
                "--number",
                1,
                1,
                crate::msg!("load.document-number", number = number),
            )
            .with_code("usage")
            .with_hint(crate::msg!("load.document-number.hint")),
        );
    }
    let kind = match &opts.kind {
        Some(k) => match kind_by_name(k) {
            Some(kind) => Some(kind),
            None => {
                problems.push(unknown_kind(k));
                None
            }
        },
        None => match kind_of_number(number) {
            Some((kind, symbol)) => {
                notes.push(crate::msg!(
                    "new.kind-from-number",
                    kind = KINDS[kind].vi,
                    symbol = symbol
                ));
                Some(kind)
            }
            None => {
                problems.push(
                    Diagnostic::error(
                        "--kind",
                        1,
                        1,
                        crate::msg!("new.kind-unknown-number", number = number),
                    )
                    .with_code("usage")
                    .with_hint(crate::msg!(
                        "new.kind-unknown-number.hint",
                        kinds = kind_list()
                    )),
                );
                None
            }
        },
    };
    let signed = match &opts.signed {
        Some(s) => match crate::date::parse(s) {
            Ok(w) if !w.has_time => Some(w.datetime.date()),
            Ok(_) => {
                problems.push(
                    Diagnostic::error("--signed", 1, 1, crate::msg!("load.document-date-time"))
                        .with_code("usage")
                        .with_hint(crate::msg!("load.document-date-time.hint")),
                );
                None
            }
            Err(e) => {
                problems.push(
                    Diagnostic::error("--signed", 1, 1, e.0)
                        .with_code("usage")
                        .with_hint(crate::msg!("load.document-date-time.hint")),
                );
                None
            }
        },
        None => {
            let today = opts.now.to_zoned(sources.config.timezone.clone()).date();
            notes.push(crate::msg!(
                "new.signed-today",
                day = today.strftime("%d/%m/%Y")
            ));
            Some(today)
        }
    };
    let slug = slugify(number);
    if problems.is_empty()
        && let Some(other) = same_number(&sources, number, &slug)
    {
        problems.push(
            Diagnostic::error(
                &other,
                1,
                1,
                crate::msg!("new.document-number-taken", number = number),
            )
            .with_code("duplicate-document")
            .with_hint(crate::msg!("new.document-number-taken.hint")),
        );
    }
    if !problems.is_empty() {
        return Err(NewError::Site(problems));
    }
    let (Some(kind), Some(signed)) = (kind, signed) else {
        return Err(NewError::Site(problems));
    };

    let file = format!("content/{}/{slug}.md", load::document::FOLDER);
    let mut text = String::from("---\n");
    text.push_str("# Số, ký hiệu; loại; ngày ban hành; trích yếu: bắt buộc.\n");
    // Digits, letters, `-` and `/` (checked above): YAML reads it as text.
    text.push_str(&format!("number: {number}\n"));
    text.push_str(&format!("kind: {}\n", KINDS[kind].vi));
    text.push_str(&format!("# Loại văn bản là một trong: {}\n", kind_list()));
    match opts
        .issuer
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        Some(issuer) => text.push_str(&format!("issuer: {}\n", scalar(issuer, false))),
        None => text.push_str("# issuer: Ban Dân vận Tỉnh ủy …          # cơ quan ban hành\n"),
    }
    text.push_str(&format!("signed: {}\n", signed.strftime("%d/%m/%Y")));
    text.push_str(&format!(
        "# effective: {}                   # ngày có hiệu lực, nếu khác ngày ban hành\n",
        signed.strftime("%d/%m/%Y")
    ));
    text.push_str(&format!("title: {}\n", scalar(title, false)));
    text.push_str("# signer: …                            # người ký\n");
    text.push_str(&format!(
        "# file: {slug}.pdf                # tệp đính kèm (pdf, doc, docx, odt…) đặt cạnh tệp này\n"
    ));
    text.push_str(
        "# replaces: [12-HD/BDVTW]              # số các văn bản mà văn bản này thay thế\n",
    );
    text.push_str("# summary: Một hai câu tóm tắt, hiện ở danh sách văn bản và kết quả tìm kiếm\n");
    text.push_str(
        "# Dưới dòng --- là tóm tắt hoặc toàn văn (không bắt buộc), viết như bài viết.\n",
    );
    text.push_str("---\n\n");
    // The first document of a site starts the folder.
    let folder =
        crate::portable::join_rel(&opts.root, &format!("content/{}", load::document::FOLDER));
    if let Err(e) = std::fs::create_dir_all(&folder) {
        return Err(NewError::Site(vec![
            Diagnostic::error(
                format!("content/{}/", load::document::FOLDER),
                1,
                1,
                crate::msg!("new.cannot-create-folder", error = e),
            )
            .with_code("write"),
        ]));
    }
    let mut created = write_file(&opts.root, file, text)?;
    created.notes = notes;
    Ok(created)
}

/// The file of a document that already has this number (or its address).
fn same_number(sources: &Sources, number: &str, slug: &str) -> Option<String> {
    let key = number_key(number);
    sources
        .documents
        .iter()
        .filter_map(|d| Some((d, d.meta.as_ref()?)))
        .find(|(_, m)| number_key(&m.number.value) == key || slugify(&m.number.value) == slug)
        .map(|(d, _)| d.path.file.clone())
}

fn kind_list() -> String {
    KINDS.iter().map(|k| k.vi).collect::<Vec<_>>().join(", ")
}

fn unknown_kind(k: &str) -> Diagnostic {
    let d = Diagnostic::error(
        "--kind",
        1,
        1,
        crate::msg!("load.document-kind", kind = k.trim()),
    )
    .with_code("usage");
    match diag::closest(k.trim(), KINDS.iter().map(|k| k.vi)) {
        Some(best) => d.with_hint(crate::msg!("did-you-mean", word = best)),
        None => d.with_hint(crate::msg!("load.document-kind.hint", kinds = kind_list())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_that_name_one_kind() {
        let name = |n: &str| kind_of_number(n).map(|(k, s)| (KINDS[k].vi, s));
        assert_eq!(name("80-HD/BDVTW"), Some(("Hướng dẫn", "HD")));
        assert_eq!(name("25-NQ/TW"), Some(("Nghị quyết", "NQ")));
        assert_eq!(name("34/2007/PL-UBTVQH11"), Some(("Pháp lệnh", "PL")));
        assert_eq!(name("42/2022/NĐ-CP"), Some(("Nghị định", "NĐ")));
        assert_eq!(name("12-CTr/TU"), Some(("Chương trình", "CTR")));
        assert_eq!(name("05-đa/tu"), Some(("Đề án", "ĐA")));
        // Two kinds share QĐ and TT; a law's number has no symbol.
        assert_eq!(name("218-QĐ/TW"), None);
        assert_eq!(name("01-TT/TW"), None);
        assert_eq!(name("202/2025/QH15"), None);
        for (_, kind) in SYMBOLS {
            assert!(kind_by_name(kind).is_some(), "{kind}");
        }
    }
}
