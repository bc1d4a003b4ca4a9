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
    /// Every log line read so far.
    seen: Vec<String>,
}

impl Server {
    fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    /// Starts `casebook serve --port 0 --root ROOT ARGS…`.
    fn start_with(root: &Path, args: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_casebook"));
        command.args(["serve", "--port", "0", "--root"]).arg(root).args(args);
        Server::spawn(command)
    }

    /// Runs `command` (a `casebook serve`) with its stderr captured, and waits until it
    /// serves and its first build is done.
    fn spawn(command: Command) -> Server {
        let mut server = Server::spawn_listening(command);
        // The server listens before its first build is done: wait for the build too, so
        // that its log line is not taken for a later rebuild's.
        if !server.seen.iter().any(|l| l.starts_with("built ") || l.contains("serving the errors"))
        {
            server.wait_for_any(&["built ", "serving the errors"], Duration::from_secs(60));
        }
        server
    }

    /// [`Server::spawn`], returning as soon as the server listens (its first build may
    /// still run).
    fn spawn_listening(mut command: Command) -> Server {
        let mut child = command
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
        let mut server = Server { child, port: 0, log: rx, seen: Vec::new() };
        let line = server.wait_for(" at http://", Duration::from_secs(60));
        let addr = line
            .split("http://")
            .nth(1)
            .expect("address in the log")
            .trim_end_matches(|c| c != '/');
        server.port = addr.trim_end_matches('/').rsplit(':').next().unwrap().parse().expect("port");
        server
    }

    /// Waits for a log line containing one of `needles` and returns it.
    fn wait_for_any(&mut self, needles: &[&str], timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let from = self.seen.len();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if needles.iter().any(|n| line.contains(n)) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        let seen = self.seen[from..].join("\n");
        panic!("no log line with any of {needles:?} within {timeout:?}; saw:\n{seen}");
    }

    /// Waits for a log line containing `needle` and returns it.
    fn wait_for(&mut self, needle: &str, timeout: Duration) -> String {
        self.wait_for_any(&[needle], timeout)
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
    /// The status line and headers, as received.
    head: String,
    body: String,
}

impl Response {
    /// The value of header `name` (lowercase), if any.
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (key, value) = l.split_once(':')?;
            (key.eq_ignore_ascii_case(name)).then(|| value.trim().to_string())
        })
    }
}

/// A plain HTTP/1.1 GET over a fresh connection (the path is sent as is).
fn get(port: u16, path: &str) -> Response {
    request(port, "GET", path, &format!("127.0.0.1:{port}"))
}

/// A plain HTTP/1.1 request with this method and `Host` over a fresh connection.
fn request(port: u16, method: &str, path: &str, host: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut response = Response {
        status,
        content_type: String::new(),
        head: head.to_string(),
        body: String::new(),
    };
    response.content_type = response.header("content-type").unwrap_or_default();
    response.body = dechunk(head, body);
    response
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

/// Opens the server's event stream and returns a receiver of event names, once the
/// server has answered (the stream is open).
fn events(port: u16) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET /__casebook/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).expect("the event stream answers");
    assert!(status.starts_with("HTTP/1.1 200"), "event stream: {status}");
    reader.get_ref().set_read_timeout(None).unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in reader.lines().map_while(Result::ok) {
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

/// The server runs with mimalloc giving freed memory back at once (it starts itself again
/// with `MIMALLOC_PURGE_DELAY=0`, same process), unless the user chose a value.
#[cfg(target_os = "linux")]
#[test]
fn the_server_gives_freed_memory_back_at_once_unless_told_otherwise() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let purge_delay = |server: &Server| {
        let environ = std::fs::read(format!("/proc/{}/environ", server.child.id())).unwrap();
        let values: Vec<String> = environ
            .split(|&b| b == 0)
            .filter_map(|v| std::str::from_utf8(v).ok()?.strip_prefix("MIMALLOC_PURGE_DELAY="))
            .map(String::from)
            .collect();
        values
    };
    let mut command = Command::new(env!("CARGO_BIN_EXE_casebook"));
    command
        .args(["serve", "--port", "0", "--root"])
        .arg(t.root())
        .env_remove("MIMALLOC_PURGE_DELAY");
    let server = Server::spawn(command);
    assert_eq!(purge_delay(&server), ["0"]);
    assert_eq!(server.get("/").status, 200, "the restarted server serves");
    drop(server);

    let mut command = Command::new(env!("CARGO_BIN_EXE_casebook"));
    command
        .args(["serve", "--port", "0", "--root"])
        .arg(t.root())
        .env("MIMALLOC_PURGE_DELAY", "250");
    let server = Server::spawn(command);
    assert_eq!(purge_delay(&server), ["250"]);
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

/// Polls `check` until it holds; panics after a generous deadline (a hang guard, not a
/// timing assertion).
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !check() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Lines of `log` that start with `prefix`.
fn count_lines(log: &Path, prefix: &str) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with(prefix))
        .count()
}

