#!/usr/bin/env bash
# Installs the AWS SDK for JavaScript that Sluice's Node.js runtime provides to handlers (as
# Lambda's runtime does), so handlers can `require`/`import` @aws-sdk/client-s3 without bundling it.
# Target: $SLUICE_HOME/node/node_modules (default ~/.sluice/node/node_modules); the runtime puts it on NODE_PATH.
set -euo pipefail
target="${SLUICE_HOME:-$HOME/.sluice}/node"
mkdir -p "$target"
cd "$target"
[ -f package.json ] || printf '{"name":"sluice-node-runtime-sdk","private":true}\n' > package.json
npm install --no-audit --no-fund --loglevel=error @aws-sdk/client-s3@3
echo "AWS SDK for JavaScript installed in $target/node_modules"
