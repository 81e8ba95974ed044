//! Reading the site's files without trusting them: only regular files are
//! read, each kind within a size limit. A named pipe, socket or device is
//! refused before anything reads from it (opening never blocks: the file is
//! opened non-blocking and checked before the first read), and a file that
//! grows while it is read stops at its limit.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// How large a file of one kind may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub(crate) bytes: u64,
    /// The kind of file, for messages: "Markdown, YAML and template files"
    /// (said in the user's language for the limits below).
    pub(crate) what: &'static str,
}

impl Limit {
    /// The kind of file in the language kheo speaks.
    fn what_text(&self) -> String {
        if *self == TEXT {
            crate::msg!("files.kind-text")
        } else if *self == PICTURE {
            crate::msg!("files.kind-picture")
        } else if *self == ASSET {
            crate::msg!("files.kind-asset")
        } else {
            self.what.to_owned()
        }
    }
}

/// Markdown, YAML, templates and interface strings: parsed whole, in memory.
pub(crate) const TEXT: Limit = Limit {
    bytes: 16 << 20,
    what: "Markdown, YAML and template files",
};

/// Photos kheo resizes and a theme's static files: read whole into memory.
pub(crate) const PICTURE: Limit = Limit {
    bytes: 100 << 20,
    what: "photos and theme files",
};

/// Other files of `content/`, copied as they are (`kheo serve` holds them in memory).
pub(crate) const ASSET: Limit = Limit {
    bytes: 512 << 20,
    what: "files copied as they are",
};

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Not a regular file: what it is (a named pipe).
    Special(Special),
    TooLarge {
        size: u64,
        limit: Limit,
    },
    Io(io::Error),
}

impl Refused {
    /// The diagnostic code of the problem.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Refused::Special(_) => "special-file",
            Refused::TooLarge { .. } => "too-large",
            Refused::Io(_) => "read",
        }
    }

    /// What to do about it, when there is something.
    pub(crate) fn hint(&self) -> Option<String> {
        match self {
            Refused::Special(_) => Some(crate::msg!("files.special.hint")),
            Refused::TooLarge { .. } => Some(crate::msg!("files.too-large.hint")),
            Refused::Io(_) => None,
        }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Special(what) => {
                f.write_str(&crate::msg!("files.special", what = what.describe()))
            }
            Refused::TooLarge { size, limit } => f.write_str(&crate::msg!(
                "files.too-large",
                size = human_size(*size),
                what = limit.what_text(),
                limit = human_size(limit.bytes)
            )),
            Refused::Io(e) => f.write_str(&crate::msg!("files.cannot-read", error = e)),
        }
    }
}

impl From<io::Error> for Refused {
    fn from(e: io::Error) -> Refused {
        Refused::Io(e)
    }
}

impl From<Refused> for io::Error {
    fn from(refused: Refused) -> io::Error {
        match refused {
            Refused::Io(e) => e,
            other => io::Error::other(other.to_string()),
        }
    }
}

/// What a file of this type is, when it is not a regular file, a folder or
/// a symbolic link: something no site should publish, and that reading
/// could block on (a pipe), never end (a device) or fail oddly (a socket).
pub(crate) fn special_kind(file_type: &fs::FileType) -> Option<Special> {
    if file_type.is_file() || file_type.is_dir() || file_type.is_symlink() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some(Special::Pipe);
        }
        if file_type.is_socket() {
            return Some(Special::Socket);
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some(Special::Device);
        }
    }
    Some(Special::Other)
}

/// What a file that is not a regular file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Pipe,
    Socket,
    Device,
    Folder,
    Other,
}

/// An unknown special file, for a file whose type could not be told.
pub(crate) const SPECIAL_FILE: Special = Special::Other;

impl Special {
    /// "a named pipe (FIFO)", in the language kheo speaks.
    pub(crate) fn describe(self) -> String {
        match self {
            Special::Pipe => crate::msg!("files.pipe"),
            Special::Socket => crate::msg!("files.socket"),
            Special::Device => crate::msg!("files.device"),
            Special::Folder => crate::msg!("files.folder"),
            Special::Other => crate::msg!("files.special-file"),
        }
    }
}

/// `1.5 MiB`, `16 MiB`, `812 bytes`.
pub(crate) fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", UNITS[unit])
}

/// Checks what the metadata of a file found by a walk says (no file is
/// opened): a regular file within `limit`.
pub fn check(meta: &fs::Metadata, limit: Limit) -> Result<(), Refused> {
    if !meta.is_file() {
        return Err(Refused::Special(
            special_kind(&meta.file_type()).unwrap_or(Special::Folder),
        ));
    }
    if meta.len() > limit.bytes {
        return Err(Refused::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok(())
}

/// Opens a regular file within `limit`; returns it with its length.
pub(crate) fn open(path: &Path, limit: Limit) -> Result<(File, u64), Refused> {
    // Looked at before it is opened: opening a device can act on it (a tape
    // rewinds, a watchdog starts), and a pipe is better never touched. Checked
    // again once open, in case it was replaced in between.
    check(&fs::metadata(path)?, limit)?;
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    check(&meta, limit)?;
    Ok((file, meta.len()))
}

/// The bytes of a regular file within `limit`.
pub(crate) fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, Refused> {
    let (file, len) = open(path, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // One byte more than allowed, to notice a file that grew since.
    file.take(limit.bytes + 1).read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    if read > limit.bytes {
        return Err(Refused::TooLarge { size: read, limit });
    }
    Ok(bytes)
}

/// At most the first `n` bytes of a regular file, whatever its size (enough
/// to read a picture's header).
pub(crate) fn read_start(path: &Path, n: u64) -> Result<Vec<u8>, Refused> {
    let (file, _) = open(
        path,
        Limit {
            bytes: u64::MAX,
            what: "",
        },
    )?;
    let mut bytes = Vec::new();
    file.take(n).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Opens for reading without waiting for a writer: opening a named pipe
/// otherwise blocks until another program opens its other end.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
        fs::OpenOptions::new()
            .read(true)
            .custom_flags(flags.bits() as i32)
            .open(path)
    }
    #[cfg(not(unix))]
    {
        File::open(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(812), "812 bytes");
        assert_eq!(human_size(16 << 20), "16 MiB");
        assert_eq!(human_size(1_572_864), "1.5 MiB");
        assert_eq!(human_size(3 << 30), "3 GiB");
    }

    #[test]
    fn reads_regular_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "xin chào").unwrap();
        assert_eq!(read(&path, TEXT).unwrap(), "xin chào".as_bytes());
        let small = Limit {
            bytes: 4,
            what: "tests",
        };
        let e = read(&path, small).unwrap_err();
        assert_eq!(e.code(), "too-large");
        assert_eq!(
            e.to_string(),
            "this file is 9 bytes: kheo reads tests of at most 4 bytes"
        );
        assert_eq!(read_start(&path, 3).unwrap(), b"xin");
        assert_eq!(read(dir.path(), TEXT).unwrap_err().code(), "special-file");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        // No writer ever opens the pipe: a blocking open would hang here.
        let e = read(&fifo, TEXT).unwrap_err();
        assert_eq!(e.code(), "special-file");
        assert!(e.to_string().contains("named pipe"), "{e}");
        let meta = fs::symlink_metadata(&fifo).unwrap();
        assert_eq!(special_kind(&meta.file_type()), Some(Special::Pipe));
        let vi = crate::messages::scoped(crate::messages::Lang::Vi, || e.to_string());
        assert!(vi.contains("đường ống"), "{vi}");
    }
}
