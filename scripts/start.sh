#!/usr/bin/env bash
# npm start: installs what is missing, builds, and runs Cockpit with the "apt"
# module on http://127.0.0.1:9090/apt in the foreground (Ctrl+C stops it).
#
#   npm start               the host's own APT (see the note printed below)
#   npm start -- --system   the same: the host's own APT
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$(pwd)"
PORT=9090
ADDRESS=127.0.0.1

mode=system
for arg in "$@"; do
    case "$arg" in
        --system) mode=system ;;
        -h|--help)
            sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
            exit 0 ;;
        *) echo "start.sh: unknown option: $arg (known: --system)" >&2; exit 2 ;;
    esac
done

bash scripts/install-deps.sh

COCKPIT_WS=""
for candidate in /usr/lib/cockpit/cockpit-ws /usr/libexec/cockpit-ws "$(command -v cockpit-ws || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then COCKPIT_WS="$candidate"; break; fi
done
if [ -z "$COCKPIT_WS" ]; then
    echo "start.sh: cockpit-ws not found (Debian package cockpit-ws)" >&2
    exit 1
fi

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

echo
echo "Open http://$ADDRESS:$PORT/apt"
echo "Stop with Ctrl+C."
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
exec "$COCKPIT_WS" --no-tls --local-session=cockpit-bridge --address "$ADDRESS" --port "$PORT"
