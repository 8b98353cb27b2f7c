#!/usr/bin/env bash
# Runs DpgMatch locally: installs Azurite if needed, starts it on 127.0.0.1 (data kept in .localdata/),
# starts the local host on http://127.0.0.1:7071 (which imports the bundled DPG catalogue), and stops
# both on Ctrl+C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root=$(repo_root)
cd "$root"
url=${DPGMATCH_URL:-http://127.0.0.1:7071}

ensure_node_deps
[ -f local.settings.json ] || { cp local.settings.sample.json local.settings.json; echo "Created local.settings.json from the sample."; }

AZURITE_PID=""
HOST_PID=""
cleanup() { stop_pid "$HOST_PID"; stop_pid "$AZURITE_PID"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if wait_for_port 127.0.0.1 10001 0; then
  echo "Storage emulator already listening on 127.0.0.1:10000-10002; using it."
else
  start_azurite 10000 10001 10002 "$root/.localdata/azurite"
  echo "Azurite started (pid $AZURITE_PID), data in .localdata/azurite"
fi

echo "Building and starting the local host..."
dotnet build functions/DpgMatch.LocalHost -c Release --nologo -v quiet --tl:off
ASPNETCORE_ENVIRONMENT=Development dotnet functions/DpgMatch.LocalHost/bin/Release/net10.0/DpgMatch.LocalHost.dll \
  --urls "$url" --LocalSettings "$root/local.settings.json" --MailSink:Directory "$root/.localdata/mail" &
HOST_PID=$!

for _ in $(seq 1 600); do
  if curl -fsS "$url/api/health" >/dev/null 2>&1; then break; fi
  kill -0 "$HOST_PID" 2>/dev/null || { echo "The local host exited; see the log above." >&2; exit 1; }
  sleep 0.2
done
curl -fsS "$url/api/health" >/dev/null || { echo "The local host did not become healthy." >&2; exit 1; }

admin_key=$(node -e "console.log(require('./local.settings.json').Values.Auth__BootstrapAdminKey)")
cat <<INFO

DpgMatch is running at $url (the DPG catalogue is imported). Ctrl+C stops it and Azurite.

1. Create an officer's API key (the key is shown once):
   curl -s -X POST $url/api/admin/principals -H "Authorization: Bearer $admin_key" \\
     -H "Content-Type: application/json" \\
     -d '{"role":"officer","organisation":"Nairobi County","email":"officer@example.org"}'

2. Post a need with that key:
   curl -si -X POST $url/api/needs -H "Authorization: Bearer <key>" -H "Content-Type: application/json" \\
     -d '{"title":"County health facility monthly reporting system","description":"County health facilities report monthly service statistics (immunisation, maternal health, malaria) with dashboards and indicators; data entry must work offline.","sector":"Health","sdgs":[3],"country":"Kenya","constraints":["must support offline data entry"],"buyer":"county government","contactEmail":"officer@example.org"}'

3. Read the ranked matches, and the digest the officer was mailed:
   curl -s $url/api/needs/<id>/matches -H "Authorization: Bearer <key>"
   curl -s $url/dev/mail

INFO
wait "$HOST_PID"
