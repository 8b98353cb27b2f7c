#!/usr/bin/env bash
# Measures matching latency (bundled catalogue and 100,000 synthetic listings), the BM25-only query on the
# same index, and training time on 100,000 feedback rows. No storage needed. Writes nothing; prints figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet run --project tests/DpgMatch.Benchmarks -c Release -- matching "$PWD/data/dpg-registry"
