#!/usr/bin/env bash
# Starts the action server and the Rasa server (or `rasa shell` with --shell); Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=5055 # endpoints.yml points Rasa here
MODEL=models/sonopath.tar.gz
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p var

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

.venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)

if [ "${1:-}" = "--shell" ]; then
  .venv/bin/rasa shell --model "$MODEL" --endpoints endpoints.yml
  exit 0
fi

.venv/bin/rasa run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml \
  --port "$RASA_PORT" --cors "${SONOPATH_CORS_ORIGIN:-http://localhost:$RASA_PORT}" &
pids+=($!)

for _ in $(seq 1 180); do
  if curl -fs "http://localhost:$RASA_PORT/" >/dev/null 2>&1; then
    cat <<MSG

SonoPath is ready: open http://localhost:$RASA_PORT/chat/

  (REST for scripts: curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"How much does a PACS administrator earn?"}')
Press Ctrl-C to stop.
MSG
    break
  fi
  sleep 1
done
wait -n "${pids[@]}"
