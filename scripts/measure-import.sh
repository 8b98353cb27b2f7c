#!/usr/bin/env bash
# Measures, in one run against one in-memory Azurite: the time to import the bundled DPG catalogue, and the
# raw batched-upsert time of the same listing documents with the Tables SDK; prints both and their ratio.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root=$(repo_root)
cd "$root"
ensure_node_deps
blob=$(free_port); queue=$(free_port); table=$(free_port)
workdir=$(mktemp -d)
AZURITE_PID=""
trap 'stop_pid "$AZURITE_PID"; rm -rf "$workdir"' EXIT
start_azurite "$blob" "$queue" "$table" "$workdir/azurite" memory
DPGMATCH_BENCH_STORAGE=$(azurite_connection_string "$blob" "$queue" "$table") \
  dotnet run --project tests/DpgMatch.Benchmarks -c Release -- "$root/data/dpg-registry" "${1:-5}"
