//! Command-line arguments (clap derive structs only). The binary turns them into library
//! options; nothing here does work.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// casebook: build a fast, searchable website from Markdown write-ups of DevOps capability
/// maturity assessment results (YD/T 3763).
#[derive(Debug, Parser)]
#[command(name = "casebook", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Start with `casebook build` in a folder that holds site.yaml and content/.\nExit codes: 0 success, 1 content errors, 2 usage or I/O errors."
)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output directory (ROOT/public by default).
    ///
    /// Reads site.yaml, content/_data/banks.yaml, content/_data/modules.yaml and every
    /// content/cases/**/*.md, validates everything, and only if there are no errors
    /// replaces the output directory in one step. On errors the previous output is left
    /// untouched and every problem is listed with file, line and column.
    #[command(
        after_help = "Examples:\n  casebook build\n  casebook build --root my-site --output /tmp/site\n  casebook build --base-url https://example.org/cases/"
    )]
    Build(BuildArgs),
    /// Check the site without writing anything: every problem of every file in one run.
    ///
    /// Runs every validation of `build` (front matter, registry, dates, levels, slugs,
    /// links and anchors, templates) and reports all errors and warnings sorted by file
    /// and line. Exit code 1 when there is an error (or a warning with --deny-warnings).
    #[command(
        after_help = "Examples:\n  casebook check\n  casebook check --format json > diagnostics.json\n  casebook check --format github    # annotations on a pull request"
    )]
    Check(CheckArgs),
    /// Print participation statistics: results, institutions, breakdowns by year, part,
    /// type and level, per module and per institution.
    ///
    /// The same numbers as the site's /stats/ page and its downloads (stats.json and one
    /// CSV per table).
    #[command(
        after_help = "Examples:\n  casebook stats\n  casebook stats --format json | jq .summary\n  casebook stats --format csv --table results-by-type > by-type.csv"
    )]
    Stats(StatsArgs),
    /// Serve the site on loopback, rebuild on every change and reload the browser.
    ///
    /// Builds in memory (nothing is written), serves on http://127.0.0.1:1111/ and watches
    /// content/, themes/, static/ and site.yaml. After a save, only the pages that depend
    /// on the change are rendered again and open pages reload. A mistake is printed like
    /// `check` does and shown over every page in the browser, while the last good build
    /// keeps being served; fixing the file clears it. Answers GET and HEAD only, and
    /// only to its own address (see --allow-host); Ctrl-C stops it.
    #[command(
        after_help = "Examples:\n  casebook serve\n  casebook serve --port 8080 --open\n  casebook serve --bind 0.0.0.0 --allow-host mybox.lan   # reachable from other machines"
    )]
    Serve(ServeArgs),
    /// Start a new case study: writes content/cases/<date>-<institution>-<project>.md
    /// with front matter resolved against the registry and an interview skeleton.
    ///
    /// Values not given as options are asked for when run in a terminal. The new file is
    /// a draft (`draft: true`); an existing file is never overwritten.
    #[command(
        after_help = "Example:\n  casebook new --bank \"Zhengzhou Bank\" --project \"E-banking system\" --module \"security operation\" --level 2 --date 2021-12-24"
    )]
    New(NewArgs),
}

/// Options shared by commands that read a site.
#[derive(Debug, clap::Args)]
pub(crate) struct SiteArgs {
    /// Site root: the folder with site.yaml, content/ and themes/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Also publish case studies marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// Options of `casebook build`.
#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    /// Root and drafts.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output directory [default: ROOT/public].
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Base URL the site is published under, e.g. https://example.org/cases/ or /cases/
    /// (overrides base_url in site.yaml).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Replace the output directory even if casebook did not write it (deleting what it
    /// holds). The site's sources are never replaced.
    #[arg(long)]
    pub force: bool,
    /// Print the wall time of each build stage.
    #[arg(long)]
    pub timings: bool,
}

/// Options of `casebook check`.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Root and drafts.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Report format: human (with source snippets), json (one document) or github
    /// (GitHub Actions annotations).
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Fail (exit code 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Options of `casebook serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// Root and drafts.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Address to listen on; loopback unless you say otherwise.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (0 picks a free port).
    #[arg(long, short, value_name = "N", default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Also answer to this host name (repeatable); by default only the bound address,
    /// loopback and localhost are accepted, against DNS rebinding.
    #[arg(long, value_name = "NAME", value_parser = host_name)]
    pub allow_host: Vec<String>,
    /// Seconds an idle connection is kept open (for tests).
    #[arg(long, hide = true, value_name = "SECS", default_value_t = 10.0, value_parser = positive_seconds)]
    pub idle_timeout: f64,
}

/// A host name (letters, digits, `-` and `.`), without a port.
fn host_name(s: &str) -> Result<String, String> {
    let valid = !s.is_empty()
        && s.len() <= 253
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if valid {
        Ok(s.to_ascii_lowercase())
    } else {
        Err(format!("`{s}` is not a host name (give the name only, e.g. mybox.lan, no port)"))
    }
}

/// A positive, finite number of seconds.
fn positive_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err(format!("`{s}` is not a number of seconds above 0 and at most 86400")),
    }
}

/// Options of `casebook new`.
#[derive(Debug, clap::Args)]
pub(crate) struct NewArgs {
    /// Site root: the folder with site.yaml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: std::path::PathBuf,
    /// Institution: id, name, Chinese name or alias from content/_data/banks.yaml.
    #[arg(long, value_name = "NAME")]
    pub bank: Option<String>,
    /// The assessed project or system.
    #[arg(long, value_name = "NAME")]
    pub project: Option<String>,
    /// Module or part: id, name or alias from content/_data/modules.yaml.
    #[arg(long, value_name = "NAME")]
    pub module: Option<String>,
    /// Level passed: 1 to 5, or a plus grade such as 2+.
    #[arg(long, value_name = "N")]
    pub level: Option<String>,
    /// The day the result was announced (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Headline (default: made from the other values).
    #[arg(long)]
    pub title: Option<String>,
    /// Language of the new case study: `en` or `zh`. A language other than the site's
    /// default gets a file named `….zh.md` and a skeleton in that language.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Start the translation of an existing case study (path relative to the root, e.g.
    /// content/cases/name.md): writes `name.zh.md` (or the --lang version) beside it with
    /// the metadata copied and the text to translate.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["bank", "project", "module", "level", "date", "title"])]
    pub translate: Option<String>,
}

/// Options of `casebook stats`.
#[derive(Debug, clap::Args)]
pub(crate) struct StatsArgs {
    /// Root and drafts.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format: table (aligned text), json (the stats.json document) or csv.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// Only this table (by id, e.g. results-by-year, results-by-type, levels-by-module);
    /// with --format csv the default is results-by-year.
    #[arg(long, value_name = "ID")]
    pub table: Option<String>,
}

/// Values of `casebook stats --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum StatsFormat {
    /// Aligned plain-text tables.
    Table,
    /// One JSON document (the same as /stats/stats.json).
    Json,
    /// CSV of one table.
    Csv,
}

/// Values of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// rustc-style text with the source line and a marker.
    Human,
    /// One JSON document with every diagnostic.
    Json,
    /// GitHub Actions workflow commands.
    Github,
}
