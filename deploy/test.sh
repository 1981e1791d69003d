#!/usr/bin/env bash
# THE test command: installs what is missing, builds the package and its tests,
# starts a private RabbitMQ for them, runs `swift test "$@"` and always stops the
# broker again (also on failure and Ctrl-C). Exit code = swift test's.
#
#   deploy/test.sh                       # everything
#   deploy/test.sh --filter AMQPTests    # extra args go to `swift test`
#
# Environment the tests get:
#   MENTORFLOW_AMQP_URL        amqp://mentorflow:<pw>@127.0.0.1:<port>/%2f
#   MENTORFLOW_AMQP_PORT       the port of the test broker
#   MENTORFLOW_RUN_DIR         its run dir (<repo>/.run/test)
#   MENTORFLOW_BROKER_CTL_DIR  <repo>/deploy/broker: run stop.sh / start.sh / ctl.sh
#                              from there with this same environment to restart it
#   MENTORFLOW_BROKER_ENV_FILE <run dir>/broker/env (the URL, sourceable)
#
# Knobs: MENTORFLOW_TEST_AMQP_PORT (default 5673; when unset and 5673 is taken the
# next free port up to 5699 is used), MENTORFLOW_TEST_RUN_DIR, MENTORFLOW_TEST_KEEP_STATE=1
# (keep the broker's queues/users from the previous run instead of starting empty).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$MF_REPO_ROOT"
T0="$(mf_now_ms)"

mf_ensure_broker_packages
mf_ensure_python_helpers
mf_ensure_browser
mf_ensure_swift
[[ -f Package.swift ]] || mf_die "no Package.swift in $MF_REPO_ROOT"

export MENTORFLOW_RUN_DIR="${MENTORFLOW_TEST_RUN_DIR:-$(mf_default_run_dir test)}"
export MENTORFLOW_BROKER_CTL_DIR="$MF_BROKER_SCRIPTS"
export MENTORFLOW_BROKER_ENV_FILE="$MENTORFLOW_RUN_DIR/broker/env"
export MENTORFLOW_AMQP_PORT="${MENTORFLOW_TEST_AMQP_PORT:-5673}"
unset MENTORFLOW_AMQP_URL MENTORFLOW_AMQP_DIST_PORT

child=""
broker_started=0
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then
        # swift test runs the test bundle in its own process group and does not
        # pass SIGTERM on: signal the whole tree, not just swift test.
        local pids
        pids="$(mf_descendants "$child")"
        # shellcheck disable=SC2086  # a list of pids
        kill -TERM "$child" $pids 2>/dev/null || true
        wait "$child" 2>/dev/null || true
        sleep 1
        # shellcheck disable=SC2086
        kill -KILL $pids 2>/dev/null || true
    fi
    # Brokers that tests started for themselves (Tests/TestSupport PrivateBroker): <name>-<port>.
    local private
    for private in "$MENTORFLOW_RUN_DIR"/private/*-*; do
        [[ -d "$private" ]] || continue
        MENTORFLOW_RUN_DIR="$private" MENTORFLOW_AMQP_PORT="${private##*-}" "$MF_BROKER_SCRIPTS/stop.sh" >/dev/null 2>&1 || true
    done
    if ((broker_started)); then
        MENTORFLOW_STOP_EPMD=1 "$MF_BROKER_SCRIPTS/stop.sh" || mf_log "warning: could not stop the test broker"
    fi
    mf_log "deploy/test.sh finished with exit code $rc after $(mf_elapsed "$T0")"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# run CMD... — in the background + wait, so INT/TERM reach our trap at once even
# while a long build or test run is going on (the trap then stops CMD).
run() {
    "$@" &
    child=$!
    local rc=0
    wait "$child" || rc=$?
    child=""
    return "$rc"
}

mf_log "swift build --build-tests"
run swift build --build-tests

# A clean broker for every run, unless asked to keep it: stop a leftover node (a
# killed earlier run) and drop its state.
broker_started=1
if [[ "${MENTORFLOW_TEST_KEEP_STATE:-0}" != 1 ]]; then
    "$MF_BROKER_SCRIPTS/stop.sh"
    rm -rf "$MENTORFLOW_RUN_DIR/broker"
fi
if [[ -z "${MENTORFLOW_TEST_AMQP_PORT:-}" ]]; then
    port="$MENTORFLOW_AMQP_PORT"
    while mf_port_open "$port" || mf_port_open "$((port + 20000))"; do
        port=$((port + 1))
        ((port <= 5699)) || mf_die "no free port in 5673..5699 for the test broker (set MENTORFLOW_TEST_AMQP_PORT)"
    done
    if [[ "$port" != "$MENTORFLOW_AMQP_PORT" ]]; then
        mf_log "port $MENTORFLOW_AMQP_PORT is taken; the test broker uses $port"
        export MENTORFLOW_AMQP_PORT="$port"
    fi
fi
"$MF_BROKER_SCRIPTS/start.sh" >/dev/null
set -a
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$MENTORFLOW_BROKER_ENV_FILE"
set +a
mf_log "test broker: amqp://mentorflow:****@127.0.0.1:$MENTORFLOW_AMQP_PORT/%2f (run dir $MENTORFLOW_RUN_DIR)"

mf_log "swift test $*"
rc=0
run swift test "$@" || rc=$?
exit "$rc"
