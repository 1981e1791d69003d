# shellcheck shell=bash disable=SC2034  # variables here are used by the sourcing scripts
# Shared helpers for the MentorFlow deploy scripts. Source it, do not run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"        (from deploy/*.sh)
#   source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"     (from deploy/broker/*.sh)
#
# Everything here is prefixed mf_ / MF_. Nothing here prints a password.

MF_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
MF_DEPLOY_DIR="$MF_REPO_ROOT/deploy"
MF_BROKER_SCRIPTS="$MF_DEPLOY_DIR/broker"
# The Debian package's real scripts. /usr/sbin/rabbitmq* are wrappers that cd to
# /var/lib/rabbitmq, force HOME and su to rabbitmq: we bypass them on purpose.
MF_RABBIT_BIN="${MENTORFLOW_RABBITMQ_BIN_DIR:-/usr/lib/rabbitmq/bin}"

mf_log() { printf '[mentorflow] %s\n' "$*" >&2; }
mf_die() { printf '[mentorflow] ERROR: %s\n' "$*" >&2; exit 1; }

mf_now_ms() { date +%s%3N; }
mf_elapsed() { # mf_elapsed START_MS -> "1.234s"
    local d=$(( $(mf_now_ms) - $1 ))
    printf '%d.%03ds' $((d / 1000)) $((d % 1000))
}

mf_is_root() { [[ "$(id -u)" == 0 ]]; }

