#!/usr/bin/env bash
# Check a built casebook site with other people's tools.
#
#   tools/validate/run.sh [options] SITE_DIR [BASE]
#
# SITE_DIR  the output of `casebook build`
# BASE      where the site was built to live: the absolute base URL given to --base-url
#           (https://example.org/cases-site/) or just its path (/cases-site/). Default: the
#           URL named by SITE_DIR/robots.txt (written when the base URL is absolute), else
#           the path of the home page's link to assets/casebook.css, else /.
#
# Checks, in this order (each runs even when an earlier one failed; the exit status is 1
# when any failed):
#   html     the Nu Html Checker (vnu.jar, npm package vnu-jar) over every HTML page,
#            stylesheet and SVG: any error fails
#   feeds    every **/atom.xml: well-formed, required Atom elements, unique ids, RFC 3339
#   sitemap  sitemap.xml against sitemap.xsd (Sitemaps 0.9) and the protocol's limits;
#            only for a build with an absolute base URL (there is no sitemap otherwise)
#   links    serve SITE_DIR on 127.0.0.1 under BASE's path and crawl it from /, the sitemap,
#            robots.txt, the feeds and a missing URL: any internal URL that is not 200 fails
#   axe      axe-core in headless Chromium (Debian's /usr/bin/chromium via playwright-core)
#            on every page type, light and dark: serious or critical violations fail
#
# Options:
#   --axe-all          run axe on every HTML page, not one page of each type
#   --skip LIST        comma-separated checks not to run (printed as SKIPPED, never silent)
#   --report-dir DIR   write vnu/axe JSON reports and axe screenshots there
#
# Needs python3 (with venv), node >= 18 with npm, java >= 11 and Chromium; installs its own
# packages into tools/validate (npm ci --ignore-scripts into node_modules, pip into .venv)
# when they are missing or out of date. tools/validate/install-deps.sh installs the system
# packages on Debian. A missing tool is an error, never a skipped check.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
axe_all=""
skip=","
report_dir=""
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --axe-all) axe_all="--all"; shift ;;
        --skip) skip=",$2,"; shift 2 ;;
        --skip=*) skip=",${1#--skip=},"; shift ;;
        --report-dir) report_dir="$2"; shift 2 ;;
        --report-dir=*) report_dir="${1#--report-dir=}"; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
if [ ${#args[@]} -lt 1 ] || [ ${#args[@]} -gt 2 ]; then
    echo "usage: tools/validate/run.sh [--axe-all] [--skip LIST] [--report-dir DIR] SITE_DIR [BASE]" >&2
    exit 2
fi
site="$(cd "${args[0]}" && pwd)"
base="${args[1]:-}"
if [ ! -f "$site/index.html" ]; then
    echo "run.sh: $site/index.html not found: build the site first (casebook build --output $site)" >&2
    exit 2
fi

# BASE → public URL (the absolute base URL, empty when the site has none) and base path.
path_of() { printf '%s' "$1" | sed -E 's|^https?://[^/]*||'; }
norm_path() { local p; p="/$(printf '%s' "$1" | sed -E 's|^/+||; s|/+$||')/"; [ "$p" = "//" ] && p="/"; printf '%s' "$p"; }
robots_url=""
if [ -f "$site/robots.txt" ]; then
    robots_url="$(sed -n 's/^[Ss]itemap:[[:space:]]*\(.*\)sitemap\.xml[[:space:]]*$/\1/p' "$site/robots.txt" | head -n 1)"
fi
case "$base" in
    http://*|https://*) public_url="${base%/}/" ;;
    *) public_url="$robots_url" ;;
esac
if [ -n "$base" ] && [ "${base#http}" = "$base" ]; then
    base_path="$(norm_path "$base")"
elif [ -n "$public_url" ]; then
    base_path="$(norm_path "$(path_of "$public_url")")"
else
    # A path-only base URL leaves no robots.txt: read it off the default theme's stylesheet
    # link on the home page (Tera writes / as &#x2F;), else assume /.
    css="$(grep -o 'href="[^"]*assets/casebook\.css"' "$site/index.html" | head -n 1 | sed -e 's/&#x2F;/\//g' -e 's/^href="//' -e 's/assets\/casebook\.css"$//' || true)"
    base_path="$(norm_path "$(path_of "${css:-/}")")"
fi
if [ -n "$robots_url" ] && { [ "$robots_url" != "$public_url" ] || [ "$(norm_path "$(path_of "$robots_url")")" != "$base_path" ]; }; then
    echo "run.sh: BASE $base does not match the base URL the site was built with ($robots_url, from robots.txt)" >&2
    exit 2
fi
if [ -n "$report_dir" ]; then
    mkdir -p "$report_dir"
    report_dir="$(cd "$report_dir" && pwd)"
fi

echo "validate: $site, base path $base_path${public_url:+, public URL $public_url}"

# --- tools -------------------------------------------------------------------------------
missing=()
command -v python3 >/dev/null || missing+=("python3 (Debian: python3 python3-venv)")
command -v node >/dev/null || missing+=("node (Debian: nodejs)")
command -v npm >/dev/null || missing+=("npm (Debian: npm)")
want() { case "$skip" in *",$1,"*) return 1 ;; *) return 0 ;; esac; }
if want html && ! command -v "${JAVA:-java}" >/dev/null; then missing+=("java (Debian: default-jre-headless)"); fi
chromium="${CHROMIUM:-/usr/bin/chromium}"
if want axe && [ ! -x "$chromium" ]; then missing+=("Chromium at $chromium (Debian: chromium; or set CHROMIUM)"); fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "run.sh: missing tools (tools/validate/install-deps.sh installs them on Debian, as root):" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 2
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 18 ]; then
    echo "run.sh: node $(node --version) is too old: the checks need node >= 18" >&2
    exit 2
