//! Generates a large, realistic, deterministic casebook site for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --n 10000 --out /dev/shm/cb-10k [--seed 42] [--force]
//!     [--hugo /dev/shm/hugo-10k]
//! ```
//!
//! The same arguments always produce a byte-identical tree: every random choice comes from
//! a splitmix64 generator seeded from `--seed` (each case study from its own stream, so the
//! output does not depend on the number of threads). Only the standard library is used.
//!
//! Output (inside `--out`):
//!
//! - `site.yaml`
//! - `content/_data/banks.yaml`    (~200 institutions of every type)
//! - `content/_data/modules.yaml`  (the parts of YD/T 3763 and their modules)
//! - `content/_data/results.yaml`  (~N/5 result records; not read by casebook yet)
//! - `content/_data/reported.yaml` (~N/50 reported counts; not read by casebook yet)
//! - `content/cases/<yyyy>/<date>-<bank-id>-<n>.md` (N case studies, 600–1,200 words each)
//!
//! `--out` must be empty or missing. With `--force` a non-empty directory is accepted:
//! `content/cases/` and `content/_data/` inside it are deleted and everything listed above
//! is rewritten; nothing else in the directory is touched.
//!
//! `--hugo DIR` also writes the same cases (same front matter values, dates and Markdown
//! bodies) as a Hugo site with a theme like casebook's default one, for `bench/hugo.sh`;
//! see `hugo_site/mod.rs`. Without it the output is exactly what it was before the option
//! existed.
//!
//! `--heavy` adds the shapes of real write-ups that make builds slow (issue 19): code
//! blocks in thirteen languages in about half the cases (some of 80–300 lines), wide
//! tables, Chinese interview sections in a third of the cases, footnotes, links between
//! cases and a tail of documents of up to ~35,000 words; see `heavy/mod.rs`. It changes only
//! the case bodies (the same in the Hugo site); without it they are what they were before.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// `write!` into a `String`, which cannot fail. Defined before the modules, which use it
/// (macros are in scope from their definition on).
macro_rules! w {
    ($($t:tt)*) => { let _ = write!($($t)*); };
}

mod case;
mod lists;
mod meta;
mod prose;
mod records;
mod registry;
mod rng;
mod words;

// The Hugo version of the site.
#[path = "../hugo_site/mod.rs"]
mod hugo_site;

// The heavy shapes of `--heavy` (issue 19): code in many languages, wide tables, Chinese
// interviews, footnotes, links between cases, very long documents.
#[path = "../heavy/mod.rs"]
mod heavy;

use case::*;
use lists::*;
use meta::*;
use prose::*;
use records::*;
use registry::*;
use rng::*;
use words::*;

struct Args {
    n: usize,
    out: PathBuf,
    seed: u64,
    force: bool,
    /// Also write the corpus as a Hugo site into this directory.
    hugo: Option<PathBuf>,
    /// Add the heavy shapes (see `heavy/mod.rs`).
    heavy: bool,
}

const USAGE: &str =
    "usage: gen_corpus --n N --out DIR [--seed SEED] [--force] [--hugo DIR] [--heavy]";

