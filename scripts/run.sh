#!/usr/bin/env bash
# Starts SonoPath. The one place that says how its servers are started; the tests start them
# through this script too.
#
#   scripts/run.sh           action server and Rasa server; Ctrl-C stops both (make run)
#   scripts/run.sh --shell   action server and `rasa shell` in this terminal (make shell)
#   scripts/run.sh rasa      only the Rasa server (replicas; the action server runs elsewhere)
#   scripts/run.sh actions   only the action server
#
# Each server runs under scripts/supervise.sh, which starts it again when it stops (a crash, a kill),
# after a pause that grows on repeated crashes (its settings: SONOPATH_RESTART_*, SONOPATH_MAX_CRASHES).
#
# Settings (environment):
#   RASA_PORT (5005), SONOPATH_ACTIONS_PORT (5055)
#   SONOPATH_MODEL            the trained model (models/sonopath.tar.gz)
#   SONOPATH_ENDPOINTS        endpoints file (endpoints.yml: SQLite; endpoints.production.yml:
#                             PostgreSQL + Redis, configured by SONOPATH_DB_* / SONOPATH_REDIS_*)
#   SONOPATH_ALLOWED_ORIGINS  comma-separated web origins allowed to call REST and socket.io
#                             (default: only the server's own page)
#   SONOPATH_ENABLE_API       "true" turns Rasa's HTTP API on; it then requires SONOPATH_API_TOKEN
#   SONOPATH_ACTION_TIMEOUT   seconds a custom action may take before the person is told (3.5)
#   SONOPATH_SPEEDUPS         "off" leaves out the speed-ups of rasa_patches (the action guard stays)
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-all}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${SONOPATH_ACTIONS_PORT:-5055}
ENDPOINTS=${SONOPATH_ENDPOINTS:-endpoints.yml}
MODEL=${SONOPATH_MODEL:-models/sonopath.tar.gz}
# The project's virtualenv; in a container image, whatever is on PATH.
BIN=.venv/bin
if [ ! -x "$BIN/rasa" ]; then
  command -v rasa >/dev/null || { echo "Rasa is not installed here: run 'make setup' first." >&2; exit 1; }
  BIN=$(dirname "$(command -v rasa)")
fi
PY=$BIN/python
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
# Both endpoints files read the action server's URL from here; by default it is the local one.
export SONOPATH_ACTION_SERVER_URL=${SONOPATH_ACTION_SERVER_URL:-http://localhost:$ACTIONS_PORT/webhook}
[ "$ENDPOINTS" != endpoints.yml ] || mkdir -p var # its SQLite tracker store

actions_command=("$BIN/rasa" run actions --actions actions --port "$ACTIONS_PORT")
# Rasa's command line with SonoPath's Rasa patches installed first (rasa_patches/__init__.py).
patched_rasa=("$PY" -m rasa_patches)

rasa_command() {
  local origins=() origin listed=()
  IFS=',' read -r -a listed <<<"${SONOPATH_ALLOWED_ORIGINS:-}"
  for origin in ${listed[@]+"${listed[@]}"}; do
    origin=$(echo "$origin" | xargs) # trims spaces around each origin
    [ -z "$origin" ] || origins+=("$origin")
  done
  [ "${#origins[@]}" -gt 0 ] || origins=("http://localhost:$RASA_PORT")
  local api=()
  if [ "${SONOPATH_ENABLE_API:-false}" = true ]; then
    if [ -z "${SONOPATH_API_TOKEN:-}" ]; then
      echo "SONOPATH_ENABLE_API=true needs SONOPATH_API_TOKEN: the HTTP API never runs without a token." >&2
      return 2
    fi
    api=(--enable-api --auth-token "$SONOPATH_API_TOKEN")
  fi
  rasa_args=("${patched_rasa[@]}" run --model "$MODEL" --endpoints "$ENDPOINTS" --credentials credentials.yml
    --port "$RASA_PORT" --cors "${origins[@]}" ${api[@]+"${api[@]}"})
}

supervise=scripts/supervise.sh
case "$MODE" in
  actions) exec "$supervise" "action server" "${actions_command[@]}" ;;
  rasa) rasa_command; exec "$supervise" "Rasa server" "${rasa_args[@]}" ;;
  all | --shell) ;;
  *) echo "usage: scripts/run.sh [--shell | rasa | actions]" >&2; exit 2 ;;
esac

pids=()
# Stops the supervisors (each stops its server) and exits: with the script's own status on exit, 130
# after Ctrl-C, 143 after SIGTERM.
stop() {
  local code=${1:-$?}
  trap - EXIT INT TERM
  for pid in ${pids[@]+"${pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  exit "$code"
}
trap stop EXIT
trap 'stop 130' INT
trap 'stop 143' TERM

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

"$supervise" "action server" "${actions_command[@]}" &
pids+=($!)
wait_for "http://localhost:$ACTIONS_PORT/health" "${pids[0]}"

if [ "$MODE" = --shell ]; then
  "${patched_rasa[@]}" shell --model "$MODEL" --endpoints "$ENDPOINTS"
  exit 0
fi

rasa_command
"$supervise" "Rasa server" "${rasa_args[@]}" &
pids+=($!)
wait_for "http://localhost:$RASA_PORT/" "${pids[1]}"
cat <<MSG

SonoPath is ready: open http://localhost:$RASA_PORT/chat/

  (REST for scripts: curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"How much does a PACS administrator earn?"}')
A server that stops is started again. Press Ctrl-C to stop.
MSG
# Returns only when a server keeps failing and its supervisor gives up; the trap stops the other one.
wait -n "${pids[@]}" || true
echo "A SonoPath server kept stopping and was not started again; see the messages above." >&2
exit 1
