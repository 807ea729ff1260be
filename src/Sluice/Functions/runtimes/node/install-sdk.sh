#!/usr/bin/env bash
# Installs the AWS SDK for JavaScript that Sluice's Node.js runtime provides to handlers (as Lambda's
# runtime does), for a Sluice whose own copy is missing: a build installs it in the source tree and a publish
# copies it beside the executable. Target: $SLUICE_HOME/node/node_modules (default ~/.sluice/node); the runtime
# puts it on NODE_PATH. The versions are the ones locked in package-lock.json.
set -euo pipefail
target="${SLUICE_HOME:-$HOME/.sluice}/node"
mkdir -p "$target"
cp "$(dirname "$0")/package.json" "$target/package.json"
cp "$(dirname "$0")/package-lock.json" "$target/package-lock.json"
cd "$target"
npm ci --no-audit --no-fund --loglevel=error
echo "AWS SDK for JavaScript installed in $target/node_modules"