/// Regression test for issue 13 (serve): with its output redirected into the site root,
/// the server watched its own log and rebuilt 16 times a second.
#[test]
fn output_redirected_into_the_root_does_not_trigger_rebuilds() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let log_path = t.root().join("serve.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["serve", "--port", "0"])
        .current_dir(t.root())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("start casebook serve");
    eventually("the server starts", || count_lines(&log_path, "serving ") == 1);
    // Each rebuild writes to the log: a server that watched it would keep rebuilding.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        count_lines(&log_path, "built "),
        1,
        "{}",
        std::fs::read_to_string(&log_path).unwrap()
    );
    std::fs::write(t.root().join("notes.txt"), "not an input").unwrap();
    std::fs::create_dir(t.root().join("public")).unwrap();
    std::fs::write(t.root().join("public/index.html"), "not an input either").unwrap();
    // Editor scratch files inside the inputs are not inputs either.
    t.write("content/cases/.alpha-secdev-l2.md.swp", "vim swap");
    t.write("content/cases/alpha-secdev-l2.md~", "backup");
    t.write("content/cases/#alpha-secdev-l2.md#", "emacs autosave");
    let text = t.read_source(CASE).replacen("title: ", "title: Logged — ", 1);
    t.write(CASE, text);
    eventually("the edit is rebuilt", || count_lines(&log_path, "built ") == 2);
    std::thread::sleep(Duration::from_secs(2));
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(&log_path).unwrap();
    assert_eq!(count_lines(&log_path, "built "), 2, "one rebuild for one edit:\n{text}");
    assert_eq!(count_lines(&log_path, "changed: "), 1, "{text}");
    for name in ["serve.log", "notes.txt", "public", ".swp", ".md~", ".md#"] {
        assert!(!text.contains(name), "{name} triggered a rebuild:\n{text}");
    }
}

/// Sends `signal` (`INT`, `TERM`) to the server and waits for it to exit.
fn stop_with(server: &mut Server, signal: &str) -> std::process::ExitStatus {
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args([&format!("-{signal}"), &pid]).status().unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "SIG{signal} did not stop the server");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_c_and_sigterm_stop_the_server_while_a_reload_stream_is_open() {
    let t = SiteTest::from_fixture("minimal");
    for signal in ["INT", "TERM"] {
        let mut server = Server::start(&t.root());
        let _stream = events(server.port);
        // A kept-alive idle connection must not hold the server either.
        let mut idle = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(idle, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", server.port).unwrap();
        let status = stop_with(&mut server, signal);
        assert!(status.success(), "SIG{signal}: {status}");
        server.wait_for("stopped", Duration::from_secs(10));
    }
}

#[test]
fn watching_survives_content_renamed_away_and_back_or_deleted_and_recreated() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let server = Server::start(&t.root());
    let page = "/cases/alpha-secdev-l2/";
    let content = t.root().join("content");
    let away = t.dir().join("content-away");
    let mut edits = 0;
    let mut edit_and_see_it = |why: &str| {
        edits += 1;
        let marker = format!("Edit number {edits}");
        let text = t.read_source(CASE).replacen("title: ", &format!("title: {marker} — "), 1);
        t.write(CASE, text);
        eventually(&format!("{marker} is served {why}"), || {
            server.get(page).body.contains(&marker)
        });
    };

    std::fs::rename(&content, t.root().join("content.old")).unwrap();
    eventually("the case is gone", || server.get(page).status != 200 || has_errors(&server));
    std::fs::rename(t.root().join("content.old"), &content).unwrap();
    edit_and_see_it("after content/ was renamed away and back");

    copy_tree(&content, &away);
    std::fs::remove_dir_all(&content).unwrap();
    eventually("the case is gone", || server.get(page).status != 200 || has_errors(&server));
    copy_tree(&away, &content);
    edit_and_see_it("after content/ was deleted and re-created");
}

