#!/usr/bin/env bash
# Starts the action server and the Rasa server (or `rasa shell` with --shell); Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=5055 # endpoints.yml points Rasa here
MODEL=models/sonopath.tar.gz
PY=.venv/bin/python
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p var

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

# Waits until URL answers; gives up when the process PID dies or after 180 s.
wait_for() {
  local url=$1 pid=$2
  for _ in $(seq 1 360); do
    kill -0 "$pid" 2>/dev/null || { echo "A SonoPath server stopped while starting; see the messages above." >&2; return 1; }
    "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "$url did not answer within 180 s." >&2
  return 1
}

.venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
wait_for "http://localhost:$ACTIONS_PORT/health" "${pids[0]}"

if [ "${1:-}" = "--shell" ]; then
  .venv/bin/rasa shell --model "$MODEL" --endpoints endpoints.yml
  exit 0
fi

.venv/bin/rasa run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml \
  --port "$RASA_PORT" --cors "${SONOPATH_CORS_ORIGIN:-http://localhost:$RASA_PORT}" &
pids+=($!)
wait_for "http://localhost:$RASA_PORT/" "${pids[1]}"
cat <<MSG

SonoPath is ready: open http://localhost:$RASA_PORT/chat/

  (REST for scripts: curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"How much does a PACS administrator earn?"}')
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
