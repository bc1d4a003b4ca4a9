//! The dev server: build in memory, serve on loopback, rebuild on change, reload the
//! browser.
//!
//! The site is rendered into memory with the same pipeline as `build` (a [`BuildCache`]
//! keeps rendered Markdown and pages between builds, so an edit re-renders only the pages
//! whose template context changed) and served from there; nothing is written to disk. A
//! small script injected into HTML responses (never part of `build` output) listens on a
//! Server-Sent Events stream: after a good rebuild it reloads the page, after a failed one
//! it shows the diagnostics as an overlay while the last good build keeps being served.
//!
//! The library does not print: progress is reported through the `on_event` callback.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use notify::RecursiveMode;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use crate::diagnostic::Diagnostic;
use crate::{BuildCache, BuildError, BuildOptions, generate_deferred};

/// Path prefix of the server's own endpoints; no site page can live there.
const INTERNAL: &str = "/__casebook/";

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build (the base URL is replaced by `/`: the site is served at the root).
    pub build: BuildOptions,
    /// Address to bind (loopback by default).
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
}

/// What the server reports while it runs.
#[derive(Debug)]
pub enum ServeEvent {
    /// Listening on this address.
    Listening(SocketAddr),
    /// A (re)build succeeded.
    Built {
        /// Pages in the site.
        pages: usize,
        /// Pages rendered by this build (the rest were unchanged).
        rendered: usize,
        /// Wall time of the build.
        elapsed: Duration,
        /// Warnings.
        warnings: Vec<Diagnostic>,
    },
    /// A rebuild failed; the previous build is still served.
    Failed(BuildError),
    /// Files changed; a rebuild starts.
    Changed(Vec<PathBuf>),
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port is in use.
    #[error("cannot listen on {0}: the address is already in use; pick another port with --port")]
    PortTaken(SocketAddr),
    /// Binding failed otherwise.
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    /// The first build failed with an I/O or usage error (content errors are served as an
    /// overlay instead).
    #[error(transparent)]
    Build(BuildError),
    /// The file watcher could not start.
    #[error("cannot watch `{0}` for changes: {1}")]
    Watch(PathBuf, String),
    /// The HTTP server failed.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// The site as served: files by path (relative, `/`-separated), and the error overlay of
/// the last failed rebuild.
#[derive(Default)]
struct Snapshot {
    files: HashMap<String, Bytes>,
    errors: Option<String>,
}

#[derive(Clone)]
struct AppState {
    snapshot: Arc<RwLock<Arc<Snapshot>>>,
    events: broadcast::Sender<&'static str>,
}

type Callback = Arc<dyn Fn(ServeEvent) + Send + Sync>;

/// Builds, serves and watches until Ctrl-C. `ready` is called with the bound address
/// before serving starts (for `--open`).
pub fn serve(
    options: ServeOptions,
    on_event: impl Fn(ServeEvent) + Send + Sync + 'static,
) -> Result<(), ServeError> {
    let on_event: Callback = Arc::new(on_event);
    let mut build = options.build.clone();
    build.base_url = Some("/".into());
    let (events, _) = broadcast::channel(16);
    let state = AppState { snapshot: Arc::default(), events };
    let mut cache = BuildCache::default();
    rebuild(&build, &mut cache, &state, &on_event).map_err(ServeError::Build)?;
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::PortTaken(addr),
            _ => ServeError::Bind(addr, e),
        })?;
        let local = listener.local_addr()?;
        let _watcher = watch(build, cache, state.clone(), on_event.clone())?;
        on_event(ServeEvent::Listening(local));
        let app = Router::new()
            .route("/__casebook/events", get(event_stream))
            .route("/__casebook/live.js", get(live_js))
            .route("/__casebook/status", get(status))
            .fallback(file)
            .with_state(state);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// Builds once and publishes the result to the server state. Content errors keep the