# mf_descendants PID — every live pid below PID, one a line (from /proc; no procps).
mf_descendants() {
    local f line rest pid ppid
    local -A kids=()
    for f in /proc/[0-9]*/stat; do
        { read -r line <"$f"; } 2>/dev/null || continue
        pid="${f#/proc/}" && pid="${pid%/stat}"
        rest="${line##*) }"     # after "pid (comm) ": "state ppid ..."
        rest="${rest#* }"
        ppid="${rest%% *}"
        kids[$ppid]+="$pid "
    done
    local queue=("$1") p c
    while ((${#queue[@]})); do
        p="${queue[0]}"
        queue=("${queue[@]:1}")
        for c in ${kids[$p]:-}; do
            printf '%s\n' "$c"
            queue+=("$c")
        done
    done
}

# ---------------------------------------------------------------- packages ---

# mf_ensure_packages PKG...  — apt-get install the given Debian packages if any
# is missing: directly as root, else through sudo, else a clear error.
mf_ensure_packages() {
    local missing=() p
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$p")
        fi
    done
    ((${#missing[@]} == 0)) && return 0
    command -v apt-get >/dev/null 2>&1 ||
        mf_die "missing packages (${missing[*]}) and no apt-get: install them by hand"
    local sudo=()
    if ! mf_is_root; then
        command -v sudo >/dev/null 2>&1 ||
            mf_die "missing packages: ${missing[*]}. Run as root, or install them: apt-get update && apt-get install -y ${missing[*]}"
        sudo=(sudo)
    fi
    mf_log "installing missing packages: ${missing[*]}"
    # No init system here: keep the package's postinst from starting a system-wide
    # rabbitmq-server (on 0.0.0.0:5672) through invoke-rc.d while we install.
    local policy=/usr/sbin/policy-rc.d added_policy=0
    if [[ ! -e "$policy" ]]; then
        if printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null &&
            "${sudo[@]}" chmod 755 "$policy"; then
            added_policy=1
        fi
    fi
    local rc=0
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update || rc=$?
    if ((rc == 0)); then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" || rc=$?
    fi
    ((added_policy)) && "${sudo[@]}" rm -f "$policy"
    ((rc == 0)) || mf_die "apt-get install ${missing[*]} failed (exit $rc)"
}

mf_ensure_broker_packages() {
    mf_ensure_packages librabbitmq-dev rabbitmq-server
    [[ -x "$MF_RABBIT_BIN/rabbitmq-server" ]] ||
        mf_die "rabbitmq-server is installed but $MF_RABBIT_BIN/rabbitmq-server is missing"
}

# Hook: Python helpers (fixtures, load generators, ...) are added by later issues.
# Put `mf_ensure_packages python3 python3-xyz` here when they exist.
mf_ensure_python_helpers() {
    :
}

# mf_ensure_browser — what the insights dashboard's real-browser test drives: Debian's
# headless Chromium with its WebDriver, and the `selenium` Python client (a test-only
# helper, installed with pip for the python3 on PATH when it is missing).
mf_ensure_browser() {
    mf_ensure_packages chromium chromium-driver fonts-dejavu-core
    if ! python3 -c 'import selenium' >/dev/null 2>&1; then
        mf_log "installing the selenium Python client (test helper)"
        python3 -m pip install --quiet --disable-pip-version-check 'selenium>=4.10,<5' ||
            mf_die "pip install selenium failed"
    fi
}

# mf_ensure_swift — make `swift` callable, adding a known toolchain dir to PATH.
mf_ensure_swift() {
    if command -v swift >/dev/null 2>&1; then return 0; fi
    local d
    for d in "${MENTORFLOW_SWIFT_BIN_DIR:-}" /opt/swift/usr/bin /usr/share/swift/usr/bin \
        /usr/local/swift/usr/bin "$HOME/.swiftly/bin" "$HOME/.local/share/swiftly/bin"; do
        if [[ -n "$d" && -x "$d/swift" ]]; then
            export PATH="$d:$PATH"
            return 0
        fi
    done
    mf_die "swift not found on PATH nor in /opt/swift/usr/bin (set MENTORFLOW_SWIFT_BIN_DIR)"
}

# ----------------------------------------------------------------- run dir ---

# The broker runs as user `rabbitmq` when we are root. That user must be able to
# reach the run dir; a repo under /root (mode 700) is not reachable, so then the
# default run dir moves to /tmp (deterministic, so start/stop/ctl agree).
mf_default_run_base() {
    local base="$MF_REPO_ROOT/.run"
    if mf_is_root && id rabbitmq >/dev/null 2>&1 &&
        ! mf_as_user rabbitmq test -x "$MF_REPO_ROOT" 2>/dev/null; then
        local sum
        sum="$(printf '%s' "$MF_REPO_ROOT" | cksum | cut -d' ' -f1)"
        base="${TMPDIR:-/tmp}/mentorflow-run-$sum"
    fi
    printf '%s\n' "$base"
}

# mf_default_run_dir [SUB] -> <repo>/.run[/SUB]
mf_default_run_dir() {
    local base
    base="$(mf_default_run_base)"
    printf '%s\n' "$base${1:+/$1}"
}

# mf_mkdir_run_base DIR — create DIR; if it is the repo's .run, make it ignore
# itself for git (a .gitignore with `*`), so nothing under it is ever committed.
mf_mkdir_run_dir() {
    local dir="$1"
    mkdir -p "$dir"
    local top="$MF_REPO_ROOT/.run"
    if [[ "$dir" == "$top" || "$dir" == "$top"/* ]] && [[ ! -e "$top/.gitignore" ]]; then
        printf '# runtime state of deploy/ scripts\n*\n' >"$top/.gitignore"
    fi
}

# mf_as_user USER CMD... — run CMD as USER (root only), env untouched.
mf_as_user() {
    local user="$1"
    shift
    if [[ "$(id -un)" == "$user" ]]; then
        "$@"
    elif command -v setpriv >/dev/null 2>&1; then
        setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"
    else
        runuser -m -u "$user" -- "$@"
    fi
}

# ------------------------------------------------------------------ broker ---

# mf_broker_init — compute every broker setting from the environment:
#   MENTORFLOW_AMQP_PORT (5673), MENTORFLOW_RUN_DIR (<repo>/.run),
#   MENTORFLOW_AMQP_DIST_PORT (port+20000), MENTORFLOW_BROKER_START_TIMEOUT (90)
mf_broker_init() {
    MF_PORT="${MENTORFLOW_AMQP_PORT:-5673}"
    if ! [[ "$MF_PORT" =~ ^[0-9]+$ ]] || ((MF_PORT < 1 || MF_PORT > 65535)); then
        mf_die "MENTORFLOW_AMQP_PORT must be a TCP port number, got '$MF_PORT'"
    fi
    MF_PORT=$((10#$MF_PORT))
    MF_DIST_PORT="${MENTORFLOW_AMQP_DIST_PORT:-$((MF_PORT + 20000))}"
    if ! [[ "$MF_DIST_PORT" =~ ^[0-9]+$ ]] || ((MF_DIST_PORT < 1 || MF_DIST_PORT > 65535)); then
        mf_die "distribution port must be < 65536 (got $MF_DIST_PORT): set MENTORFLOW_AMQP_DIST_PORT"
    fi

    local run_dir="${MENTORFLOW_RUN_DIR:-}"
    [[ -n "$run_dir" ]] || run_dir="$(mf_default_run_dir "")"
    [[ "$run_dir" == /* ]] || run_dir="$PWD/$run_dir"
    MF_RUN_DIR="$run_dir"
    MF_BROKER_DIR="$MF_RUN_DIR/broker"

    MF_NODE="mentorflow-$MF_PORT@localhost"
    MF_AMQP_USER=mentorflow
    MF_HOME="$MF_BROKER_DIR/home"                  # HOME of the node and of ctl: holds .erlang.cookie
    MF_COOKIE_FILE="$MF_HOME/.erlang.cookie"
    MF_MNESIA_BASE="$MF_BROKER_DIR/mnesia"
    MF_MNESIA_DIR="$MF_MNESIA_BASE/$MF_NODE"
    MF_LOG_DIR="$MF_BROKER_DIR/log"
    MF_LOG_FILE="$MF_LOG_DIR/$MF_NODE.log"         # RabbitMQ's own log
    MF_STARTUP_LOG="$MF_LOG_DIR/startup.log"       # stdout/stderr of the VM
    MF_CONFIG_FILE="$MF_BROKER_DIR/rabbitmq.conf"
    MF_CONF_ENV_FILE="$MF_BROKER_DIR/rabbitmq-env.conf"
    MF_PLUGINS_FILE="$MF_BROKER_DIR/enabled_plugins"
    MF_FEATURE_FLAGS_FILE="$MF_MNESIA_BASE/$MF_NODE-feature_flags"
    MF_PID_FILE="$MF_BROKER_DIR/rabbitmq.pid"
    MF_PASSWORD_FILE="$MF_BROKER_DIR/amqp-password"
    MF_ENV_FILE="$MF_BROKER_DIR/env"
    MF_START_TIMEOUT="${MENTORFLOW_BROKER_START_TIMEOUT:-90}"

    if mf_is_root; then
        id rabbitmq >/dev/null 2>&1 ||
            mf_die "user 'rabbitmq' does not exist (is the rabbitmq-server package installed?)"
        MF_RUN_USER=rabbitmq
    else
        MF_RUN_USER="$(id -un)"
    fi

    # The complete environment of the node and of every CLI call (env -i):
    # nothing from /etc/rabbitmq or /var/lib/rabbitmq leaks in.
    MF_ENV=(
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        "HOME=$MF_HOME"
        "LANG=C.UTF-8" "LC_ALL=C.UTF-8"
        "ERL_EPMD_ADDRESS=127.0.0.1"
        "RABBITMQ_NODENAME=$MF_NODE"
        "RABBITMQ_USE_LONGNAME=false"
        "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1"
        "RABBITMQ_NODE_PORT=$MF_PORT"
        "RABBITMQ_DIST_PORT=$MF_DIST_PORT"
        "RABBITMQ_CONF_ENV_FILE=$MF_CONF_ENV_FILE"
        "RABBITMQ_CONFIG_FILE=$MF_CONFIG_FILE"
        "RABBITMQ_CONFIG_FILES=$MF_BROKER_DIR/conf.d"
        "RABBITMQ_ADVANCED_CONFIG_FILE=$MF_BROKER_DIR/advanced.config"
        "RABBITMQ_MNESIA_BASE=$MF_MNESIA_BASE"
        "RABBITMQ_LOG_BASE=$MF_LOG_DIR"
        "RABBITMQ_ENABLED_PLUGINS_FILE=$MF_PLUGINS_FILE"
        "RABBITMQ_FEATURE_FLAGS_FILE=$MF_FEATURE_FLAGS_FILE"
        "RABBITMQ_PID_FILE=$MF_PID_FILE"
        "RABBITMQ_MOTD_FILE=$MF_BROKER_DIR/motd"
        "ERL_CRASH_DUMP=$MF_LOG_DIR/erl_crash.dump"
        # Erlang distribution (node <-> rabbitmqctl) on loopback only.
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
        "RABBITMQ_CTL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
    )
}

# mf_broker_exec CMD... — run CMD as the runtime user, in the broker dir, with
# exactly MF_ENV (+ MF_ENV_EXTRA) as its environment. Values are exported, not put
# on a command line, so secrets never show in `ps`.
MF_ENV_EXTRA=()
mf_broker_exec() {
    (mf_broker_exec_here "$@")
}

# mf_broker_exec_here CMD... — the same, but replaces the current (sub)shell: use
# it as `mf_broker_exec_here CMD &` so that $! is the pid of CMD itself.
mf_broker_exec_here() {
    cd "$MF_BROKER_DIR" 2>/dev/null || cd /
    local v kv fd
    # Close every inherited fd but 0-2: a caller's pipe or socket leaked into the
    # long-lived node keeps the caller waiting for EOF/exit forever (seen with a
    # Swift Foundation Process running start.sh from a test).
    for fd in /proc/"$BASHPID"/fd/*; do
        fd="${fd##*/}"
        if [[ "$fd" =~ ^[0-9]+$ ]] && ((fd > 2)); then { exec {fd}>&-; } 2>/dev/null || true; fi
    done
    for v in $(compgen -e); do unset "$v" 2>/dev/null || true; done
    for kv in "${MF_ENV[@]}" "${MF_ENV_EXTRA[@]}"; do export "${kv?}"; done
    if mf_is_root && [[ "$MF_RUN_USER" != root ]]; then
        if command -v setpriv >/dev/null 2>&1; then
            exec setpriv --reuid="$MF_RUN_USER" --regid="$MF_RUN_USER" --init-groups -- "$@"
        fi
        exec runuser -m -u "$MF_RUN_USER" -- "$@"
    fi
    exec "$@"
}

# mf_ctl ARGS... — rabbitmqctl against this node. MF_CTL_TIMEOUT=N bounds it.
mf_ctl() {
    local t=()
    [[ -n "${MF_CTL_TIMEOUT:-}" ]] && t=(timeout "$MF_CTL_TIMEOUT")
    mf_broker_exec "${t[@]}" "$MF_RABBIT_BIN/rabbitmqctl" -n "$MF_NODE" "$@"
}

# mf_broker_lock — serialize start/stop of one node (fd 9, released on exit).
# mf_broker_exec_here closes it (and every other inherited fd) for the node.
mf_broker_lock() {
    mf_mkdir_run_dir "$MF_RUN_DIR"
    exec 9>"$MF_RUN_DIR/.broker-$MF_PORT.lock"
    flock -w "${1:-180}" 9 || mf_die "another start/stop of $MF_NODE holds $MF_RUN_DIR/.broker-$MF_PORT.lock"
}

# mf_broker_pid — print the node's OS pid if it is running, else return 1.
mf_broker_pid() {
    [[ -r "$MF_PID_FILE" ]] || return 1
    local pid
    pid="$(tr -dc '0-9' <"$MF_PID_FILE")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    # Guard against a reused pid: it must be a BEAM started with our pid file.
    grep -qa 'beam' "/proc/$pid/cmdline" 2>/dev/null || return 1
    if [[ -r "/proc/$pid/environ" ]]; then
        tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "RABBITMQ_PID_FILE=$MF_PID_FILE" || return 1
    fi
    printf '%s\n' "$pid"
}

# mf_port_open PORT — something accepts TCP connections on 127.0.0.1:PORT.
mf_port_open() {
    # shellcheck disable=SC2016  # $1 is expanded by the inner bash
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# mf_amqp_probe PORT — the AMQP listener answers a protocol header with a frame
# of type 1 (connection.start): the broker accepts clients.
mf_amqp_probe() {
    # shellcheck disable=SC2016  # $1 is expanded by the inner bash
    timeout 3 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf "AMQP\x00\x00\x09\x01" >&3
        b="$(head -c 1 <&3 | od -An -tx1 | tr -d " \n")"
        [[ "$b" == 01 ]]' _ "$1" 2>/dev/null
}

# mf_urlencode STRING — percent-encode for the userinfo part of a URL.
mf_urlencode() {
    local LC_ALL=C s="$1" out="" c i
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        case "$c" in
        [A-Za-z0-9._~-]) out+="$c" ;;
        *) out+="$(printf '%%%02X' "'$c")" ;;
        esac
    done
    printf '%s\n' "$out"
}

# The vhost `/` is written `%2f`: by the AMQP URI spec (and librabbitmq's
# amqp_parse_url) a bare trailing slash means the EMPTY vhost "", which RabbitMQ
# refuses with 530 NOT_ALLOWED "vhost  not found".
mf_amqp_url() { # mf_amqp_url PASSWORD
    printf 'amqp://%s:%s@127.0.0.1:%s/%%2f\n' "$MF_AMQP_USER" "$(mf_urlencode "$1")" "$MF_PORT"
}
mf_amqp_url_masked() {
    printf 'amqp://%s:****@127.0.0.1:%s/%%2f\n' "$MF_AMQP_USER" "$MF_PORT"
}

# mf_broker_log_tail [N] — last N lines of the VM output and of the node log
# (of this start only, when MF_LOG_OFFSET holds the node log's line count before it).
mf_broker_log_tail() {
    local n="${1:-40}"
    if [[ -s "$MF_STARTUP_LOG" ]]; then
        printf -- '----- last lines of %s -----\n' "$MF_STARTUP_LOG" >&2
        tail -n "$n" "$MF_STARTUP_LOG" >&2
    fi
    if [[ -s "$MF_LOG_FILE" ]]; then
        printf -- '----- last lines of %s -----\n' "$MF_LOG_FILE" >&2
        tail -n "+$((${MF_LOG_OFFSET:-0} + 1))" "$MF_LOG_FILE" | tail -n "$n" >&2
    fi
}
