# Helpers shared by bench/run.sh and bench/hugo.sh; sourced, not run. See bench/README.md.
# Expects to be sourced from the repository root with `set -euo pipefail` in effect.

# Sets `timer` (a command prefix taking the output file, then the command) and
# `timer_name`: GNU time if it works, else a getrusage(RUSAGE_CHILDREN) wrapper. The output
# file's last line is "wall user sys max_rss_kib".
bench_timer() {
    if [[ ${BENCH_TIMER:-} != python ]] && [[ -x /usr/bin/time ]] &&
        /usr/bin/time -f '%e' -o /dev/null true 2>/dev/null; then
        timer=(/usr/bin/time -f '%e %U %S %M' -o)
        timer_name="/usr/bin/time"
    else
        timer=(python3 bench/rusage.py)
        timer_name="bench/rusage.py (getrusage)"
    fi
}

# Builds casebook and gen_corpus once and copies both binaries into directory $1, so that a
# concurrent `cargo build` cannot swap them mid-benchmark. Sets BIN and GEN.
bench_build() {
    echo "building release binary and generator..."
    cargo build --release --quiet --bin casebook --example gen_corpus
    local target_dir
    target_dir=$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null ||
        echo target)
    cp "$target_dir/release/casebook" "$1/casebook"
    cp "$target_dir/release/examples/gen_corpus" "$1/gen_corpus"
    BIN="$1/casebook"
    GEN="$1/gen_corpus"
    echo "casebook binary: $(sha256sum "$BIN" | cut -c1-16) (built $(date -r "$target_dir/release/casebook" '+%F %T'))"
}

# Median of the numbers on stdin, one per line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Current 1-minute load average.
bench_load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0; }

# Warns on stderr when load average $1 is above half of $2 CPUs.
bench_warn_busy() {
    if awk -v l="$1" -v c="$2" 'BEGIN { exit !(l > c / 2) }'; then
        echo "warning: the machine is busy (load average $1 on $2 CPUs); wall times will be noisy" >&2
    fi
}
