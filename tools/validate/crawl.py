#!/usr/bin/env python3
"""Crawl a served casebook site and report every broken internal link or asset.

    crawl.py SERVED_URL [--public-url URL] [--site-dir DIR]

SERVED_URL is where serve.py serves the site (http://127.0.0.1:PORT/base/). The crawl
starts at the home page, /404.html, /robots.txt and /sitemap.xml (plus every sitemap part
and every URL listed in them) and at a missing URL (which must answer 404 with the site's
404 page, whose links must work from there), and follows every internal reference it finds:

* HTML: href, src, srcset, poster, form action, `<meta content>` holding a URL of the
  site (og:url, og:image…), and URLs inside JSON-LD (which must be valid JSON);
* CSS: url(…) and @import;
* Atom feeds: link/@href; sitemaps: loc; robots.txt: Sitemap lines.

Attribute values are HTML-unescaped (Tera writes `/` as `&#x2F;`). A URL is internal when
it is on the served origin or starts with --public-url (the site's absolute base URL, e.g.
https://example.org/cases-site/, which is mapped onto the served URL); external URLs are
counted, never fetched. Every internal URL is fetched once with GET, redirects are not
followed, and anything but 200 is an error, listed with the pages and elements that
reference it. `#fragment`s must name an `id` (or `<a name>`) in the target page.
With --site-dir, HTML files that nothing links to and the sitemap does not list are
reported as warnings (orphans). Exit status: 0 when nothing is broken, 1 otherwise.
"""

