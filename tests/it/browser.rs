//! Script injection, checked in a real browser: hostile text from `site.yaml`, the registry,
//! the front matter and the Markdown body is built into a site, the site is served over
//! loopback HTTP and each page is opened in headless Chromium. Every payload would, if it
//! ran, set `data-pwned` on the root element (or call `alert()`, which the server traps, or
//! set the title to PWNED); the dumped DOM must show none of it.
//!
//! The positive controls prove that the harness sees a script that does run, so the
//! negative tests can fail. Without a browser these tests are skipped, except under
//! `CI=true`, where they fail (see [`require_browser`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::html;
use crate::support::{
    SiteTest, StaticServer, dump_dom, list_files, percent_encode_path, require_browser,
};

/// Inserted at the top of every served page: makes `alert()`, `confirm()` and `prompt()`
/// (what the `escaping` fixture's payloads call) observable in the DOM.
const ALERT_TRAP: &str = "(function(){var t=function(){document.documentElement.setAttribute('data-pwned','alert')};window.alert=t;window.confirm=t;window.prompt=t;})();";

/// What a page's dumped DOM shows of scripts that ran: an empty list when none did.
fn script_effects(dom: &str) -> Vec<String> {
    let mut found = Vec::new();
    let tags = html::tags(dom);
    match tags.iter().find(|t| t.name == "html") {
        Some(root) => {
            if let Some(v) = root.attr("data-pwned") {
                found.push(format!("payload {v} ran (<html data-pwned=\"{v}\">)"));
            }
        }
        None => found.push("the dump has no <html> element".into()),
    }
    if let Some(start) = dom.find("<title>") {
        let title = html::text(html::section(&dom[start..], "<title>", "</title>"));
        if title == "PWNED" {
            found.push(format!("the title was changed to `{title}`"));
        }
    }
    for t in &tags {
        for (name, value) in &t.attrs {
            let v: String =
                value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            if (name == "href" || name == "src" || name == "action" || name == "data")
                && v.to_ascii_lowercase().starts_with("javascript:")
            {
                found.push(format!("<{} {name}=\"{value}\">", t.name));
            }
        }
    }
    found
}

/// The URL path of an output file: `index.html` is `/`, `a/index.html` is `/a/`.
fn url_path(file: &str) -> String {
    let path = match file.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{file}"),
    };
    percent_encode_path(&path)
}

/// Ids of the payloads whose text a page contains (`pwned=7`, `pwned-7` in a slug,
/// `alert(7)`, `alert-7`), escaped or not.
fn payload_ids(text: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for marker in ["pwned", "alert"] {
        for (at, _) in text.match_indices(marker) {
            let rest = &text[at + marker.len()..];
            let skip = rest.find(|c: char| c.is_ascii_digit()).filter(|&i| i <= 2);
            if let Some(skip) = skip {
                let digits: String =
                    rest[skip..].chars().take_while(char::is_ascii_digit).collect();
                ids.insert(digits);
            }
        }
    }
    ids
}

/// Which pages of a site to open: each launch of the browser takes about a second, so
/// rather than every page, the pages that show the payloads.
enum Pages {
    /// The home page, the 404 page, every case page, and then, greedily, pages until every
    /// payload has been seen in every kind of page (`<body class>`) that shows it.
    EveryKind,
    /// The same, but until every payload has been seen once.
    EveryPayload,
    /// These pages only.
    Only(Vec<String>),
}

fn pages_to_visit(out: &Path, policy: Pages) -> Vec<String> {
    let by_kind = match policy {
        Pages::Only(pages) => return pages,
        Pages::EveryKind => true,
        Pages::EveryPayload => false,
    };
    let mut pages: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for file in list_files(out).into_iter().filter(|f| f.ends_with(".html")) {
        let text = std::fs::read_to_string(out.join(&file)).unwrap();
        let kind = html::tags(&text)
            .into_iter()
            .find(|t| t.name == "body")
            .and_then(|t| t.attr("class").map(str::to_string))
            .filter(|_| by_kind)
            .unwrap_or_default();
        let pairs = payload_ids(&text).into_iter().map(|id| (kind.clone(), id)).collect();
        pages.insert(file, pairs);
    }
    let mut chosen: Vec<String> = pages
        .keys()
        .filter(|f| {
            *f == "index.html"
                || *f == "404.html"
                || (f.starts_with("cases/")
                    && f.matches('/').count() == 2
                    && *f != "cases/index.html")
        })
        .cloned()
        .collect();
    let mut covered: BTreeSet<(String, String)> =
        chosen.iter().flat_map(|f| pages[f].iter().cloned()).collect();
    loop {
        let best = pages
            .iter()
            .map(|(f, pairs)| (pairs.difference(&covered).count(), f))
            .filter(|(n, _)| *n > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)));
        let Some((_, file)) = best else { break };
        covered.extend(pages[file].iter().cloned());
        chosen.push(file.clone());
    }
    chosen
}

