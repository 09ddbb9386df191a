#!/usr/bin/env bash
# `npm test`: the whole suite, as CI runs it. Type-checks, builds, starts a throwaway
# PostgreSQL on loopback, runs vitest (unit + integration, SQLite and PostgreSQL), then the
# Playwright end-to-end tests against the demo in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

export PRISMA_SCHEMA_ENGINE_BINARY=${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/false}
export PRISMA_QUERY_ENGINE_LIBRARY=${PRISMA_QUERY_ENGINE_LIBRARY:-/bin/false}

echo "== prisma generate"
node_modules/.bin/prisma generate >/dev/null
echo "== typecheck"
npm run --silent typecheck
echo "== build"
node_modules/.bin/remix vite:build >/dev/null

mkdir -p .tmp
TEST_POSTGRES_URL=$(scripts/postgres-test-server.sh start)
export TEST_POSTGRES_URL
trap 'scripts/postgres-test-server.sh stop' EXIT

echo "== vitest"
node_modules/.bin/vitest run
echo "== playwright"
node_modules/.bin/playwright test
