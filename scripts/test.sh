#!/usr/bin/env bash
# `npm test`, everything CI runs: first what a fresh clone lacks (scripts/setup.sh), then types,
# lint, build, Electron security checks (electronegativity), unit + integration tests on a real
# etcd cluster, end-to-end tests in real Chromium, and a smoke run of the history benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
npm run typecheck
npm run lint
npm run build
npm run check:electron
npx vitest run
npx playwright test
# The benchmark keeps working: a small run must print its JSON figures as its last line.
npx tsx bench/history.ts --messages 2000 --opens 2 --jumps 2 --scroll-messages 300 | tail -n 1 |
  node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8")); if (!(r.messages === 2000 && r.open_ms > 0 && r.dom_messages_max > 0)) process.exit(1); console.log("history benchmark smoke run:", JSON.stringify(r))'
