#!/usr/bin/env bash
# Keeps one server running: starts it again when it stops, after a pause that grows on repeated
# crashes. scripts/run.sh starts every server through this.
#
#   scripts/supervise.sh NAME COMMAND [ARG...]
#
# A run that lasted SONOPATH_RESTART_RESET_S seconds (60) counts as healthy: the next pause is the
# first one again. After SONOPATH_MAX_CRASHES stops in a row without a healthy run (5) it gives up and
# exits with the server's last exit code, so that a server that cannot start at all (no model, port
# taken) is reported instead of retried for ever. SIGTERM or SIGINT stops the server and this script.
#
# Settings (environment): SONOPATH_RESTART_DELAY_S (first pause, 1), SONOPATH_RESTART_MAX_DELAY_S
# (longest pause, 30), SONOPATH_RESTART_RESET_S (60), SONOPATH_MAX_CRASHES (5), SONOPATH_STOP_TIMEOUT_S
# (seconds a server has to stop on SIGTERM before it is killed, 15).
set -uo pipefail

[ $# -ge 2 ] || { echo "usage: scripts/supervise.sh NAME COMMAND [ARG...]" >&2; exit 2; }
name=$1
shift
first_delay=${SONOPATH_RESTART_DELAY_S:-1}
max_delay=${SONOPATH_RESTART_MAX_DELAY_S:-30}
reset_after=${SONOPATH_RESTART_RESET_S:-60}
max_crashes=${SONOPATH_MAX_CRASHES:-5}
stop_timeout=${SONOPATH_STOP_TIMEOUT_S:-15}

child=
# Asks the server to stop, and kills it if it has not within stop_timeout seconds.
stop() {
  trap - TERM INT
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null
    sleep "$stop_timeout" &
    local timer=$!
    wait -n "$child" "$timer" 2>/dev/null # whichever ends first (and is reaped)
    if kill "$timer" 2>/dev/null; then
      wait "$timer" 2>/dev/null
    else
      kill -KILL "$child" 2>/dev/null && log "did not stop within ${stop_timeout}s; killed."
      wait "$child" 2>/dev/null
    fi
  fi
  exit 0
}
trap stop TERM INT

log() { echo "$(date -u '+%Y-%m-%d %H:%M:%S') supervise: the $name $*" >&2; }

delay=$first_delay
crashes=0
while true; do
  started=$SECONDS
  "$@" &
  child=$!
  code=0
  wait "$child" || code=$?
  child=
  if [ $((SECONDS - started)) -ge "$reset_after" ]; then
    delay=$first_delay
    crashes=0
  fi
  crashes=$((crashes + 1))
  if [ "$crashes" -ge "$max_crashes" ]; then
    log "stopped (exit code $code) $crashes times in a row; giving up."
    exit "$((code == 0 ? 1 : code))"
  fi
  log "stopped (exit code $code); starting it again in ${delay}s."
  sleep "$delay" &
  child=$!
  wait "$child" || true
  child=
  delay=$(awk -v d="$delay" -v m="$max_delay" 'BEGIN { d *= 2; print (d > m ? m : d) }')
done
