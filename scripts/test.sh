#!/usr/bin/env bash
# Runs the whole test suite: installs Azurite if needed, starts it on free ports (in memory), runs
# every test project against it, stops it, and ends with "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root=$(repo_root)
cd "$root"

ensure_node_deps || exit 1

blob=$(free_port); queue=$(free_port); table=$(free_port)
while [ "$queue" = "$blob" ]; do queue=$(free_port); done
while [ "$table" = "$blob" ] || [ "$table" = "$queue" ]; do table=$(free_port); done
workdir=$(mktemp -d)
AZURITE_PID=""
trap 'stop_pid "$AZURITE_PID"; rm -rf "$workdir"' EXIT
start_azurite "$blob" "$queue" "$table" "$workdir/azurite" memory || exit 1
echo "Azurite (pid $AZURITE_PID) on 127.0.0.1 ports $blob/$queue/$table"

export DPGMATCH_TEST_STORAGE
DPGMATCH_TEST_STORAGE=$(azurite_connection_string "$blob" "$queue" "$table")

results="$root/TestResults"
rm -rf "$results"
dotnet test "$root/DpgMatch.sln" --results-directory "$results" --logger "trx" "$@" 2>&1 | tee "$workdir/test.log"
status=${PIPESTATUS[0]}

# Sum the per-project summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12").
passed=$(grep -Eo 'Passed: +[0-9]+' "$workdir/test.log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$workdir/test.log" | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the test host failed before any test could report
fi
echo "$passed passed, $failed failed"
exit "$status"