/// Opens every chosen page of the built site `t` in `browser` and asserts that no payload
/// ran. Returns the pages opened.
fn assert_no_script_runs(browser: &Path, t: &SiteTest, pages: Pages) -> Vec<String> {
    // Real alert() dialogs would block the headless browser until it is killed.
    let server = StaticServer::start_with_head_script(t.out(), ALERT_TRAP);
    let pages = pages_to_visit(&t.out(), pages);
    // Two browsers at a time: each is mostly start-up, and CI machines have few cores.
    let queue = std::sync::Mutex::new(pages.clone());
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    // Take the lock in a statement of its own: in a `while let` scrutinee
                    // the guard would live through the body and serialise the browsers.
                    let next = queue.lock().unwrap().pop();
                    let Some(page) = next else { break };
                    let dom = dump_dom(browser, &server.url(&url_path(&page)));
                    results.lock().unwrap().push((page, dom));
                }
            });
        }
    });
    let mut failures = Vec::new();
    for (page, dom) in results.into_inner().unwrap() {
        if !dom.contains("<body class=\"page-") {
            failures.push(format!("{page}: the browser did not show the page:\n{dom}"));
        }
        for effect in script_effects(&dom) {
            failures.push(format!("{page}: {effect}"));
        }
    }
    failures.sort();
    assert!(failures.is_empty(), "scripts ran in the browser:\n{}", failures.join("\n"));
    pages
}

#[test]
fn injected_text_never_runs_in_the_browser() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::from_fixture("injection").build();
    let pages = assert_no_script_runs(&browser, &t, Pages::EveryKind);
    // The pages that show injected names were opened, not just the home page.
    for page in [
        "index.html",
        "cases/injection/index.html",
        "institutions/injected-bank/index.html",
        "modules/devsecops/index.html",
        "modules/security-operation/index.html",
        "domains/script-document-documentelement-dataset-pwned-37-script/index.html",
        "tags/script-document-documentelement-dataset-pwned-38-script/index.html",
        "matrix/index.html",
    ] {
        assert!(pages.iter().any(|p| p == page), "{page} was not opened; opened: {pages:?}");
    }
}

