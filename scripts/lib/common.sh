# Shared by the run and test scripts: Node dependencies and the Azurite storage emulator.
# Azurite is started as its own node process (not through npx), so its PID is the one to stop.

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

ensure_node_deps() {
  local root; root=$(repo_root)
  if [ ! -x "$root/node_modules/.bin/azurite" ]; then
    echo "Installing Azurite from package.json..."
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"
}

wait_for_port() { # host port seconds
  local deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
  return 0
}

# start_azurite BLOB QUEUE TABLE DIR [memory]; sets AZURITE_PID. Data goes to DIR unless "memory".
start_azurite() {
  local root; root=$(repo_root)
  mkdir -p "$4"
  local storage=(--location "$4")
  [ "${5:-}" = "memory" ] && storage=(--inMemoryPersistence)
  # AZURITE_NODE_ARGS: extra node options, e.g. --cpu-prof, which node refuses in NODE_OPTIONS.
  # shellcheck disable=SC2086
  node ${AZURITE_NODE_ARGS:-} "$root/node_modules/azurite/dist/src/azurite.js" \
    --silent --skipApiVersionCheck --disableTelemetry \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$1" --queuePort "$2" --tablePort "$3" \
    "${storage[@]}" >"$4/azurite.log" 2>&1 &
  AZURITE_PID=$!
  for port in "$1" "$2" "$3"; do
    if ! wait_for_port 127.0.0.1 "$port" 60; then
      echo "Azurite did not start; see $4/azurite.log" >&2
      return 1
    fi
  done
}

# Stops a process by PID: SIGTERM, then SIGKILL if it is still alive after a few seconds.
stop_pid() {
  local pid=$1
  [ -z "$pid" ] && return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

azurite_connection_string() { # BLOB QUEUE TABLE
  # The well-known development account key that Azurite publishes; it protects nothing.
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$2/devstoreaccount1;TableEndpoint=http://127.0.0.1:$3/devstoreaccount1;"
}
