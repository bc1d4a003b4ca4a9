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
pub(crate) const TODAY: Date = Date { year: 2025, month: 1, day: 1 };

/// The repository root (the bundled site lives here).
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/`.
pub(crate) fn fixtures_dir() -> PathBuf {
    repo_root().join("tests").join("fixtures")
}

/// One site under test, in its own temporary directory.
pub(crate) struct SiteTest {
    dir: tempfile::TempDir,
    options: BuildOptions,
    report: Option<BuildReport>,
}

impl SiteTest {
    /// Copies `tests/fixtures/<name>/` (e.g. `kitchen_sink` or `invalid/bad_date`) into a
    /// fresh temporary directory.
    pub(crate) fn from_fixture(name: &str) -> SiteTest {
        let src = fixtures_dir().join(name);
        assert!(src.is_dir(), "no fixture at {}", src.display());
        let t = SiteTest::empty();
        copy_dir(&src, &t.root());
        t
    }

    /// Copies the bundled site (`site.yaml`, `content/`, `themes/` and `static/` of the
    /// repository root) into a fresh temporary directory.
    pub(crate) fn bundled() -> SiteTest {
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

    /// The options the site is built with.
    pub(crate) fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Builds with `--drafts`.
    pub(crate) fn drafts(mut self) -> SiteTest {
        self.options.drafts = true;
        self
    }

    /// Builds with `--base-url URL`.
    pub(crate) fn base_url(mut self, url: &str) -> SiteTest {
        self.options.base_url = Some(url.to_string());
        self
    }

    /// Builds the site; panics with the diagnostics if the build fails.
    pub(crate) fn build(mut self) -> SiteTest {
        let report = self.try_build().unwrap_or_else(|e| panic!("build failed: {}", describe(&e)));
        self.report = Some(report);
        self
    }

    /// Builds the site (again) and returns the result.
    pub(crate) fn try_build(&self) -> Result<BuildReport, BuildError> {
        casebook::build(&self.options)
    }

    /// Builds the site, expecting content errors; returns the diagnostics.
    pub(crate) fn build_err(&self) -> Vec<Diagnostic> {
        match self.try_build() {
            Ok(r) => panic!("expected the build to fail, but it built {} pages", r.pages),
            Err(BuildError::Content(diags)) => diags,
            Err(e) => panic!("expected content errors, got: {e}"),
        }
    }

    /// The report of the last successful [`SiteTest::build`].
    pub(crate) fn report(&self) -> &BuildReport {
        self.report.as_ref().expect("call build() first")
    }

    /// The temporary directory holding `site/` and `public/`.
    pub(crate) fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The site root (the copy of the fixture).
    pub(crate) fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The output directory.
    pub(crate) fn out(&self) -> PathBuf {
        self.options.output_dir()
    }

    /// The base path links start with: `/` unless `--base-url` was given.
    pub(crate) fn base_path(&self) -> String {
        match &self.options.base_url {
            Some(url) => casebook::content::config::split_base_url(url).unwrap().1,
            None => "/".to_string(),
        }
    }

    /// Writes `text` to `rel` under the site root, replacing the file.
    pub(crate) fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Reads `rel` under the site root.
    pub(crate) fn read_source(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).unwrap()
    }

    /// Deletes `rel` under the site root.
    pub(crate) fn remove(&self, rel: &str) {
        fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// The text of an output file (`cases/x/index.html`).
    pub(crate) fn read(&self, path: &str) -> String {
        let p = self.out().join(path);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// Asserts that an output file exists.
    #[track_caller]
    pub(crate) fn assert_file(&self, path: &str) -> &SiteTest {
        assert!(
            self.out().join(path).is_file(),
            "expected output file `{path}`; the output has:\n{}",
            self.files().join("\n")
        );
        self
    }

    /// Asserts that an output file does not exist.
    #[track_caller]
    pub(crate) fn assert_no_file(&self, path: &str) -> &SiteTest {
        assert!(!self.out().join(path).exists(), "output file `{path}` should not exist");
        self
    }

    /// The `<main …>…</main>` element of a page: what content tests compare, so that
    /// layout changes do not break them.
    pub(crate) fn main_html(&self, path: &str) -> String {
        let html = self.read(path);
        let start = html.find("<main").unwrap_or_else(|| panic!("`{path}` has no <main>"));
        let end =
            html[start..].find("</main>").unwrap_or_else(|| panic!("`{path}` has no </main>"));
        html[start..start + end + "</main>".len()].to_string()
    }

    /// Every output file, relative and `/`-separated, sorted.
    pub(crate) fn files(&self) -> Vec<String> {
        list_files(&self.out())
    }

    /// Every HTML file of the output.
    pub(crate) fn html_files(&self) -> Vec<String> {
        self.files().into_iter().filter(|f| f.ends_with(".html")).collect()
    }

    /// Every output file with its bytes.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.out())
    }

    /// Runs the real binary with `args`, in the temporary directory.
    pub(crate) fn run_cli(&self, args: &[&str]) -> CliOutput {
        run_cli(self.dir(), args)
    }
}

/// What a run of the binary produced.
#[derive(Debug)]
pub(crate) struct CliOutput {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the `casebook` binary in `cwd`.
pub(crate) fn run_cli(cwd: &Path, args: &[&str]) -> CliOutput {
    run_cli_with_env(cwd, args, &[])
}

/// Runs the `casebook` binary in `cwd` with extra environment variables.
pub(crate) fn run_cli_with_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> CliOutput {
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
pub(crate) fn describe_diagnostics(diags: &[Diagnostic]) -> String {
    diags.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

fn describe(e: &BuildError) -> String {
    match e {
        BuildError::Content(diags) => format!("{e}\n{}", describe_diagnostics(diags)),
        other => other.to_string(),
    }
}

/// Files under `dir`, relative and `/`-separated, sorted.
pub(crate) fn list_files(dir: &Path) -> Vec<String> {
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
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
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
pub(crate) fn listed_cases(html: &str, base_path: &str) -> Vec<String> {
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

// ---------------------------------------------------------------------------------------
// Processes with a time limit, a static HTTP server and a headless browser, for tests that
// must not hang (hostile input) and for browser tests.

/// Runs `cmd` with piped stdout and stderr and waits at most `limit`. Returns `None` when
/// the command had to be killed (with its whole process group, on Unix), else its output.
/// A guard against hangs, not a timing assertion: choose a limit far above the expected
/// run time.
pub(crate) fn output_with_timeout(
    cmd: &mut Command,
    limit: std::time::Duration,
) -> Option<std::process::Output> {
    use std::io::Read;
    use std::process::Stdio;
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(cmd, 0);
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let pipe = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = pipe(Box::new(child.stdout.take().unwrap()));
    let stderr = pipe(Box::new(child.stderr.take().unwrap()));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            kill_tree(&mut child);
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    status.map(|status| std::process::Output { status, stdout, stderr })
}

/// Kills `child` and, on Unix, the process group it leads (browsers start helpers).
fn kill_tree(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Runs the `casebook` binary in `cwd` (with `NO_COLOR=1`) and waits at most `limit`;
/// `None` when it had to be killed.
pub(crate) fn run_cli_with_timeout(
    cwd: &Path,
    args: &[&str],
    limit: std::time::Duration,
) -> Option<CliOutput> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casebook"));
    cmd.args(args).current_dir(cwd).env("NO_COLOR", "1");
    output_with_timeout(&mut cmd, limit).map(|out| CliOutput {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    })
}

/// Runs the `casebook` binary in `cwd` with exactly the environment of the test process
/// minus `remove`, plus `set` (no `NO_COLOR=1` unless given): for testing colour choices.
pub(crate) fn run_cli_env(
    cwd: &Path,
    args: &[&str],
    set: &[(&str, &str)],
    remove: &[&str],
) -> CliOutput {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casebook"));
    cmd.args(args).current_dir(cwd);
    for name in remove {
        cmd.env_remove(name);
    }
    let out = cmd.envs(set.iter().copied()).output().expect("cannot run the casebook binary");
    CliOutput {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// A tiny static file server on `127.0.0.1:<free port>` for browser tests: GET only,
/// `/dir/` serves `dir/index.html`, percent-escapes are decoded, paths never leave the
/// directory, anything else is a 404. Runs on background threads until dropped.
pub(crate) struct StaticServer {
    /// The port it listens on.
    pub port: u16,
    requests: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    /// Serves the files under `dir`.
    pub(crate) fn start(dir: impl Into<PathBuf>) -> StaticServer {
        StaticServer::serve(dir.into(), None)
    }

    /// Serves the files under `dir`, inserting `<script>{script}</script>` right after the
    /// `<head>` of every HTML page (instrumentation such as a trap for `alert()`).
    pub(crate) fn start_with_head_script(dir: impl Into<PathBuf>, script: &str) -> StaticServer {
        StaticServer::serve(dir.into(), Some(format!("<script>{script}</script>")))
    }

    fn serve(dir: PathBuf, head: Option<String>) -> StaticServer {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::{Arc, Mutex};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("cannot bind 127.0.0.1:0");
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, stopped) = (requests.clone(), stop.clone());
        let head = Arc::new(head);
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (dir, log, head) = (dir.clone(), log.clone(), head.clone());
                // One thread per connection: browsers open speculative connections that
                // never send a request, and those must not block the others.
                std::thread::spawn(move || {
                    let _ = serve_one(conn, &dir, &log, head.as_deref());
                });
            }
        });
        StaticServer { port, requests, stop, thread: Some(thread) }
    }

    /// `http://127.0.0.1:PORT/<path>` (`path` without the leading slash is fine too).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{}", self.port, path.trim_start_matches('/'))
    }

    /// The request targets served so far (decoded paths, in arrival order).
    pub(crate) fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve_one(
    mut conn: std::net::TcpStream,
    dir: &Path,
    log: &std::sync::Mutex<Vec<String>>,
    head: Option<&str>,
) -> std::io::Result<()> {
    use std::io::{Read, Write};
    conn.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = conn.read(&mut chunk)?;
        if n == 0 || buf.len() > 64 * 1024 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let request = String::from_utf8_lossy(&buf);
    let mut parts = request.lines().next().unwrap_or("").split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or(""));
    log.lock().unwrap().push(path.clone());
    let (status, content_type, body) = if method != "GET" {
        ("405 Method Not Allowed", "text/plain; charset=utf-8", b"GET only\n".to_vec())
    } else {
        match resolve_request(dir, &path).and_then(|p| fs::read(&p).ok().map(|b| (p, b))) {
            Some((file, mut bytes)) => {
                let ct = content_type(&file);
                if let (Some(script), true) = (head, ct.starts_with("text/html")) {
                    bytes = insert_after_head(&bytes, script);
                }
                ("200 OK", ct, bytes)
            }
            None => ("404 Not Found", "text/plain; charset=utf-8", b"not found\n".to_vec()),
        }
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    conn.write_all(header.as_bytes())?;
    conn.write_all(&body)?;
    conn.flush()
}

