//! The command line, declared with clap. Only commands that work are listed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// kheo builds a bilingual news portal (Vietnamese first, then English) from
/// Markdown articles and YAML figures, for any static web server.
#[derive(Debug, Parser)]
#[command(name = "kheo", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    /// The language of kheo's messages, before the command (`kheo --lang en new ...`)
    /// [default: KHEO_LANG, else the site's first language]
    #[arg(long, value_enum, value_name = "LANG")]
    pub(crate) lang: Option<MessagesLang>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// A language kheo's messages are written in.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum MessagesLang {
    /// Tiếng Việt
    Vi,
    /// English
    En,
}

impl MessagesLang {
    pub(crate) fn code(self) -> &'static str {
        match self {
            MessagesLang::Vi => "vi",
            MessagesLang::En => "en",
        }
    }
}

/// `--lang` of the commands whose own options have no language of their own.
#[derive(Debug, Args)]
pub(crate) struct LangArg {
    /// The language of kheo's messages: vi or en [default: KHEO_LANG, else the site's first language]
    #[arg(long = "lang", value_enum, value_name = "LANG")]
    pub(crate) lang: Option<MessagesLang>,
}

impl Command {
    /// The language asked for on the command line for messages, and the
    /// folder of the site the command works on.
    pub(crate) fn lang_and_root(&self) -> (Option<&str>, &std::path::Path) {
        let own = |l: &LangArg| l.lang.map(MessagesLang::code);
        match self {
            Command::Build(a) => (own(&a.messages), &a.root),
            Command::Check(a) => (own(&a.messages), &a.root),
            Command::Serve(a) => (own(&a.messages), &a.root),
            Command::Import(a) => (own(&a.messages), &a.root),
            Command::Init(a) => (own(&a.messages), &a.dir),
            // The table's language is the messages' one too, when kheo speaks it.
            Command::Stats(a) => (a.lang.as_deref(), &a.root),
            // `new --lang` is the language of the translation to write.
            Command::New(a) => (None, &a.root),
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into public/ (or --output)
    Build(BuildArgs),
    /// Check the site without writing anything: everything build checks, plus links and anchors
    Check(CheckArgs),
    /// Print the figures (counters by region and year), as the statistics page shows them
    Stats(StatsArgs),
    /// Write a new article (a draft), or a document (van-ban --number ...), with its front matter filled in, and print its path
    New(NewArgs),
    /// Write a new bilingual site with sample articles, teams and figures, ready to build
    Init(InitArgs),
    /// Preview the site: build it into memory, serve it, rebuild and reload pages on every save
    Serve(ServeArgs),
    /// Bring an old portal's articles into content/: a WordPress export, an RSS or Atom feed, or a saved copy
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    #[command(flatten)]
    pub(crate) messages: LangArg,
    /// What to import: a WordPress export (.xml), an RSS or Atom feed file, or a folder saved by wget --mirror
    #[arg(value_name = "SOURCE")]
    pub(crate) source: PathBuf,
    /// The site's folder (the one holding content/)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// The section (a folder of content/) to write the articles into [default: tin-tuc]
    #[arg(long, value_name = "SECTION")]
    pub(crate) into: Option<String>,
    /// For a saved folder: the selector file saying where its pages keep the title, date, body...
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The old site's uploaded files (a WordPress wp-content/uploads folder) [default for a saved folder: that folder]
    #[arg(long, value_name = "DIR")]
    pub(crate) files: Option<PathBuf>,
    /// Print nothing but errors and warnings
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The section: a folder of content/ (e.g. tin-tuc), or van-ban for a document
    #[arg(value_name = "SECTION")]
    pub(crate) section: String,
    /// The title, in quotes, in the language of the new file (a document's: its trích yếu)
    #[arg(value_name = "TITLE")]
    pub(crate) title: String,
    /// Write a translation into this language (e.g. en) of the article named by --of [default: the site's first language]
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
    /// The article to translate: its file name (2026-01-15-hoi-nghi.md), path or slug
    #[arg(long, value_name = "ARTICLE")]
    pub(crate) of: Option<String>,
    /// A team the article is about: the name of its file in content/teams/ without .yaml (repeat for several)
    #[arg(long, value_name = "ID")]
    pub(crate) team: Vec<String>,
    /// For a document (SECTION van-ban): its number and symbol, e.g. 80-HD/BDVTW; the file is named after it
    #[arg(long, value_name = "NUMBER")]
    pub(crate) number: Option<String>,
    /// For a document: its kind, e.g. "Hướng dẫn" [default: the one the number's symbol names (HD, NQ, CT...)]
    #[arg(long, value_name = "KIND")]
    pub(crate) kind: Option<String>,
    /// For a document: the body that issued it, e.g. "Ban Dân vận Trung ương"
    #[arg(long, value_name = "NAME")]
    pub(crate) issuer: Option<String>,
    /// For a document: the day it was signed, 28/02/2012 or 2012-02-28 [default: today]
    #[arg(long, value_name = "DATE")]
    pub(crate) signed: Option<String>,
    /// The site's folder (the one holding content/)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    #[command(flatten)]
    pub(crate) messages: LangArg,
    /// The folder to write the site into; created if it does not exist
    #[arg(value_name = "DIR", default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Write into a folder that is not empty, replacing files of the same name
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) messages: LangArg,
    /// The site's folder (the one holding content/)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// The address to listen on; only this computer can reach 127.0.0.1
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,
    /// The port to listen on
    #[arg(long, value_name = "N", default_value_t = 1111)]
    pub(crate) port: u16,
    /// Also show articles marked `draft: true`
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Also show articles dated in the future
    #[arg(long)]
    pub(crate) future: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) messages: LangArg,
    /// The site's folder (the one holding content/)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// How to print the problems
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub(crate) format: ReportFormat,
    /// Links, anchors and images that lead nowhere are errors (exit code 1)
    #[arg(long)]
    pub(crate) strict: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// `path:line:column: error: message`, with the line and a caret
    Human,
    /// A JSON array, one object per problem (file, line, column, severity, code, message, hint)
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct StatsArgs {
    /// The site's folder (the one holding content/)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// How to print the figures
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,
    /// Only this year
    #[arg(long, value_name = "YEAR")]
    pub(crate) year: Option<i32>,
    /// Only this region and the regions within it (its name, e.g. "Hải Dương")
    #[arg(long, value_name = "NAME")]
    pub(crate) region: Option<String>,
    /// The language of the table's labels and numbers [default: the site's first]
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
    /// Only the figures in today's units (those of units that no longer exist
    /// count in the units that took them in) or only as reported, in the units
    /// of their time [default: the table in today's units; CSV and JSON both,
    /// as so-lieu.csv and so-lieu.json]
    #[arg(long, value_enum)]
    pub(crate) units: Option<UnitsArg>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum UnitsArg {
    /// Today's provinces and communes (since 1 July 2025)
    Today,
    /// As reported, in the units of their time
    Reported,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum Format {
    /// An aligned table for people
    Table,
    /// CSV, as so-lieu.csv
    Csv,
    /// JSON, as so-lieu.json
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) messages: LangArg,
    /// The site's folder (the one holding content/)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Where to write the site [default: <root>/public]
    #[arg(long, short, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// Use this base URL instead of base_url in site.yaml
    #[arg(long, value_name = "URL")]
    pub(crate) base_url: Option<String>,
    /// Also build articles marked `draft: true`
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Also build articles dated in the future
    #[arg(long)]
    pub(crate) future: bool,
    /// Print nothing but errors and warnings
    #[arg(long, short)]
    pub(crate) quiet: bool,
}
