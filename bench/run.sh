#!/usr/bin/env bash
# Benchmarks `casebook build` on generated corpora. See bench/README.md.
#
#   bench/run.sh [SIZES...]     default sizes: 1000 10000 100000
#   bench/run.sh --quick        smoke check: N=1000, 3 runs
#   bench/run.sh --fresh ...    delete the output before every run (time a clean build,
#                               not a rebuild over the previous output)
#   bench/run.sh --heavy ...    generate with `gen_corpus --heavy` (code, tables, Chinese,
#                               long documents; issue 19) into $BENCH_DIR/N-heavy
#   bench/run.sh --clean        delete the bench directory and exit
#
# Environment: BENCH_DIR (default /dev/shm/casebook-bench), SEED (default 42),
# RUNS (override the number of measured runs), BENCH_TIMER=python (force the fallback timer).
set -euo pipefail

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
BENCH_DIR=${BENCH_DIR:-/dev/shm/casebook-bench}
SEED=${SEED:-42}

quick=0
fresh=0
heavy=()
sizes=()
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        --fresh) fresh=1 ;;
        --heavy) heavy=(--heavy) ;;
        --clean)
            rm -rf -- "$BENCH_DIR"
            echo "removed $BENCH_DIR"
            exit 0
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *[!0-9_]* | '')
            echo "bench/run.sh: not a size: $arg" >&2
            usage >&2
            exit 2
            ;;
        *) sizes+=("${arg//_/}") ;;
    esac
done
if ((quick)); then
    sizes=(1000)
elif ((${#sizes[@]} == 0)); then
    sizes=(1000 10000 100000)
fi

bench_timer
gen_hash=$(cat examples/gen_corpus/*.rs examples/heavy/mod.rs | sha256sum | cut -c1-16)

mkdir -p "$BENCH_DIR"
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
bench_build "$tmp"

cpus=$(nproc)
load=$(bench_load)
echo "timer: $timer_name; corpora in $BENCH_DIR; seed $SEED; $cpus CPUs; load average $load"
bench_warn_busy "$load" "$cpus"
rows=()
for n in "${sizes[@]}"; do
    site="$BENCH_DIR/$n${heavy:+-heavy}"
    out="$site-out"
    stamp="n=$n seed=$SEED gen=$gen_hash${heavy:+ heavy}"

    # --- Corpus (reused when the stamp matches).
    if [[ -f $site/.bench-stamp && $(cat "$site/.bench-stamp") == "$stamp" ]]; then
        echo "N=$n: reusing corpus $site"
    else
        rm -rf -- "$site"
        "$GEN" --n "$n" --out "$site" --seed "$SEED" "${heavy[@]}"
        echo "$stamp" >"$site/.bench-stamp"
    fi

    if ((quick)); then
        runs=3
    elif ((n <= 10000)); then
        runs=5
    else
        runs=3
    fi
    runs=${RUNS:-$runs}

    : >"$tmp/walls"
    : >"$tmp/cpus"
    peak_kib=0
    pages=""
    for ((r = 0; r <= runs; r++)); do
        ((fresh)) && rm -rf -- "$out"
        status=0
        "${timer[@]}" "$tmp/time" "$BIN" build --root "$site" --output "$out" \
            >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
        if ((status != 0)); then
            echo "N=$n: casebook build failed (exit $status):" >&2
            tail -n 20 "$tmp/stderr" >&2
            exit 1
        fi
        if [[ -s $tmp/stderr ]]; then
            echo "N=$n: casebook printed diagnostics:" >&2
            tail -n 5 "$tmp/stderr" >&2
        fi
        # GNU time may add a "Command exited ..." line; the measurements are the last line.
        read -r wall user sys kib < <(tail -n 1 "$tmp/time")
        line=$(grep -m1 '^built ' "$tmp/stdout" || true)
        if ((r == 0)); then
            echo "N=$n: warm-up ${wall}s  ($line)"
            continue
        fi
        run_pages=$(sed -n 's/^built \([0-9]*\) pages.*/\1/p' <<<"$line")
        if [[ -n $pages && $run_pages != "$pages" ]]; then
            echo "warning: N=$n: run $r wrote $run_pages pages, run $((r - 1)) wrote $pages" >&2
        fi
        pages=$run_pages
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
        echo "$wall" >>"$tmp/walls"
        echo "$cpu" >>"$tmp/cpus"
        ((kib > peak_kib)) && peak_kib=$kib
        printf 'N=%s: run %d/%d  wall %ss  cpu %ss  rss %d MiB\n' \
            "$n" "$r" "$runs" "$wall" "$cpu" $((kib / 1024))
    done

    wall_med=$(median <"$tmp/walls")
    cpu_med=$(median <"$tmp/cpus")
    out_bytes=$(du -sb "$out" | cut -f1)
    rows+=("$(awk -v n="$n" -v w="$wall_med" -v c="$cpu_med" -v k="$peak_kib" -v p="${pages:-0}" -v b="$out_bytes" \
        'BEGIN { printf "%7d %9.2f %8.2f %10d %9d %10.1f %9d", n, w, c, k / 1024, p, b / 1048576, (w > 0 ? p / w : 0) }')")
    # The output is only needed for its size; free the tmpfs memory before the next N.
    rm -rf -- "$out"
done

load=$(bench_load)
echo
echo "load average at the end: $load ($cpus CPUs)"
printf '%7s %9s %8s %10s %9s %10s %9s\n' N 'wall(s)' 'cpu(s)' 'rss(MiB)' pages 'out(MiB)' 'pages/s'
printf '%s\n' "${rows[@]}"
