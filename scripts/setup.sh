#!/usr/bin/env bash
# Brings in what a fresh clone lacks, before `npm run web` (setup.sh web) or `npm test` (setup.sh
# test): the system's etcd (and, for the tests, Chromium, openssl and a font for screenshots),
# installed with apt when run as root, or else the one command to run, printed; and the npm
# packages, whenever node_modules is missing or was installed from another lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
need=${1:-test}

# Node first: everything else runs on it.
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' || {
  echo "Quorum needs Node.js 20.19 or newer; this is $(node --version)." >&2
  exit 1
}

missing=()
command -v etcd >/dev/null || [ -n "${QUORUM_ETCD_BIN:-}" ] || missing+=(etcd-server)
if [ "$need" = test ]; then
  command -v etcdctl >/dev/null || missing+=(etcd-client)
  [ -x "${QUORUM_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  command -v openssl >/dev/null || missing+=(openssl)
  fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
  # Reactions in the screenshots are emoji: without a font for them they are empty boxes.
  fc-list 2>/dev/null | grep -qi 'color emoji' || missing+=(fonts-noto-color-emoji)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing from the system's packages: ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "Quorum needs ${missing[*]} from your system's packages. Install them, then run this again:" >&2
    echo >&2
    echo "  sudo apt install ${missing[*]}" >&2
    exit 1
  fi
fi

# The npm packages, as the lockfile names them. The Electron binary cannot be downloaded
# everywhere; `npm start` says how to fetch it where it is missing.
lock_hash=$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync("package-lock.json")).digest("hex"))')
stamp=node_modules/.quorum-lockfile
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "Installing the npm packages (package-lock.json changed, or none are installed yet)…"
  ELECTRON_SKIP_BINARY_DOWNLOAD=${ELECTRON_SKIP_BINARY_DOWNLOAD:-1} npm ci --no-audit --no-fund
  echo "$lock_hash" > "$stamp"
fi
