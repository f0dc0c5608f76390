#!/usr/bin/env bash
# REST /infer load benchmark: starts `cortado serve` on the bundled models (free ports), drives it
# with `hey` (Debian package `hey`) at batch 1 for each model and concurrency, prints a table.
#   scripts/bench-rest.sh [seconds-per-point] [models...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
shift || true
models=("${@:-fashion-mlp-small fashion-cnn-large}")
read -r -a models <<<"${models[*]}"
command -v hey >/dev/null || { echo "bench-rest: needs 'hey' (apt-get install -y hey)" >&2; exit 1; }

log=$(mktemp)
./cortado serve --repository models --http-port 0 --grpc-port 0 --metrics-port 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 120); do grep -q '^metrics-port=' "$log" && break; sleep 1; done
port=$(sed -n 's/^http-port=//p' "$log")
[ -n "$port" ] || { cat "$log" >&2; exit 1; }
body=datasets/fashion-mnist/sample-request.json

printf '| model | concurrency | req/s | p50 ms | p99 ms |\n|---|---|---|---|---|\n'
for model in "${models[@]}"; do
  url="http://127.0.0.1:$port/v2/models/$model/infer"
  hey -n 2000 -c 8 -m POST -T application/json -D "$body" "$url" >/dev/null   # warm-up
  for c in 1 64; do
    out=$(hey -z "${seconds}s" -c "$c" -m POST -T application/json -D "$body" "$url")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '/ 50%% in/ {print $3*1000}')
    p99=$(echo "$out" | awk '/ 99%% in/ {print $3*1000}')
    codes=$(echo "$out" | sed -n '/Status code distribution/,$p' | grep -v 'Status code' | xargs)
    printf '| %s | %d | %.0f | %.3f | %.3f |  %s\n' "$model" "$c" "$rps" "$p50" "$p99" "$codes"
  done
done