/// The file a decoded request path names, if it is inside `dir` and exists.
fn resolve_request(dir: &Path, path: &str) -> Option<PathBuf> {
    let rel = path.strip_prefix('/')?;
    let mut file = dir.to_path_buf();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => file.push(s),
        }
    }
    if rel.is_empty() || rel.ends_with('/') {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

fn insert_after_head(html: &[u8], script: &str) -> Vec<u8> {
    let at = html.windows(6).position(|w| w.eq_ignore_ascii_case(b"<head>")).map_or(0, |i| i + 6);
    let mut out = html[..at].to_vec();
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Decodes `%XX` escapes (invalid ones are kept as they are).
pub(crate) fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Everything but unreserved characters and `/`.
const PATH_ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes everything but unreserved characters and `/` (for URLs of output
/// files with non-ASCII names).
pub(crate) fn percent_encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH_ESCAPED).to_string()
}

/// Headless Chromium (or Chrome): the `CHROMIUM` environment variable if set, else
/// `/usr/bin/chromium`, else `chromium`, `chromium-browser`, `google-chrome` or
/// `google-chrome-stable` on `PATH`.
pub(crate) fn find_browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        let found = if path.components().count() > 1 { Some(path.clone()) } else { on_path(&path) };
        let found = found.filter(|p| p.is_file());
        assert!(found.is_some(), "CHROMIUM={} is not a browser executable", path.display());
        return found;
    }
    let debian = PathBuf::from("/usr/bin/chromium");
    if debian.is_file() {
        return Some(debian);
    }
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        .iter()
        .find_map(|name| on_path(Path::new(name)))
}

