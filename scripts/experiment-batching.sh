#!/usr/bin/env bash
# The batching experiment (docs/batching.md), per model: for each batching policy, the highest
# Poisson rate whose answers keep p99 within the SLO and >= 99 % of requests within it (goodput),
# for two SLOs; and p99 at a low rate. Each policy gets a fresh server on the bundled models; one
# client JVM per SLO climbs the rate ladder (`bench --rates ... --until-miss`), so its JIT is warm.
# Requests use REST with the binary tensor extension (JSON=1 for JSON numbers). The server runs no
# autoscaler (one instance of the model, one intra-op thread), so the policies share the same cores;
# first, the physical limit: in-process ONNX Runtime on one thread at batch 1, 4, 16 and 64 (JMH).
#   scripts/experiment-batching.sh MODEL "RATES" [seconds-per-point]
# e.g. scripts/experiment-batching.sh fashion-cnn-large "500 1000 2000 3000 3500 4000" 5
set -euo pipefail
cd "$(dirname "$0")/.."
model=$1
rates=$(echo "$2" | tr ' ' ',')
seconds=${3:-5}
policies=(${POLICIES:-none fixed mlproxy cortado})   # POLICIES="fixed cortado" to run fewer
slos=(${SLOS:-25 100})
retries=${RETRIES:-1}   # a rung that misses is run again this many times before the ladder stops
encoding=--binary; [ "${JSON:-0}" = 1 ] && encoding=

start_server() {  # $1: policy; sets port and server
  log=$(mktemp)
  ./cortado serve --repository models --http-port 0 --grpc-port 0 --metrics-port 0 --autoscaler none --batching "$1" >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do grep -q '^metrics-port=' "$log" && break; sleep 1; done
  port=$(sed -n 's/^http-port=//p' "$log")
  # Warm the server's JIT first: a fresh JVM runs interpreted code for thousands of requests.
  ./cortado bench --url "http://127.0.0.1:$port" --concurrency 8 --duration 5 --warmup 0 $encoding --class "w:$model" >/dev/null
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; rm -f "$log"; }

# Reads bench's JSON lines (a rate that missed is tried again: RETRIES); prints "goodput p99" of the
# last rate at which a try held (p99 <= SLO, >= 99 % within). The bench stopped at the first rate
# whose every try missed.
best_point() {
  python3 -c '
import json, sys
best = (0, "-")
for line in sys.stdin:
    j = json.loads(line)
    c = j["classes"][0]
    if c["sloAttainment"] >= 0.99 and c["p99Ms"] <= c["sloMs"]:
        best = (c["goodput"], c["p99Ms"])
print("%.0f %s" % best)'
}

. scripts/find-jdk.sh && cortado_find_jdk
jar=cortado-bench/target/benchmarks.jar
[ -f "$jar" ] || ./mvnw -q -pl cortado-bench -am package -DskipTests
jmh=$(mktemp)
"$JAVA_HOME/bin/java" -jar "$jar" OnnxRunBenchmark -p model="$model" -p batch=1,4,16,64 -bm avgt -tu us \
    -wi 2 -w 2 -i 3 -r 2 -f 1 -rf json -rff "$jmh" >/dev/null
echo "| $model in process, one thread | batch | µs per batch | samples/s |"
echo "|---|---|---|---|"
python3 -c '
import json, sys
for r in json.load(open(sys.argv[1])):
    b = int(r["params"]["batch"]); us = r["primaryMetric"]["score"]
    print("| | %d | %.1f | %.0f |" % (b, us, b * 1e6 / us))' "$jmh"
rm -f "$jmh"
echo

echo "| policy | SLO ms | max goodput req/s (p99 <= SLO, >= 99 % within) | p99 at that rate ms | p99 at 50 req/s ms |"
echo "|---|---|---|---|---|"
for policy in "${policies[@]}"; do
  start_server "$policy"
  low=$(./cortado bench --url "http://127.0.0.1:$port" --rate 50 --duration 10 --warmup 2 --json $encoding \
      --class "c:$model:latency_slo_ms=100" | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["classes"][0]["p99Ms"])')
  for slo in "${slos[@]}"; do
    read -r best bestp99 <<<"$(./cortado bench --url "http://127.0.0.1:$port" --rates "$rates" --until-miss \
        --retries "$retries" --duration "$seconds" --warmup 3 --json $encoding --class "c:$model:latency_slo_ms=$slo" | best_point)"
    printf '| %s | %s | %s | %s | %s |\n' "$policy" "$slo" "$best" "$bestp99" "$low"
  done
  stop_server
done
