#!/usr/bin/env bash
# Measures the local host under load: starts Azurite (data in a temporary folder, as run-local.sh keeps it on
# disk) and the local host on free ports, runs the CLI's load verb (posting rate and latency, need-to-digest
# latency, raw batched Tables inserts for the ratio), prints the figures with the CPU time each process used,
# and stops everything.
#
#   ./scripts/measure-load.sh [NEEDS] [CONCURRENCY] [more load options, e.g. --replays 100]
#
# Defaults: 500 needs, 32 at a time. For comparisons:
#   HOST_QUEUES='{"batchSize":4}'  merged into host.json extensions.queues for this run only
#   AZURITE_MEMORY=1               Azurite keeps everything in memory instead of on disk
#   ROUNDS=N                       runs the load verb N times against the same host and Azurite, whose
#                                  tables keep growing from round to round
#   AZURITE_CPU_PROFILE=DIR        profiles Azurite (node --cpu-prof) and prints where its CPU time went
#   LOAD_JSON=FILE                 where the figures go as JSON (default .localdata/measure-load.json;
#                                  with ROUNDS, one FILE-rN.json per round)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root=$(repo_root)
cd "$root"
needs=${1:-500}
concurrency=${2:-32}
shift $(( $# < 2 ? $# : 2 ))
json_out=${LOAD_JSON:-$root/.localdata/measure-load.json}

ensure_node_deps
blob=$(free_port); queue=$(free_port); table=$(free_port); http=$(free_port)
while [ "$queue" = "$blob" ]; do queue=$(free_port); done
while [ "$table" = "$blob" ] || [ "$table" = "$queue" ]; do table=$(free_port); done
while [ "$http" = "$blob" ] || [ "$http" = "$queue" ] || [ "$http" = "$table" ]; do http=$(free_port); done
url="http://127.0.0.1:$http"
workdir=$(mktemp -d)

AZURITE_PID=""
HOST_PID=""
SAMPLER_PID=""
LOAD_PID=""
cleanup() { stop_pid "$SAMPLER_PID"; stop_pid "$LOAD_PID"; stop_pid "$HOST_PID"; stop_pid "$AZURITE_PID"; rm -rf "$workdir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "Building the local host and the CLI (Release)..."
dotnet build functions/DpgMatch.LocalHost -c Release --nologo -v quiet --tl:off >/dev/null
dotnet build functions/DpgMatch.Cli -c Release --nologo -v quiet --tl:off >/dev/null
host_dir=functions/DpgMatch.LocalHost/bin/Release/net10.0
cli_dll=functions/DpgMatch.Cli/bin/Release/net10.0/dpgmatch.dll

storage_mode=""
[ "${AZURITE_MEMORY:-}" = "1" ] && storage_mode=memory
profile_dir=${AZURITE_CPU_PROFILE:-}
if [ -n "$profile_dir" ]; then
  mkdir -p "$profile_dir"
  profile_dir=$(cd "$profile_dir" && pwd)
  AZURITE_NODE_ARGS="--cpu-prof --cpu-prof-dir=$profile_dir"
fi
AZURITE_NODE_ARGS=${AZURITE_NODE_ARGS:-} start_azurite "$blob" "$queue" "$table" "$workdir/azurite" $storage_mode
storage=$(azurite_connection_string "$blob" "$queue" "$table")

# A copy of host.json, so a comparison run can change the queue listener without touching the repository.
node -e "
  const fs=require('fs'); const h=JSON.parse(fs.readFileSync('$host_dir/host.json','utf8'));
  Object.assign(h.extensions.queues, JSON.parse(process.argv[1] || '{}'));
  fs.writeFileSync('$workdir/host.json', JSON.stringify(h, null, 2));
  console.log('host.json extensions.queues: ' + JSON.stringify(h.extensions.queues));" "${HOST_QUEUES:-}"

admin_key="measure-load-$(node -e "console.log(require('crypto').randomBytes(16).toString('hex'))")"
# The sample settings are the documented local configuration; only addresses and secrets are this run's.
ASPNETCORE_ENVIRONMENT=Development dotnet "$host_dir/DpgMatch.LocalHost.dll" \
  --urls "$url" --LocalSettings "$root/local.settings.sample.json" --HostJson "$workdir/host.json" \
  --MailSink:Directory "$workdir/mail" \
  --AzureWebJobsStorage "$storage" --SendGrid:Host "$url" --Notifications:PublicBaseUrl "$url" \
  --Auth:BootstrapAdminKey "$admin_key" \
  >"$workdir/host.log" 2>&1 &
HOST_PID=$!
for _ in $(seq 1 600); do
  if curl -fsS "$url/api/health" >/dev/null 2>&1; then break; fi
  kill -0 "$HOST_PID" 2>/dev/null || { echo "The local host exited:" >&2; tail -20 "$workdir/host.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS "$url/api/health" >/dev/null || { echo "The local host did not become healthy." >&2; exit 1; }
echo "Azurite (pid $AZURITE_PID${storage_mode:+, in memory}) and the local host (pid $HOST_PID) are up."

# CPU seconds (user + system) of a process, and of the whole machine, from /proc: who is busy while the load
# runs, and how much of the machine other work took (it is shared).
hz=$(getconf CLK_TCK)
cpu_seconds() { awk -v hz="$hz" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat" 2>/dev/null || echo 0; }
machine_seconds() { awk -v hz="$hz" '$1 == "cpu" {printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat; }

mkdir -p "$(dirname "$json_out")"
rounds=${ROUNDS:-1}
status=0
for round in $(seq 1 "$rounds"); do
  round_json=$json_out
  if [ "$rounds" -gt 1 ]; then
    round_json="${json_out%.json}-r$round.json"
    echo; echo "== round $round of $rounds"
  fi
  dotnet "$cli_dll" load --url "$url" --key "$admin_key" --storage "$storage" \
    --needs "$needs" --concurrency "$concurrency" --json "$round_json" "$@" &
  LOAD_PID=$!
  (
    while true; do
      echo "$(date +%s.%N) $(cpu_seconds "$HOST_PID") $(cpu_seconds "$AZURITE_PID") $(cpu_seconds "$LOAD_PID") $(machine_seconds)"
      sleep 1
    done
  ) >"$workdir/cpu.txt" &
  SAMPLER_PID=$!
  wait "$LOAD_PID" || status=$?
  LOAD_PID=""
  stop_pid "$SAMPLER_PID"; SAMPLER_PID=""

  echo
  awk -v cores="$(nproc)" '
    NR == 1 { t0 = $1; h0 = $2; a0 = $3; l0 = $4; m0 = $5 }
    $4 > 0 { t = $1; h = $2; a = $3; l = $4; m = $5 }
    END {
      w = t - t0
      if (w <= 0) exit
      o = (m - m0) - (h - h0) - (a - a0) - (l - l0)
      printf "CPU over %.0f s, in %% of one core (%d cores): local host %.0f%%, Azurite %.0f%%, load tool %.0f%%, other processes %.0f%%\n",
        w, cores, 100 * (h - h0) / w, 100 * (a - a0) / w, 100 * (l - l0) / w, 100 * o / w
    }' "$workdir/cpu.txt"
  echo "CPU per 5 s, % of one core (local host / Azurite / load tool / other):"
  awk '$4 > 0 && (n++ % 5 == 0) {
      if (n > 1) printf "  %3.0fs %3.0f/%.0f/%.0f/%.0f", pt - t0, 100 * ($2 - ph) / ($1 - pt), 100 * ($3 - pa) / ($1 - pt), 100 * ($4 - pl) / ($1 - pt),
        100 * (($5 - pm) - ($2 - ph) - ($3 - pa) - ($4 - pl)) / ($1 - pt)
      else t0 = $1
      pt = $1; ph = $2; pa = $3; pl = $4; pm = $5
    }
    END { print "" }' "$workdir/cpu.txt" | fold -s -w 110
  # The host log holds every round so far; this round's needs are the last NEEDS lines.
  grep -oE 'matches in [0-9.]+ ms' "$workdir/host.log" | tail -n "$needs" | awk '{print $3}' | sort -n | awk '
    { v[NR] = $1 }
    END { if (NR) printf "matching handler, per need (host log): n %d, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms\n", NR, v[int(NR * 0.5 + 0.999)], v[int(NR * 0.95 + 0.999)], v[int(NR * 0.99 + 0.999)] }'
  echo "figures as JSON: $round_json"
done

if [ -n "$profile_dir" ]; then
  # Azurite writes its profile when it exits; stop it here rather than in the cleanup, and read the profile.
  stop_pid "$HOST_PID"; HOST_PID=""
  stop_pid "$AZURITE_PID"; AZURITE_PID=""
  profile=$(ls -t "$profile_dir"/*.cpuprofile 2>/dev/null | head -1)
  if [ -z "$profile" ]; then
    echo "Azurite wrote no CPU profile to $profile_dir." >&2
  else
    echo
    echo "Azurite CPU profile ($profile): share of busy samples under each function (inclusive):"
    node - "$profile" <<'JS'
const p = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
const idle = new Set(['(idle)', '(program)']);
const key = n => `${n.callFrame.functionName || '(anonymous)'} ${(n.callFrame.url || '').replace(/.*node_modules\//, '')}`.trim();
const counts = new Map();
let busy = 0;
for (const id of p.samples) {
  const leaf = byId.get(id);
  if (idle.has(leaf.callFrame.functionName)) continue;
  busy++;
  const seen = new Set();
  for (let n = leaf; n; n = byId.get(parent.get(n.id))) {
    const k = key(n);
    if (!seen.has(k)) { seen.add(k); counts.set(k, (counts.get(k) || 0) + 1); }
  }
}
// Frames of node itself and the outermost Azurite/Express plumbing are under nearly everything; the rest say
// which work the samples were spent on.
const plumbing = /^\(root\)|node:|express|router|layer\.js|dispatch|middleware|Middleware|handleRequest/i;
[...counts.entries()].filter(([k]) => !plumbing.test(k) && !/^\(anonymous\)$/.test(k))
  .sort((a, b) => b[1] - a[1]).slice(0, 20)
  .forEach(([k, v]) => console.log(`  ${(100 * v / busy).toFixed(1).padStart(5)}%  ${k}`));
console.log(`  (${busy} busy samples)`);
JS
  fi
fi
exit "$status"
