//! The dev server's HTTP front: accepting connections within limits, refusing what a dev
//! server has no business answering, and stopping at once.
//!
//! - **Connections** are capped (below the open-file limit) and each one is closed once it
//!   has been idle for the idle timeout: a new connection that sends no request, and a
//!   kept-alive one between requests. Beyond the cap, connections wait in the kernel's
//!   queue instead of taking file handles.
//! - **Requests** must be `GET` or `HEAD` (405 otherwise) and name this server in `Host`
//!   (403 otherwise), so a web page whose domain is re-pointed at 127.0.0.1 (DNS
//!   rebinding) cannot read the site.
//! - **Stopping**: on Ctrl-C or SIGTERM the listener closes, idle connections close, open
//!   live-reload streams end, and whatever is still running after a short grace is dropped.
//!
//! The accept loop is written here on `hyper` rather than left to `axum::serve`, which
//! (in axum 0.8) sets no header-read timeout, caps no connections and cannot close idle
//! kept-alive connections at a stop.
//!
//! What is served is not decided here: this module wraps the router that serves files.

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

/// How long in-flight responses may take to finish once the server is told to stop.
const STOP_GRACE: Duration = Duration::from_millis(500);

/// The most connections served at once, whatever the open-file limit.
const MAX_CONNECTIONS: usize = 512;

/// The connections served at once: [`MAX_CONNECTIONS`], or half the open-file limit when
/// that is lower, leaving the rest for reading the site during rebuilds.
pub(super) fn connection_cap() -> usize {
    #[cfg(unix)]
    {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
        if let Some(limit) = limit.and_then(|l| usize::try_from(l).ok()) {
            return (limit / 2).clamp(4, MAX_CONNECTIONS);
        }
    }
    MAX_CONNECTIONS
}

/// Serves `app` on `listener` until `stop` turns true.
pub(super) async fn run(
    listener: TcpListener,
    app: Router,
    idle_timeout: Duration,
    cap: usize,
    mut stop: watch::Receiver<bool>,
) {
    let permits = Arc::new(Semaphore::new(cap));
    let mut connections = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            biased;
            _ = stopped(&mut stop) => break,
            accepted = accept(&listener, &permits) => accepted,
        };
        let Some((stream, permit)) = accepted else { continue };
        let service = TowerToHyperService::new(app.clone());
        let mut stop = stop.clone();
        connections.spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            // Hyper's header timeout also runs while a kept-alive connection waits for
            // its next request: it is the idle timeout too.
            builder.timer(TokioTimer::new()).header_read_timeout(idle_timeout);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped(&mut stop) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = tokio::time::timeout(STOP_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
}

/// Resolves once `stop` turns true (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// Takes a connection slot, then a connection. `None` after a failed accept (a connection
/// reset before it was accepted, or no file handle left for a moment).
async fn accept(
    listener: &TcpListener,
    permits: &Arc<Semaphore>,
) -> Option<(tokio::net::TcpStream, tokio::sync::OwnedSemaphorePermit)> {
    let permit = permits.clone().acquire_owned().await.ok()?;
    match listener.accept().await {
        Ok((stream, _)) => Some((stream, permit)),
        Err(_) => {
            // Out of file handles (EMFILE) would fail again at once: let others finish.
            tokio::time::sleep(Duration::from_millis(50)).await;
            None
        }
    }
}

/// A future that resolves when the process is asked to stop: Ctrl-C (SIGINT) or, on Unix,
/// SIGTERM. The handlers are installed by this call, so a signal that arrives any time
/// after it (even before the future is first polled) stops the server rather than killing
/// the process.
pub(super) fn stop_requested() -> std::io::Result<Pin<Box<dyn Future<Output = ()> + Send>>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(Box::pin(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        }))
    }
    #[cfg(not(unix))]
    Ok(Box::pin(async {
        let _ = tokio::signal::ctrl_c().await;
    }))
}

/// The `Host` values the server answers to.
#[derive(Debug, Clone)]
pub(super) struct Hosts {
    /// The address the server is bound to.
    pub(super) bind: IpAddr,
    /// The port it listens on.
    pub(super) port: u16,
    /// More host names to accept (`--allow-host`), lowercase.
    pub(super) names: Vec<String>,
}

impl Hosts {
    /// Whether a `Host` header (`name[:port]`, `[v6][:port]`) names this server: the
    /// listening port, and `localhost` (or a `*.localhost` name, which browsers resolve
    /// to loopback themselves), a loopback address, the bound address (any address when
    /// bound to all of them) or a name given with `--allow-host`. An IP address cannot be
    /// re-pointed by DNS, so only names need the list.
    pub(super) fn allow(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else { return false };
        if port != self.port {
            return false;
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if let Ok(ip) = name.parse::<IpAddr>() {
            return ip.is_loopback() || ip == self.bind || self.bind.is_unspecified();
        }
        name == "localhost" || name.ends_with(".localhost") || self.names.contains(&name)
    }
}

/// Splits `host[:port]` (port 80 when absent); `None` when malformed.
fn split_host(host: &str) -> Option<(&str, u16)> {
    let (name, port) = match host.strip_prefix('[') {
        Some(v6) => {
            let (addr, rest) = v6.split_once(']')?;
            (addr, rest.strip_prefix(':'))
        }
        None => match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    let port = match port {
        Some(p) => p.parse().ok()?,
        None => 80,
    };
    (!name.is_empty()).then_some((name, port))
}

/// The middleware that refuses foreign `Host`s and methods other than `GET` and `HEAD`.
pub(super) async fn guard(
    State(hosts): State<Arc<Hosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match host {
        Some(host) if hosts.allow(host) => {}
        Some(host) => {
            let text = format!(
                "casebook serve answers only to its own address (http://127.0.0.1:{}/, \
                 http://localhost:{}/), not to Host `{host}`; to reach it under another name, \
                 start it with --allow-host NAME\n",
                hosts.port, hosts.port
            );
            return plain(StatusCode::FORBIDDEN, text);
        }
        None => return plain(StatusCode::BAD_REQUEST, "missing Host header\n".into()),
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("method {} is not allowed: casebook serve only reads\n", request.method()),
        );
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    next.run(request).await
}

fn plain(status: StatusCode, text: String) -> Response {
    let mut response = (status, text).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bind: &str) -> Hosts {
        Hosts { bind: bind.parse().unwrap(), port: 1111, names: vec!["box.lan".into()] }
    }

    #[test]
    fn accepts_only_this_servers_address() {
        let loopback = hosts("127.0.0.1");
        for good in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "localhost.:1111",
            "app.localhost:1111",
            "[::1]:1111",
            "box.lan:1111",
        ] {
            assert!(loopback.allow(good), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1",
            "127.0.0.1:2222",
            "localhost:1111x",
            "localhost.evil.example:1111",
            "192.168.1.5:1111",
            "[::1",
            ":1111",
            "",
        ] {
            assert!(!loopback.allow(bad), "{bad}");
        }
        assert!(hosts("192.168.1.5").allow("192.168.1.5:1111"));
        assert!(hosts("0.0.0.0").allow("10.0.0.7:1111"));
        assert!(!hosts("0.0.0.0").allow("evil.example:1111"));
    }

    #[test]
    fn port_80_may_be_left_out() {
        let h = Hosts { bind: "127.0.0.1".parse().unwrap(), port: 80, names: Vec::new() };
        assert!(h.allow("localhost"));
        assert!(h.allow("127.0.0.1:80"));
    }
}
