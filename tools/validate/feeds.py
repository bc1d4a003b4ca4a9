#!/usr/bin/env python3
"""Validate every Atom feed (`**/atom.xml`) of a built casebook site.

    feeds.py SITE_DIR [--public-url URL | --base-path PATH]

For each feed (RFC 4287):
* well-formed XML whose root is atom:feed;
* the feed has exactly one id, title and updated, a link rel="self" whose href is the
  feed's own URL (--public-url + path, or --base-path + path), and an author (or every
  entry has one);
* every entry has exactly one id, title and updated, a link rel="alternate" (a link
  without rel counts as alternate), and a summary; at most one alternate link per type
  and hreflang;
* ids are absolute IRIs (a scheme such as https: or urn:) and unique within the feed;
* updated and published are RFC 3339 date-times (uppercase T and Z, as RFC 4287 §3.3
  asks) that exist in the calendar;
* the feed's updated is not older than its newest entry (warning).
Exit status: 0 when every feed is valid (warnings allowed), 1 otherwise.
"""

import argparse
import datetime
import os
import re
import sys
import xml.etree.ElementTree as ET

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def parse_date(text):
    """The date-time, or None when it is not RFC 3339."""
    text = (text or "").strip()
    if not RFC3339.match(text):
        return None
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def check_feed(path, rel, public, problems, warnings):
    def err(msg):
        problems.append(f"{rel}: {msg}")

    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        err(f"not well-formed XML: {e}")
        return 0
    if root.tag != A + "feed":
        err(f"root element is <{root.tag}>, expected <feed xmlns=\"http://www.w3.org/2005/Atom\">")
        return 0

    def one(parent, name, where):
        found = parent.findall(A + name)
        if len(found) != 1:
            err(f"{where}: {len(found)} <{name}> elements, expected exactly one")
            return None
        return found[0]

    def check_date(el, where):
        if el is not None and parse_date(el.text) is None:
            err(f"{where}: <{el.tag.replace(A, '')}>{el.text}</…> is not an RFC 3339 date-time")

    def check_id(el, where):
        if el is not None and not IRI.match((el.text or "").strip()):
            err(f"{where}: <id>{el.text}</id> is not an absolute IRI")

    def alternates(parent, where):
        alts = [l for l in parent.findall(A + "link") if l.get("rel", "alternate") == "alternate"]
        keys = [(l.get("type"), l.get("hreflang")) for l in alts]
        if len(keys) != len(set(keys)):
            err(f"{where}: more than one link rel=\"alternate\" with the same type and hreflang")
        for l in parent.findall(A + "link"):
            if not l.get("href"):
                err(f"{where}: <link> without href")
        return alts

    fid = one(root, "id", "feed")
    check_id(fid, "feed")
    title = one(root, "title", "feed")
    if title is not None and not (title.text or "").strip():
        err("feed: empty <title>")
    updated = one(root, "updated", "feed")
    check_date(updated, "feed")
    selfs = [l for l in root.findall(A + "link") if l.get("rel") == "self"]
    if len(selfs) != 1:
        err(f"feed: {len(selfs)} <link rel=\"self\">, expected one")
    else:
        want = public + rel
        if selfs[0].get("href") != want:
            err(f"feed: <link rel=\"self\" href=\"{selfs[0].get('href')}\">, expected {want}")
    alternates(root, "feed")

    entries = root.findall(A + "entry")
    feed_has_author = root.find(A + "author") is not None
    ids = {}
    newest = None
    for i, entry in enumerate(entries, 1):
        eid = entry.find(A + "id")
        where = f"entry {i}" + (f" ({eid.text.strip()})" if eid is not None and eid.text else "")
        eid = one(entry, "id", where)
        check_id(eid, where)
        if eid is not None:
            key = (eid.text or "").strip()
            if key in ids:
                err(f"{where}: id also used by entry {ids[key]}")
            ids.setdefault(key, i)
        t = one(entry, "title", where)
        if t is not None and not (t.text or "").strip() and len(t) == 0:
            err(f"{where}: empty <title>")
        u = one(entry, "updated", where)
        check_date(u, where)
        if u is not None:
            d = parse_date(u.text)
            if d and (newest is None or d > newest):
                newest = d
        for p in entry.findall(A + "published"):
            check_date(p, where)
        if len(entry.findall(A + "published")) > 1:
            err(f"{where}: more than one <published>")
        if not alternates(entry, where):
            err(f"{where}: no <link rel=\"alternate\">")
        s = entry.findall(A + "summary")
        if len(s) != 1:
            err(f"{where}: {len(s)} <summary> elements, expected exactly one")
        elif not (s[0].text or "").strip() and len(s[0]) == 0:
            err(f"{where}: empty <summary>")
        if not feed_has_author and entry.find(A + "author") is None:
            err(f"{where}: no <author>, and the feed has none (RFC 4287 §4.1.1)")
        for a in entry.findall(A + "author") + root.findall(A + "author"):
            if a.find(A + "name") is None:
                err(f"{where}: <author> without <name>")
    if updated is not None and newest is not None:
        fu = parse_date(updated.text)
        if fu and fu < newest:
            warnings.append(f"{rel}: feed <updated> {updated.text} is older than its newest entry")
    return len(entries)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site_dir")
    ap.add_argument("--public-url", default="", help="the absolute base URL the site was built with")
    ap.add_argument("--base-path", default="/", help="the base path, when there is no absolute base URL")
    args = ap.parse_args()
    base_path = "/" + args.base_path.strip("/") + "/" if args.base_path.strip("/") else "/"
    public = args.public_url.rstrip("/") + "/" if args.public_url else base_path
    absolute = bool(args.public_url)

    feeds = []
    for dirpath, _, files in os.walk(args.site_dir):
        for name in files:
            if name == "atom.xml":
                full = os.path.join(dirpath, name)
                feeds.append((os.path.relpath(full, args.site_dir).replace(os.sep, "/"), full))
    feeds.sort()
    problems, warnings = [], []
    entries = 0
    for rel, full in feeds:
        entries += check_feed(full, rel, public, problems, warnings)
    if absolute and "atom.xml" not in {rel for rel, _ in feeds}:
        problems.append("atom.xml: missing (the site has an absolute base URL, so the build should write it)")
    for w in warnings:
        print(f"warning: {w}")
    for p in problems:
        print(f"error: {p}")
    print(f"feeds: {len(feeds)} feeds, {entries} entries, {len(problems)} errors, {len(warnings)} warnings")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
