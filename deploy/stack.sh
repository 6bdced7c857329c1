#!/usr/bin/env bash
# The province-scale stack on one machine (issue #28, docs/scaling.md), from real components:
#
#   haproxy :STACK_HTTP_PORT (round robin, health check on /masuk/)
#     -> gunicorn x STACK_APP_SERVERS (ports STACK_APP_PORT, +1, ...; gunicorn.conf.py)
#          writes and the reads after a user's write -> PgBouncer :STACK_PGBOUNCER_PORT
#                                                      (transaction pooling) -> PostgreSQL primary
#          dashboards, exports, API reads            -> streaming replica :STACK_REPLICA_PORT
#   task worker (manage.py db_worker) -> the primary directly (it streams large exports with
#   server-side cursors, which transaction pooling cannot carry)
#
#   deploy/stack.sh start | stop | status      (make stack / make stack-stop / make stack-status)
#   deploy/stack.sh pgbouncer-start | pgbouncer-stop   (PgBouncer alone: .ci/run's PostgreSQL runs)
#   deploy/stack.sh replica-start | replica-stop       (the replica alone: .ci/run's replica test)
#
# Both are idempotent: start leaves what already runs alone, stop stops only what this script
# started (its pid files under STACK_DIR) and is quiet about what is not running.
#
# The primary is the PostgreSQL at PRIMARY_HOST:PRIMARY_PORT (127.0.0.1:5432, user postgres,
# trust on 127.0.0.1). It is never restarted or reconfigured, except: if it refuses replication
# connections from 127.0.0.1, one pg_hba line "host replication postgres 127.0.0.1/32 trust" is
# appended and the configuration reloaded (a reload, not a restart). It must already run with
# wal_level replica or logical and max_wal_senders > 0 (PostgreSQL's defaults); if not, the script
# stops and says so, since changing them needs a restart.
#
# The replica is a second cluster made with pg_createcluster (Debian's postgresql-common), its
# data under STACK_DIR, filled by pg_basebackup and streaming from a physical replication slot.
# The slot exists only while the replica runs (stop drops it, so a stopped stack never makes the
# primary keep WAL); start therefore makes the replica afresh (seconds for a small cluster).
# PostgreSQL's processes and PgBouncer run as the postgres user: run this as root (CI, this
# machine) or as postgres.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
STACK_DIR="${STACK_DIR:-/tmp/wfa-stack-$(basename "$ROOT")}"
PRIMARY_HOST="${PRIMARY_HOST:-127.0.0.1}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
STACK_DB="${STACK_DB:-wfa_stack}"
STACK_PGBOUNCER_PORT="${STACK_PGBOUNCER_PORT:-6442}"
STACK_REPLICA_PORT="${STACK_REPLICA_PORT:-5442}"
STACK_REPLICA_CLUSTER="${STACK_REPLICA_CLUSTER:-wfa_replica_$STACK_REPLICA_PORT}"
STACK_REPLICA_SLOT="${STACK_REPLICA_SLOT:-${STACK_REPLICA_CLUSTER}_slot}"
STACK_HTTP_PORT="${STACK_HTTP_PORT:-8140}"
STACK_APP_PORT="${STACK_APP_PORT:-8141}"
STACK_APP_SERVERS="${STACK_APP_SERVERS:-2}"
STACK_WORKER="${STACK_WORKER:-1}"  # 0: no task worker
PG_VERSION="${PG_VERSION:-$(psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -Atc 'SHOW server_version_num' 2>/dev/null | cut -c1-2)}"
PGBIN="/usr/lib/postgresql/$PG_VERSION/bin"

say() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] %s\n' "$*" >&2; exit 1; }

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"
    elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"
    else die "PostgreSQL and PgBouncer run as the postgres user: run this as root or as postgres."; fi
}

primary_sql() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -XAtqc "$1"; }

