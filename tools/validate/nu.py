#!/usr/bin/env python3
"""Check every HTML page, stylesheet and SVG of a built site with the Nu Html Checker.

    nu.py SITE_DIR [--vnu PATH/TO/vnu.jar] [--java java] [--json REPORT.json]

Runs vnu.jar (from the npm package `vnu-jar`, installed by run.sh into node_modules) once
over SITE_DIR with --also-check-css --also-check-svg, in JSON, and prints a readable list:
`FILE:LINE:COL: error: message` with the offending markup under it. Errors (and fatal
errors) fail; warnings and info messages are printed but do not. Exit status: 0 when no
error, 1 otherwise, 2 when the checker itself could not run.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site_dir")
    ap.add_argument("--vnu", default=os.path.join(HERE, "node_modules", "vnu-jar", "build", "dist", "vnu.jar"))
    ap.add_argument("--java", default=os.environ.get("JAVA", "java"))
    ap.add_argument("--json", help="also write the checker's JSON report to this file")
    args = ap.parse_args()
    site = os.path.abspath(args.site_dir)
    if not os.path.isfile(args.vnu):
        print(f"html: {args.vnu} not found: run `npm ci --ignore-scripts` in tools/validate", file=sys.stderr)
        sys.exit(2)

    counts = collections.Counter()
    for dirpath, _, names in os.walk(site):
        for n in names:
            ext = os.path.splitext(n)[1]
            if ext in (".html", ".css", ".svg"):
                counts[ext] += 1

    t0 = time.monotonic()
    cmd = [args.java, "-Xss4m", "-jar", args.vnu, "--format", "json", "--stdout",
           "--also-check-css", "--also-check-svg", "--skip-non-html", site]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        print(f"html: `{args.java}` not found: install a Java runtime (Debian: default-jre-headless)", file=sys.stderr)
        sys.exit(2)
    try:
        report = json.loads(proc.stdout or "{}")
    except json.JSONDecodeError:
        print(f"html: vnu.jar failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}", file=sys.stderr)
        sys.exit(2)
    if proc.returncode not in (0, 1) or "messages" not in report:
        print(f"html: vnu.jar failed (exit {proc.returncode}):\n{proc.stderr}", file=sys.stderr)
        sys.exit(2)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)

    errors, warnings, infos, known = [], [], [], []
    for m in report["messages"]:
        url = m.get("url", "")
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path) if url.startswith("file:") else url
        rel = os.path.relpath(path, site) if path.startswith(site) else path
        line = m.get("lastLine", m.get("firstLine", ""))
        col = m.get("firstColumn", m.get("lastColumn", ""))
        pos = f"{rel}:{line}:{col}" if line != "" else rel
        kind = m.get("type")
        sub = m.get("subType")
        text = f"{pos}: {m.get('message', '').strip()}"
        extract = (m.get("extract") or "").replace("\n", "↩")
        if extract:
            text += f"\n    {extract}"
        if kind == "error" and path.endswith(".css") and checker_gap(m.get("message", "")):
            known.append("known checker gap: " + text)
        elif kind == "error" or sub == "fatal" or kind == "non-document-error":
            errors.append("error: " + text)
        elif sub == "warning":
            warnings.append("warning: " + text)
        else:
            infos.append("info: " + text)

    for line in known + infos + warnings + errors:
        print(line)
    print(
        f"html: Nu Html Checker {version(args)} checked {counts['.html']} HTML, {counts['.css']} CSS and "
        f"{counts['.svg']} SVG files: {len(errors)} errors, {len(warnings)} warnings, {len(infos)} info, "
        f"{len(known)} known checker gaps "
        f"in {time.monotonic() - t0:.1f} s"
    )
    sys.exit(1 if errors else 0)


# CSS the checker's CSS profile predates, so it reports valid rules as errors. Each entry
# is a message prefix; the messages are still printed (as "known checker gap") and counted.
# Container queries (CSS Containment Module Level 3: `container-type`, `@container`) are
# in every current browser (Chrome/Edge 105, Safari 16, Firefox 110); the theme's charts
# fall back to their desktop drawing where they are not supported.
CHECKER_GAPS = (
    "CSS: “container-type”: Property “container-type” doesn't exist",
    "CSS: Unrecognized at-rule “@container”",
)


def checker_gap(message):
    return any(message.strip().startswith(g) for g in CHECKER_GAPS)


def version(args):
    """The checker's version, from the npm package beside the jar (no second JVM start)."""
    pkg = os.path.join(os.path.dirname(args.vnu), "..", "..", "package.json")
    try:
        with open(pkg) as f:
            return json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        return "(unknown version)"


if __name__ == "__main__":
    main()