fi

# Project-local packages: reinstalled when missing or when their pinned lists changed.
stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
npm_key="$(cat "$here/package.json" "$here/package-lock.json" | cksum)"
if ! stamp_ok "$here/node_modules/.casebook-stamp" "$npm_key"; then
    echo "== install npm packages (npm ci --ignore-scripts: axe-core, playwright-core, vnu-jar)"
    # --ignore-scripts: vnu-jar's postinstall would download a Java runtime; playwright-core
    # never downloads a browser here: Debian's Chromium is used.
    (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    echo "$npm_key" > "$here/node_modules/.casebook-stamp"
fi
venv="$here/.venv"
pip_key="$(cat "$here/requirements.txt" | cksum) $(python3 --version 2>&1)"
if ! stamp_ok "$venv/.casebook-stamp" "$pip_key"; then
    echo "== install Python packages (pip into tools/validate/.venv)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    echo "$pip_key" > "$venv/.casebook-stamp"
fi
py="$venv/bin/python"

# --- checks ------------------------------------------------------------------------------
declare -a summary=()
failed=0
run_check() { # name, command...
    local name="$1"; shift
    if ! want "$name"; then
        echo "== $name: SKIPPED (--skip)"
        summary+=("$(printf '%-8s SKIPPED (--skip)' "$name")")
        return 0
    fi
    echo "== $name"
    local t0=$SECONDS rc=0
    "$@" || rc=$?
    local took=$((SECONDS - t0))
    if [ $rc -eq 0 ]; then
        summary+=("$(printf '%-8s ok      %4ss' "$name" "$took")")
    else
        summary+=("$(printf '%-8s FAILED  %4ss (exit %s)' "$name" "$took" "$rc")")
        failed=1
    fi
}

vnu_json=()
[ -n "$report_dir" ] && vnu_json=(--json "$report_dir/vnu.json")
run_check html "$py" "$here/nu.py" "$site" "${vnu_json[@]}"

if [ -n "$public_url" ]; then
    run_check feeds "$py" "$here/feeds.py" "$site" --public-url "$public_url"
    run_check sitemap "$py" "$here/sitemap.py" "$site" --public-url "$public_url"
else
    run_check feeds "$py" "$here/feeds.py" "$site" --base-path "$base_path"
    if want sitemap; then
        echo "== sitemap: not applicable (no absolute base URL, so casebook writes no sitemap)"
        summary+=("$(printf '%-8s n/a     (no absolute base URL: no sitemap.xml)' sitemap)")
        if [ -f "$site/sitemap.xml" ]; then
            echo "error: sitemap.xml exists although the site has no absolute base URL"
            failed=1
        fi
    fi
fi

server_pid=""
served_url=""
cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
if want links || want axe; then
    port_file="$(mktemp)"
    rm -f "$port_file"
    "$py" "$here/serve.py" "$site" "$base_path" --port-file "$port_file" >/dev/null &
    server_pid=$!
    for _ in $(seq 1 100); do [ -s "$port_file" ] && break; sleep 0.1; done
    if [ ! -s "$port_file" ]; then
        echo "run.sh: the static server did not start" >&2
        exit 2
    fi
    served_url="$(cat "$port_file")"
    rm -f "$port_file"
    echo "   (serving $site at $served_url)"
fi

run_check links "$py" "$here/crawl.py" "$served_url" --public-url "$public_url" --site-dir "$site"

axe_opts=()
[ -n "$axe_all" ] && axe_opts+=(--all)
[ -n "$report_dir" ] && axe_opts+=(--json "$report_dir/axe.json" --screenshots "$report_dir/screenshots")
run_check axe node "$here/axe.mjs" --url "${served_url:-}" --site-dir "$site" --chromium "$chromium" "${axe_opts[@]}"

echo "== validate summary ($site)"
printf '   %s\n' "${summary[@]}"
if [ $failed -ne 0 ]; then
    echo "validate: FAILED"
    exit 1
fi
echo "validate: all checks passed"
