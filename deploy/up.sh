#!/usr/bin/env bash
# THE "run the system" command: installs what is missing, starts the private broker,
# builds the package and starts every service in SERVICES in the background.
# deploy/down.sh stops them all again. Re-running up.sh is safe (running pieces are
# kept).
#
#   MENTORFLOW_AMQP_PORT      broker port (default 5673)
#   MENTORFLOW_RUN_DIR        run dir (default <repo>/.run/dev): broker/, logs/, pids/, data/
#   MENTORFLOW_BUILD_CONFIG   debug (default) or release
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$MF_REPO_ROOT"
T0="$(mf_now_ms)"

# ----------------------------------------------------------------------------
# Services to start, in this order: SwiftPM executable product names. Later issues
# add them here (e.g. ingest sentiment summary insights scheduler alert). Each one
# gets MENTORFLOW_AMQP_URL, MENTORFLOW_SERVICE_NAME and MENTORFLOW_DATA_DIR
# (<run dir>/data/<name>) in its environment; its output goes to
# <run dir>/logs/<name>.log and its pid to <run dir>/pids/<name>.pid.
SERVICES=(
    mentorflow-ingest
    mentorflow-sentiment
    mentorflow-summary
    mentorflow-insights
)
# ----------------------------------------------------------------------------

export MENTORFLOW_RUN_DIR="${MENTORFLOW_RUN_DIR:-$(mf_default_run_dir dev)}"
export MENTORFLOW_AMQP_PORT="${MENTORFLOW_AMQP_PORT:-5673}"
BUILD_CONFIG="${MENTORFLOW_BUILD_CONFIG:-debug}"
LOG_DIR="$MENTORFLOW_RUN_DIR/logs"
PID_DIR="$MENTORFLOW_RUN_DIR/pids"
DATA_DIR="$MENTORFLOW_RUN_DIR/data"

mf_ensure_broker_packages
mf_ensure_python_helpers
mf_ensure_packages curl
mf_ensure_swift
[[ -f Package.swift ]] || mf_die "no Package.swift in $MF_REPO_ROOT"

"$MF_BROKER_SCRIPTS/start.sh"
set -a
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$MENTORFLOW_RUN_DIR/broker/env"
set +a

mf_log "swift build -c $BUILD_CONFIG"
swift build -c "$BUILD_CONFIG"
BIN_DIR="$(swift build -c "$BUILD_CONFIG" --show-bin-path)"

mkdir -p "$LOG_DIR" "$PID_DIR" "$DATA_DIR"

# Ingest needs integrations (API keys): a development one is generated once and kept.
INTEGRATIONS_FILE="${MENTORFLOW_INGEST_INTEGRATIONS_FILE:-$MENTORFLOW_RUN_DIR/ingest-integrations.json}"
if [[ ! -f "$INTEGRATIONS_FILE" ]]; then
    dev_key="dev-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    (umask 077 && printf '[{"name": "dev", "api_key": "%s"}]\n' "$dev_key" >"$INTEGRATIONS_FILE")
    mf_log "generated a development API key in $INTEGRATIONS_FILE"
fi
export MENTORFLOW_INGEST_INTEGRATIONS_FILE="$INTEGRATIONS_FILE"

# The insights dashboard needs users: a development admin is generated once, with a random
# password hashed by `mentorflow user hash-password` (the users file holds only the hash; the
# password is written for the developer to a 0600 file beside it).
USERS_FILE="${MENTORFLOW_INSIGHTS_USERS_FILE:-$MENTORFLOW_RUN_DIR/insights-users.json}"
if [[ ! -f "$USERS_FILE" ]]; then
    dev_password="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    dev_hash="$(printf '%s\n' "$dev_password" | "$BIN_DIR/mentorflow" user hash-password)"
    (umask 077 &&
        printf '{"users": [{"username": "admin", "display_name": "Development admin", "role": "admin", "password_hash": "%s"}]}\n' \
            "$dev_hash" >"$USERS_FILE" &&
        printf 'dashboard: http://127.0.0.1:8084  username: admin  password: %s\n' "$dev_password" >"$MENTORFLOW_RUN_DIR/insights-dev-login.txt")
    mf_log "generated a development dashboard user in $USERS_FILE (sign-in in $MENTORFLOW_RUN_DIR/insights-dev-login.txt)"
fi
export MENTORFLOW_INSIGHTS_USERS_FILE="$USERS_FILE"

service_pid() { # service_pid NAME -> pid if running
    local f="$PID_DIR/$1.pid" pid
    [[ -r "$f" ]] || return 1
    pid="$(tr -dc '0-9' <"$f")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    printf '%s\n' "$pid"
}

