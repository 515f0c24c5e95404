#!/usr/bin/env bash
# Installs what building Vish needs beyond Swift itself: libedit's headers (Debian's
# libedit-dev). Idempotent; uses sudo when not root. Sourced by scripts/vish and
# scripts/test, or run directly.
set -euo pipefail

have_libedit() {
    [ -f /usr/include/editline/readline.h ] && { pkg-config --exists libedit 2>/dev/null || [ -e /usr/lib/x86_64-linux-gnu/libedit.so ] || ls /usr/lib/*/libedit.so >/dev/null 2>&1; }
}

if ! have_libedit; then
    if [ "$(id -u)" = 0 ]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "bootstrap: libedit-dev is missing and installing it needs root (or sudo)." >&2
        exit 1
    fi
    echo "bootstrap: installing libedit-dev" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! "${SUDO[@]}" apt-get install -y -qq libedit-dev pkg-config >/dev/null 2>&1; then
        "${SUDO[@]}" apt-get update -qq >/dev/null
        "${SUDO[@]}" apt-get install -y -qq libedit-dev pkg-config >/dev/null
    fi
fi
