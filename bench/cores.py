#!/usr/bin/env python3
"""How many cores one `casebook build` keeps busy, over time.

    python3 bench/cores.py [--bin BIN] [--step SECONDS] SITE

Runs `BIN build --root SITE --timings` (BIN defaults to target/release/casebook), samples
the process's CPU time (user + system, /proc/PID/stat) every 20 ms and prints, per step
(default 0.1 s), the cores in use on average: 2.00 on a 2-CPU machine is both busy, 1.00
one waiting for the other. Then the build's own stage timings, the wall time, the CPU
time and the average cores of the whole build. Linux only (reads /proc). See
bench/README.md ("Where a core waits").
"""

import argparse
import os
import resource
import subprocess
import sys
import time


def cpu_seconds(pid: int, tick: int) -> float | None:
    """User plus system CPU time of `pid` so far, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # After the command name: state is field 3, utime 14 and stime 15 (1-based, man 5 proc).
    return (int(fields[11]) + int(fields[12])) / tick


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site")
    parser.add_argument("--bin", default="target/release/casebook")
    parser.add_argument("--step", type=float, default=0.1)
    args = parser.parse_args()
    if not os.path.exists("/proc/self/stat"):
        print("bench/cores.py: needs Linux's /proc", file=sys.stderr)
        return 2
    tick = os.sysconf("SC_CLK_TCK")
    start = time.monotonic()
    proc = subprocess.Popen(
        [args.bin, "build", "--root", args.site, "--timings"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    samples = []
    last_cpu = 0.0
    while proc.poll() is None:
        cpu = cpu_seconds(proc.pid, tick)
        if cpu is not None:
            last_cpu = cpu
            samples.append((time.monotonic() - start, cpu))
        time.sleep(0.02)
    wall = time.monotonic() - start
    output = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    if proc.returncode != 0:
        print(output, file=sys.stderr)
        print(f"bench/cores.py: the build failed (exit {proc.returncode})", file=sys.stderr)
        return 1
    cells = []
    prev_t, prev_cpu = 0.0, 0.0
    for t, cpu in samples:
        if t - prev_t >= args.step:
            cells.append(f"{t:6.2f}s {(cpu - prev_cpu) / (t - prev_t):4.2f}")
            prev_t, prev_cpu = t, cpu
    print("cores in use (end of each step):")
    for i in range(0, len(cells), 6):
        print("  " + "   ".join(cells[i : i + 6]))
    print(output.rstrip())
    # The child's whole CPU time (the samples stop short of its last moments).
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = max(usage.ru_utime + usage.ru_stime, last_cpu)
    print(f"wall {wall:.2f} s, CPU {total:.2f} s, {total / wall:.2f} cores on average")
    return 0


if __name__ == "__main__":
    sys.exit(main())
