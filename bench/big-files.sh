#!/usr/bin/env bash
# Time and peak memory of `casebook check` on single huge case studies: 20,000 identical
# headings, a 31 MB table, a 30 MB code block (plain and highlighted), and a file over
# `max_file_size_mb`. Prints one row per input. See bench/README.md ("Big files").
#
#   bench/big-files.sh                 # build the release binary, then measure
#   BIN=/tmp/old-casebook bench/big-files.sh   # measure another binary (e.g. an older build)
#   bench/big-files.sh --clean         # delete /dev/shm/casebook-big and exit
#
# Environment: BIG_DIR (default /dev/shm/casebook-big), INPUTS (default: all five), RUNS
# (default: check build), BENCH_TIMER=python (fallback timer).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

dir=${BIG_DIR:-/dev/shm/casebook-big}
if [[ ${1:-} == --clean ]]; then
    rm -rf "$dir"
    exit 0
fi
mkdir -p "$dir"
if [[ -z ${BIN:-} ]]; then
    cargo build --release --quiet --bin casebook
    cp target/release/casebook "$dir/casebook"
    BIN="$dir/casebook"
fi
bench_timer

front='---
title: A big result
bank: Alpha Bank
project: Core system
module: security-operation
level: 2
date: 2022-01-10
domains: [Security monitoring]
---
'

# `$1` repeated as lines up to $2 bytes (`yes | head`, whose SIGPIPE is expected).
repeat() { yes "$1" | head -c "$2" || true; }

# Writes the site $dir/$1 holding one case study whose body is stdin; max_file_size_mb $2.
make_site() {
    local site="$dir/$1"
    rm -rf "$site"
    mkdir -p "$site/content/cases"
    cp -r tests/fixtures/minimal/content/_data "$site/content/"
    printf 'title: Big files\nmax_file_size_mb: %s\n' "$2" >"$site/site.yaml"
    { printf '%s\n' "$front"; cat; } >"$site/content/cases/big.md"
}

# 20,000 identical headings.
for i in $(seq 20000); do printf '## Same heading\n\ntext\n\n'; done | make_site headings 32
# A 31 MB table: a header, then rows of eight short cells (about 1 M rows, 8 M cells).
{
    printf '| a | b | c | d | e | f | g | h |\n|---|---|---|---|---|---|---|---|\n'
    repeat '| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 |' 31000000
} | make_site table 32
# A 30 MB fenced code block of short lines, without a language and in Rust.
{ printf '```\n'; repeat 'let x = 1;' 30000000; printf '```\n'; } | make_site code 32
{ printf '```rust\n'; repeat 'let x = 1;' 30000000; printf '```\n'; } | make_site code-rust 32
# A 40 MB file with the default limit of 32 MB.
{ printf 'text\n'; repeat 'Some words in a paragraph.' 40000000; } | make_site oversized 32

echo "binary: $BIN ($(sha256sum "$BIN" | cut -c1-16)); timer: $timer_name"
printf '%-10s %-5s %10s %8s %8s %5s  %s\n' input run bytes wall rss_mib exit "first diagnostic"
for name in ${INPUTS:-headings table code code-rust oversized}; do
    site="$dir/$name"
    size=$(stat -c %s "$site/content/cases/big.md")
    for run in ${RUNS:-check build}; do
        args=(check --format json)
        [[ $run == build ]] && args=(build --output "$dir/out")
        set +e
        "${timer[@]}" "$dir/time.txt" "$BIN" "${args[@]}" --root "$site" >"$dir/out.txt" 2>"$dir/err.txt"
        code=$?
        set -e
        rm -rf "$dir/out"
        read -r wall _ _ rss < <(tail -n1 "$dir/time.txt")
        if [[ $run == check ]]; then
            first=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
print("%s at line %s" % (d[0]["code"], d[0]["line"]) if d else "none")' "$dir/out.txt" 2>/dev/null || echo "?")
        else
            first=$(grep -m1 -o 'error\[[a-z-]*\]' "$dir/err.txt" || echo none)
        fi
        printf '%-10s %-5s %10s %8s %8s %5s  %s\n' "$name" "$run" "$size" "$wall" $((rss / 1024)) "$code" "$first"
    done
done
