#!/usr/bin/env bash
# Starts a server command, waits for the "http-port=N" and "grpc-port=N" lines it prints, runs
# oip-client-test.mjs against it, and stops the server (the process it started, and only that).
#
#   clients/node-grpc/run-against-server.sh --model add-fp32[,...] -- ./cortado serve --repository models \
#       --http-port 0 --grpc-port 0 --metrics-port 0
#
# Needs `npm ci` in clients/node-grpc first. Exits with the client's status.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

models=""
while [ $# -gt 0 ]; do
  case "$1" in
    --model) models="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 --model NAME[,NAME...] -- SERVER COMMAND..." >&2; exit 2 ;;
  esac
done
if [ -z "$models" ] || [ $# -eq 0 ]; then
  echo "usage: $0 --model NAME[,NAME...] -- SERVER COMMAND..." >&2
  exit 2
fi

log="$(mktemp)"
"$@" >"$log" 2>&1 &
server=$!
stop() {
  if kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap stop EXIT

http="" grpc=""
for _ in $(seq 1 600); do   # up to 2 minutes: model loading on a busy machine is slow
  http="$(sed -n 's/.*http-port=\([0-9][0-9]*\).*/\1/p' "$log" | head -1)"
  grpc="$(sed -n 's/.*grpc-port=\([0-9][0-9]*\).*/\1/p' "$log" | head -1)"
  if [ -n "$http" ] && [ -n "$grpc" ]; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "the server exited before printing its ports; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.2
done
if [ -z "$http" ] || [ -z "$grpc" ]; then
  echo "no http-port=/grpc-port= lines from the server within 2 minutes; its output:" >&2
  cat "$log" >&2
  exit 1
fi
echo "server up: http $http, grpc $grpc"
node "$here/oip-client-test.mjs" --grpc "127.0.0.1:$grpc" --http "127.0.0.1:$http" --model "$models"
