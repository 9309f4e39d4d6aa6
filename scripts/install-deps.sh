#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Installs everything cockpit-apt needs to build, test and run its demo on a
# Debian machine: Debian packages (when root; otherwise says which command to
# run) and the npm packages of package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
    apt dpkg-dev fakeroot          # dpkg-deb, dpkg-scanpackages for test and demo repositories
    python3-apt                    # the differential test's oracle
    appstream                      # appstreamcli: the AppStream tests' oracle (test/support/appstream-oracle.ts)
    cockpit-ws cockpit-bridge cockpit-system   # the real Cockpit for npm start and end-to-end tests
    chromium                       # the real browser for end-to-end tests
    lz4 zstd xz-utils              # compressed index files in sandbox roots
    lintian                        # checks the built .deb packages
    hyperfine                      # the benchmark's timer
    gettext                        # xgettext, msgmerge, msgfmt: the translations (scripts/i18n.mjs, build.mjs)
    needrestart unattended-upgrades   # system status (services to restart) and automatic updates, parsed from real runs
)

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
    [ "${p:0:1}" = "#" ] && continue
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "Installing Debian packages: ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        # An index older than a day may name versions the mirror no longer has.
        if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
            apt-get update -q >&2
        fi
        apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || {
            apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
        }
    else
        echo "Missing Debian packages. Run as root:" >&2
        echo "  apt-get update && apt-get install --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
fi

# npm packages: install when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing npm packages" >&2
    npm ci --no-audit --no-fund >&2
fi
