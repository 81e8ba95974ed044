//! The command line, declared with clap. Only commands that work are listed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// kheo builds a bilingual news portal (Vietnamese first, then English) from
/// Markdown articles and YAML figures, for any static web server.
#[derive(Debug, Parser)]
#[command(name = "kheo", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --output)
    Build(BuildArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder (the one holding content/)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: <root>/public]
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of base_url in site.yaml
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Also build articles marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Also build articles dated in the future
    #[arg(long)]
    pub future: bool,
    /// Print nothing but errors and warnings
    #[arg(long, short)]
    pub quiet: bool,
}
