//! The test harness: `SiteTest` copies a fixture site into a fresh temporary directory,
//! builds it there with the real library (or runs the real binary on it) and offers
//! helpers to look at the output. Modelled on mdBook's `BookTest`.
//!
//! Layout of every test directory:
//!
//! ```text
//! <tmp>/site/    copy of tests/fixtures/<name>/ (the site root)
//! <tmp>/public/  the output directory
//! ```
//!
//! Nothing is ever built into `tests/fixtures/` or the repository root.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use casebook::model::Date;
use casebook::{BuildError, BuildOptions, BuildReport, Diagnostic};

/// The "today" every library build uses, so that results never depend on the clock. Later
/// than every date in the fixtures and the bundled site.
pub const TODAY: Date = Date { year: 2025, month: 1, day: 1 };

/// The repository root (the bundled site lives here).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/`.
pub fn fixtures_dir() -> PathBuf {
    repo_root().join("tests").join("fixtures")
}

/// One site under test, in its own temporary directory.
pub struct SiteTest {
    dir: tempfile::TempDir,
    options: BuildOptions,
    report: Option<BuildReport>,
}

impl SiteTest {
    /// Copies `tests/fixtures/<name>/` (e.g. `kitchen_sink` or `invalid/bad_date`) into a
    /// fresh temporary directory.
    pub fn from_fixture(name: &str) -> SiteTest {
        let src = fixtures_dir().join(name);
        assert!(src.is_dir(), "no fixture at {}", src.display());
        let t = SiteTest::empty();
        copy_dir(&src, &t.root());
        t
    }

    /// Copies the bundled site (`site.yaml`, `content/`, `themes/` and `static/` of the
    /// repository root) into a fresh temporary directory.
    pub fn bundled() -> SiteTest {
        let t = SiteTest::empty();
        let repo = repo_root();
        fs::create_dir_all(t.root()).unwrap();
        fs::copy(repo.join("site.yaml"), t.root().join("site.yaml")).unwrap();
        for dir in ["content", "themes", "static"] {
            if repo.join(dir).is_dir() {
                copy_dir(&repo.join(dir), &t.root().join(dir));
            }
        }
        t
    }

    fn empty() -> SiteTest {
        let dir = tempfile::Builder::new().prefix("casebook-it-").tempdir().unwrap();
        let root = dir.path().join("site");
        let mut options = BuildOptions::new(&root);
        options.output = Some(dir.path().join("public"));
        options.today = Some(TODAY);
        SiteTest { dir, options, report: None }
    }

    /// Builds with `--drafts`.
    pub fn drafts(mut self) -> SiteTest {
        self.options.drafts = true;
        self
    }

    /// Builds with `--base-url URL`.
    pub fn base_url(mut self, url: &str) -> SiteTest {
        self.options.base_url = Some(url.to_string());
        self
    }

    /// Builds the site; panics with the diagnostics if the build fails.
    pub fn build(mut self) -> SiteTest {
        let report = self.try_build().unwrap_or_else(|e| panic!("build failed: {}", describe(&e)));
        self.report = Some(report);
        self
    }

    /// Builds the site (again) and returns the result.
    pub fn try_build(&self) -> Result<BuildReport, BuildError> {
        casebook::build(&self.options)
    }

    /// Builds the site, expecting content errors; returns the diagnostics.
    pub fn build_err(&self) -> Vec<Diagnostic> {
        match self.try_build() {
            Ok(r) => panic!("expected the build to fail, but it built {} pages", r.pages),
            Err(BuildError::Content(diags)) => diags,
            Err(e) => panic!("expected content errors, got: {e}"),
        }
    }

    /// The report of the last successful [`SiteTest::build`].
    pub fn report(&self) -> &BuildReport {
        self.report.as_ref().expect("call build() first")
    }

    /// The temporary directory holding `site/` and `public/`.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The site root (the copy of the fixture).
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The output directory.
    pub fn out(&self) -> PathBuf {
        self.options.output_dir()
    }

