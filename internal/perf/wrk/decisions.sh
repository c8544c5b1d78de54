#!/usr/bin/env bash
# One A/B measurement of review decisions over HTTP (docs/performance.md):
#   decisions.sh BIN DB [SECONDS] [CLIENTS]
# copies DB (a database from `evalcred gen`, started once so that its daily
# jobs are done, on the same China date: after midnight UTC+8 they run again
# at start-up, beside the measurement; an SQLite file, or a postgres:// URL)
# to a scratch file
# (flushed to disk: a copy's dirty pages would otherwise stall the first
# checkpoints) or a scratch database (CREATE DATABASE ... TEMPLATE, copied as
# files: the default strategy writes the whole copy to the WAL, 2 GB here,
# and the run then starts in the middle of the checkpoints that causes), starts
# BIN serve on it with a second, idle server beside it as in the load test,
# and posts level-2 approvals with wrk. Needs wrk, and sqlite3 or psql
# (Debian packages). Run it alternately with two builds: interleaved pairs,
# not single runs.
set -euo pipefail
bin=$(realpath "$1"); src=$2; secs=${3:-6}; clients=${4:-8}
dir=$(mktemp -d)
drop() { :; }
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; drop; rm -rf "$dir"' EXIT
export PGOPTIONS="-c client_min_messages=warning"
ids="SELECT id FROM review_tasks WHERE state = 'open' AND level = 2 AND region_code >= '43' AND region_code < '44' ORDER BY id"
case $src in
postgres://* | postgresql://*)
  url=${src%%\?*}; base=${url%/*}; opts=; [[ $src == *\?* ]] && opts="?${src#*\?}"
  name=evalcred_ab_run
  drop() { psql -q "$base/postgres$opts" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null; }
  drop
  psql -q "$base/postgres$opts" -c "CREATE DATABASE $name TEMPLATE ${url##*/} STRATEGY FILE_COPY" >/dev/null
  target=$base/$name$opts
  list() { psql -At "$target" -c "$ids"; } ;;
*)
  cp "$src" "$dir/ab.db"; sync
  target=$dir/ab.db
  list() { sqlite3 "$target" "$ids"; } ;;
esac
export EVALCRED_PUBLIC_RATE=0 EVALCRED_LOG_LEVEL=warn EVALCRED_DATA_DIR="$dir/files" \
  EVALCRED_LEDGER_KEY=cGVyZi1sZWRnZXIta2V5LWZvci1ldmFsY3JlZC0wMDE=
EVALCRED_ADDR=127.0.0.1:18080 "$bin" serve -db "$target" >"$dir/server.log" 2>&1 &
EVALCRED_ADDR=127.0.0.1:18081 "$bin" serve -db "$target" >"$dir/server2.log" 2>&1 &
for _ in $(seq 100); do curl -sf http://127.0.0.1:18080/readyz >/dev/null && break; sleep 0.1; done
sleep 1
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"username":"hunan","password":"demo12345"}' \
  http://127.0.0.1:18080/api/v1/auth/login | sed 's/.*"token":"\([^"]*\)".*/\1/')
list >"$dir/ids.txt"
TOKEN=$TOKEN IDS=$dir/ids.txt THREADS=2 wrk --latency -t2 -c"$clients" -d"${secs}s" \
  -s "$(dirname "$(realpath "$0")")/decide.lua" http://127.0.0.1:18080 | grep -E "Requests/sec|Non-2xx|  50%|  99%"