running() {  # pid file -> is its process alive?
    [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

stop_pidfile() {  # pid file, name
    if running "$1"; then
        local pid; pid="$(cat "$1")"
        kill "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        say "$2 stopped (pid $pid)"
    fi
    rm -f "$1"
}

wait_port() {  # port, name
    for _ in $(seq 1 150); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.2
    done
    die "$2 did not open port $1 (logs in $STACK_DIR)"
}

# ---- PgBouncer ---------------------------------------------------------------------------------
# deploy/pgbouncer.ini with this run's port, directory and primary.
pgbouncer_start() {
    local dir="$STACK_DIR/pgbouncer"
    command -v pgbouncer >/dev/null || die "pgbouncer is not installed (apt-get install pgbouncer)"
    if running "$dir/pgbouncer.pid"; then say "PgBouncer already runs on $STACK_PGBOUNCER_PORT"; return; fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$STACK_DIR"  # PgBouncer (as postgres) reaches its files
    sed -e "s|/tmp/pgb|$dir|g" \
        -e "s|^listen_port = .*|listen_port = $STACK_PGBOUNCER_PORT|" \
        -e "s|^\* = .*|* = host=$PRIMARY_HOST port=$PRIMARY_PORT|" \
        "$ROOT/deploy/pgbouncer.ini" >"$dir/pgbouncer.ini"
    echo '"postgres" ""' >"$dir/users.txt"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    as_postgres pgbouncer -d "$dir/pgbouncer.ini"
    wait_port "$STACK_PGBOUNCER_PORT" PgBouncer
    say "PgBouncer (transaction pooling) on 127.0.0.1:$STACK_PGBOUNCER_PORT -> $PRIMARY_HOST:$PRIMARY_PORT"
}

pgbouncer_stop() { stop_pidfile "$STACK_DIR/pgbouncer/pgbouncer.pid" PgBouncer; }

# ---- the streaming replica ---------------------------------------------------------------------
replica_running() {
    pg_lsclusters -h 2>/dev/null | awk -v c="$STACK_REPLICA_CLUSTER" -v v="$PG_VERSION" \
        '$1 == v && $2 == c && $4 ~ /online/ {found=1} END {exit !found}'
}

check_primary_for_replication() {
    local level senders
    level="$(primary_sql 'SHOW wal_level')"
    senders="$(primary_sql 'SHOW max_wal_senders')"
    if [ "$level" = minimal ] || [ "$senders" = 0 ]; then
        die "The primary runs with wal_level=$level, max_wal_senders=$senders: a replica needs wal_level=replica and max_wal_senders > 0, which take a restart of the primary. Not done by this script."
    fi
    if ! psql "host=$PRIMARY_HOST port=$PRIMARY_PORT user=postgres replication=true" -XAtqc IDENTIFY_SYSTEM >/dev/null 2>&1; then
        local hba; hba="$(primary_sql 'SHOW hba_file')"
        say "The primary refuses replication connections from 127.0.0.1: adding to $hba (and reloading, no restart):"
        say "    host replication postgres 127.0.0.1/32 trust"
        printf '\n# WFA Portal stack (deploy/stack.sh): the local streaming replica.\nhost replication postgres 127.0.0.1/32 trust\n' >>"$hba"
        primary_sql 'SELECT pg_reload_conf()' >/dev/null
        sleep 1
        psql "host=$PRIMARY_HOST port=$PRIMARY_PORT user=postgres replication=true" -XAtqc IDENTIFY_SYSTEM >/dev/null \
            || die "The primary still refuses replication connections (see $hba)."
    fi
}

replica_start() {
    local data="$STACK_DIR/replica"
    if replica_running; then say "Replica $STACK_REPLICA_CLUSTER already runs on $STACK_REPLICA_PORT"; return; fi
    command -v pg_createcluster >/dev/null || die "pg_createcluster is missing (apt-get install postgresql-common)"
    check_primary_for_replication
    say "Making the replica afresh: pg_basebackup of the primary ($(primary_sql "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database"))"
    pg_dropcluster "$PG_VERSION" "$STACK_REPLICA_CLUSTER" 2>/dev/null || true
    primary_sql "SELECT pg_drop_replication_slot('$STACK_REPLICA_SLOT') FROM pg_replication_slots WHERE slot_name = '$STACK_REPLICA_SLOT' AND NOT active" >/dev/null
    rm -rf "$data"
    mkdir -p "$STACK_DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$STACK_DIR"
    # The cluster's configuration (port, data directory, pg_hba) in /etc/postgresql/<v>/<name>/;
    # its data directory is then replaced by the primary's copy.
    pg_createcluster "$PG_VERSION" "$STACK_REPLICA_CLUSTER" -p "$STACK_REPLICA_PORT" -d "$data" \
        -- --auth-local=trust --auth-host=trust >/dev/null
    local conf="/etc/postgresql/$PG_VERSION/$STACK_REPLICA_CLUSTER"
    cat >>"$conf/postgresql.conf" <<EOF
# deploy/stack.sh: a hot standby of $PRIMARY_HOST:$PRIMARY_PORT, on loopback only.
listen_addresses = '127.0.0.1'
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = 30s
max_connections = 100
shared_buffers = 64MB
# After a base backup the first start syncs the data directory: one syncfs per file system is far
# quicker than an fsync per file on a busy disk.
recovery_init_sync_method = syncfs
EOF
    rm -rf "$data" && mkdir -p "$data" && chmod 700 "$data"
    [ "$(id -u)" = 0 ] && chown postgres "$data"
    as_postgres pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$data" \
        -X stream -c fast -R -C -S "$STACK_REPLICA_SLOT"
    # pg_ctl gives up waiting after a minute, the server does not: a first start on a busy disk
    # can take longer. Streaming within STACK_REPLICA_WAIT seconds, or the start failed.
    pg_ctlcluster "$PG_VERSION" "$STACK_REPLICA_CLUSTER" start \
        || say "pg_ctl stopped waiting; waiting for the replica to stream (up to ${STACK_REPLICA_WAIT:-600} s)"
    local waited=0 log="/var/log/postgresql/postgresql-$PG_VERSION-$STACK_REPLICA_CLUSTER.log"
    until [ "$(psql -h 127.0.0.1 -p "$STACK_REPLICA_PORT" -U postgres -XAtqc 'SELECT status FROM pg_stat_wal_receiver' 2>/dev/null)" = streaming ]; do
        if [ "$waited" -ge "${STACK_REPLICA_WAIT:-300}" ]; then
            [ "$(primary_sql "SELECT active FROM pg_replication_slots WHERE slot_name = '$STACK_REPLICA_SLOT'")" = t ] \
                || die "The replica does not stream (log: $log)"
            # A hot standby opens for reads once the primary logs a snapshot of its running
            # transactions without overflowed subtransactions (more than 64 savepoints in one
            # transaction); test suites sharing the primary can hold such transactions for minutes.
            say "WARNING: the replica streams (slot active) but does not accept reads yet: see $log; pages routed to it fail until it does"
            return
        fi
        sleep 1; waited=$((waited + 1))
    done
    say "Streaming replica $STACK_REPLICA_CLUSTER on 127.0.0.1:$STACK_REPLICA_PORT (slot $STACK_REPLICA_SLOT), open for reads"
}

replica_stop() {
    if pg_lsclusters -h 2>/dev/null | awk -v c="$STACK_REPLICA_CLUSTER" '$2 == c {f=1} END {exit !f}'; then
        pg_ctlcluster "$PG_VERSION" "$STACK_REPLICA_CLUSTER" stop -m fast 2>/dev/null || true
        pg_dropcluster "$PG_VERSION" "$STACK_REPLICA_CLUSTER" 2>/dev/null || true
        say "Replica $STACK_REPLICA_CLUSTER stopped and removed"
    fi
    rm -rf "$STACK_DIR/replica"
    # Without its replica the slot would make the primary keep every WAL segment from now on.
    if [ -n "$(primary_sql "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$STACK_REPLICA_SLOT'" 2>/dev/null)" ]; then
        primary_sql "SELECT pg_drop_replication_slot('$STACK_REPLICA_SLOT')" >/dev/null && say "Slot $STACK_REPLICA_SLOT dropped"
    fi
}

# ---- the portal: two (or more) gunicorns behind haproxy, the task worker ----------------------
# Production settings on loopback, over plain HTTP: the environment wins over every default here.
portal_env() {
    export DJANGO_DEBUG="${DJANGO_DEBUG:-false}"
    export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-stack-only-secret-key-not-for-production-0123456789abcdef}"
    export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost,testserver}"
    export DJANGO_SECURE_SSL_REDIRECT="${DJANGO_SECURE_SSL_REDIRECT:-false}"
    export DJANGO_SESSION_COOKIE_SECURE="${DJANGO_SESSION_COOKIE_SECURE:-false}"
    export DJANGO_CSRF_COOKIE_SECURE="${DJANGO_CSRF_COOKIE_SECURE:-false}"
    export DJANGO_STATICFILES_STORAGE="${DJANGO_STATICFILES_STORAGE:-django.contrib.staticfiles.storage.StaticFilesStorage}"
    export WFA_TRUSTED_PROXIES="${WFA_TRUSTED_PROXIES:-127.0.0.1}"
    export WFA_SITE_URL="${WFA_SITE_URL:-http://127.0.0.1:$STACK_HTTP_PORT}"
}

portal_start() {
    local run="$STACK_DIR/portal" direct="postgres://postgres@$PRIMARY_HOST:$PRIMARY_PORT/$STACK_DB"
    mkdir -p "$run"
    portal_env
    [ -n "$(primary_sql "SELECT 1 FROM pg_database WHERE datname = '$STACK_DB'")" ] \
        || { primary_sql "CREATE DATABASE \"$STACK_DB\"" && say "Database $STACK_DB created"; }
    DATABASE_URL="$direct" "$PY" "$ROOT/manage.py" migrate --noinput -v 0
    local i port
    for i in $(seq 1 "$STACK_APP_SERVERS"); do
        port=$((STACK_APP_PORT + i - 1))
        if running "$run/app$i.pid"; then say "gunicorn $i already runs on $port"; continue; fi
        (cd "$ROOT" && GUNICORN_BIND="127.0.0.1:$port" \
            DATABASE_URL="postgres://postgres@127.0.0.1:$STACK_PGBOUNCER_PORT/$STACK_DB" \
            WFA_DB_POOLER=pgbouncer \
            WFA_DB_REPLICA_URL="postgres://postgres@127.0.0.1:$STACK_REPLICA_PORT/$STACK_DB" \
            "$PY" -m gunicorn -c gunicorn.conf.py wfa_portal.wsgi --daemon \
            --pid "$run/app$i.pid" --error-logfile "$run/app$i.log")
    done
    for i in $(seq 1 "$STACK_APP_SERVERS"); do wait_port $((STACK_APP_PORT + i - 1)) "gunicorn $i"; done
    if running "$run/haproxy.pid"; then
        say "haproxy already runs on $STACK_HTTP_PORT"
    else
        command -v haproxy >/dev/null || die "haproxy is not installed (apt-get install haproxy)"
        {
            printf 'global\n  maxconn 4096\n'
            printf 'defaults\n  mode http\n  option forwardfor\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n'
            printf 'frontend portal\n  bind 127.0.0.1:%s\n  default_backend app\n' "$STACK_HTTP_PORT"
            printf 'backend app\n  balance roundrobin\n  option httpchk GET /masuk/\n'
            for i in $(seq 1 "$STACK_APP_SERVERS"); do
                printf '  server app%s 127.0.0.1:%s check inter 5s\n' "$i" $((STACK_APP_PORT + i - 1))
            done
        } >"$run/haproxy.cfg"
        haproxy -D -f "$run/haproxy.cfg" -p "$run/haproxy.pid"
        wait_port "$STACK_HTTP_PORT" haproxy
    fi
    if [ "$STACK_WORKER" != 0 ]; then
        if running "$run/worker.pid"; then say "Task worker already runs"
        else
            DATABASE_URL="$direct" setsid "$PY" "$ROOT/manage.py" db_worker --interval 1 \
                >>"$run/worker.log" 2>&1 </dev/null &
            echo $! >"$run/worker.pid"
        fi
    fi
    say "Portal: http://127.0.0.1:$STACK_HTTP_PORT/ (haproxy -> $STACK_APP_SERVERS gunicorn from port $STACK_APP_PORT; database $STACK_DB)"
}

portal_stop() {
    local run="$STACK_DIR/portal" i
    stop_pidfile "$run/haproxy.pid" haproxy
    for i in $(seq 1 "$STACK_APP_SERVERS"); do stop_pidfile "$run/app$i.pid" "gunicorn $i"; done
    stop_pidfile "$run/worker.pid" "Task worker"
}

status() {
    local run="$STACK_DIR/portal" f
    for f in "$STACK_DIR/pgbouncer/pgbouncer.pid" "$run"/*.pid; do
        [ -e "$f" ] || continue
        if running "$f"; then say "$(basename "$f" .pid): runs (pid $(cat "$f"))"; else say "$(basename "$f" .pid): stopped"; fi
    done
    if replica_running; then
        say "replica: $(psql -h 127.0.0.1 -p "$STACK_REPLICA_PORT" -U postgres -XAtqc "SELECT status || ', replay lag ' || coalesce(round(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::numeric, 2)::text, '?') || ' s since the last replayed commit' FROM pg_stat_wal_receiver")"
    else say "replica: stopped"; fi
}

case "${1:-}" in
    start) pgbouncer_start; replica_start; portal_start ;;
    stop) portal_stop; replica_stop; pgbouncer_stop ;;
    status) status ;;
    pgbouncer-start) pgbouncer_start ;;
    pgbouncer-stop) pgbouncer_stop ;;
    replica-start) replica_start ;;
    replica-stop) replica_stop ;;
    *) die "usage: deploy/stack.sh start|stop|status|pgbouncer-start|pgbouncer-stop|replica-start|replica-stop" ;;
esac
