#!/usr/bin/env bash
# Installs the AWS SDK for JavaScript that Sluice's Node.js runtime provides to handlers (as Lambda's
# runtime does), for a Sluice that runs outside its source tree (there, scripts/setup installs it beside
# this script). Target: $SLUICE_HOME/node/node_modules (default ~/.sluice/node); the runtime puts it on NODE_PATH.
set -euo pipefail
target="${SLUICE_HOME:-$HOME/.sluice}/node"
mkdir -p "$target"
cp "$(dirname "$0")/package.json" "$target/package.json"
[ -f "$(dirname "$0")/package-lock.json" ] && cp "$(dirname "$0")/package-lock.json" "$target/package-lock.json"
cd "$target"
npm install --no-audit --no-fund --loglevel=error
echo "AWS SDK for JavaScript installed in $target/node_modules"
