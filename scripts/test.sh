#!/usr/bin/env bash
# Everything CI runs: types, lint, build, unit + integration tests on a real etcd cluster, and
# end-to-end tests in real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run typecheck
npm run lint
npm run build
npx vitest run
npx playwright test
