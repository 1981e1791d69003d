#!/usr/bin/env bash
# Start a private RabbitMQ node for MentorFlow on 127.0.0.1 (no systemd, no root-owned
# state). Idempotent: if this node is already running it is reused.
#
#   MENTORFLOW_AMQP_PORT      AMQP port (default 5673); node = mentorflow-<port>@localhost
#   MENTORFLOW_RUN_DIR        runtime root (default <repo>/.run); state in <run dir>/broker
#   MENTORFLOW_AMQP_PASSWORD  password of user `mentorflow` (default: generated once and
#                             kept in <run dir>/broker/amqp-password)
#
# On success prints MENTORFLOW_AMQP_URL with the password masked, and writes the real
# line to <run dir>/broker/env (mode 600, sourceable).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

T0="$(mf_now_ms)"
mf_ensure_broker_packages
mf_broker_init
mf_broker_lock 180

print_result() {
    printf 'MENTORFLOW_AMQP_URL=%s\n' "$(mf_amqp_url_masked)"
    printf 'env file: %s\n' "$MF_ENV_FILE"
}

write_env_file() { # write_env_file PASSWORD
    local tmp="$MF_ENV_FILE.tmp"
    (umask 077 && {
        printf '# MentorFlow private broker (node %s); source this file.\n' "$MF_NODE"
        printf 'MENTORFLOW_AMQP_URL=%s\n' "$(mf_amqp_url "$1")"
    } >"$tmp")
    mv -f "$tmp" "$MF_ENV_FILE"
    if mf_is_root; then chown "$MF_RUN_USER:" "$MF_ENV_FILE"; fi
}

write_password_file() { # write_password_file PASSWORD
    local tmp="$MF_PASSWORD_FILE.tmp"
    (umask 077 && printf '%s\n' "$1" >"$tmp")
    mv -f "$tmp" "$MF_PASSWORD_FILE"
    if mf_is_root; then chown "$MF_RUN_USER:" "$MF_PASSWORD_FILE"; fi
}

# abort_launch LAUNCHER_PID — stop a node that failed to come up (the wrapper
# script turns SIGTERM into a graceful stop), so no half-started node is left.
abort_launch() {
    [[ -n "$1" ]] || return 0
    kill -TERM "$1" 2>/dev/null || return 0
    local i
    for ((i = 0; i < 150; i++)); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
    local pids
    pids="$(mf_descendants "$1")"
    # shellcheck disable=SC2086  # a list of pids
    kill -KILL "$1" $pids 2>/dev/null || true
}

# wait_ready LAUNCHER_PID|"" — until the AMQP listener answers, or fail loudly.
wait_ready() {
    local launcher="$1" deadline=$((SECONDS + MF_START_TIMEOUT))
    while ! mf_amqp_probe "$MF_PORT"; do
        if [[ -n "$launcher" ]] && ! kill -0 "$launcher" 2>/dev/null; then
            wait "$launcher" 2>/dev/null || true
            mf_broker_log_tail 60
            mf_die "RabbitMQ node $MF_NODE exited during startup (logs: $MF_LOG_DIR)"
        fi
        if ((SECONDS >= deadline)); then
            abort_launch "$launcher"
            mf_broker_log_tail 60
            mf_die "RabbitMQ node $MF_NODE not ready after ${MF_START_TIMEOUT}s (MENTORFLOW_BROKER_START_TIMEOUT; logs: $MF_LOG_DIR)"
        fi
        sleep 0.2
    done
    # The listener is up; let the node itself confirm that boot has completed.
    # This also proves that rabbitmqctl (cookie, epmd, distribution) works.
    local left=$((deadline - SECONDS))
    ((left >= 5)) || left=5
    if ! MF_CTL_TIMEOUT=$((left + 10)) mf_ctl await_startup --timeout "$left" >/dev/null; then
        abort_launch "$launcher"
        mf_broker_log_tail 60
        mf_die "rabbitmqctl await_startup failed for $MF_NODE (logs: $MF_LOG_DIR)"
    fi
}

