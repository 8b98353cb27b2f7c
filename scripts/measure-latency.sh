#!/usr/bin/env bash
# Measures end-to-end latency on the local host: from POST /api/needs to the officer's digest in the
# mail sink, for N needs posted one after another (default 10). Prints each and the median.
# Uses a running local host at $DPGMATCH_URL, or starts one with run-local.sh and stops it afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root=$(repo_root)
cd "$root"
url=${DPGMATCH_URL:-http://127.0.0.1:7071}
runs=${1:-10}

started=""
if ! curl -fsS "$url/api/health" >/dev/null 2>&1; then
  mkdir -p "$root/.localdata"
  ./scripts/run-local.sh >"$root/.localdata/measure-run.log" 2>&1 &
  started=$!
  trap 'kill -TERM "$started" 2>/dev/null; wait "$started" 2>/dev/null || true' EXIT
  for _ in $(seq 1 900); do curl -fsS "$url/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
fi

json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=JSON.parse(s);console.log($1)})"; }
admin_key=$(json "v.Values.Auth__BootstrapAdminKey" <local.settings.json)
key=$(curl -fsS -X POST "$url/api/admin/principals" -H "Authorization: Bearer $admin_key" -H "Content-Type: application/json" \
  -d "{\"role\":\"officer\",\"organisation\":\"Latency County $RANDOM\",\"email\":\"latency@example.org\"}" | json "v.key")

times=()
for i in $(seq 1 "$runs"); do
  contact="latency-$(date +%s%N)-$i@example.org"
  body="{\"title\":\"County health facility monthly reporting system\",\"description\":\"County health facilities report monthly service statistics (immunisation, maternal health, malaria) with dashboards and indicators; data entry must work offline.\",\"sector\":\"Health\",\"sdgs\":[3],\"country\":\"Kenya\",\"constraints\":[\"must support offline data entry\"],\"buyer\":\"county government\",\"contactEmail\":\"$contact\"}"
  t0=$(date +%s%N)
  curl -fsS -o /dev/null -X POST "$url/api/needs" -H "Authorization: Bearer $key" -H "Content-Type: application/json" -d "$body"
  until curl -fsS "$url/dev/mail" | grep -q "$contact"; do
    if [ $(( ($(date +%s%N) - t0) / 1000000 )) -gt 60000 ]; then echo "run $i: no email within 60 s" >&2; exit 1; fi
    sleep 0.02
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
done

median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}')
echo "median of $runs: ${median} ms (POST /api/needs to the digest in the mail sink)"