    /// The base path links start with: `/` unless `--base-url` was given.
    pub fn base_path(&self) -> String {
        match &self.options.base_url {
            Some(url) => casebook::config::split_base_url(url).unwrap().1,
            None => "/".to_string(),
        }
    }

    /// Writes `text` to `rel` under the site root, replacing the file.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Reads `rel` under the site root.
    pub fn read_source(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).unwrap()
    }

    /// Deletes `rel` under the site root.
    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// The text of an output file (`cases/x/index.html`).
    pub fn read(&self, path: &str) -> String {
        let p = self.out().join(path);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// Asserts that an output file exists.
    #[track_caller]
    pub fn assert_file(&self, path: &str) -> &SiteTest {
        assert!(
            self.out().join(path).is_file(),
            "expected output file `{path}`; the output has:\n{}",
            self.files().join("\n")
        );
        self
    }

    /// Asserts that an output file does not exist.
    #[track_caller]
    pub fn assert_no_file(&self, path: &str) -> &SiteTest {
        assert!(!self.out().join(path).exists(), "output file `{path}` should not exist");
        self
    }

    /// The `<main …>…</main>` element of a page: what content tests compare, so that
    /// layout changes do not break them.
    pub fn main_html(&self, path: &str) -> String {
        let html = self.read(path);
        let start = html.find("<main").unwrap_or_else(|| panic!("`{path}` has no <main>"));
        let end =
            html[start..].find("</main>").unwrap_or_else(|| panic!("`{path}` has no </main>"));
        html[start..start + end + "</main>".len()].to_string()
    }

    /// Every output file, relative and `/`-separated, sorted.
    pub fn files(&self) -> Vec<String> {
        list_files(&self.out())
    }

    /// Every HTML file of the output.
    pub fn html_files(&self) -> Vec<String> {
        self.files().into_iter().filter(|f| f.ends_with(".html")).collect()
    }

    /// Every output file with its bytes.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.out())
    }

    /// Runs the real binary with `args`, in the temporary directory.
    pub fn run_cli(&self, args: &[&str]) -> CliOutput {
        run_cli(self.dir(), args)
    }
}

/// What a run of the binary produced.
#[derive(Debug)]
pub struct CliOutput {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the `casebook` binary in `cwd`.
pub fn run_cli(cwd: &Path, args: &[&str]) -> CliOutput {
    run_cli_with_env(cwd, args, &[])
}

/// Runs the `casebook` binary in `cwd` with extra environment variables.
pub fn run_cli_with_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> CliOutput {
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("cannot run the casebook binary");
    CliOutput {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Every diagnostic in its one-line (plus hint) report form, joined by newlines: what
/// error tests compare against.
pub fn describe_diagnostics(diags: &[Diagnostic]) -> String {
    diags.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

fn describe(e: &BuildError) -> String {
    match e {
        BuildError::Content(diags) => format!("{e}\n{}", describe_diagnostics(diags)),
        other => other.to_string(),
    }
}

/// Files under `dir`, relative and `/`-separated, sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    collect(dir, dir, &mut out);
    out.sort();
    out
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
    {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            collect(base, &path, out);
        } else {
            let rel = path.strip_prefix(base).unwrap();
            let parts: Vec<String> =
                rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            out.push(parts.join("/"));
        }
    }
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    list_files(dir).into_iter().map(|f| (f.clone(), fs::read(dir.join(&f)).unwrap())).collect()
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for entry in fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// The slugs of the case studies a page links to, in order of first appearance: what a
/// listing, term page or "other results" table shows.
pub fn listed_cases(html: &str, base_path: &str) -> Vec<String> {
    let prefix = format!("{base_path}cases/");
    let mut out: Vec<String> = Vec::new();
    for href in crate::html::anchors(html) {
        let Some(rest) = href.strip_prefix(&prefix) else { continue };
        let Some(slug) = rest.strip_suffix('/') else { continue };
        if slug.is_empty() || slug.contains('/') || out.iter().any(|s| s == slug) {
            continue;
        }
        out.push(slug.to_string());
    }
    out
}
