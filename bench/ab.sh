#!/usr/bin/env bash
# Compares two casebook binaries on one site, alternating their clean builds (A B A B ...)
# so that both see the same machine load, and prints the median wall, CPU and peak RSS of
# each. See bench/README.md ("Comparing two binaries").
#
#   bench/ab.sh SITE BIN_A BIN_B [RUNS]   RUNS measured builds each (default 5), after one
#                                         warm-up each; outputs go to SITE-ab-a, SITE-ab-b
#
# Environment: BENCH_TIMER=python (force the fallback timer).
set -euo pipefail

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }
if (($# < 3 || $# > 4)); then
    usage >&2
    exit 2
fi
site=$1
bins=("$2" "$3")
runs=${4:-5}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_timer
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
echo "timer: $timer_name; site $site; $(nproc) CPUs; load average $(bench_load)"

names=(a b)
for ((r = 0; r <= runs; r++)); do
    for i in 0 1; do
        name=${names[$i]}
        out="$site-ab-$name"
        rm -rf -- "$out"
        "${timer[@]}" "$tmp/time" "${bins[$i]}" build --root "$site" --output "$out" >/dev/null
        read -r wall user sys kib < <(tail -n 1 "$tmp/time")
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
        if ((r == 0)); then
            echo "$name: warm-up ${wall}s"
            continue
        fi
        echo "$wall" >>"$tmp/wall-$name"
        echo "$cpu" >>"$tmp/cpu-$name"
        echo "$((kib / 1024))" >>"$tmp/rss-$name"
        printf '%s: run %d/%d  wall %ss  cpu %ss  rss %d MiB\n' "$name" "$r" "$runs" "$wall" "$cpu" $((kib / 1024))
    done
done
if diff -rq "$site-ab-a" "$site-ab-b" >/dev/null; then same=identical; else same=DIFFERENT; fi
echo
echo "load average at the end: $(bench_load); outputs $same (diff -r)"
printf '%-3s %-40s %8s %8s %9s\n' '' binary 'wall(s)' 'cpu(s)' 'rss(MiB)'
for i in 0 1; do
    name=${names[$i]}
    printf '%-3s %-40s %8s %8s %9s\n' "$name" "${bins[$i]}" "$(median <"$tmp/wall-$name")" \
        "$(median <"$tmp/cpu-$name")" "$(median <"$tmp/rss-$name")"
done
rm -rf -- "$site-ab-a" "$site-ab-b"