/// previous files and set the overlay; other errors are returned.
fn rebuild(
    options: &BuildOptions,
    cache: &mut BuildCache,
    state: &AppState,
    on_event: &Callback,
) -> Result<(), BuildError> {
    let start = Instant::now();
    match generate_deferred(options, Some(cache)) {
        Ok(generated) => {
            // Pages first, with the previous search index (if any) until the new one is
            // built: the browser reloads as soon as the pages are ready.
            let previous = current(state);
            let mut files: HashMap<String, Bytes> =
                generated.files.into_iter().map(|f| (f.path, f.bytes)).collect();
            for (path, bytes) in &previous.files {
                if is_search_index(path) {
                    files.entry(path.clone()).or_insert_with(|| bytes.clone());
                }
            }
            publish(state, Snapshot { files, errors: None });
            let _ = state.events.send("reload");
            on_event(ServeEvent::Built {
                pages: generated.pages,
                rendered: cache.last.rendered,
                elapsed: start.elapsed(),
                warnings: generated.warnings,
            });
            if let Some(search) = generated.search {
                let index = search.build();
                let mut files = current(state).files.clone();
                files.retain(|path, _| !is_search_index(path));
                files.extend(index.into_iter().map(|f| (f.path, f.bytes)));
                publish(state, Snapshot { files, errors: None });
            }
            Ok(())
        }
        Err(BuildError::Content(diags)) => {
            let files = current(state).files.clone();
            publish(state, Snapshot { files, errors: Some(overlay_text(&diags)) });
            let _ = state.events.send("failed");
            on_event(ServeEvent::Failed(BuildError::Content(diags)));
            Ok(())
        }
        Err(e) => Err(e),
    }
}

fn current(state: &AppState) -> Arc<Snapshot> {
    state.snapshot.read().unwrap_or_else(|e| e.into_inner()).clone()
}

fn publish(state: &AppState, snapshot: Snapshot) {
    *state.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
}

/// The diagnostics as plain text, one per line, for the overlay.
fn overlay_text(diags: &[Diagnostic]) -> String {
    let mut text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    text.push(crate::diagnostic::summary(diags));
    text.join("\n")
}

/// Starts the watcher thread: changes (not reads: the build itself reads every file) in
/// `content/`, `themes/`, `static/` and `site.yaml` trigger a rebuild once they have been
/// quiet for a moment, so an editor's write-to-temp-and-rename or a `git checkout` of many
/// files is one rebuild. The returned value keeps the watcher alive.
fn watch(
    options: BuildOptions,
    mut cache: BuildCache,
    state: AppState,
    on_event: Callback,
) -> Result<notify::RecommendedWatcher, ServeError> {
    use notify::Watcher;
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| ServeError::Watch(options.root.clone(), e.to_string()))?;
    let root = options.root.clone();
    for (path, mode) in watched(&root) {
        watcher.watch(&path, mode).map_err(|e| ServeError::Watch(path.clone(), e.to_string()))?;
    }
    std::thread::Builder::new().name("casebook-rebuild".into()).spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut changed = relevant(&root, first);
            // Debounce: collect everything that arrives until the files are quiet.
            while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
                changed.extend(relevant(&root, more));
            }
            changed.sort();
            changed.dedup();
            if changed.is_empty() {
                continue;
            }
            on_event(ServeEvent::Changed(changed));
            if let Err(e) = rebuild(&options, &mut cache, &state, &on_event) {
                on_event(ServeEvent::Failed(e));
            }
        }
    })?;
    Ok(watcher)
}

/// True for the files of the search index (`search/index.html` is a page, not the index).
fn is_search_index(path: &str) -> bool {
    path.strip_prefix(crate::search::DIR)
        .is_some_and(|rest| rest.starts_with('/') && !rest.ends_with(".html"))
}

/// How long files must be quiet before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// The changed paths of an event that matters: creations, modifications, removals and
/// renames of relevant files; reads and metadata-only access are ignored.
fn relevant(root: &Path, event: notify::Result<notify::Event>) -> Vec<PathBuf> {
    use notify::EventKind;
    let Ok(event) = event else { return Vec::new() };
    match event.kind {
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any => {}
        EventKind::Access(_) | EventKind::Other => return Vec::new(),
    }
    if let EventKind::Modify(notify::event::ModifyKind::Metadata(_)) = event.kind {
        return Vec::new();
    }
    event.paths.into_iter().filter(|p| is_relevant(root, p)).collect()
}

/// What to watch: the source folders that exist, and the root itself (not recursively)
/// for `site.yaml`.
fn watched(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut out = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in ["content", "themes", "static"] {
        let p = root.join(dir);
        if p.is_dir() {
            out.push((p, RecursiveMode::Recursive));
        }
    }
    out
}

/// Changes in the root itself matter only for `site.yaml`; editor backup and swap files
/// never matter.
fn is_relevant(root: &Path, path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
    {
        return false;
    }
    match path.parent() {
        Some(parent) if parent == root => name == crate::config::CONFIG_FILE,
        _ => true,
    }
}