#[test]
fn sanitised_raw_html_never_runs_in_the_browser() {
    let Some(browser) = require_browser() else { return };
    let escaped = SiteTest::from_fixture("injection").build();
    let t = SiteTest::from_fixture("injection");
    t.write("site.yaml", t.read_source("site.yaml") + "allow_html: true\n");
    let t = t.build();
    // Harmless markup is kept, so the HTML really went through the sanitiser.
    assert!(t.main_html("cases/injection/index.html").contains("<b>bold</b>"));
    // `allow_html` changes only the pages that show a body: open those.
    let before = escaped.snapshot();
    let changed: Vec<String> = t
        .snapshot()
        .into_iter()
        .filter(|(path, bytes)| path.ends_with(".html") && before.get(path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(changed.contains(&"cases/injection/index.html".to_string()), "{changed:?}");
    assert_no_script_runs(&browser, &t, Pages::Only(changed));
}

#[test]
fn escaping_fixture_never_runs_in_the_browser() {
    // The `escaping` fixture's payloads call alert(), which the server traps.
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::from_fixture("escaping").build();
    let pages = assert_no_script_runs(&browser, &t, Pages::EveryPayload);
    assert!(pages.len() > 3, "{pages:?}");
}

/// A directory of small pages that each run a script, served like a site.
fn control_pages() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new().prefix("casebook-control-").tempdir().unwrap();
    let out = dir.path().to_path_buf();
    let page = |body: &str| {
        format!(
            "<!DOCTYPE html><html><head><title>control</title></head><body class=\"page-control\">{body}</body></html>"
        )
    };
    for (name, body) in [
        ("inline.html", "<script>document.documentElement.setAttribute('data-pwned','1')</script>"),
        (
            "handler.html",
            "<img src=\"missing.png\" onerror=\"document.documentElement.dataset.pwned=2\">",
        ),
        ("title.html", "<script>document.title='PWNED'</script>"),
        ("alert.html", "<script>alert(3)</script>"),
        (
            "script-link.html",
            "<script>var a=document.createElement('a');a.href='javascript:void(0)';document.body.appendChild(a)</script>",
        ),
        ("index.html", "<p>Nothing runs here.</p>"),
    ] {
        std::fs::write(out.join(name), page(body)).unwrap();
    }
    (dir, out)
}

#[test]
fn the_harness_sees_scripts_that_run() {
    // Positive control: without it, the tests above could pass because the browser never
    // ran anything.
    let Some(browser) = require_browser() else { return };
    let (_dir, out) = control_pages();
    let server = StaticServer::start_with_head_script(&out, ALERT_TRAP);
    let effects = |page: &str| script_effects(&dump_dom(&browser, &server.url(page)));
    assert_eq!(effects("inline.html"), ["payload 1 ran (<html data-pwned=\"1\">)"]);
    assert_eq!(effects("handler.html"), ["payload 2 ran (<html data-pwned=\"2\">)"]);
    assert_eq!(effects("title.html"), ["the title was changed to `PWNED`"]);
    assert_eq!(effects("alert.html"), ["payload alert ran (<html data-pwned=\"alert\">)"]);
    assert_eq!(effects("script-link.html"), ["<a href=\"javascript:void(0)\">"]);
    assert_eq!(effects("/"), Vec::<String>::new());
}

/// Raw HTTP GET against the server; returns the status line, the headers and the body.
fn http_get(server: &StaticServer, method: &str, target: &str) -> (String, String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut conn = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(conn, "{method} {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut response = Vec::new();
    conn.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("no header end");
    let head = String::from_utf8(response[..split].to_vec()).unwrap();
    let (status, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
    (status.to_string(), headers.to_string(), response[split + 4..].to_vec())
}

#[test]
fn static_server_serves_files_and_nothing_else() {
    // No browser needed: the server browser tests rely on.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for (path, text) in [
        ("index.html", "home"),
        ("cases/a/index.html", "case a"),
        ("assets/x.css", "css"),
        ("assets/x.js", "js"),
        ("favicon.svg", "<svg/>"),
        ("cases/安全/index.html", "zh"),
    ] {
        std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        std::fs::write(root.join(path), text).unwrap();
    }
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let server = StaticServer::start(&root);
    let content_type = |headers: &str| {
        headers
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap_or_default()
            .to_string()
    };
    for (target, body, ct) in [
        ("/", "home", "text/html; charset=utf-8"),
        ("/cases/a/", "case a", "text/html; charset=utf-8"),
        ("/cases/a/index.html?x=1#y", "case a", "text/html; charset=utf-8"),
        ("/assets/x.css", "css", "text/css; charset=utf-8"),
        ("/assets/x.js", "js", "text/javascript; charset=utf-8"),
        ("/favicon.svg", "<svg/>", "image/svg+xml"),
        ("/cases/%E5%AE%89%E5%85%A8/", "zh", "text/html; charset=utf-8"),
    ] {
        let (status, headers, got) = http_get(&server, "GET", target);
        assert_eq!(status, "HTTP/1.1 200 OK", "{target}");
        assert_eq!(
            (String::from_utf8(got).unwrap().as_str(), content_type(&headers).as_str()),
            (body, ct),
            "{target}"
        );
    }
    for target in [
        "/missing",
        "/cases/a",
        "/cases/",
        "/../secret.txt",
        "/cases/..%2F..%2Fsecret.txt",
        "/%2e%2e/secret.txt",
    ] {
        assert_eq!(http_get(&server, "GET", target).0, "HTTP/1.1 404 Not Found", "{target}");
    }
    assert_eq!(http_get(&server, "POST", "/").0, "HTTP/1.1 405 Method Not Allowed");
    assert!(server.requests().contains(&"/cases/安全/".to_string()), "{:?}", server.requests());
    // The head script is inserted into HTML only.
    let trapped = StaticServer::start_with_head_script(&root, "var t=1;");
    let (_, _, body) = http_get(&trapped, "GET", "/assets/x.js");
    assert_eq!(body, b"js");
    std::fs::write(root.join("page.html"), "<html><head><title>t</title></head></html>").unwrap();
    let (_, _, body) = http_get(&trapped, "GET", "/page.html");
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "<html><head><script>var t=1;</script><title>t</title></head></html>"
    );
}
