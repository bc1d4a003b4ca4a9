//! `casebook serve` and `casebook new`, end to end: the real binary, a real server on an
//! ephemeral loopback port, real HTTP requests, real file edits.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{SiteTest, run_cli};

/// A running `casebook serve`; killed on drop.
struct Server {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start casebook serve");
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server { child, port: 0, log: rx };
        let line = server.wait_for("serving ", Duration::from_secs(60));
        let addr = line
            .split("http://")
            .nth(1)
            .expect("address in the log")
            .trim_end_matches(|c| c != '/');
        server.port = addr.trim_end_matches('/').rsplit(':').next().unwrap().parse().expect("port");
        server
    }

    /// Waits for a log line containing `needle` and returns it.
    fn wait_for(&mut self, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!("no log line with `{needle}` within {timeout:?}; saw:\n{}", seen.join("\n"));
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    content_type: String,
    body: String,
}

/// A plain HTTP/1.1 GET over a fresh connection (the path is sent as is).
fn get(port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase().strip_prefix("content-type:").map(|v| v.trim().to_string())
        })
        .unwrap_or_default();
    Response { status, content_type, body: dechunk(head, body) }
}

/// Undoes chunked transfer encoding when the server used it.
fn dechunk(head: &str, body: &str) -> String {
    if !head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        return body.to_string();
    }
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else { break };
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

/// Opens the server's event stream and returns a receiver of event names.
fn events(port: u16) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET /__casebook/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ")
                && tx.send(name.trim().to_string()).is_err()
            {
                break;
            }
        }
    });
    rx
}

fn next_event(rx: &mpsc::Receiver<String>) -> String {
    rx.recv_timeout(Duration::from_secs(60)).expect("an event from the server")
}

const CASE: &str = "content/cases/alpha-secdev-l2.md";

#[test]
fn serves_pages_and_assets_with_the_right_types() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let server = Server::start(&t.root());
    for (path, kind) in [
        ("/", "text/html"),
        ("/cases/alpha-secdev-l2/", "text/html"),
        ("/assets/casebook.css", "text/css"),
        ("/assets/casebook.js", "text/javascript"),
        ("/favicon.svg", "image/svg+xml"),
        ("/stats/stats.json", "application/json"),
        ("/stats/results-by-year.csv", "text/csv"),
        ("/atom.xml", "application/xml"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.content_type.starts_with(kind), "{path}: {}", r.content_type);
    }
    let home = server.get("/");
    assert!(
        home.body.contains("/__casebook/live.js"),
        "the reload script is injected when serving"
    );
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "the site's 404 page is served");
    let redirect = server.get("/cases/alpha-secdev-l2");
    assert_eq!(redirect.status, 301, "a page without its trailing slash redirects");
}

