#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs Cockpit's web server for the demo in the foreground, open to any number
# of browser sessions, one after another and at once, until it is stopped:
#
#   bash scripts/run-cockpit.sh ADDRESS PORT
#
# `cockpit-ws --local-session` would serve exactly one session, which ends for
# good at Session -> Log out or an idle timeout (every later visit then gets a
# login page nobody can pass). Here cockpit-ws runs as a normal web server
# whose login commands are scripts/demo-session.sh, which starts a bridge for
# whoever asks:
#  - a visit without credentials logs in at once: Cockpit's login page first
#    tries a login without a password (the "Negotiate" scheme), which succeeds;
#  - after Session -> Log out, the login page stays (Cockpit does not log in
#    again by itself after an explicit log out); any user name and password
#    pass there (the "Basic" scheme), and reloading the page also logs in.
# Every session's bridge runs as the user running this script, with its
# environment (PATH, XDG_DATA_DIRS, the demo's APT_CONFIG...), as
# --local-session's did. npm start (scripts/start.sh) and the end-to-end test
# of the demo's sessions (test/e2e/demo-sessions.test.ts) both run this.
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: run-cockpit.sh ADDRESS PORT" >&2
    exit 2
fi
ADDRESS="$1"
PORT="$2"
REPO="$(cd "$(dirname "$0")/.." && pwd)"

COCKPIT_WS=""
for candidate in /usr/lib/cockpit/cockpit-ws /usr/libexec/cockpit-ws "$(command -v cockpit-ws || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then COCKPIT_WS="$candidate"; break; fi
done
if [ -z "$COCKPIT_WS" ]; then
    echo "run-cockpit.sh: cockpit-ws not found (Debian package cockpit-ws)" >&2
    exit 1
fi

# cockpit-ws reads $XDG_CONFIG_DIRS/cockpit/cockpit.conf. The file is the same
# for every run, so runs at once (tests) may each write it: written aside, then renamed.
CONFIG_DIR="$REPO/build/cockpit-demo-config"
mkdir -p "$CONFIG_DIR/cockpit"
SESSION="$REPO/scripts/demo-session.sh"
tmp="$(mktemp "$CONFIG_DIR/cockpit/cockpit.conf.XXXXXX")"
cat >"$tmp" <<CONF
# Written by scripts/run-cockpit.sh for the demo: every login starts a bridge, no password checked.
[Negotiate]
Command = $SESSION

[Basic]
Command = $SESSION

[Session]
IdleTimeout = 0
CONF
chmod 644 "$tmp"
mv -f "$tmp" "$CONFIG_DIR/cockpit/cockpit.conf"

export XDG_CONFIG_DIRS="$CONFIG_DIR"
exec "$COCKPIT_WS" --no-tls --address "$ADDRESS" --port "$PORT"
