#!/usr/bin/env bash
# Simulator fidelity (docs/simulator.md): the same scenario run against the real server (./cortado
# bench --scenario, the server's own control loop scaling it) and in the simulator (same policy),
# compared on throughput, p99 and the mean number of ready instances of the scenario's variant.
# First it measures the machine's request overhead (client latency minus the server's queue_ms and
# compute_ms) under Poisson load at several rates spanning the scenario's per-second rates, into
# the file the scenario's cluster.request_overhead names (one level per rate), so the simulator adds
# what the real path adds outside queue and model at the load of each second.
#   scripts/experiment-fidelity.sh [scenario] [policy]
#   CALIBRATION_RATES (default "100 200 300 400" requests/s), CALIBRATION_SECONDS (default 60 each)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/fidelity-local.yaml}
policy=${2:-cortado}
variant=$(sed -n 's/^variants: \[\([^],]*\).*/\1/p' "$scenario")
budget=$(sed -n 's/.*core_budget: \([0-9]*\).*/\1/p' "$scenario")
overhead=$(sed -n 's/.*request_overhead: \([^,} ]*\).*/\1/p' "$scenario")
class=$(sed -n 's/.*task: \([^,]*\), slo_ms: \([0-9.]*\), min_accuracy: \([0-9.]*\).*/calibration:\1:latency_slo_ms=\2,min_accuracy=\3/p' "$scenario" | head -1)
out=runs/fidelity
mkdir -p "$out"

log=$(mktemp)
./cortado serve --repository models --http-port 0 --grpc-port 0 --metrics-port 0 --core-budget "$budget" \
    --autoscaler "$policy" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do grep -q '^metrics-port=' "$log" && break; sleep 1; done
port=$(sed -n 's/^http-port=//p' "$log")
# Warm the JIT of server and client first, then let the autoscaler settle back.
./cortado bench --url "http://127.0.0.1:$port" --concurrency 4 --duration 10 --warmup 0 --class "w:$variant" >/dev/null
sleep 20

if [ -n "$overhead" ]; then
  # The overhead file is named relative to the scenario file; each run adds the level at its rate.
  file="$(dirname "$scenario")/$overhead"
  rm -f "$file"
  for rate in ${CALIBRATION_RATES:-100 200 300 400}; do
    ./cortado bench --url "http://127.0.0.1:$port" --rate "$rate" --duration "${CALIBRATION_SECONDS:-60}" --warmup 2 \
        --class "$class" --overhead-out "$file" --json >"$out/calibration-$rate.json"
    sleep 5
  done
  sleep 15
fi

# Sample the ready instances of the variant once a second while the scenario plays.
: >"$out/real-ready.txt"
( while kill -0 $server 2>/dev/null; do
    curl -s "http://127.0.0.1:$port/v2/cortado/decisions?variant=$variant&limit=1" |
      python3 -c 'import json,sys; d=json.load(sys.stdin)["decisions"]; print(d[-1]["inputs"]["ready"] if d else "")' \
      >>"$out/real-ready.txt" 2>/dev/null || true
    sleep 1
  done ) &
sampler=$!
./cortado bench --url "http://127.0.0.1:$port" --scenario "$scenario" --json >"$out/real.json"
kill $sampler 2>/dev/null || true

./cortado simulate --scenario "$scenario" --policy "$policy" --out "$out/sim" >/dev/null
python3 - "$out/real.json" "$out/sim/summary.json" "$out/real-ready.txt" <<'PY'
import json, sys
real = json.load(open(sys.argv[1]))["classes"][0]
sim = json.load(open(sys.argv[2]))["policies"][0]
ready = [int(x) for x in open(sys.argv[3]).read().split() if x.strip()]
real_inst = sum(ready) / len(ready) if ready else float("nan")
sim_tput = sim["answered"] / json.load(open(sys.argv[2]))["window_length_s"]
rows = [("throughput (answers/s)", real["throughput"], sim_tput),
        ("p99 latency (ms)", real["p99Ms"], sim["p99_ms"]),
        ("p50 latency (ms)", real["p50Ms"], sim["p50_ms"]),
        ("mean ready instances", real_inst, sim["mean_instances"])]
print("| figure | real server | simulator | difference |")
print("|---|---:|---:|---:|")
for name, r, s in rows:
    print(f"| {name} | {r:.3f} | {s:.3f} | {100 * (s - r) / r:+.1f} % |")
PY
