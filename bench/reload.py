#!/usr/bin/env python3
"""Save-to-reload latency of `casebook serve`, measured like an editor sees it.

Starts `casebook serve` on a site, subscribes to its reload events (Server-Sent Events,
as the injected page script does), then edits one case study several times. For each
save it measures the time from the write until

  * the `reload` event arrives (the browser starts reloading), and
  * the page, fetched right after the event, contains the new text.

Prints every edit and the medians. Standard library only.

    bench/reload.py [--bin target/release/casebook] [--edits 7] [--port 0] SITE_DIR

The site is edited in place and restored at the end. Put it on a tmpfs (/dev/shm) for
figures that measure casebook rather than the disk.
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time


def memory(pid):
    """Resident and peak resident memory of process `pid` in MiB (Linux; None elsewhere)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            fields = dict(line.split(":", 1) for line in f)
        return tuple(int(fields[k].split()[0]) // 1024 for k in ("VmRSS", "VmHWM"))
    except (OSError, KeyError, ValueError):
        return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_case(site):
    cases = os.path.join(site, "content", "cases")
    found = []
    for dirpath, _, files in os.walk(cases):
        found += [os.path.join(dirpath, f) for f in files if f.endswith(".md")]
    for path in sorted(found):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if "\ndraft: true" not in text and "\nslug:" not in text:
            return path, text
    sys.exit(f"no case study under {cases}")


class Events:
    """Reads the SSE stream in a thread and timestamps every event."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.conn.request("GET", "/__casebook/events")
        self.resp = self.conn.getresponse()
        self.events = []
        self.cond = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        kind = None
        while True:
            line = self.resp.readline()
            if not line:
                return
            line = line.decode().rstrip("\r\n")
            if line.startswith("event:"):
                kind = line[6:].strip()
            elif line == "" and kind:
                with self.cond:
                    self.events.append((time.perf_counter(), kind))
                    self.cond.notify_all()
                kind = None

    def wait(self, after, timeout=120):
        """The first event at index >= after."""
        deadline = time.perf_counter() + timeout
        with self.cond:
            while len(self.events) <= after:
                left = deadline - time.perf_counter()
                if left <= 0:
                    sys.exit("no reload event within %ds" % timeout)
                self.cond.wait(left)
            return self.events[after]


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read().decode("utf-8", "replace")
    conn.close()
    if resp.status != 200:
        sys.exit(f"GET {path}: HTTP {resp.status}")
    return body


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("site")
    ap.add_argument("--bin", default="target/release/casebook")
    ap.add_argument("--edits", type=int, default=7)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()

    port = args.port or free_port()
    path, original = first_case(args.site)
    stem = os.path.splitext(os.path.basename(path))[0]
    slug = re.sub(r"[^a-z0-9\u4e00-\u9fff]+", "-", stem.lower()).strip("-")
    page = f"/cases/{slug}/"

    started = time.perf_counter()
    server = subprocess.Popen(
        [args.bin, "serve", "--root", args.site, "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    log = []
    ready = threading.Event()
    built = threading.Event()

    def pump():
        for line in server.stderr:
            log.append(line.rstrip())
            if line.startswith("serving "):
                ready.set()
            if line.startswith("built ") or line.startswith("error: "):
                built.set()

    threading.Thread(target=pump, daemon=True).start()
    try:
        if not ready.wait(600):
            sys.exit("server did not start:\n" + "\n".join(log))
        print(f"listening: {time.perf_counter() - started:.2f} s")
        # The server answers while its first build runs: a page is served once rendered.
        fetch(port, "/")
        print(f"first page served (/): {time.perf_counter() - started:.2f} s")
        fetch(port, page)
        print(f"first case page served ({page}): {time.perf_counter() - started:.2f} s")
        if not built.wait(600):
            sys.exit("the first build did not finish:\n" + "\n".join(log))
        line = next(l for l in log if l.startswith(("built ", "error: ")))
        print(f"first build done: {time.perf_counter() - started:.2f} s ({line})")
        time.sleep(5.0)  # the search index is built after the pages
        if mem := memory(server.pid):
            print(f"resident after start: {mem[0]} MiB (peak {mem[1]} MiB)")
        events = Events(port)
        time.sleep(0.3)
        to_event, to_page = [], []
        for n in range(1, args.edits + 1):
            marker = f"casebook-reload-check-{n}-{os.getpid()}"
            seen = len(events.events)
            t0 = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(f"{original.rstrip()}\n\nEdited: {marker}.\n")
            at, kind = events.wait(seen)
            if kind != "reload":
                sys.exit(f"edit {n}: got `{kind}` instead of a reload:\n" + "\n".join(log[-20:]))
            body = fetch(port, page)
            t2 = time.perf_counter()
            if marker not in body:
                sys.exit(f"edit {n}: {page} does not show the edit after the reload event")
            to_event.append((at - t0) * 1000)
            to_page.append((t2 - t0) * 1000)
            print(f"edit {n}: reload event after {to_event[-1]:7.1f} ms, new page after {to_page[-1]:7.1f} ms")
            time.sleep(1.0)  # let the search index (built after the reload) finish
        print(
            f"median of {args.edits}: reload event {statistics.median(to_event):.1f} ms, "
            f"new page served {statistics.median(to_page):.1f} ms "
            f"(includes the server's {50} ms debounce)"
        )
        print("server log (last build):", next((l for l in reversed(log) if l.startswith("built ")), "?"))
        time.sleep(5.0)  # the last edit's search index
        if mem := memory(server.pid):
            print(f"resident after the edits: {mem[0]} MiB (peak {mem[1]} MiB)")
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