#[test]
fn traversal_attempts_get_400_or_404() {
    let t = SiteTest::from_fixture("kitchen_sink");
    std::fs::write(t.dir().join("secret.txt"), "top secret").unwrap();
    let server = Server::start(&t.root());
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/cases/..%2f..%2fsecret.txt",
        "/..%5c..%5csecret.txt",
        "/site.yaml",
        "/content/cases/alpha-secdev-l2.md",
    ] {
        let r = server.get(path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        assert!(
            !r.body.contains("top secret") && !r.body.contains("bank:"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn an_edit_reloads_a_broken_edit_shows_the_overlay_and_a_fix_recovers() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let mut server = Server::start(&t.root());
    let rx = events(server.port);
    std::thread::sleep(Duration::from_millis(300));

    let original = t.read_source(CASE);
    let edited = original.replacen("title: ", "title: Freshly edited — ", 1);
    t.write(CASE, &edited);
    assert_eq!(next_event(&rx), "reload");
    // Only pages whose content depends on the edited case are rendered again.
    let line = server.wait_for("rendered)", Duration::from_secs(60));
    let numbers: Vec<usize> =
        line.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
    let (pages, rendered) = (numbers[0], numbers[1]);
    assert!(rendered > 0 && rendered * 3 < pages, "{line}");
    let page = server.get("/cases/alpha-secdev-l2/");
    assert!(page.body.contains("Freshly edited"), "the new text is served");

    let broken = edited.replacen("level: ", "level: \"9\"\nold_level: ", 1);
    t.write(CASE, &broken);
    assert_eq!(next_event(&rx), "failed");
    let status = server.get("/__casebook/status");
    assert!(status.body.contains("invalid-level"), "{}", status.body);
    assert!(status.body.contains(CASE), "{}", status.body);
    let still = server.get("/cases/alpha-secdev-l2/");
    assert_eq!(still.status, 200);
    assert!(still.body.contains("Freshly edited"), "the last good build is still served");

    t.write(CASE, &edited);
    assert_eq!(next_event(&rx), "reload");
    let status = server.get("/__casebook/status");
    assert!(status.body.contains("\"errors\":null"), "{}", status.body);
}

#[test]
fn an_edit_saved_by_renaming_a_temp_file_is_seen() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let server = Server::start(&t.root());
    let rx = events(server.port);
    std::thread::sleep(Duration::from_millis(300));
    let text = t.read_source(CASE).replacen("title: ", "title: Renamed into place — ", 1);
    let tmp = t.root().join("content/cases/.alpha-secdev-l2.md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, t.root().join(CASE)).unwrap();
    assert_eq!(next_event(&rx), "reload");
    assert!(server.get("/cases/alpha-secdev-l2/").body.contains("Renamed into place"));
}

/// The search index is built after the reload (pages first), so the index of the
/// previous build is served meanwhile and the new one replaces it shortly after.
#[test]
fn the_search_index_is_served_and_rebuilt_after_an_edit() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let server = Server::start(&t.root());
    let rx = events(server.port);
    std::thread::sleep(Duration::from_millis(300));
    let meta = server.get("/search/meta.json.gz");
    assert_eq!(meta.status, 200);
    assert!(!meta.body.is_empty());
    let text = t.read_source(CASE).replacen("title: ", "title: Zanzibarian lighthouse — ", 1);
    t.write(CASE, &text);
    assert_eq!(next_event(&rx), "reload");
    assert_eq!(server.get("/search/meta.json.gz").status, 200, "an index is always served");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    // `meta` carries a hash of the build: it changes when the new index is in place.
    while server.get("/search/meta.json.gz").body == meta.body {
        assert!(std::time::Instant::now() < deadline, "the search index was not rebuilt");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.get("/search/index.html").status, 200, "the search page stays");
}

#[test]
fn the_reload_script_is_never_in_build_output() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    for (path, bytes) in t.snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__casebook"), "{path} mentions the dev server");
    }
}

#[test]
fn a_port_in_use_is_reported_clearly() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let t = SiteTest::from_fixture("kitchen_sink");
    let out = run_cli(&t.root(), &["serve", "--port", &port]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("already in use"), "{}", out.stderr);
}

#[test]
fn new_writes_a_valid_draft_and_refuses_to_overwrite() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let args = [
        "new",
        "--bank",
        "Alpha Bank",
        "--project",
        "Mobile banking",
        "--module",
        "security delivery",
        "--level",
        "2+",
        "--date",
        "2024-05-06",
    ];
    let out = run_cli(&t.root(), &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = "content/cases/2024-05-06-alpha-bank-mobile-banking.md";
    assert!(out.stdout.contains(path), "{}", out.stdout);
    let text = t.read_source(path);
    for line in [
        "bank: \"alpha-bank\"",
        "project: \"Mobile banking\"",
        "module: \"security-delivery\"",
        "level: \"2+\"",
        "date: \"2024-05-06\"",
        "draft: true",
        "### Why did you take part?",
    ] {
        assert!(text.contains(line), "missing `{line}` in:\n{text}");
    }
    let check = run_cli(&t.root(), &["check", "--drafts"]);
    assert_eq!(check.code, 0, "the new draft is valid:\n{}", check.stderr);
    assert!(check.stderr.contains("no-domains"), "{}", check.stderr);

    let again = run_cli(&t.root(), &args);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(t.read_source(path), text, "the existing file is untouched");
}

#[test]
fn new_suggests_known_names() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let out = run_cli(
        &t.root(),
        &[
            "new",
            "--bank",
            "Alpah Bank",
            "--project",
            "X",
            "--module",
            "security delivry",
            "--level",
            "2",
            "--date",
            "2024-05-06",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("did you mean `Alpha Bank`"), "{}", out.stderr);
    assert!(out.stderr.contains("did you mean `Security delivery`"), "{}", out.stderr);
    assert!(
        !t.root().join("content/cases").read_dir().unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("2024-05-06"))
    );
    let missing = run_cli(&t.root(), &["new", "--bank", "Alpha Bank"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("missing --project, --module, --level, --date"),
        "{}",
        missing.stderr
    );
}