# provision_user PASSWORD — make user mentorflow exist with PASSWORD and full
# rights on vhost /, and remove guest (a few rabbitmqctl calls, ~0.3s each).
provision_user() {
    mf_log "provisioning user $MF_AMQP_USER (password changed or not yet confirmed)"
    local users
    users="$(MF_CTL_TIMEOUT=60 mf_ctl list_users --silent | awk '{print $1}')"
    if grep -qx "$MF_AMQP_USER" <<<"$users"; then
        MF_CTL_TIMEOUT=60 mf_ctl change_password "$MF_AMQP_USER" "$1" >/dev/null
    else
        MF_CTL_TIMEOUT=60 mf_ctl add_user "$MF_AMQP_USER" "$1" >/dev/null
    fi
    MF_CTL_TIMEOUT=60 mf_ctl set_user_tags "$MF_AMQP_USER" administrator >/dev/null
    MF_CTL_TIMEOUT=60 mf_ctl set_permissions -p / "$MF_AMQP_USER" '.*' '.*' '.*' >/dev/null
    if grep -qx guest <<<"$users"; then MF_CTL_TIMEOUT=60 mf_ctl delete_user guest >/dev/null; fi
}

# desired_password STORED — MENTORFLOW_AMQP_PASSWORD, else the stored one, else new.
desired_password() {
    if [[ -n "${MENTORFLOW_AMQP_PASSWORD:-}" ]]; then
        printf '%s\n' "$MENTORFLOW_AMQP_PASSWORD"
    elif [[ -n "$1" ]]; then
        printf '%s\n' "$1"
    else
        head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32
        echo
    fi
}

stored_pw=""
[[ -s "$MF_PASSWORD_FILE" ]] && stored_pw="$(<"$MF_PASSWORD_FILE")"

# ---------------------------------------------------------------- reuse ------
if pid="$(mf_broker_pid)"; then
    mf_log "node $MF_NODE already running (pid $pid), reusing it"
    wait_ready ""
    password="$(desired_password "$stored_pw")"
    if [[ "$password" != "$stored_pw" ]]; then provision_user "$password"; fi
    write_password_file "$password"
    write_env_file "$password"
    print_result
    exit 0
fi
rm -f "$MF_PID_FILE"

# ---------------------------------------------------------------- checks -----
if mf_port_open "$MF_PORT"; then
    mf_die "127.0.0.1:$MF_PORT is already in use by another process (another broker? deploy/up.sh's dev broker? set MENTORFLOW_AMQP_PORT)"
fi
if mf_port_open "$MF_DIST_PORT"; then
    mf_die "Erlang distribution port 127.0.0.1:$MF_DIST_PORT is already in use (set MENTORFLOW_AMQP_DIST_PORT)"
fi

# ---------------------------------------------------------------- files ------
mf_mkdir_run_dir "$MF_RUN_DIR"
mkdir -p "$MF_BROKER_DIR" "$MF_HOME" "$MF_MNESIA_BASE" "$MF_LOG_DIR" "$MF_BROKER_DIR/conf.d"
chmod 700 "$MF_BROKER_DIR" "$MF_HOME"

if [[ ! -s "$MF_COOKIE_FILE" ]]; then
    rm -f "$MF_COOKIE_FILE"
    (umask 077 && head -c 256 /dev/urandom | base64 | LC_ALL=C tr -dc '[:upper:]' | head -c 32 >"$MF_COOKIE_FILE")
fi
chmod 400 "$MF_COOKIE_FILE"

