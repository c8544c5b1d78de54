#!/usr/bin/env bash
# The pages one review decision writes on SQLite (docs/performance.md):
#   frames.sh BIN DB N [WHERE]
# copies DB (a generated SQLite file, as for decisions.sh), starts BIN serve
# on it and posts N level-2 approvals one after another, each its own
# commit; after each it prints the WAL frames of that commit: their count
# and the table or index of each page. WHERE narrows the tasks (SQL on
# review_tasks t joined to institutions i). Needs sqlite3 and python3.
# Unlike a throughput, the count does not depend on the machine's load: on
# the same database the same decisions write the same pages.
set -euo pipefail
bin=$(realpath "$1"); src=$2; n=$3; where=${4:-1=1}
here=$(dirname "$(realpath "$0")")
dir=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"' EXIT
cp "$src" "$dir/f.db"
export EVALCRED_PUBLIC_RATE=0 EVALCRED_LOG_LEVEL=warn EVALCRED_DATA_DIR="$dir/files" \
  EVALCRED_LEDGER_KEY=cGVyZi1sZWRnZXIta2V5LWZvci1ldmFsY3JlZC0wMDE=
EVALCRED_ADDR=127.0.0.1:18086 "$bin" serve -db "$dir/f.db" >"$dir/server.log" 2>&1 &
for _ in $(seq 100); do curl -sf http://127.0.0.1:18086/readyz >/dev/null && break; sleep 0.1; done
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"username":"hunan","password":"demo12345"}' \
  http://127.0.0.1:18086/api/v1/auth/login | sed 's/.*"token":"\([^"]*\)".*/\1/')
ids=$(sqlite3 "$dir/f.db" "SELECT t.id FROM review_tasks t JOIN institutions i ON i.id = t.institution_id
  WHERE t.state = 'open' AND t.level = 2 AND t.region_code >= '43' AND t.region_code < '44' AND ($where) ORDER BY t.id LIMIT $n")
# The start-up's jobs (the day's, once a China day) write first: wait until
# the log has not changed for 2 s.
last=
for _ in $(seq 60); do
  cur=$(stat -c '%s %y' "$dir/f.db-wal" 2>/dev/null || true)
  [[ -n $last && $cur == "$last" ]] && break
  last=$cur; sleep 2
done
for id in $ids; do
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"decision":"approve","comments":{"general":"ok"}}' "http://127.0.0.1:18086/api/v1/reviews/$id/decision"
  sleep 0.3
  python3 "$here/walframes.py" "$dir/f.db-wal" "$dir/f.db"
done