import argparse
import collections
import html
import html.parser
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MISSING = "no-such-page/for-the-404-check/"
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:", "urn:")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url):
    """(status, headers, body); status 0 with the reason when the request failed."""
    req = urllib.request.Request(url, headers={"User-Agent": "casebook-validate-crawl"})
    try:
        with OPENER.open(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
    except (urllib.error.URLError, OSError) as e:
        return 0, {}, str(e).encode()


def quote_url(url):
    """Percent-encode what a browser would (spaces, non-ASCII) and leave %XX alone."""
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    query = urllib.parse.quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


class PageParser(html.parser.HTMLParser):
    """Collects (element description, URL) pairs, ids and JSON-LD blocks of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs = []
        self.ids = set()
        self.jsonld = []
        self._in_jsonld = False
        self._buf = []
        self.line = 1

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        line = self.getpos()[0]
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        where = f"line {line} <{tag}"
        for attr in ("href", "src", "poster", "action", "data", "cite", "background", "xlink:href"):
            if attr in a and a[attr].strip():
                self.refs.append((f"{where} {attr}>", a[attr].strip()))
        for attr in ("srcset", "imagesrcset"):
            if attr in a:
                for cand in a[attr].split(","):
                    cand = cand.strip().split()
                    if cand:
                        self.refs.append((f"{where} {attr}>", cand[0]))
        if tag == "meta" and "content" in a:
            c = a["content"].strip()
            if re.match(r"^(https?:)?//|^/", c):
                key = a.get("property") or a.get("name") or a.get("itemprop") or "content"
                self.refs.append((f"{where} {key}>", c))
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._in_jsonld = True
            self._buf = []
            self._jsonld_line = line

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._in_jsonld:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_jsonld:
            self._in_jsonld = False
            self.jsonld.append((self._jsonld_line, "".join(self._buf)))


def json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from json_strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from json_strings(v)


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("served_url")
    ap.add_argument("--public-url", default="", help="the site's absolute base URL (mapped onto SERVED_URL)")
    ap.add_argument("--site-dir", help="the built site, to report orphan pages")
    args = ap.parse_args()

    served = args.served_url.rstrip("/") + "/"
    public = args.public_url.rstrip("/") + "/" if args.public_url else ""
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(served))
    t0 = time.monotonic()

    # url (no fragment) -> list of (referring page, element)
    referrers = collections.defaultdict(list)
    # (url without fragment, fragment) -> list of (referring page, element)
    fragments = collections.defaultdict(list)
    ids = {}  # fetched HTML url -> set of ids
    status = {}
    queue = collections.deque()
    external = set()
    errors = []
    warnings = []

    def show(url):
        """How a served URL is shown in the report: its path."""
        return url[len(origin) :] if url.startswith(origin) else url

    def add(raw, base_url, where, referrer):
        raw = raw.strip()
        if not raw or raw.lower().startswith(SKIP_SCHEMES):
            return
        if public and raw.startswith(public):
            raw = served + raw[len(public) :]
        elif public and raw == public.rstrip("/"):
            raw = served.rstrip("/")
        url = urllib.parse.urljoin(base_url, raw)
        scheme = urllib.parse.urlsplit(url).scheme
        if scheme not in ("http", "https"):
            return
        if not url.startswith(origin + "/"):
            external.add(url)
            return
        url = quote_url(url)
        bare, _, frag = url.partition("#")
        referrers[bare].append((referrer, where))
        if frag and frag != "top":
            fragments[(bare, urllib.parse.unquote(frag))].append((referrer, where))
        if bare not in status:
            status[bare] = None
            queue.append(bare)

    for seed in ("", "404.html", "robots.txt", "sitemap.xml", MISSING):
        url = served + seed
        status[url] = None
        queue.append(url)
        referrers[url].append(("(start)", "seed"))

    while queue:
        url = queue.popleft()
        code, headers, body = fetch(url)
        status[url] = code
        if url == served + MISSING:
            # A static host answers a missing URL with 404.html at that (deeper) URL: its
            # links must work from there too, and the status must be 404.
            if code != 404:
                errors.append(f"{show(url)}: a missing page answered {code}, expected 404")
            status[url] = 200
        elif code != 200:
            continue
        path = urllib.parse.urlsplit(url).path
        ctype = (headers.get("Content-Type") or "").split(";")[0].strip()
        if path.endswith("/") or path.endswith(".html") or ctype == "text/html":
            text = body.decode("utf-8", errors="replace")
            p = PageParser()
            try:
                p.feed(text)
                p.close()
            except Exception as e:  # html.parser is lenient; this is a last resort
                errors.append(f"{show(url)}: HTML could not be parsed: {e}")
                continue
            ids[url] = p.ids
            for where, ref in p.refs:
                add(html.unescape(ref), url, where, url)
            for line, block in p.jsonld:
                try:
                    data = json.loads(block)
                except json.JSONDecodeError as e:
                    errors.append(f"{show(url)}: line {line} <script type=application/ld+json>: invalid JSON: {e}")
                    continue
                for s in json_strings(data):
                    if public and s.startswith(public) or s.startswith(origin + "/"):
                        add(s, url, f"line {line} JSON-LD", url)
        elif path.endswith(".css") or ctype == "text/css":
            for m in CSS_URL.finditer(body.decode("utf-8", errors="replace")):
                ref = m.group(2) or m.group(4)
                add(ref, url, "css url()", url)
        elif path.endswith(".xml"):
            try:
                root = ET.fromstring(body)
            except ET.ParseError as e:
                errors.append(f"{show(url)}: not well-formed XML: {e}")
                continue
            for el in root.iter():
                if el.tag == ATOM + "link" and el.get("href"):
                    add(el.get("href"), url, f"<link rel={el.get('rel', 'alternate')}>", url)
                elif el.tag == SM + "loc" and el.text:
                    add(el.text.strip(), url, "<loc>", url)
        elif path.endswith("robots.txt"):
            for line in body.decode("utf-8", errors="replace").splitlines():
                if line.lower().startswith("sitemap:"):
                    add(line.split(":", 1)[1].strip(), url, "Sitemap:", url)

    # Report.
    broken = {u: c for u, c in status.items() if c != 200}
    if not public:
        broken.pop(served + "sitemap.xml", None)
    for url, code in sorted(broken.items()):
        what = {0: "no answer", 301: "redirect (301)", 302: "redirect (302)", 404: "not found (404)"}.get(code, f"HTTP {code}")
        refs = list(dict.fromkeys(referrers[url]))
        pages_from = len({ref for ref, _ in refs})
        lines = [f"BROKEN {show(url)}: {what}, referenced {len(refs)} time(s) from {pages_from} page(s)"]
        for ref, where in refs[:5]:
            lines.append(f"    from {show(ref)} ({where})")
        if len(refs) > 5:
            lines.append(f"    … and {len(refs) - 5} more")
        errors.append("\n".join(lines))
    for (url, frag), refs in sorted(fragments.items()):
        if url in ids and frag not in ids[url]:
            ref, where = refs[0]
            more = f" and {len(refs) - 1} more" if len(refs) > 1 else ""
            errors.append(f"BROKEN {show(url)}#{frag}: no element with id `{frag}` (from {show(ref)}, {where}{more})")

    fetched = len(status)
    pages = len(ids)
    if args.site_dir:
        linked = set()
        for url in status:
            rel = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
            base_path = urllib.parse.urlsplit(served).path
            if rel.startswith(base_path):
                rel = rel[len(base_path) :]
                linked.add(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        for dirpath, _, files in os.walk(args.site_dir):
            for name in files:
                if name.endswith(".html"):
                    rel = os.path.relpath(os.path.join(dirpath, name), args.site_dir).replace(os.sep, "/")
                    key = rel[: -len("index.html")] if rel.endswith("index.html") else rel
                    if key not in linked:
                        warnings.append(f"orphan page: {rel} is neither linked from any page nor listed in the sitemap")

    for w in warnings:
        print(f"warning: {w}")
    for e in errors:
        print(e)
    print(
        f"crawl: {fetched} internal URLs fetched ({pages} HTML pages), "
        f"{len(external)} external URLs not fetched, {len(errors)} broken, {len(warnings)} warnings "
        f"in {time.monotonic() - t0:.1f} s"
    )
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
