#!/usr/bin/env python3
"""Validate the sitemap of a built casebook site against the Sitemaps 0.9 protocol.

    sitemap.py SITE_DIR --public-url URL

* sitemap.xml (and, for a sitemap index, every sitemap it lists) validates against
  sitemap.xsd beside this script (written from https://www.sitemaps.org/protocol.html)
  with the `xmlschema` package;
* the file is UTF-8, at most 50,000 URLs and 50 MB;
* every <loc> lies under the site's public URL (a sitemap may only list URLs under its
  own directory), names a page that exists in SITE_DIR, and appears once;
* robots.txt names the sitemap (`Sitemap: URL/sitemap.xml`);
* HTML pages missing from the sitemap (but 404.html) are warnings.
Without an absolute base URL casebook writes no sitemap: run with --public-url only for a
build made with an absolute base URL. Exit status: 0 when valid, 1 otherwise.
"""

import argparse
import os
import sys
import urllib.parse
import xml.etree.ElementTree as ET

try:
    import xmlschema
except ImportError:
    sys.exit("sitemap.py: the `xmlschema` package is missing: pip install -r tools/validate/requirements.txt")

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site_dir")
    ap.add_argument("--public-url", required=True)
    args = ap.parse_args()
    site = args.site_dir
    public = args.public_url.rstrip("/") + "/"
    schema = xmlschema.XMLSchema(os.path.join(HERE, "sitemap.xsd"))

    errors, warnings = [], []
    listed = set()
    files = 0

    def local(url):
        """The file in SITE_DIR that serves `url`, or None when it is not under the site."""
        if not url.startswith(public):
            return None
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
        rel = path[len(urllib.parse.urlsplit(public).path) :]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return rel

    def check(rel, expect_index_ok):
        nonlocal files
        files += 1
        full = os.path.join(site, rel)
        if not os.path.isfile(full):
            errors.append(f"{rel}: missing")
            return
        data = open(full, "rb").read()
        if len(data) > 50 * 1024 * 1024:
            errors.append(f"{rel}: {len(data)} bytes, over the protocol's 50 MB")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            errors.append(f"{rel}: not UTF-8: {e}")
        for e in schema.iter_errors(full):
            where = f" at {e.path}" if getattr(e, "path", None) else ""
            errors.append(f"{rel}{where}: {e.reason}")
        try:
            root = ET.parse(full).getroot()
        except ET.ParseError as e:
            errors.append(f"{rel}: not well-formed XML: {e}")
            return
        if root.tag == SM + "sitemapindex":
            if not expect_index_ok:
                errors.append(f"{rel}: a sitemap index listed by a sitemap index")
            for loc in root.iter(SM + "loc"):
                url = (loc.text or "").strip()
                part = local(url)
                if part is None:
                    errors.append(f"{rel}: <loc>{url}</loc> is not under {public}")
                else:
                    check(part, False)
        elif root.tag == SM + "urlset":
            locs = [(loc.text or "").strip() for loc in root.iter(SM + "loc")]
            if len(locs) > 50000:
                errors.append(f"{rel}: {len(locs)} URLs, over the protocol's 50,000")
            for url in locs:
                page = local(url)
                if page is None:
                    errors.append(f"{rel}: <loc>{url}</loc> is not under {public}")
                    continue
                if url in listed:
                    errors.append(f"{rel}: <loc>{url}</loc> listed twice")
                listed.add(url)
                if not os.path.isfile(os.path.join(site, page)):
                    errors.append(f"{rel}: <loc>{url}</loc>: no such page ({page} is not in the build)")
        else:
            errors.append(f"{rel}: root element <{root.tag}> is neither urlset nor sitemapindex")

    if not os.path.isfile(os.path.join(site, "sitemap.xml")):
        errors.append("sitemap.xml: missing (the site was built with an absolute base URL, so it should exist)")
    else:
        check("sitemap.xml", True)

    robots = os.path.join(site, "robots.txt")
    want = public + "sitemap.xml"
    if not os.path.isfile(robots):
        errors.append("robots.txt: missing")
    else:
        lines = [l.split(":", 1)[1].strip() for l in open(robots, encoding="utf-8") if l.lower().startswith("sitemap:")]
        if want not in lines:
            errors.append(f"robots.txt: no `Sitemap: {want}` line (has: {lines or 'none'})")

    listed_pages = {local(u) for u in listed}
    for dirpath, _, names in os.walk(site):
        for name in names:
            if name.endswith(".html"):
                rel = os.path.relpath(os.path.join(dirpath, name), site).replace(os.sep, "/")
                if rel != "404.html" and rel not in listed_pages:
                    warnings.append(f"{rel}: not listed in the sitemap")

    for w in sorted(warnings):
        print(f"warning: {w}")
    for e in errors:
        print(f"error: {e}")
    print(f"sitemap: {files} file(s), {len(listed)} URLs, {len(errors)} errors, {len(warnings)} warnings")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
