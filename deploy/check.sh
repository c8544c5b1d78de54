#!/usr/bin/env bash
# Checks what docs/deployment.md tells an operator to do, on this machine,
# without systemd running: the systemd unit (systemd-analyze verify), the
# nginx site (nginx -t, then a real nginx with a self-signed certificate on
# loopback in front of two `evalcred serve` on one PostgreSQL database and
# one file store), the metrics, the start-up check that refuses a server
# with another ledger key, and the backup and restore drill.
#
# Needs: go, PostgreSQL (EVALCRED_CHECK_POSTGRES, an URL of a role that may
# create databases; default the local server), nginx, openssl, curl,
# systemd-analyze; s3rver for the file store when EVALCRED_TEST_S3 names
# its command (otherwise the two servers share a directory).
set -euo pipefail
cd "$(dirname "$0")/.."

PG=${EVALCRED_CHECK_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
work=$(mktemp -d)
pids=()
dbs=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for d in "${dbs[@]}"; do psql -q "$PG" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
step() { echo "-- [${SECONDS}s] $*"; }
fail() { echo "deploy/check.sh: $*" >&2; exit 1; }
url_of() { # the URL of database $1 on the server of $PG
  local base=${PG%%\?*} query=
  [[ $PG == *\?* ]] && query="?${PG#*\?}"
  echo "${base%/*}/$1$query"
}
wait_ready() { # wait for $1/readyz
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1/readyz" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

step "build"
go build -o "$work/evalcred" ./cmd/evalcred
ev="$work/evalcred"

step "systemd unit: systemd-analyze verify"
mkdir -p "$work/unit"
sed "s#/usr/local/bin/evalcred#$ev#" deploy/systemd/evalcred.service > "$work/unit/evalcred.service"
systemd-analyze verify "$work/unit/evalcred.service"

step "a database and the deployment's ledger key"
db="evalcred_check_$$"
dbs+=("$db")
psql -q "$PG" -c "CREATE DATABASE $db"
DB=$(url_of "$db")
"$ev" ledger key -out "$work/ledger.key" > "$work/ledger.pub"
# The commands below run with the deployment's settings, as on a server.
export EVALCRED_LEDGER_KEY_FILE="$work/ledger.key" EVALCRED_DATA_DIR="$work/data-cli"
"$ev" migrate -db "$DB" > /dev/null 2>&1
# Some data, signed on the ledger with the deployment's key.
"$ev" gen -db "$DB" -institutions 30 -seed 1 > /dev/null 2>&1

port=$((20000 + RANDOM % 20000))
a_port=$port b_port=$((port + 1)) c_port=$((port + 2)) https_port=$((port + 3)) s3_port=$((port + 4))
# nginx reaches the servers from loopback; cookies are Secure because it
# says X-Forwarded-Proto: https, not because of a setting.
export EVALCRED_DB="$DB" EVALCRED_TRUSTED_PROXIES=127.0.0.1/32 \
  EVALCRED_LOG_FORMAT=json EVALCRED_METRICS_TOKEN=check-token

if [ -n "${EVALCRED_TEST_S3:-}" ] && [[ ${EVALCRED_TEST_S3} != http* ]]; then
  step "file store: s3rver on 127.0.0.1:$s3_port"
  mkdir -p "$work/s3"
  "$EVALCRED_TEST_S3" -d "$work/s3" -a 127.0.0.1 -p "$s3_port" --configure-bucket evalcred > "$work/s3.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do grep -q listening "$work/s3.log" && break; sleep 0.5; done
  export EVALCRED_FILES=s3://evalcred/files EVALCRED_S3_ENDPOINT="http://127.0.0.1:$s3_port" \
    EVALCRED_S3_ACCESS_KEY=S3RVER EVALCRED_S3_SECRET_KEY=S3RVER
else
  step "file store: a directory both servers share"
  export EVALCRED_FILES="$work/shared-files"
fi

step "two servers on 127.0.0.1:$a_port and :$b_port"
for p in "$a_port" "$b_port"; do
  EVALCRED_DATA_DIR="$work/data-$p" "$ev" serve -addr "127.0.0.1:$p" > "$work/server-$p.log" 2>&1 &
  pids+=($!)
done
for p in "$a_port" "$b_port"; do
  wait_ready "http://127.0.0.1:$p" || { cat "$work/server-$p.log" >&2; fail "server on :$p not ready"; }
done

step "a server with another ledger key refuses to start, in one line"
"$ev" ledger key -out "$work/other.key" > /dev/null
if EVALCRED_LEDGER_KEY_FILE="$work/other.key" EVALCRED_DATA_DIR="$work/data-c" "$ev" serve -addr "127.0.0.1:$c_port" > "$work/other.log" 2>&1; then
  fail "a server with another ledger key started"
fi
grep -q "ledger key does not match" "$work/other.log" || { cat "$work/other.log" >&2; fail "no reason given"; }

step "nginx site: nginx -t, then nginx with TLS on 127.0.0.1:$https_port"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null
sed -e "s#/etc/evalcred/tls/#$work/#" -e "s#127.0.0.1:8080#127.0.0.1:$a_port#" -e "s#127.0.0.1:8081#127.0.0.1:$b_port#" \
  -e "s#listen 443 ssl http2;#listen 127.0.0.1:$https_port ssl http2;#" -e "/listen \[::\]/d" \
  -e "s#listen 80;#listen 127.0.0.1:$((port + 5));#" -e "s#evalcred.example.gov.cn#localhost#" \
  deploy/nginx/evalcred.conf > "$work/site.conf"
cat > "$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 256; }
http {
  access_log $work/nginx-access.log;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fastcgi;
  uwsgi_temp_path $work/nginx-uwsgi;
  scgi_temp_path $work/nginx-scgi;
  include $work/site.conf;
}
CONF
nginx -t -c "$work/nginx.conf" -p "$work" 2>&1 | sed 's/^/   /'
nginx -c "$work/nginx.conf" -p "$work" -g "daemon off;" &
pids+=($!)
site="https://localhost:$https_port"
curl_site() { curl -sS --cacert "$work/fullchain.pem" --resolve "localhost:$https_port:127.0.0.1" "$@"; }
for _ in $(seq 1 60); do curl_site -o /dev/null "$site/healthz" 2>/dev/null && break; sleep 0.5; done

step "through nginx: both servers answer, the client address is nginx's, cookies are Secure, /metrics is closed"
"$ev" user add -db "$DB" -username opscheck -password 'check-password-1' -role provincial_admin -region 430000 > /dev/null
token=$(curl_site -fsS -H 'Content-Type: application/json' -H 'X-Forwarded-For: 203.0.113.9' \
  -d '{"username":"opscheck","password":"check-password-1"}' "$site/api/v1/auth/login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || fail "no login through nginx"
for _ in $(seq 1 10); do
  code=$(curl_site -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$site/api/v1/me")
  [ "$code" = 200 ] || fail "GET /api/v1/me through nginx: $code"
done
for p in "$a_port" "$b_port"; do
  grep -q '"path":"/api/v1/me"' "$work/server-$p.log" || fail "the server on :$p got no request through nginx"
done
grep -q '"ip":"127.0.0.1"' "$work/server-$a_port.log" || fail "the servers did not log nginx's client address"
if grep -q '203.0.113.9' "$work/server-$a_port.log" "$work/server-$b_port.log"; then fail "a client's own X-Forwarded-For was believed"; fi
cookies=$(curl_site -sS -o /dev/null -D - -H 'X-Forwarded-Proto: http' \
  --data-urlencode username=opscheck --data-urlencode password=check-password-1 "$site/login" | grep -i '^set-cookie: evalcred_session=' || true)
grep -qi '; secure' <<<"$cookies" || fail "the session cookie through nginx (TLS) is not Secure: $cookies"
cookies=$(curl -sS -o /dev/null -D - \
  --data-urlencode username=opscheck --data-urlencode password=check-password-1 "http://127.0.0.1:$a_port/login" | grep -i '^set-cookie: evalcred_session=' || true)
if grep -qi '; secure' <<<"$cookies"; then fail "a plain HTTP login straight to a server got a Secure cookie: $cookies"; fi
code=$(curl_site -o /dev/null -w '%{http_code}' -H "Authorization: Bearer check-token" "$site/metrics")
[ "$code" = 404 ] || fail "/metrics through nginx: $code"
# Read the whole answer first: grep -q stops at the first match, and under
# pipefail the curl it leaves writing fails the pipeline.
scrape=$(curl -fsS -H "Authorization: Bearer check-token" "http://127.0.0.1:$a_port/metrics") \
  || fail "/metrics on the server's own address"
grep -q '^evalcred_http_requests_total{' <<<"$scrape" || fail "/metrics on the server's own address: no request series"
code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$a_port/metrics")
[ "$code" = 401 ] || fail "/metrics without the token: $code"

step "backup while the servers run, and the restore drill"
"$ev" backup -out "$work/backup" | sed 's/^/   /'
rdb="evalcred_check_restore_$$"
dbs+=("$rdb")
psql -q "$PG" -c "CREATE DATABASE $rdb"
RDB=$(url_of "$rdb")
EVALCRED_FILES="$work/restored-files" "$ev" restore -from "$work/backup" -db "$RDB" | sed 's/^/   /'
"$ev" ledger verify -db "$RDB" -public-key "$(cat "$work/ledger.pub")" | sed 's/^/   /'
# The drill ends with a server on the restored copy, with the deployment's key.
EVALCRED_DB="$RDB" EVALCRED_FILES="$work/restored-files" EVALCRED_DATA_DIR="$work/data-drill" "$ev" serve -addr "127.0.0.1:$c_port" > "$work/drill.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$c_port" || { cat "$work/drill.log" >&2; fail "no server on the restored copy"; }
curl -fsS -o /dev/null -H 'Content-Type: application/json' -d '{"username":"opscheck","password":"check-password-1"}' \
  "http://127.0.0.1:$c_port/api/v1/auth/login" || fail "no login on the restored copy"

echo "deploy/check.sh: all checks passed"
