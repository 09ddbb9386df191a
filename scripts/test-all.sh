#!/usr/bin/env bash
# `npm test`: the whole suite, as CI runs it. Type-checks, builds, starts a throwaway
# PostgreSQL on loopback, runs vitest (unit + integration, SQLite and PostgreSQL), then the
# Playwright end-to-end tests against the demo in Chromium, and ends with one
# "N passed, N failed" line for both runners together.
set -euo pipefail
cd "$(dirname "$0")/.."
# The project's Node 22 (the `node` package) first, as npm does for `npm test`, also when this
# script is started by hand.
export PATH="$PWD/node_modules/.bin:$PATH"

export PRISMA_SCHEMA_ENGINE_BINARY=${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/false}
export PRISMA_QUERY_ENGINE_LIBRARY=${PRISMA_QUERY_ENGINE_LIBRARY:-/bin/false}
reports=.tmp/test-reports
rm -rf "$reports" && mkdir -p "$reports"

echo "== prisma generate"
node_modules/.bin/prisma generate >/dev/null
echo "== typecheck"
npm run --silent typecheck
echo "== build"
node_modules/.bin/remix vite:build >/dev/null

TEST_POSTGRES_URL=$(scripts/postgres-test-server.sh start)
export TEST_POSTGRES_URL
trap 'scripts/postgres-test-server.sh stop' EXIT

status=0
echo "== vitest"
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json" || status=1
echo "== playwright"
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" node_modules/.bin/playwright test --reporter=list,json || status=1

node scripts/lib/test-summary.mjs "$reports/vitest.json" "$reports/playwright.json" || status=1
exit $status