fn has_errors(server: &Server) -> bool {
    !server.get("/__casebook/status").body.contains("\"errors\":null")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_static_folder_created_after_start_is_served_and_watched() {
    let t = SiteTest::from_fixture("minimal");
    assert!(!t.root().join("static").exists());
    let server = Server::start(&t.root());
    assert_eq!(server.get("/hello.txt").status, 404);
    t.write("static/hello.txt", "hello");
    eventually("static/hello.txt is served", || server.get("/hello.txt").body == "hello");
    t.write("static/hello.txt", "hello again");
    eventually("the edit is served", || server.get("/hello.txt").body == "hello again");
}

#[test]
fn a_site_with_errors_from_the_start_serves_them_and_comes_up_once_fixed() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let good = t.read_source(CASE);
    t.write(CASE, good.replacen("level: ", "level: \"9\"\nold_level: ", 1));
    let server = Server::start(&t.root());
    assert!(
        server.seen.iter().any(|l| l.contains("serving the errors until they are fixed")),
        "{:?}",
        server.seen
    );
    for path in ["/", "/cases/alpha-secdev-l2/", "/no/such/page/"] {
        let r = server.get(path);
        assert_eq!(r.status, 500, "{path}");
        assert!(r.content_type.starts_with("text/html"), "{path}: {}", r.content_type);
        assert!(r.body.contains("invalid-level") && r.body.contains(CASE), "{path}: {}", r.body);
        assert!(r.body.contains("/__casebook/live.js"), "{path}: the page reloads once fixed");
    }
    assert!(server.get("/__casebook/status").body.contains("invalid-level"));
    let rx = events(server.port);
    t.write(CASE, &good);
    assert_eq!(next_event(&rx), "reload");
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(!home.body.contains("the site has errors"), "{}", home.body);
    let page = server.get("/cases/alpha-secdev-l2/");
    assert_eq!(page.status, 200, "the site is served");
}

#[test]
fn only_get_and_head_are_answered() {
    let t = SiteTest::from_fixture("minimal");
    let server = Server::start(&t.root());
    let host = format!("127.0.0.1:{}", server.port);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"] {
        for path in ["/", "/__casebook/status", "/__casebook/events"] {
            let r = request(server.port, method, path, &host);
            assert_eq!(r.status, 405, "{method} {path}");
            assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD"), "{method} {path}");
        }
    }
    let head = request(server.port, "HEAD", "/", &host);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body: {}", head.body);
    assert!(head.content_type.starts_with("text/html"));
}

#[test]
fn requests_must_name_this_server_in_host() {
    let t = SiteTest::from_fixture("minimal");
    let server = Server::start_with(&t.root(), &["--allow-host", "casebook.test"]);
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        format!("casebook.test:{port}"),
    ] {
        assert_eq!(request(port, "GET", "/", &host).status, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("localhost.evil.example:{port}"),
    ] {
        let r = request(port, "GET", "/", &host);
        assert_eq!(r.status, 403, "{host}");
        assert!(!r.body.contains("<html"), "{host}: no page is served");
        let status = request(port, "GET", "/__casebook/status", &host);
        assert_eq!(status.status, 403, "{host}");
    }
    let mut old = TcpStream::connect(("127.0.0.1", port)).unwrap();
    old.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(old, "GET / HTTP/1.0\r\n\r\n").unwrap();
    let mut raw = String::new();
    old.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.0 400"), "a request without Host: {raw}");
}

