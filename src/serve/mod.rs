//! The dev server: build in memory, serve on loopback, rebuild on change, reload the
//! browser.
//!
//! The site is rendered into memory with the same pipeline as `build` (a [`BuildCache`]
//! keeps rendered Markdown and pages between builds, so an edit re-renders only the pages
//! whose template context changed) and served from there; nothing is written to disk. An
//! edit of case bodies alone skips the rebuild: only those cases' own pages are rendered
//! ([`crate::generate_edit`]), and the search index follows on a worker thread. A
//! small script injected into HTML responses (never part of `build` output) listens on a
//! Server-Sent Events stream: after a good rebuild it reloads the page, after a failed one
//! it shows the diagnostics as an overlay while the last good build keeps being served.
//!
//! The server listens at once: while the first build runs (or any build while no good
//! build is served), each page is served as soon as it is rendered, and a request for a
//! path not rendered yet waits for the build ([`Streaming`]). Pages are kept once, in the
//! build cache, compressed, and decompressed per request.
//!
//! When the site has errors from the start, every page is an error page carrying the same
//! overlay and live reload, so fixing the file brings the site up in the open tab.
//!
//! `watch` decides which changes matter and `http` how connections are accepted,
//! refused and stopped. The library does not print: progress is reported through the
//! `on_event` callback.
//!
//! Crates do what they do well: `axum` and `hyper` speak HTTP, `mime_guess` names content
//! types (with the overrides in [`content_type`]), `percent-encoding` decodes request
//! paths, `notify` reports file changes. Written here, and why: the watcher's debouncing
//! (the notify debouncers time each path on their own and split a burst into several
//! rebuilds; see `watch`), the connection loop (`axum::serve` has neither an idle
//! timeout nor a connection cap; see `http`), the traversal checks on request paths,
//! and the live-reload client, a few lines of Server-Sent Events.

mod http;
mod watch;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
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
use tokio::sync::{broadcast, watch as signal};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::{BroadcastStream, WatchStream};

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
    /// Host names to answer to besides the bound address, loopback and `localhost`.
    pub allowed_hosts: Vec<String>,
    /// How long a connection may stay idle (before its first request or between two)
    /// before it is closed.
    pub idle_timeout: Duration,
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
    /// A (re)build failed: its errors are shown over the last good build, or as the
    /// page itself when there is none yet.
    Failed {
        /// Why.
        error: BuildError,
        /// Whether an earlier good build is still being served.
        serving_last_good: bool,
    },
    /// An input folder could not be watched (for example the system's limit on watches
    /// is reached); its changes go unnoticed until it is re-created.
    Unwatched(PathBuf, String),
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
    /// The site root is not a directory (every other build error is served as an error
    /// page instead).
    #[error(transparent)]
    Build(BuildError),
    /// The file watcher could not start.
    #[error("cannot watch `{0}` for changes: {1}")]
    Watch(PathBuf, String),
    /// The HTTP server failed.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// A file as served: its bytes, or a page as the build cache keeps it, compressed (pages
/// are kept once, in the cache, and shared with it).
#[derive(Clone)]
enum Stored {
    Text(Bytes),
    Packed(Bytes),
}

impl Stored {
    fn text(&self) -> Bytes {
        match self {
            Stored::Text(bytes) => bytes.clone(),
            Stored::Packed(packed) => crate::site::unpack(packed),
        }
    }
}

/// The site as served: files by path (relative, `/`-separated), and the error overlay of
/// the last failed rebuild.
#[derive(Default)]
struct Snapshot {
    files: HashMap<String, Stored>,
    errors: Option<String>,
    /// Whether `files` come from a good build (false until the site first builds).
    built: bool,
}

#[derive(Clone)]
struct AppState {
    snapshot: Arc<RwLock<Arc<Snapshot>>>,
    events: broadcast::Sender<&'static str>,
    /// Turns true when the server stops, which ends the live-reload streams.
    stopping: signal::Receiver<bool>,
    /// Counts the builds and edits published: a search index built in the background
    /// is published only if no newer build or edit came meanwhile.
    generation: Arc<std::sync::atomic::AtomicU64>,
    /// The search indexes to build after edits, with the generation each belongs to.
    search_jobs: std::sync::mpsc::Sender<(u64, crate::DeferredSearch)>,
    /// The pages of a build that runs while no good build is served.
    streaming: Arc<Streaming>,
}

