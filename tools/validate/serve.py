#!/usr/bin/env python3
"""Serve a built casebook site on loopback, under its base path, like a plain static host.

    serve.py SITE_DIR [BASE_PATH] [--port N] [--port-file FILE]

* Only 127.0.0.1 is bound. `--port 0` (the default) picks a free port; the URL of the
  site is printed on stdout and, with --port-file, written to FILE once the socket listens.
* The site is served under BASE_PATH (default `/`): with `/cases-site/`, SITE_DIR/index.html
  is `/cases-site/` and anything outside `/cases-site/` is 404, as on GitHub Pages.
* A directory is served through its index.html only: no directory listings, so a link to a
  folder without index.html is reported as broken. A directory without a trailing slash
  is redirected (301), as static hosts do; the crawler counts a redirect as a broken link.
* Unknown paths answer 404 with the site's own 404.html, like GitHub Pages and GitLab Pages.
* Nothing is logged but errors, so the checks' output stays readable.
"""

import argparse
import http.server
import os
import posixpath
import sys
import urllib.parse


def make_handler(site_dir, base_path):
    class Handler(http.server.SimpleHTTPRequestHandler):
        # Extra types a static host would send; .gz files are served as they are (the
        # search index is gzip data fetched and inflated by search.js).
        extensions_map = {
            **http.server.SimpleHTTPRequestHandler.extensions_map,
            ".xml": "application/xml",
            ".json": "application/json",
            ".csv": "text/csv; charset=utf-8",
            ".txt": "text/plain; charset=utf-8",
            ".svg": "image/svg+xml",
            ".js": "text/javascript",
            ".mjs": "text/javascript",
            ".css": "text/css",
            ".gz": "application/gzip",
        }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=site_dir, **kwargs)

        def log_message(self, format, *args):  # noqa: A002 - signature of the base class
            pass

        def translate_path(self, path):
            # Strip query and fragment, then the base path; anything outside it maps to a
            # name that cannot exist.
            path = path.split("?", 1)[0].split("#", 1)[0]
            path = urllib.parse.unquote(path, errors="surrogatepass")
            if not (path + "/").startswith(base_path):
                return "/nonexistent/casebook-outside-the-base-path"
            rest = path[len(base_path) :] if path.startswith(base_path) else ""
            trailing = path.endswith("/")
            parts = [p for p in posixpath.normpath("/" + rest).split("/") if p and p not in (".", "..")]
            full = os.path.join(site_dir, *parts)
            if trailing:
                full += os.sep
            return full

        def list_directory(self, path):
            self.send_not_found()
            return None

        def send_error(self, code, message=None, explain=None):
            if code == 404:
                self.send_not_found()
                return
            super().send_error(code, message, explain)

        def send_not_found(self):
            page = os.path.join(site_dir, "404.html")
            body = b"404 Not Found\n"
            ctype = "text/plain; charset=utf-8"
            if os.path.isfile(page):
                with open(page, "rb") as f:
                    body = f.read()
                ctype = "text/html; charset=utf-8"
            self.send_response(404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

    return Handler


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site_dir")
    ap.add_argument("base_path", nargs="?", default="/")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    args = ap.parse_args()

    site_dir = os.path.abspath(args.site_dir)
    if not os.path.isfile(os.path.join(site_dir, "index.html")):
        sys.exit(f"serve.py: {site_dir}/index.html not found: is this a built site?")
    base = "/" + args.base_path.strip("/") + "/" if args.base_path.strip("/") else "/"

    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(site_dir, base))
    server.daemon_threads = True
    url = f"http://127.0.0.1:{server.server_address[1]}{base}"
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(url + "\n")
        os.replace(tmp, args.port_file)
    print(f"serving {site_dir} at {url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
