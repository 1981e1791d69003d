#!/usr/bin/env bash
# Stop what deploy/up.sh started: every service with a pid file, then the broker
# (its state is kept for the next up.sh). Exit 0 when nothing is running.
#
#   MENTORFLOW_RUN_DIR (default <repo>/.run/dev), MENTORFLOW_AMQP_PORT (default 5673)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export MENTORFLOW_RUN_DIR="${MENTORFLOW_RUN_DIR:-$(mf_default_run_dir dev)}"
export MENTORFLOW_AMQP_PORT="${MENTORFLOW_AMQP_PORT:-5673}"
PID_DIR="$MENTORFLOW_RUN_DIR/pids"

stop_pid() { # stop_pid NAME PID
    local name="$1" pid="$2" i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 200; i++)); do # 20 s for a graceful shutdown
        kill -0 "$pid" 2>/dev/null || { mf_log "stopped $name"; return 0; }
        sleep 0.1
    done
    mf_log "$name (pid $pid) ignored SIGTERM for 20s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
}

if [[ -d "$PID_DIR" ]]; then
    shopt -s nullglob
    for f in "$PID_DIR"/*.pid; do
        name="$(basename "$f" .pid)"
        pid="$(tr -dc '0-9' <"$f")"
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            stop_pid "$name" "$pid"
        fi
        rm -f "$f"
    done
fi

MENTORFLOW_STOP_EPMD=1 "$MF_BROKER_SCRIPTS/stop.sh"
