#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# npm start: installs what is missing, builds, and runs Cockpit with the "apt"
# module on http://127.0.0.1:9090/apt in the foreground (Ctrl+C stops it).
#
#   npm start               the demo: a sandbox APT root under build/demo (rebuilt at every start)
#                           with container apps, the two example stores and this machine's Debian lists
#   npm start -- --system   this machine's own APT instead (installs and removes for real)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$(pwd)"
PORT=9090
ADDRESS=127.0.0.1

mode=demo
for arg in "$@"; do
    case "$arg" in
        --system) mode=system ;;
        --demo) mode=demo ;;
        -h|--help)
            sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
            exit 0 ;;
        *) echo "start.sh: unknown option: $arg (known: --system, --demo)" >&2; exit 2 ;;
    esac
done

bash scripts/install-deps.sh

# The port must be free: an older cockpit-ws (or the system's cockpit.socket) may hold it.
port_in_use() {
    if command -v ss >/dev/null 2>&1; then
        ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q .
    else
        (exec 3<>"/dev/tcp/$ADDRESS/$PORT") 2>/dev/null
    fi
}
if port_in_use; then
    echo "start.sh: port $PORT is already in use, so Cockpit cannot start on it." >&2
    if command -v ss >/dev/null 2>&1; then ss -Hltnp "sport = :$PORT" >&2 || true; fi
    echo "Stop whatever listens there (for the system's Cockpit: systemctl stop cockpit.socket cockpit.service) and run npm start again." >&2
    exit 1
fi

node build.mjs

# The page spawns "cockpit-apt-bridge" by name: a launcher on PATH runs the built bridge.
BIN_DIR="$REPO/build/bin"
mkdir -p "$BIN_DIR"
cat >"$BIN_DIR/cockpit-apt-bridge" <<EOF
#!/bin/sh
exec node "$REPO/dist/cockpit-apt-bridge.js" "\$@"
EOF
chmod 755 "$BIN_DIR/cockpit-apt-bridge"

# Cockpit finds modules under \$XDG_DATA_DIRS/cockpit/<name>/manifest.json.
DATA_DIR="$REPO/build/share"
mkdir -p "$DATA_DIR/cockpit"
ln -sfn "$REPO/dist/apt" "$DATA_DIR/cockpit/apt"

if [ "$mode" = demo ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "start.sh: the demo installs packages into its sandbox with apt-get and dpkg, which needs root." >&2
        echo "Run npm start as root, or npm start -- --system to browse this machine's APT as $(id -un)." >&2
        exit 1
    fi
    echo "Preparing the demo (build/demo, rebuilt at every start):"
    DEMO_ENV="$(node build/tools/demo-builder.mjs --dir "$REPO/build/demo")"
    # APT_CONFIG, COCKPIT_APT_STORES_DIR, COCKPIT_APT_CACHE_DIR: the page and apt-get see only the sandbox.
    set -a
    # shellcheck disable=SC1090
    . "$DEMO_ENV"
    set +a
fi

echo
echo "Open http://$ADDRESS:$PORT/apt   (Cockpit's shell; the page alone: http://$ADDRESS:$PORT/cockpit/@localhost/apt/index.html)"
echo "Stop with Ctrl+C. Any number of browsers may open it, without a password; after"
echo "Session -> Log out, Cockpit's login page takes any user name and password (e.g. demo / demo)."
if [ "$mode" = demo ]; then
    echo
    echo "This is the demo: a sandbox APT root in $REPO/build/demo/root, never this machine's"
    echo "packages. It has the \"Container Apps\" repository (marine and developer container apps),"
    echo "a second local repository, copies of this machine's Debian index files and dpkg status,"
    echo "and the Marine Apps store installed: pick it in the store toggle above the tabs."
    echo "Install devtools-container-store from the page to add the Developer Tools store."
    echo "Installing and removing demo apps works for real inside the sandbox; real Debian packages"
    echo "can be browsed and previewed but not installed there. npm start -- --system uses this machine's APT."
fi
if [ "$mode" = system ]; then
    echo
    echo "This runs against this machine's own APT: browsing is read-only, but"
    echo "Install, Remove and Upgrade change this machine's packages for real"
    if [ "$(id -u)" -eq 0 ]; then
        echo "(Cockpit runs as root here, so it has administrative access)."
    else
        echo "(only with administrative access; as $(id -un) the page shows limited access)."
    fi
fi
echo

export PATH="$BIN_DIR:$PATH"
export XDG_DATA_DIRS="$DATA_DIR:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
# Cockpit open to any number of browser sessions (see scripts/run-cockpit.sh).
exec bash scripts/run-cockpit.sh "$ADDRESS" "$PORT"
