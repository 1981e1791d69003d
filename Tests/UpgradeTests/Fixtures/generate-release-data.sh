#!/usr/bin/env bash
# Writes Tests/UpgradeTests/Fixtures/release-data: the data folder (inbox and store SQLite files of
# summary and insights) that a released build leaves behind, for DataUpgradeTests to open with
# the current code. Run it with the binaries of the release (not this tree's), against a broker:
#
#   MENTORFLOW_AMQP_URL=... Tests/UpgradeTests/Fixtures/generate-release-data.sh RELEASE_BIN_DIR [CSV] [ROWS]
#
# It imports the first ROWS (default 12) rows of the sample export straight to the broker on a
# private exchange, lets both services handle them, stops them with SIGTERM, checkpoints the WAL
# and copies the files, plus `processed-events.txt` (source and id of every event the inboxes hold).
set -euo pipefail
bin="${1:?release bin dir (with mentorflow, mentorflow-summary, mentorflow-insights)}"
csv="${2:-$(dirname "$0")/../../../../shared/data/sessions_sample.csv}"
rows="${3:-12}"
: "${MENTORFLOW_AMQP_URL:?set MENTORFLOW_AMQP_URL}"
out="$(cd "$(dirname "$0")" && pwd)/release-data"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
suffix="$RANDOM$RANDOM"
export MENTORFLOW_EVENTS_EXCHANGE="fixture.events.$suffix" MENTORFLOW_DEAD_LETTER_EXCHANGE="fixture.dlx.$suffix"
export MENTORFLOW_DATA_DIR="$work/data" MENTORFLOW_HTTP_PORT=0 LOG_LEVEL=warning
export MENTORFLOW_SUMMARY_NAME="summary" MENTORFLOW_INSIGHTS_NAME="insights"
mkdir -p "$work/data"
"$bin/mentorflow-summary" >"$work/summary.log" 2>&1 & summary=$!
"$bin/mentorflow-insights" >"$work/insights.log" 2>&1 & insights=$!
# Both have declared their queues once their inbox files exist and a little later; wait for the queues.
for _ in $(seq 1 120); do
    [[ -f "$work/data/summary.inbox.sqlite" && -f "$work/data/insights.inbox.sqlite" ]] && break
    sleep 0.5
done
sleep 3
head -n "$((rows + 1))" "$csv" >"$work/rows.csv"
"$bin/mentorflow" import --amqp "$work/rows.csv"
count() { sqlite3 "$work/data/$1.inbox.sqlite" "SELECT count(*) FROM inbox WHERE processed_at IS NOT NULL"; }
last=""
for _ in $(seq 1 120); do
    now="$(count summary)/$(count insights)"
    [[ "$now" == "$last" && "$now" != "0/0" ]] && break
    last="$now"
    sleep 2
done
kill -TERM "$summary" "$insights"
wait "$summary" "$insights" || true
rm -rf "$out" && mkdir -p "$out"
for file in "$work"/data/*.sqlite; do
    sqlite3 "$file" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    cp "$file" "$out/"
done
for inbox in summary insights; do
    sqlite3 -separator ' ' "$out/$inbox.inbox.sqlite" "SELECT '$inbox', source, id FROM inbox WHERE processed_at IS NOT NULL ORDER BY source, id"
done >"$out/processed-events.txt"
echo "release-data: $(wc -l <"$out/processed-events.txt") processed events ($last)"; ls -la "$out"
