#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# npm test: everything, in order of cost. The checks before the tests (type check, lint, format,
# translations) stop it at once; the test projects all run, and any failure fails the whole.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
node build.mjs

echo "== type check" && npx tsc -p tsconfig.json --noEmit
echo "== lint" && npx eslint . --max-warnings 0
echo "== format" && npx prettier --check . --log-level warn && node scripts/add-spdx.mjs --check
echo "== translations" && node scripts/i18n.mjs check

status=0
for project in unit ui integration differential e2e; do
    # A project with no test files yet is not an error; vitest says so and exits 1.
    echo "== vitest --project $project"
    # Integration, differential and e2e tests each start real apt/dpkg/Cockpit: one file at a time on 2 cores.
    extra=()
    [ "$project" = unit ] || [ "$project" = ui ] || extra=(--no-file-parallelism)
    npx vitest run --project "$project" --passWithNoTests "${extra[@]}" || status=1
done
exit $status