fn on_path(name: &Path) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file())
}

/// The browser for a browser test. Without one, the test fails when `CI=true` (CI must
/// run every test) and is skipped with a note on stderr otherwise (`None`: return early).
pub(crate) fn require_browser() -> Option<PathBuf> {
    let found = find_browser();
    if found.is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !ci,
            "no headless browser found and CI=true: install Debian's `chromium` package, or set \
             CHROMIUM=/path/to/chrome"
        );
        eprintln!(
            "note: skipping a browser test: no Chromium found (set CHROMIUM=/path/to/chrome)"
        );
    }
    found
}

/// Loads `url` in headless `browser`, lets its scripts run (2 s of virtual time) and
/// returns the serialised DOM. Panics when the browser fails or takes over a minute.
pub(crate) fn dump_dom(browser: &Path, url: &str) -> String {
    let profile = tempfile::Builder::new().prefix("casebook-browser-").tempdir().unwrap();
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(["--virtual-time-budget=2000", "--dump-dom", url]);
    let out =
        output_with_timeout(&mut cmd, std::time::Duration::from_secs(60)).unwrap_or_else(|| {
            panic!("{} did not finish loading {url} within 60 s", browser.display())
        });
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && dom.contains("</html>"),
        "{} failed on {url} ({}):\n{}",
        browser.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    dom
}
