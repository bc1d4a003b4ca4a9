#!/usr/bin/env python3
"""Fallback for `/usr/bin/time -f "%e %U %S %M"` when GNU time is not installed.

usage: rusage.py OUTFILE COMMAND [ARG...]

Runs COMMAND (stdout and stderr are inherited), then writes one line to OUTFILE:
wall seconds, user CPU seconds, system CPU seconds and peak RSS in KiB -- the same
fields, units and order as GNU time's "%e %U %S %M". Exits with COMMAND's status.
"""
import os
import resource
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out, cmd = sys.argv[1], sys.argv[2:]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    status = subprocess.call(cmd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user = after.ru_utime - before.ru_utime
    system = after.ru_stime - before.ru_stime
    # ru_maxrss is the largest child so far: KiB on Linux, bytes on macOS. This script
    # starts exactly one child, so it is that child's peak.
    rss = after.ru_maxrss // 1024 if sys.platform == "darwin" else after.ru_maxrss
    with open(out, "w", encoding="ascii") as f:
        f.write(f"{wall:.2f} {user:.2f} {system:.2f} {rss}\n")
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main())