cat >"$MF_CONFIG_FILE" <<EOF
# Generated by deploy/broker/start.sh on every start; edits are overwritten.
listeners.tcp.default = 127.0.0.1:$MF_PORT
loopback_users.guest = true
heartbeat = 30
# CI machines have little free disk; the default (50MB) with a margin.
disk_free_limit.absolute = 64MB
vm_memory_high_watermark.relative = 0.6
log.console = false
log.file.level = info
EOF
# Optional TLS listener (MENTORFLOW_AMQP_TLS_PORT) with a private CA made once in <run dir>/broker/tls:
# clients trust ca.pem (amqps://...?cacertfile=<run dir>/broker/tls/ca.pem).
if [[ -n "${MENTORFLOW_AMQP_TLS_PORT:-}" ]]; then
    tls_dir="$MF_BROKER_DIR/tls"
    if [[ ! -f "$tls_dir/server.pem" ]]; then
        command -v openssl >/dev/null 2>&1 || mf_die "MENTORFLOW_AMQP_TLS_PORT needs openssl"
        mkdir -p "$tls_dir"
        openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=MentorFlow dev CA" \
            -keyout "$tls_dir/ca.key" -out "$tls_dir/ca.pem" >/dev/null 2>&1
        openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
            -keyout "$tls_dir/server.key" -out "$tls_dir/server.csr" >/dev/null 2>&1
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$tls_dir/san.ext"
        openssl x509 -req -in "$tls_dir/server.csr" -CA "$tls_dir/ca.pem" -CAkey "$tls_dir/ca.key" -CAcreateserial \
            -days 3650 -extfile "$tls_dir/san.ext" -out "$tls_dir/server.pem" >/dev/null 2>&1
        chmod 600 "$tls_dir/ca.key" "$tls_dir/server.key"
        chmod 644 "$tls_dir/ca.pem"
        if mf_is_root; then chown -R "$MF_RUN_USER:" "$tls_dir"; fi
    fi
    cat >>"$MF_CONFIG_FILE" <<EOF
listeners.ssl.default = 127.0.0.1:$MENTORFLOW_AMQP_TLS_PORT
ssl_options.cacertfile = $tls_dir/ca.pem
ssl_options.certfile = $tls_dir/server.pem
ssl_options.keyfile = $tls_dir/server.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
EOF
fi
printf '# Intentionally empty: keeps /etc/rabbitmq/rabbitmq-env.conf out.\n' >"$MF_CONF_ENV_FILE"
printf '[].\n' >"$MF_PLUGINS_FILE"
: >"$MF_STARTUP_LOG"
MF_LOG_OFFSET=0
[[ -f "$MF_LOG_FILE" ]] && MF_LOG_OFFSET="$(wc -l <"$MF_LOG_FILE")"

if mf_is_root; then
    chown -R "$MF_RUN_USER:" "$MF_BROKER_DIR"
    mf_broker_exec test -w "$MF_BROKER_DIR" 2>/dev/null ||
        mf_die "user $MF_RUN_USER cannot write $MF_BROKER_DIR (a parent directory is not traversable?): set MENTORFLOW_RUN_DIR to a directory under /tmp"
fi

# ---------------------------------------------------------------- password ---
password="$(desired_password "$stored_pw")"

# A fresh database gets the user from RABBITMQ_DEFAULT_USER/PASS at first boot (and
# no guest user at all). An existing one is provisioned with rabbitmqctl, but only
# if the password changed or was never confirmed (amqp-password is written only
# once the node has come up with that password).
fresh_db=0
[[ -d "$MF_MNESIA_DIR" ]] || fresh_db=1
need_provision=0
if ((!fresh_db)) && [[ "$password" != "$stored_pw" ]]; then need_provision=1; fi

# ---------------------------------------------------------------- launch -----
if ((fresh_db)); then
    MF_ENV_EXTRA=("RABBITMQ_DEFAULT_USER=$MF_AMQP_USER" "RABBITMQ_DEFAULT_PASS=$password" "RABBITMQ_DEFAULT_VHOST=/")
fi
mf_log "starting RabbitMQ node $MF_NODE on 127.0.0.1:$MF_PORT as $MF_RUN_USER (state: $MF_BROKER_DIR)"
# setsid: own session, so a Ctrl-C in the caller's terminal does not hit the node;
# all fds redirected, so callers reading our stdout (e.g. a Swift Process) see EOF.
mf_broker_exec_here setsid "$MF_RABBIT_BIN/rabbitmq-server" </dev/null >>"$MF_STARTUP_LOG" 2>&1 &
launcher=$!
MF_ENV_EXTRA=()

wait_ready "$launcher"

if ((need_provision)); then provision_user "$password"; fi
write_password_file "$password"
write_env_file "$password"

pid="$(mf_broker_pid)" || mf_die "node $MF_NODE answered but its pid file $MF_PID_FILE is missing"
mf_log "node $MF_NODE ready (pid $pid) in $(mf_elapsed "$T0"); log: $MF_LOG_FILE"
print_result
