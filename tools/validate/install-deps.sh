#!/usr/bin/env bash
# Install the system packages that tools/validate/run.sh (and casebook's browser tests)
# need, on Debian or Ubuntu, as root (or through sudo). Installs only what is missing:
#
#   chromium              /usr/bin/chromium, for axe (via playwright-core) and `cargo test`
#   default-jre-headless  a Java runtime >= 11 for the Nu Html Checker, only when
#                         `java -version` does not already show one
#   nodejs, npm           node >= 18 for axe.mjs and npm for its packages
#   python3, python3-venv for the crawler, the feed and sitemap checks
#
# The checks' own packages (axe-core, playwright-core, vnu-jar from npm; xmlschema from
# PyPI) are installed by run.sh into tools/validate, never system-wide. No browser or
# Java runtime is downloaded from anywhere but the distribution's archive.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }

[ -x /usr/bin/chromium ] || have chromium || need+=(chromium)

java_major=0
if have java; then
    # `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_…") on stderr.
    java_major="$(java -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n 1)"
    java_major="${java_major:-0}"
fi
if [ "$java_major" -lt 11 ]; then need+=(default-jre-headless); fi

if ! have node; then
    need+=(nodejs)
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]; then
    echo "install-deps: node $(node --version) is older than 18; install a newer Node.js" >&2
    exit 1
fi
have npm || need+=(npm)
have python3 || need+=(python3)
if ! have python3 || ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then need+=(python3-venv); fi

if [ ${#need[@]} -eq 0 ]; then
    echo "install-deps: nothing to install (chromium, java $java_major, node $(node --version), npm $(npm --version), $(python3 --version))"
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if have sudo; then sudo=(sudo); else
        echo "install-deps: run as root: apt-get update && apt-get install -y ${need[*]}" >&2
        exit 1
    fi
fi
echo "install-deps: apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
echo "install-deps: installed ${need[*]}"