start_service() { # start_service NAME
    local name="$1" pid
    if pid="$(service_pid "$name")"; then
        mf_log "$name already running (pid $pid)"
        return 0
    fi
    [[ -x "$BIN_DIR/$name" ]] || mf_die "no executable $BIN_DIR/$name (is it a product in Package.swift?)"
    mkdir -p "$DATA_DIR/$name"
    MENTORFLOW_SERVICE_NAME="$name" MENTORFLOW_DATA_DIR="$DATA_DIR/$name" \
        setsid "$BIN_DIR/$name" </dev/null >>"$LOG_DIR/$name.log" 2>&1 &
    echo "$!" >"$PID_DIR/$name.pid"
    mf_log "started $name (pid $!), log: $LOG_DIR/$name.log"
}

for name in "${SERVICES[@]}"; do
    start_service "$name"
done
# Give crashing services a moment to show it.
if ((${#SERVICES[@]})); then
    sleep 1
    for name in "${SERVICES[@]}"; do
        service_pid "$name" >/dev/null ||
            mf_die "$name exited right after start; see $LOG_DIR/$name.log"
    done
fi

# Each service's HTTP port (its default), for the readiness wait below.
declare -A SERVICE_PORTS=(
    [mentorflow-ingest]=8081 [mentorflow-sentiment]=8082 [mentorflow-summary]=8083 [mentorflow-insights]=8084
)
wait_ready() { # wait_ready NAME: until GET /health/ready answers 200 (60 s at most)
    local name="$1" port="${SERVICE_PORTS[$1]:-}" deadline=$((SECONDS + 60))
    [[ -n "$port" ]] || return 0
    until curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null; do
        service_pid "$name" >/dev/null || mf_die "$name exited while starting; see $LOG_DIR/$name.log"
        ((SECONDS < deadline)) || mf_die "$name not ready after 60 s; see $LOG_DIR/$name.log"
        sleep 0.5
    done
}
for name in "${SERVICES[@]}"; do
    wait_ready "$name"
done

# The system comes up on the sample data: the program's sample export is imported once through
# ingest's HTTP API with the development key (same rows, same event ids: importing again would
# change nothing). MENTORFLOW_SAMPLE_CSV= (empty) skips it; another path imports that file.
SAMPLE_CSV="${MENTORFLOW_SAMPLE_CSV-$MF_REPO_ROOT/../shared/data/sessions_sample.csv}"
SAMPLE_MARK="$MENTORFLOW_RUN_DIR/sample-imported"
if [[ -n "$SAMPLE_CSV" && -f "$SAMPLE_CSV" && ! -f "$SAMPLE_MARK" ]]; then
    if api_key="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["api_key"])' "$INTEGRATIONS_FILE" 2>/dev/null)"; then
        mf_log "importing $SAMPLE_CSV"
        MENTORFLOW_API_KEY="$api_key" "$BIN_DIR/mentorflow" import "$SAMPLE_CSV" >"$LOG_DIR/sample-import.log" 2>&1 ||
            mf_die "the sample import failed; see $LOG_DIR/sample-import.log"
        tail -n 3 "$LOG_DIR/sample-import.log" >&2
        printf '%s\n' "$SAMPLE_CSV" >"$SAMPLE_MARK"
    else
        mf_log "no API key readable in $INTEGRATIONS_FILE: the sample is not imported"
    fi
fi

cat <<EOT

MentorFlow is up ($(mf_elapsed "$T0")).
  broker:    amqp://mentorflow:****@127.0.0.1:$MENTORFLOW_AMQP_PORT/%2f  (URL in $MENTORFLOW_RUN_DIR/broker/env)
  services:  ${SERVICES[*]:-(none yet)}
  logs:      $LOG_DIR/<service>.log, broker: $MENTORFLOW_RUN_DIR/broker/log/
  queues:    MENTORFLOW_RUN_DIR=$MENTORFLOW_RUN_DIR MENTORFLOW_AMQP_PORT=$MENTORFLOW_AMQP_PORT deploy/broker/ctl.sh list_queues name messages
  binaries:  $BIN_DIR
  run one by hand:
    set -a; source $MENTORFLOW_RUN_DIR/broker/env; set +a; $BIN_DIR/<service>
  ingest:    http://127.0.0.1:8081 (API key in $INTEGRATIONS_FILE)
    sample:  ${SAMPLE_CSV:-(not imported)}$([[ -f "$SAMPLE_MARK" ]] && echo ' (imported)')
    import more: MENTORFLOW_API_KEY=<key> $BIN_DIR/mentorflow import FILE.csv
  insights:  http://127.0.0.1:8084 (dashboard; sign-in in $MENTORFLOW_RUN_DIR/insights-dev-login.txt)
             offline figures: $BIN_DIR/mentorflow metrics --csv FILE
  stop all:  deploy/down.sh
EOT
