#!/usr/bin/env bash
# The whole test suite: a reproducible lockfile, types, lint, nothing unused (knip), unit + integration tests (real sockets to the fixture DNS server,
# real databases), a production build, and the browser tests. Prints one closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "lockfile (npm install must leave it unchanged)"
node scripts/lockfile.mjs --check
step "CLI build (dist/cli)"
node scripts/build-cli.mjs

step "typecheck"
node_modules/.bin/tsc --noEmit -p .

step "lint"
node_modules/.bin/eslint . --max-warnings=0

step "unused files, exports and dependencies (knip)"
node_modules/.bin/knip --no-progress

step "unit and integration tests (database: ${DATABASE_URL:+PostgreSQL and }PGlite)"
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json"

step "production build"
node_modules/.bin/next build > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
node scripts/build-server.mjs
tail -n 25 "$out/build.log"

step "browser tests (Chromium)"
chromium_path=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium_path" ]; then
  echo "Chromium not found at $chromium_path: install it (apt-get install -y chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi
# Free ports for the app and the fixture DNS server, so a running dev server cannot collide.
read -r app_port dns_port < <(node -e '
const net = require("net");
const a = net.createServer(), b = net.createServer();
a.listen(0, "127.0.0.1", () => b.listen(0, "127.0.0.1", () => {
  console.log(a.address().port, b.address().port); a.close(); b.close();
}));')
export E2E_APP_PORT=${E2E_APP_PORT:-$app_port} E2E_DNS_PORT=${E2E_DNS_PORT:-$dns_port}
PLAYWRIGHT_JSON_OUTPUT_NAME="$out/e2e.json" node_modules/.bin/playwright test --reporter=list,json

node -e '
const fs = require("fs");
const v = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const e = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const passed = v.numPassedTests + (e.stats.expected ?? 0) + (e.stats.flaky ?? 0);
const failed = v.numFailedTests + (e.stats.unexpected ?? 0);
const skipped = v.numPendingTests + v.numTodoTests + (e.stats.skipped ?? 0);
console.log(`\nunit+integration: ${v.numPassedTests} passed, ${v.numFailedTests} failed; browser: ${e.stats.expected} passed, ${e.stats.unexpected} failed`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
' "$out/vitest.json" "$out/e2e.json"
