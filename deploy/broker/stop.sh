#!/usr/bin/env bash
# Stop the private RabbitMQ node started by start.sh (same MENTORFLOW_RUN_DIR and
# MENTORFLOW_AMQP_PORT). Exit 0 if it is not running. State (users, durable queues,
# persistent messages) is kept: start.sh brings the same node back with the same URL.
#
#   MENTORFLOW_STOP_EPMD=1    also stop epmd afterwards if no Erlang node uses it
#   MENTORFLOW_BROKER_STOP_MODE=ctl (default): `rabbitmqctl stop`, then SIGTERM, SIGKILL
#                              =signal: SIGTERM first (graceful too, ~1s faster)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

T0="$(mf_now_ms)"
mf_broker_init
if [[ ! -d "$MF_BROKER_DIR" ]]; then
    mf_log "node $MF_NODE is not running (no $MF_BROKER_DIR)"
    exit 0
fi
mf_broker_lock 180

stop_epmd() {
    [[ "${MENTORFLOW_STOP_EPMD:-0}" == 1 ]] || return 0
    command -v epmd >/dev/null 2>&1 || return 0
    # epmd refuses -kill while any node is registered, so this never hurts
    # another broker.
    if ERL_EPMD_ADDRESS=127.0.0.1 epmd -names 2>/dev/null | grep -q '^name '; then
        return 0
    fi
    ERL_EPMD_ADDRESS=127.0.0.1 epmd -kill >/dev/null 2>&1 || true
}

# wait_gone PID SECONDS
wait_gone() {
    local pid="$1" deadline=$((SECONDS + $2))
    while kill -0 "$pid" 2>/dev/null; do
        # A zombie (no init reaping it) is gone for our purposes.
        [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" == Z ]] && return 0
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

if ! pid="$(mf_broker_pid)"; then
    rm -f "$MF_PID_FILE"
    mf_log "node $MF_NODE is not running"
    stop_epmd
    exit 0
fi

mf_log "stopping node $MF_NODE (pid $pid)"
case "${MENTORFLOW_BROKER_STOP_MODE:-ctl}" in
ctl)
    # `rabbitmqctl stop PIDFILE` stops the node and waits for the OS process to exit.
    if ! MF_CTL_TIMEOUT="${MENTORFLOW_BROKER_STOP_TIMEOUT:-60}" mf_ctl stop --idempotent "$MF_PID_FILE" >/dev/null 2>&1; then
        mf_log "rabbitmqctl stop failed or timed out"
    fi
    grace=15
    ;;
signal) grace=0 ;;
*) mf_die "MENTORFLOW_BROKER_STOP_MODE must be ctl or signal" ;;
esac
if ! wait_gone "$pid" "$grace"; then
    # RabbitMQ handles SIGTERM as a graceful shutdown (queues and stores closed).
    ((grace == 0)) || mf_log "node still alive: SIGTERM"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" 30; then
        mf_log "node still alive after SIGTERM: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone "$pid" 10 || mf_die "could not stop pid $pid"
    fi
fi
rm -f "$MF_PID_FILE"
stop_epmd
mf_log "node $MF_NODE stopped in $(mf_elapsed "$T0")"
