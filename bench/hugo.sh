#!/usr/bin/env bash
# Builds the same generated corpus with casebook and with Hugo, on this machine, in one run,
# and prints one table. See bench/README.md ("casebook and Hugo side by side").
#
#   bench/hugo.sh [--heavy] [N]   N case studies (default 10000); --heavy: generate with
#                                 `gen_corpus --heavy` (issue 19) into $BENCH_DIR/hugo-N-heavy
#   bench/hugo.sh --clean   delete the sites it generated ($BENCH_DIR/hugo-*) and exit
#
# Environment: BENCH_DIR (default /dev/shm/casebook-bench), SEED (default 42), RUNS (measured
# runs per tool, the tools alternating, default 5), BENCH_TIMER=python (force the fallback
# timer), HUGO (the hugo binary, default: hugo on PATH).
set -euo pipefail

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
BENCH_DIR=${BENCH_DIR:-/dev/shm/casebook-bench}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
HUGO=${HUGO:-hugo}

n=10000
heavy=()
if [[ ${1:-} == --heavy ]]; then
    heavy=(--heavy)
    shift
fi
case "${1:-}" in
    '') ;;
    --clean)
        rm -rf -- "$BENCH_DIR"/hugo-*
        echo "removed $BENCH_DIR/hugo-*"
        exit 0
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *[!0-9_]*)
        echo "bench/hugo.sh: not a size: $1" >&2
        usage >&2
        exit 2
        ;;
    *) n=${1//_/} ;;
esac
if (($# > 1)); then
    usage >&2
    exit 2
fi

if ! command -v "$HUGO" >/dev/null 2>&1; then
    echo "bench/hugo.sh: hugo not found; install it (Debian/Ubuntu: apt-get install hugo) or set HUGO" >&2
    exit 2
fi
hugo_version=$("$HUGO" version | sed -n 's/^hugo \(v[^ +]*\).*/\1/p')

bench_timer
mkdir -p "$BENCH_DIR"
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
bench_build "$tmp"
casebook_version=$("$BIN" --version | awk '{ print $2 }')

cpus=$(nproc)
load=$(bench_load)
echo "timer: $timer_name; sites in $BENCH_DIR/hugo-$n${heavy:+-heavy}; seed $SEED; $cpus CPUs; load average $load"
echo "hugo: $(command -v "$HUGO") $hugo_version"
bench_warn_busy "$load" "$cpus"

# --- Both sites from one generator run (reused when N, seed and generator are unchanged).
base="$BENCH_DIR/hugo-$n${heavy:+-heavy}"
gen_hash=$(cat examples/gen_corpus/*.rs examples/heavy/mod.rs examples/hugo_site/mod.rs examples/hugo_site/*.css \
    examples/hugo_site/layouts/*.html examples/hugo_site/layouts/*/*.html themes/default/static/assets/casebook.css |
    sha256sum | cut -c1-16)
stamp="n=$n seed=$SEED gen=$gen_hash${heavy:+ heavy}"
if [[ -f $base/.bench-stamp && $(cat "$base/.bench-stamp") == "$stamp" ]]; then
    echo "reusing sites in $base"
else
    rm -rf -- "$base"
    mkdir -p "$base"
    "$GEN" --n "$n" --seed "$SEED" --out "$base/casebook" --hugo "$base/hugo" "${heavy[@]}"
    echo "$stamp" >"$base/.bench-stamp"
fi

# HTML pages in directory $1, not counting redirect stubs (Hugo's page/1/ aliases).
count_pages() {
    local all stubs
    all=$(find "$1" -name '*.html' | wc -l)
    stubs=$(grep -rl --include='*.html' 'http-equiv="refresh"' "$1" | wc -l || true)
    echo $((all - stubs))
}

# Runs one clean build of tool $1 (casebook or hugo) into a fresh output directory; run 0
# is the warm-up, the others are appended to the tool's wall, CPU and RSS lists. The two
# tools alternate run by run (casebook, hugo, casebook, ...) so that both see the same load.
rows=()
declare -A wall_of cpu_of
run_one() {
    local tool=$1 r=$2 out="$base/$1-out" status wall user sys kib cpu
    rm -rf -- "$out"
    status=0
    case $tool in
        casebook)
            "${timer[@]}" "$tmp/time" "$BIN" build --root "$base/casebook" --output "$out" \
                >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
            ;;
        hugo)
            # --noBuildLock: no .hugo_build.lock written into the source tree.
            "${timer[@]}" "$tmp/time" "$HUGO" --source "$base/hugo" --destination "$out" \
                --noBuildLock >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
            ;;
    esac
    if ((status != 0)); then
        echo "$tool build failed (exit $status):" >&2
        tail -n 20 "$tmp/stderr" "$tmp/stdout" >&2
        exit 1
    fi
    # Hugo reports template problems as WARN/ERROR lines and may still exit 0.
    if [[ -s $tmp/stderr ]] || grep -q -E '^(WARN|ERROR)' "$tmp/stdout"; then
        echo "$tool printed diagnostics:" >&2
        { tail -n 5 "$tmp/stderr"; grep -E '^(WARN|ERROR)' "$tmp/stdout" | head -n 5; } >&2
    fi
    read -r wall user sys kib < <(tail -n 1 "$tmp/time")
    if ((r == 0)); then
        echo "$tool: warm-up ${wall}s"
        return
    fi
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    echo "$wall" >>"$tmp/walls-$tool"
    echo "$cpu" >>"$tmp/cpus-$tool"
    echo "$kib" >>"$tmp/rss-$tool"
    printf '%s: run %d/%d  wall %ss  cpu %ss  rss %d MiB\n' "$tool" "$r" "$RUNS" "$wall" "$cpu" $((kib / 1024))
}

# Appends tool $1's table row (medians; peak RSS the largest of its runs) to `rows`.
summarize() {
    local tool=$1 out="$base/$1-out" wall_med cpu_med peak_kib pages bytes version
    wall_med=$(median <"$tmp/walls-$tool")
    cpu_med=$(median <"$tmp/cpus-$tool")
    peak_kib=$(sort -n "$tmp/rss-$tool" | tail -n 1)
    pages=$(count_pages "$out")
    bytes=$(du -sb "$out" | cut -f1)
    if [[ $tool == casebook ]]; then version=$casebook_version; else version=$hugo_version; fi
    wall_of[$tool]=$wall_med
    cpu_of[$tool]=$cpu_med
    rows+=("$(awk -v t="$tool" -v v="$version" -v p="$pages" -v b="$bytes" -v w="$wall_med" -v c="$cpu_med" -v k="$peak_kib" \
        'BEGIN { printf "%-9s %-9s %7d %9.1f %8.2f %7.2f %9d", t, v, p, b / 1048576, w, c, k / 1024 }')")
    rm -rf -- "$out"
}

for ((r = 0; r <= RUNS; r++)); do
    run_one casebook "$r"
    run_one hugo "$r"
done
summarize casebook
summarize hugo

load=$(bench_load)
echo
echo "N=$n case studies, $RUNS clean builds each; load average at the end: $load ($cpus CPUs)"
printf '%-9s %-9s %7s %9s %8s %7s %9s\n' tool version pages 'out(MiB)' 'wall(s)' 'cpu(s)' 'rss(MiB)'
printf '%s\n' "${rows[@]}"
awk -v cw="${wall_of[casebook]}" -v hw="${wall_of[hugo]}" -v cc="${cpu_of[casebook]}" -v hc="${cpu_of[hugo]}" \
    'BEGIN { printf "casebook speed-up over Hugo: %.1f× wall, %.1f× CPU\n", (cw > 0 ? hw / cw : 0), (cc > 0 ? hc / cc : 0) }'