/// The pages of a build that runs while the site has no good build to serve (the first
/// build, or one after errors), served as they come: the server listens at once, and
/// a request waits for its page rather than for the whole build. A request for a path
/// the build has not produced (yet) waits until the build is done.
struct Streaming {
    /// Pages rendered so far, compressed as the build cache keeps them.
    pages: RwLock<HashMap<String, Bytes>>,
    /// Whether such a build runs (true from the start: the first build is one).
    running: std::sync::atomic::AtomicBool,
    /// Woken for every page and when the build ends.
    progress: tokio::sync::Notify,
    /// Pages requests wait for, which the build renders next (case pages; the home page is
    /// rendered first anyway).
    requested: Arc<std::sync::Mutex<Vec<String>>>,
}

type Callback = Arc<dyn Fn(ServeEvent) + Send + Sync>;

/// Builds, serves and watches until Ctrl-C or SIGTERM. [`ServeEvent::Listening`] is
/// reported with the bound address before serving starts (for `--open`).
pub fn serve(
    options: ServeOptions,
    on_event: impl Fn(ServeEvent) + Send + Sync + 'static,
) -> Result<(), ServeError> {
    let on_event: Callback = Arc::new(on_event);
    let mut build = options.build.clone();
    build.base_url = Some("/".into());
    if !build.root.is_dir() {
        let missing = crate::content::LoadError::NoRoot(build.root.clone());
        return Err(ServeError::Build(missing.into()));
    }
    let (events, _) = broadcast::channel(16);
    let (stop, stopping) = signal::channel(false);
    let generation = Arc::default();
    let (search_jobs, jobs) = std::sync::mpsc::channel();
    let streaming = Arc::new(Streaming {
        pages: RwLock::default(),
        running: true.into(),
        progress: tokio::sync::Notify::new(),
        requested: Arc::default(),
    });
    let state =
        AppState { snapshot: Arc::default(), events, stopping, generation, search_jobs, streaming };
    spawn_search_worker(state.clone(), jobs)?;
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let served = runtime.block_on(async move {
        let addr = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::PortTaken(addr),
            _ => ServeError::Bind(addr, e),
        })?;
        let local = listener.local_addr()?;
        // The watcher starts before the first build, whose cache it is handed once built.
        let (built, first_cache) = std::sync::mpsc::channel();
        start_watching(build.clone(), first_cache, state.clone(), on_event.clone())?;
        let first = (state.clone(), on_event.clone());
        let stopping = state.stopping.clone();
        let hosts = http::Hosts {
            bind: options.bind,
            port: local.port(),
            names: options.allowed_hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
        };
        let app = Router::new()
            .route("/__casebook/events", get(event_stream))
            .route("/__casebook/live.js", get(live_js))
            .route("/__casebook/status", get(status))
            .fallback(file)
            .with_state(state)
            .layer(axum::middleware::from_fn_with_state(Arc::new(hosts), http::guard));
        let stop_requested = http::stop_requested()?;
        tokio::spawn(async move {
            stop_requested.await;
            let _ = stop.send(true);
        });
        on_event(ServeEvent::Listening(local));
        // Requests are answered while the first build runs (see `Streaming`).
        std::thread::Builder::new().name("casebook-build".into()).spawn(move || {
            let mut cache = BuildCache::default();
            rebuild(&build, &mut cache, &first.0, &first.1);
            let _ = built.send(cache);
        })?;
        http::run(listener, app, options.idle_timeout, http::connection_cap(), stopping).await;
        Ok(())
    });
    // Connections still open after the grace period are dropped, not waited for.
    runtime.shutdown_background();
    served
}