#[test]
fn idle_connections_are_closed() {
    let t = SiteTest::from_fixture("minimal");
    let server = Server::start_with(&t.root(), &["--idle-timeout", "1"]);
    // A connection that never sends a request.
    let mut silent = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    silent.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut buf = Vec::new();
    assert!(silent.read_to_end(&mut buf).is_ok(), "the server closes a silent connection");
    // A kept-alive connection after its request.
    let mut kept = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(kept, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", server.port).unwrap();
    let mut raw = Vec::new();
    assert!(kept.read_to_end(&mut raw).is_ok(), "the server closes an idle kept-alive connection");
    assert!(String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 200"));
}

#[test]
fn many_idle_clients_do_not_lock_out_a_new_request() {
    let t = SiteTest::from_fixture("minimal");
    // 64 file handles: without a connection cap the idle clients below would take them all.
    let mut command = Command::new("sh");
    command
        .args(["-c", "ulimit -n 64 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_casebook"))
        .args(["serve", "--port", "0", "--idle-timeout", "1", "--root"])
        .arg(t.root());
    let mut server = Server::spawn(command);
    let idle: Vec<TcpStream> =
        (0..150).map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap()).collect();
    let r = server.get("/");
    assert_eq!(r.status, 200, "a normal request is served");
    assert!(server.child.try_wait().unwrap().is_none(), "the server is still running");
    drop(idle);
    let log: Vec<String> = server.log.try_iter().collect();
    assert!(!log.iter().any(|l| l.contains("Too many open files")), "{log:?}");
    assert!(!log.iter().any(|l| l.contains("panicked")), "{log:?}");
    assert_eq!(stop_with(&mut server, "INT").code(), Some(0));
}

/// Every HTML page of a fresh build of `root` (served at `/`, as `serve` does), compared
/// with what the server serves at its URL (without the injected reload script).
fn assert_serves_a_fresh_build(server: &Server, root: &Path) {
    let mut options = casebook::BuildOptions::new(root);
    options.base_url = Some("/".into());
    let fresh = casebook::generate(&options).expect("a fresh build");
    let script = "<script src=\"/__casebook/live.js\" defer></script>";
    let mut pages = 0;
    for f in fresh.files.iter().filter(|f| f.path.ends_with(".html")) {
        let url = format!("/{}", f.path.trim_end_matches("index.html"));
        let served = server.get(&url);
        let want = String::from_utf8_lossy(&f.bytes);
        assert_eq!(served.body.replacen(script, "", 1), want, "{url} differs from a fresh build");
        pages += 1;
    }
    assert_eq!(pages, fresh.pages, "every page compared");
}

/// An edit of case bodies alone re-renders only those cases' pages (in the language each
/// is written in), and the site served afterwards is, page for page, a fresh build.
#[test]
fn a_body_edit_renders_only_its_own_page_and_serves_what_a_fresh_build_gives() {
    let t = SiteTest::from_fixture("bilingual");
    let mut server = Server::start(&t.root());
    let rx = events(server.port);
    std::thread::sleep(Duration::from_millis(300));
    for (file, url, added) in [
        ("content/cases/paired.zh.md", "/zh/cases/paired/", "新增的一段：流水线改造的效果。"),
        ("content/cases/english-only.md", "/cases/english-only/", "An added paragraph."),
        ("content/cases/english-only.md", "/cases/english-only/", "And a second edit."),
    ] {
        let before = server.get(url).body;
        let text = t.read_source(file) + &format!("\n## {added}\n\n{added}\n");
        t.write(file, text);
        assert_eq!(next_event(&rx), "reload");
        let line = server.wait_for("rendered)", Duration::from_secs(60));
        assert!(line.contains("(1 rendered)"), "only the case's own page is rendered: {line}");
        let after = server.get(url).body;
        assert_ne!(after, before, "{url} changed");
        assert!(after.contains(&format!("<p>{added}</p>")), "the new paragraph: {after}");
        assert_serves_a_fresh_build(&server, &t.root());
    }
    // A new first paragraph changes the case's card on other pages: a full rebuild.
    let file = "content/cases/english-only.md";
    t.write(file, t.read_source(file).replacen("Written in English only.", "Rewritten.", 1));
    assert_eq!(next_event(&rx), "reload");
    let line = server.wait_for("rendered)", Duration::from_secs(60));
    assert!(!line.contains("(1 rendered)"), "a full rebuild: {line}");
    assert!(server.get("/cases/").body.contains("Rewritten."), "the card shows the excerpt");
    assert_serves_a_fresh_build(&server, &t.root());
    // A change of the front matter is a full rebuild, and still a fresh build's site.
    let file = "content/cases/paired.md";
    t.write(file, t.read_source(file).replacen("title: ", "title: Retitled — ", 1));
    assert_eq!(next_event(&rx), "reload");
    let line = server.wait_for("rendered)", Duration::from_secs(60));
    assert!(!line.contains("(1 rendered)"), "a full rebuild: {line}");
    assert_serves_a_fresh_build(&server, &t.root());
}

/// The server listens at once and answers while its first build runs: a page as soon as
/// it is rendered, any other path once the build is done. Requests sent right after the
/// start (to a site large enough that its first build takes a while) get what a fresh
/// build gives: the page, the 404 page, the redirect to the folder, the stylesheet; never
/// an error or a 404 for a page that exists. Whether a request lands during the build is
/// up to the machine; what is asserted holds either way.
#[test]
fn requests_during_the_first_build_get_the_pages_of_a_fresh_build() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let text = t.read_source(CASE);
    for n in 0..300 {
        let dated = format!("date: 2021-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
        let extra = text
            .replacen("project: Mobile app", &format!("project: Mobile app {n}"), 1)
            .replacen("date: 2022-06-15", &dated, 1);
        t.write(&format!("content/cases/extra-{n}.md"), extra);
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_casebook"));
    command.args(["serve", "--port", "0", "--root"]).arg(t.root());
    let mut server = Server::spawn_listening(command);
    let paths = [
        "/",
        "/cases/extra-299/",
        "/cases/alpha-secdev-l2/",
        "/institutions/",
        "/cases/extra-7",
        "/no/such/page/",
        "/assets/syntax.css",
    ];
    let port = server.port;
    let early: Vec<_> = paths
        .iter()
        .map(|&p| std::thread::spawn(move || (p, get(port, p))))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    server.wait_for("built ", Duration::from_secs(120));
    let mut options = casebook::BuildOptions::new(t.root());
    options.base_url = Some("/".into());
    let fresh = casebook::generate(&options).expect("a fresh build");
    let file = |path: &str| {
        let f = fresh.files.iter().find(|f| f.path == path).expect(path);
        String::from_utf8_lossy(&f.bytes).into_owned()
    };
    let script = "<script src=\"/__casebook/live.js\" defer></script>";
    for (path, r) in early {
        let (status, want) = match path {
            "/cases/extra-7" => {
                assert_eq!(r.header("location").as_deref(), Some("/cases/extra-7/"));
                (301, None)
            }
            "/no/such/page/" => (404, Some(file("404.html"))),
            "/assets/syntax.css" => (200, Some(file("assets/syntax.css"))),
            p => (200, Some(file(&format!("{}index.html", &p[1..])))),
        };
        assert_eq!(r.status, status, "{path}: {}", r.body);
        if let Some(want) = want {
            assert_eq!(r.body.replacen(script, "", 1), want, "{path} differs from a fresh build");
        }
    }
    assert_serves_a_fresh_build(&server, &t.root());
}
