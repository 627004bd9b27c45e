#!/usr/bin/env bash
# Starts a Celery worker in the background and the web server in the
# foreground; Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

mkdir -p var
nice -n 10 $BIN/celery -A config worker -Q default,reports --loglevel INFO --concurrency 2 \
  --without-gossip --without-mingle -B --schedule var/celerybeat-schedule >var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null' EXIT INT TERM

cat <<MSG

  Coordination programme manager is starting.
  Open:    http://$HOST:$PORT/
  Logins (password SonHa@2026):
    admin              administrator (also /admin/)
    thuky.vankhe       unit secretary, district military command of Vân Khê
    thuky.hoinongdan   unit secretary, provincial Farmers' Union
    thuongtruc         standing office
    truongban          chair
    vanphong           office staff
  Worker log: var/worker.log (pid $WORKER)

MSG
$BIN/python manage.py runserver "$HOST:$PORT" --noreload