/// Builds once and publishes the result to the server state. A failure keeps the
/// previous files (if any) and sets the overlay. While no good build is served, its pages
/// are served as they come (see [`Streaming`]). The first build sends no reload event: the
/// pages it served are its own.
fn rebuild(options: &BuildOptions, cache: &mut BuildCache, state: &AppState, on_event: &Callback) {
    let start = Instant::now();
    // A search index still being built for an earlier edit is stale now.
    let first = state.generation.fetch_add(1, Ordering::SeqCst) == 0;
    let stream = !current(state).built;
    if stream {
        state.streaming.running.store(true, Ordering::SeqCst);
        let streaming = state.streaming.clone();
        let requested = state.streaming.requested.clone();
        cache.on_page(Some(crate::site::PageHook {
            on_page: Arc::new(move |path, bytes| {
                let mut pages = streaming.pages.write().unwrap_or_else(|e| e.into_inner());
                pages.insert(path.to_string(), bytes.clone());
                drop(pages);
                streaming.progress.notify_waiters();
            }),
            requested,
        }));
    }
    // The search index is built once the pages are out: pages get every core, so the
    // first ones are served sooner.
    let generated = generate_deferred(options, Some(cache));
    cache.on_page(None);
    match generated {
        Ok(generated) => {
            // Pages first, with the previous search index (if any) until the new one is
            // built: the browser reloads as soon as the pages are ready.
            // The first build has no index to serve meanwhile: it builds its own before it
            // publishes, while its pages are served as they came (a request for an index
            // file waits for it).
            let mut search = generated.search;
            let first_index = if first {
                search.take().map(|search| rayon::join(|| search.build(), || ()).0)
            } else {
                None
            };
            let previous = current(state);
            let mut files: HashMap<String, Stored> = generated
                .files
                .into_iter()
                .chain(first_index.into_iter().flatten())
                .map(|f| (f.path, Stored::Text(f.bytes)))
                .collect();
            files.extend(cache.pages().map(|(path, b)| (path.clone(), Stored::Packed(b.clone()))));
            for (path, stored) in &previous.files {
                if is_search_index(path) {
                    files.entry(path.clone()).or_insert_with(|| stored.clone());
                }
            }
            publish(state, Snapshot { files, errors: None, built: true });
            end_streaming(state, stream);
            if !first {
                let _ = state.events.send("reload");
            }
            on_event(ServeEvent::Built {
                pages: generated.pages,
                rendered: cache.last.rendered,
                elapsed: start.elapsed(),
                warnings: generated.warnings,
            });
            if let Some(search) = search {
                // On a thread of the build's pool, as in `spawn_search_worker`.
                let (index, ()) = rayon::join(|| search.build(), || ());
                let mut files = current(state).files.clone();
                files.retain(|path, _| !is_search_index(path));
                files.extend(index.into_iter().map(|f| (f.path, Stored::Text(f.bytes))));
                publish(state, Snapshot { files, errors: None, built: true });
            }
        }
        Err(error) => {
            let previous = current(state);
            let text = match &error {
                BuildError::Content(diags) => overlay_text(diags),
                other => format!("error: {other}"),
            };
            let files = previous.files.clone();
            publish(state, Snapshot { files, errors: Some(text), built: previous.built });
            end_streaming(state, stream);
            // Also after the first build: a page it served before it failed shows the errors.
            let _ = state.events.send("failed");
            on_event(ServeEvent::Failed { error, serving_last_good: previous.built });
        }
    }
}