fn parse_args() -> Result<Args, String> {
    let mut n = None;
    let mut out = None;
    let mut seed = 42u64;
    let mut force = false;
    let mut hugo = None;
    let mut heavy = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| {
            inline.clone().or_else(|| it.next()).ok_or(format!("{name} needs a value"))
        };
        match key.as_str() {
            "--n" | "-n" => {
                n = Some(
                    value("--n")?
                        .replace('_', "")
                        .parse::<usize>()
                        .map_err(|e| format!("--n: {e}"))?,
                )
            }
            "--out" | "-o" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--force" => force = true,
            "--hugo" => hugo = Some(PathBuf::from(value("--hugo")?)),
            "--heavy" => heavy = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let n = n.ok_or("missing --n")?;
    if n == 0 {
        return Err("--n must be at least 1".into());
    }
    Ok(Args { n, out: out.ok_or("missing --out")?, seed, force, hugo, heavy })
}

fn prepare_dir(out: &Path, force: bool) -> Result<(), String> {
    if out.exists() {
        if !out.is_dir() {
            return Err(format!("{} exists and is not a directory", out.display()));
        }
        let non_empty =
            fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?.next().is_some();
        if non_empty {
            if !force {
                return Err(format!(
                    "{} is not empty (use --force to regenerate into it)",
                    out.display()
                ));
            }
            for sub in ["content/cases", "content/_data"] {
                let p = out.join(sub);
                if p.exists() {
                    fs::remove_dir_all(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                }
            }
        }
    }
    fs::create_dir_all(out.join("content/_data")).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(())
}

fn run(args: &Args) -> Result<(usize, u64), String> {
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    prepare_dir(&args.out, args.force)?;
    if let Some(dir) = &args.hugo {
        hugo_site::prepare(dir, args.force)?;
    }
    let mut reg_rng = Rng::derive(args.seed, 1, 0);
    let banks = build_banks(&mut reg_rng);
    let units = build_units();
    let ann = announcements(&mut reg_rng);
    let metas = build_meta(args.n, args.seed, &banks, &units, &ann);

    let mut files = 0usize;
    let mut bytes = 0u64;
    let mut put = |rel: &str, text: String| -> Result<(), String> {
        let p = args.out.join(rel);
        fs::write(&p, text.as_bytes()).map_err(|e| io(&p, e))?;
        files += 1;
        bytes += text.len() as u64;
        Ok(())
    };
    put("site.yaml", write_site_yaml(args.n, args.seed))?;
    put("content/_data/banks.yaml", write_banks_yaml(&banks))?;
    put("content/_data/modules.yaml", write_modules_yaml())?;
    put(
        "content/_data/results.yaml",
        write_results_yaml(args.n, args.seed, &metas, &banks, &units),
    )?;
    put(
        "content/_data/reported.yaml",
        write_reported_yaml(args.n, args.seed, &metas, &banks, &units, &ann),
    )?;

    if let Some(dir) = &args.hugo {
        for (rel, text) in hugo_site::site_files(args.n, args.seed, &banks, &units) {
            let p = dir.join(&rel);
            if let Some(parent) = p.parent() {
                fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            fs::write(&p, text.as_bytes()).map_err(|e| io(&p, e))?;
            files += 1;
            bytes += text.len() as u64;
        }
    }

    for yi in 0..YEARS {
        let p = args.out.join(format!("content/cases/{}", FIRST_YEAR + yi as u16));
        fs::create_dir_all(&p).map_err(|e| io(&p, e))?;
    }

    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(16);
    let chunk = args.n.div_ceil(threads);
    let results: Vec<Result<u64, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (metas, banks, units, ann) = (&metas, &banks, &units, &ann);
                let out_dir = &args.out;
                let hugo_dir = args.hugo.as_deref();
                let (seed, heavy) = (args.seed, args.heavy);
                scope.spawn(move || -> Result<u64, String> {
                    let mut buf = String::with_capacity(16 * 1024);
                    let mut body = String::with_capacity(16 * 1024);
                    let mut total = 0u64;
                    let hi = ((t + 1) * chunk).min(metas.len());
                    for i in (t * chunk).min(hi)..hi {
                        buf.clear();
                        body.clear();
                        let front =
                            render_case(&mut body, i, metas, banks, units, ann, seed, heavy);
                        write_front(&mut buf, &front, &metas[i]);
                        buf.push_str(&body);
                        let p = out_dir.join(&metas[i].path);
                        fs::write(&p, buf.as_bytes())
                            .map_err(|e| format!("{}: {e}", p.display()))?;
                        total += buf.len() as u64;
                        if let Some(dir) = hugo_dir {
                            buf.clear();
                            hugo_site::write_case(&mut buf, &front, &metas[i], banks, units, &body);
                            let p = dir.join(format!("content/cases/{}.md", metas[i].slug));
                            fs::write(&p, buf.as_bytes())
                                .map_err(|e| format!("{}: {e}", p.display()))?;
                            total += buf.len() as u64;
                        }
                    }
                    Ok(total)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("generator thread panicked")).collect()
    });
    for r in results {
        bytes += r?;
    }
    files += if args.hugo.is_some() { 2 * args.n } else { args.n };
    Ok((files, bytes))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_corpus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    match run(&args) {
        Ok((files, bytes)) => {
            let secs = start.elapsed().as_secs_f64();
            println!(
                "gen_corpus: {} case studies, {files} files, {bytes} bytes ({:.1} MiB) into {} in {secs:.2} s (seed {})",
                args.n,
                bytes as f64 / (1024.0 * 1024.0),
                args.out.display(),
                args.seed
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::from(1)
        }
    }
}
