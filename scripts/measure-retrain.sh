#!/usr/bin/env bash
# Measures retraining on the bundled catalogue: starts Azurite (in memory) and the local host (Release) on free
# ports, waits for the catalogue import, then asks for N retrains (default 3) one after another as an analyst.
# Prints each one's time from POST /api/model/retrain to its verdict, the time the job itself recorded (catalogue,
# cold start, training, measurements) and the verdict. The settings are the sample's, so 300 trees.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root=$(repo_root)
cd "$root"
runs=${1:-3}

ensure_node_deps
blob=$(free_port); queue=$(free_port); table=$(free_port); http=$(free_port)
workdir=$(mktemp -d)
AZURITE_PID=""
HOST_PID=""
trap 'stop_pid "$HOST_PID"; stop_pid "$AZURITE_PID"; rm -rf "$workdir"' EXIT
start_azurite "$blob" "$queue" "$table" "$workdir/azurite" memory

url="http://127.0.0.1:$http"
admin_key="measure-retrain-admin-$RANDOM$RANDOM"
dotnet build functions/DpgMatch.LocalHost -c Release --nologo -v quiet --tl:off
ASPNETCORE_ENVIRONMENT=Development dotnet functions/DpgMatch.LocalHost/bin/Release/net10.0/DpgMatch.LocalHost.dll \
  --urls "$url" --LocalSettings "$root/local.settings.sample.json" --MailSink:Directory "$workdir/mail" \
  --AzureWebJobsStorage "$(azurite_connection_string "$blob" "$queue" "$table")" \
  --SendGrid:Host "$url" --Auth:BootstrapAdminKey "$admin_key" --Logging:LogLevel:Default Warning >"$workdir/host.log" 2>&1 &
HOST_PID=$!

json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=JSON.parse(s);console.log($1)})"; }
for _ in $(seq 1 1200); do
  total=$(curl -fsS "$url/api/listings?pageSize=1" 2>/dev/null | json "v.total" 2>/dev/null || echo 0)
  [ "$total" -ge 228 ] && break
  kill -0 "$HOST_PID" 2>/dev/null || { cat "$workdir/host.log" >&2; exit 1; }
  sleep 0.5
done
echo "local host at $url with $total listings"

key=$(curl -fsS -X POST "$url/api/admin/principals" -H "Authorization: Bearer $admin_key" -H "Content-Type: application/json" \
  -d '{"role":"analyst","organisation":"Retrain measurement","email":"analyst@example.org"}' | json "v.key")

for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  id=$(curl -fsS -X POST "$url/api/model/retrain" -H "Authorization: Bearer $key" | json "v.id")
  while :; do
    version=$(curl -fsS "$url/api/model/versions/$id" -H "Authorization: Bearer $key")
    status=$(echo "$version" | json "v.status")
    case "$status" in promoted|rejected|failed) break ;; esac
    if [ $(( ($(date +%s%N) - t0) / 1000000000 )) -gt 900 ]; then echo "run $i: no verdict within 15 minutes" >&2; exit 1; fi
    sleep 0.2
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "run $i: $id $status in ${ms} ms; the job: $(echo "$version" | json "v.trainingSeconds + ' s, ' + v.trainer + ', ' + v.counts.trainingRows + ' rows, benchmark nDCG@10 ' + v.evaluations.filter(e => e.set === 'benchmark').map(e => e.candidate.ndcgAt10.toFixed(3) + (e.active ? ' against ' + e.active.ndcgAt10.toFixed(3) : ''))")"
done