/// After a build whose pages were served as they came, and whose outcome is published:
/// the pages are dropped (the snapshot has them) and waiting requests look again.
fn end_streaming(state: &AppState, streamed: bool) {
    if streamed {
        state.streaming.pages.write().unwrap_or_else(|e| e.into_inner()).clear();
        state.streaming.requested.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
    state.streaming.running.store(false, Ordering::SeqCst);
    state.streaming.progress.notify_waiters();
}

/// Publishes the pages an edit of case bodies re-rendered over the last good build and
/// reloads the browser, then rebuilds the search index on a thread of its own (see
/// [`crate::generate_edit`]), so that the next edit need not wait for it; the index is
/// published unless a newer build or edit came meanwhile (that one's index follows).
fn publish_edit(edit: crate::Edit, start: Instant, state: &AppState, on_event: &Callback) {
    let generation = state.generation.fetch_add(1, Ordering::SeqCst) + 1;
    update(state, |files| {
        files.extend(edit.files.into_iter().map(|f| (f.path, Stored::Text(f.bytes))));
    });
    let _ = state.events.send("reload");
    on_event(ServeEvent::Built {
        pages: edit.pages,
        rendered: edit.rendered,
        elapsed: start.elapsed(),
        warnings: edit.warnings,
    });
    // Without the worker (it cannot stop before the server does) the last index stays.
    let _ = state.search_jobs.send((generation, edit.search));
}

/// Starts the thread that builds the search index after edits, one at a time: of the
/// requests that queued up meanwhile only the newest is built, and an index is published
/// only if no newer build or edit came while it was built.
fn spawn_search_worker(
    state: AppState,
    jobs: std::sync::mpsc::Receiver<(u64, crate::DeferredSearch)>,
) -> std::io::Result<()> {
    let worker = move || {
        while let Ok(mut job) = jobs.recv() {
            while let Ok(newer) = jobs.try_recv() {
                job = newer;
            }
            let (generation, search) = job;
            if state.generation.load(Ordering::SeqCst) != generation {
                continue;
            }
            // On a thread of the build's pool, whose memory freed by the build it reuses
            // (a thread of its own would keep a second high-water mark of its own).
            let (index, ()) = rayon::join(|| search.build(), || ());
            let mut guard = state.snapshot.write().unwrap_or_else(|e| e.into_inner());
            if state.generation.load(Ordering::SeqCst) != generation {
                continue;
            }
            let mut files = guard.files.clone();
            // The index of each language (`search/`, `zh/search/`) is replaced whole.
            files.retain(|path, _| {
                !is_search_index(path)
                    && !path.split_once('/').is_some_and(|(_, p)| is_search_index(p))
            });
            files.extend(index.into_iter().map(|f| (f.path, Stored::Text(f.bytes))));
            *guard = Arc::new(Snapshot { files, errors: None, built: true });
        }
    };
    std::thread::Builder::new().name("casebook-search".into()).spawn(worker).map(drop)
}

/// Changes the files of the last good build under the lock, so that a search index
/// published from another thread is never lost.
fn update(state: &AppState, change: impl FnOnce(&mut HashMap<String, Stored>)) {
    let mut guard = state.snapshot.write().unwrap_or_else(|e| e.into_inner());
    let mut files = guard.files.clone();
    change(&mut files);
    *guard = Arc::new(Snapshot { files, errors: None, built: true });
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

/// Starts the watcher (see [`watch`]), which rebuilds after every settled batch of
/// changes, with the cache of the first build once `first_cache` hands it over.
fn start_watching(
    options: BuildOptions,
    first_cache: std::sync::mpsc::Receiver<BuildCache>,
    state: AppState,
    on_event: Callback,
) -> Result<(), ServeError> {
    let root = options.root.clone();
    let mut cache = None;
    watch::spawn(&root, move |batch| match batch {
        watch::Batch::Changed(paths) => {
            // Changes made during the first build wait for it.
            let cache = cache.get_or_insert_with(|| first_cache.recv().unwrap_or_default());
            let start = Instant::now();
            let edit = crate::generate_edit(&options, cache, &paths);
            on_event(ServeEvent::Changed(paths));
            match edit {
                Some(edit) => publish_edit(edit, start, &state, &on_event),
                None => rebuild(&options, cache, &state, &on_event),
            }
        }
        watch::Batch::Unwatched(path, e) => on_event(ServeEvent::Unwatched(path, e)),
    })
}

/// True for the files of the search index (`search/index.html` is a page, not the index).
fn is_search_index(path: &str) -> bool {
    path.strip_prefix(crate::search::DIR)
        .is_some_and(|rest| rest.starts_with('/') && !rest.ends_with(".html"))
}

async fn event_stream(
    State(state): State<AppState>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    // The stream ends when the server stops, or the connection would hold the process.
    let stop = WatchStream::new(state.stopping.clone()).filter(|stop| *stop).map(|_| None);
    let stream = BroadcastStream::new(state.events.subscribe())
        .filter_map(|msg| msg.ok().map(Some))
        .merge(stop)
        .take_while(Option::is_some)
        .filter_map(|kind| kind.map(|kind| Ok(Event::default().event(kind).data(kind))));
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
    loop {
        // Registered before looking, so that a page that comes meanwhile wakes it.
        let progress = state.streaming.progress.notified();
        tokio::pin!(progress);
        progress.as_mut().enable();
        let snap = current(&state);
        if snap.built {
            return lookup(&path, |p| snap.files.get(p).cloned())
                .unwrap_or_else(|| not_found(&snap));
        }
        if !state.streaming.running.load(Ordering::SeqCst) {
            return error_page(snap.errors.as_deref().unwrap_or("the site is being built"));
        }
        let pages = &state.streaming.pages;
        let streamed = lookup(&path, |p| {
            let pages = pages.read().unwrap_or_else(|e| e.into_inner());
            pages.get(p).map(|b| Stored::Packed(b.clone()))
        });
        if let Some(response) = streamed {
            return response;
        }
        request_early(&state.streaming, &path);
        progress.await;
    }
}

/// Asks the running build to render the page at `path` next (once per waiting request;
/// a few dozen at most are remembered).
fn request_early(streaming: &Streaming, path: &str) {
    let page = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        format!("{path}/index.html")
    };
    let mut requested = streaming.requested.lock().unwrap_or_else(|e| e.into_inner());
    if requested.len() < 64 && !requested.contains(&page) {
        requested.push(page);
    }
}

/// The response for `path` from the files `get` finds: the file, `path/index.html`, or a
/// redirect to `path/`; `None` when there is none.
fn lookup(path: &str, get: impl Fn(&str) -> Option<Stored>) -> Option<Response> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    for c in &candidates {
        if let Some(stored) = get(c) {
            if c != path && !path.is_empty() && !path.ends_with('/') {
                // `/cases/x` → `/cases/x/`, so relative links resolve as in production.
                let location = format!("/{path}/");
                let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
                if let Ok(v) = HeaderValue::from_str(&location) {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                return Some(r);
            }
            return Some(respond(c, &stored.text(), StatusCode::OK));
        }
    }
    None
}

fn not_found(snap: &Snapshot) -> Response {
    match snap.files.get("404.html") {
        Some(stored) => respond("404.html", &stored.text(), StatusCode::NOT_FOUND),
        None => {
            with_type(b"not found".to_vec(), "text/plain; charset=utf-8", StatusCode::NOT_FOUND)
        }
    }
}

/// What every path serves while the site has never built: the errors (also readable
/// without JavaScript) and the live-reload script, which shows them as the overlay and
/// reloads the page once a rebuild succeeds.
fn error_page(errors: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>casebook: the site has errors</title></head><body>\
         <h1>casebook: the site has errors</h1>\
         <p>Fix them and this page reloads.</p><pre>{}</pre></body></html>\n",
        crate::render::escape_html(errors)
    );
    respond("index.html", &Bytes::from(html), StatusCode::INTERNAL_SERVER_ERROR)
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

/// Decodes `%XX` escapes; `None` for a malformed escape (`%zz`, a `%` near the end) or
/// bytes that are not UTF-8, which no page of the site can be named by.
fn percent_decode(s: &str) -> Option<String> {
    let well_formed = s.split('%').skip(1).all(|after| {
        after.as_bytes().get(..2).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8().ok()?;
    Some(decoded.into_owned())
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
        return with_type(html.into_bytes(), &kind, status);
    }
    with_type(bytes.clone(), &kind, status)
}

fn with_type(body: impl Into<Body>, kind: &str, status: StatusCode) -> Response {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    if let Ok(kind) = HeaderValue::from_str(kind) {
        r.headers_mut().insert(header::CONTENT_TYPE, kind);
    }
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The content type of a served file, by extension: `mime_guess`'s, with `charset=utf-8`
/// on text types (the build writes only UTF-8) and three overrides that keep what the dev
/// server has always sent for files the site emits.
pub fn content_type(path: &str) -> String {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    let kind = match ext.as_str() {
        // mime_guess says `application/javascript`, which RFC 9239 made obsolete.
        "js" | "mjs" => "text/javascript",
        // mime_guess says `text/xml`; feeds and the sitemap are `application/xml`, as
        // RFC 7303 recommends, and a `text/` type would gain a charset here.
        "xml" => "application/xml",
        // The compressed search index (`*.json.gz`), which `search.js` decompresses
        // itself: opaque bytes, as before, not `application/gzip`.
        "gz" => "application/octet-stream",
        _ => mime_guess::from_ext(&ext).first_raw().unwrap_or("application/octet-stream"),
    };
    if kind.starts_with("text/") { format!("{kind}; charset=utf-8") } else { kind.to_string() }
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
            "/%2",
            "/a%",
            "/%ff",
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

    /// What the dev server sent for every type the site and the default theme emit
    /// before it asked `mime_guess`.
    #[test]
    fn content_types_of_emitted_files_are_unchanged() {
        for (path, kind) in [
            ("index.html", "text/html; charset=utf-8"),
            ("a.HTM", "text/html; charset=utf-8"),
            ("assets/casebook.css", "text/css; charset=utf-8"),
            ("assets/casebook.js", "text/javascript; charset=utf-8"),
            ("x.mjs", "text/javascript; charset=utf-8"),
            ("stats/stats.json", "application/json"),
            ("favicon.svg", "image/svg+xml"),
            ("stats/x.csv", "text/csv; charset=utf-8"),
            ("sitemap.xml", "application/xml"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("search/meta.json.gz", "application/octet-stream"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("favicon.ico", "image/x-icon"),
            ("f.woff2", "font/woff2"),
            ("r.pdf", "application/pdf"),
            ("no-extension", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), kind, "{path}");
        }
    }
}
