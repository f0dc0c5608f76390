#!/usr/bin/env bash
# The batching experiment (docs/batching.md), per model: for each batching policy, the highest
# Poisson rate whose answers keep p99 within the SLO and >= 99 % of requests within it (goodput),
# for two SLOs; and p99 at a low rate. Each policy gets a fresh server on the bundled models.
#   scripts/experiment-batching.sh MODEL "RATES" [seconds-per-point]
# e.g. scripts/experiment-batching.sh fashion-cnn-large "1000 2000 3000 4000 5000" 5
set -euo pipefail
cd "$(dirname "$0")/.."
model=$1
read -r -a rates <<<"$2"
seconds=${3:-5}
policies=(${POLICIES:-none fixed mlproxy cortado})   # POLICIES="fixed cortado" to run fewer
slos=(25 100)

start_server() {  # $1: policy; sets port and server
  log=$(mktemp)
  ./cortado serve --repository models --http-port 0 --grpc-port 0 --metrics-port 0 --batching "$1" >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do grep -q '^metrics-port=' "$log" && break; sleep 1; done
  port=$(sed -n 's/^http-port=//p' "$log")
  # Warm the JIT of server and client first: a fresh JVM runs interpreted code for thousands of requests.
  ./cortado bench --url "http://127.0.0.1:$port" --concurrency 8 --duration 5 --warmup 0 --class "w:$model" >/dev/null
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; rm -f "$log"; }

point() {  # $1: rate, $2: slo -> "attainment p99 throughput"
  ./cortado bench --url "http://127.0.0.1:$port" --rate "$1" --duration "$seconds" --warmup 2 --json \
      --class "c:$model:latency_slo_ms=$2" |
    python3 -c 'import json,sys; c=json.load(sys.stdin)["classes"][0]; print(c["sloAttainment"], c["p99Ms"], c["throughput"], c["goodput"])'
}

echo "| policy | SLO ms | max goodput req/s (p99 <= SLO, >= 99 % within) | p99 at that rate ms | p99 at 50 req/s ms |"
echo "|---|---|---|---|---|"
for policy in "${policies[@]}"; do
  start_server "$policy"
  low=$(point 50 100 | awk '{printf "%.2f", $2}')
  for slo in "${slos[@]}"; do
    best=0; bestp99=-
    for rate in "${rates[@]}"; do
      read -r attain p99 thr good <<<"$(point "$rate" "$slo")"
      if python3 -c "import sys; sys.exit(0 if $attain >= 0.99 and $p99 <= $slo else 1)"; then
        best=$good; bestp99=$p99
      else
        break
      fi
    done
    printf '| %s | %s | %.0f | %s | %s |\n' "$policy" "$slo" "$best" "$bestp99" "$low"
  done
  stop_server
done
