#!/usr/bin/env bash
# Run rabbitmqctl against the private node (same MENTORFLOW_RUN_DIR and
# MENTORFLOW_AMQP_PORT as start.sh), as the right user, with its cookie:
#
#   deploy/broker/ctl.sh list_queues name messages
#   deploy/broker/ctl.sh --tool rabbitmq-diagnostics status
#   deploy/broker/ctl.sh --tool rabbitmq-queues quorum_status mentorflow.summary
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

tool=rabbitmqctl
if [[ "${1:-}" == --tool ]]; then
    tool="${2:?--tool needs a name: rabbitmqctl, rabbitmq-diagnostics, rabbitmq-queues, rabbitmq-plugins}"
    shift 2
fi
case "$tool" in
rabbitmqctl | rabbitmq-diagnostics | rabbitmq-queues | rabbitmq-plugins | rabbitmq-upgrade | rabbitmq-streams) ;;
*) mf_die "unknown tool '$tool'" ;;
esac

mf_broker_init
[[ -d "$MF_BROKER_DIR" ]] || mf_die "no broker state in $MF_BROKER_DIR: start it with deploy/broker/start.sh"
mf_broker_exec "$MF_RABBIT_BIN/$tool" -n "$MF_NODE" "$@"