async fn event_stream(
    State(state): State<AppState>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(state.events.subscribe())
        .filter_map(|msg| msg.ok())
        .map(|kind| Ok(Event::default().event(kind).data(kind)));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn live_js() -> Response {
    with_type(LIVE_JS.as_bytes().to_vec(), "text/javascript; charset=utf-8", StatusCode::OK)
}

async fn status(State(state): State<AppState>) -> Response {
    let snap = current(&state);
    let body = serde_json::json!({ "errors": snap.errors }).to_string();
    with_type(body.into_bytes(), "application/json", StatusCode::OK)
}

async fn file(State(state): State<AppState>, request: Request<Body>) -> Response {
    let Some(path) = safe_path(request.uri().path()) else {
        return with_type(
            b"bad request".to_vec(),
            "text/plain; charset=utf-8",
            StatusCode::BAD_REQUEST,
        );
    };
    let snap = current(&state);
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.clone(), format!("{path}/index.html")]
    };
    for c in &candidates {
        if let Some(bytes) = snap.files.get(c) {
            if c != &path && !path.is_empty() && !path.ends_with('/') {
                // `/cases/x` → `/cases/x/`, so relative links resolve as in production.
                let location = format!("/{path}/");
                let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
                if let Ok(v) = HeaderValue::from_str(&location) {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                return r;
            }
            return respond(c, bytes, StatusCode::OK);
        }
    }
    match snap.files.get("404.html") {
        Some(bytes) => respond("404.html", bytes, StatusCode::NOT_FOUND),
        None => {
            with_type(b"not found".to_vec(), "text/plain; charset=utf-8", StatusCode::NOT_FOUND)
        }
    }
}

/// Decodes a request path and refuses traversal: `..` segments (also percent-encoded),
/// backslashes, NUL and requests for the server's internal prefix. Returns the path
/// relative to the site root.
fn safe_path(raw: &str) -> Option<String> {
    let decoded = percent_decode(raw)?;
    if decoded.contains(['\\', '\0']) || decoded.starts_with(INTERNAL) {
        return None;
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    Some(decoded.trim_start_matches('/').to_string())
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: Option<&u8>| b.and_then(|b| char::from(*b).to_digit(16));
            let (hi, lo) = (hex(bytes.get(i + 1))?, hex(bytes.get(i + 2))?);
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn respond(path: &str, bytes: &Bytes, status: StatusCode) -> Response {
    let kind = content_type(path);
    if kind.starts_with("text/html") {
        let mut html = String::from_utf8_lossy(bytes).into_owned();
        let tag = "<script src=\"/__casebook/live.js\" defer></script>";
        match html.rfind("</body>") {
            Some(at) => html.insert_str(at, tag),
            None => html.push_str(tag),
        }
        return with_type(html.into_bytes(), kind, status);
    }
    with_type(bytes.clone(), kind, status)
}

fn with_type(body: impl Into<Body>, kind: &'static str, status: StatusCode) -> Response {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The content type of a served file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The live-reload client: reloads after a good rebuild, shows the diagnostics of a failed
/// one in an overlay (escaped as text), and clears it once the problem is fixed.
const LIVE_JS: &str = r#"(function () {
  "use strict";
  var box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "casebook-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,10,10,.92);color:#ffe8e8;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:24px";
      var h = document.createElement("h2");
      h.textContent = "casebook: the last change has errors (still showing the last good build)";
      h.style.cssText = "font:600 18px system-ui,sans-serif;margin:0 0 12px;color:#fff";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      box.appendChild(h);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = text;
  }
  function check() {
    fetch("/__casebook/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (s.errors) { show(s.errors); } else if (box) { box.remove(); box = null; }
    }).catch(function () {});
  }
  check();
  var source = new EventSource("/__casebook/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("failed", check);
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_traversal() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/a/%2E%2E/%2e%2e/x",
            "/a\\..\\b",
            "/x%00",
            "/%zz",
            "/__casebook/x",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
        assert_eq!(safe_path("/cases/a%20b/").as_deref(), Some("cases/a b/"));
        assert_eq!(safe_path("/").as_deref(), Some(""));
    }

    #[test]
    fn knows_content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("stats/x.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/xml");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
    }

    #[test]
    fn ignores_editor_files_and_other_root_files() {
        let root = Path::new("/site");
        assert!(is_relevant(root, Path::new("/site/site.yaml")));
        assert!(!is_relevant(root, Path::new("/site/Cargo.toml")));
        assert!(is_relevant(root, Path::new("/site/content/cases/a.md")));
        assert!(!is_relevant(root, Path::new("/site/content/cases/.a.md.swp")));
        assert!(!is_relevant(root, Path::new("/site/content/cases/a.md~")));
    }
}
