#!/usr/bin/env bash
# The model-less experiment (docs/model-less.md): one mixed-SLO load at a fixed rate, served four
# ways: Cortado's selector, INFaaS's rules, always the most accurate variant, always the cheapest.
#   scripts/experiment-model-less.sh [rate] [seconds] [bench options...]
# e.g. TIGHT_MS=10 SERVE_FLAGS="--autoscaler none" scripts/experiment-model-less.sh 3500 20 --binary
# Each policy gets a fresh server on the bundled models (profiles from profiles/, measured here).
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-400}
seconds=${2:-20}
shift $(( $# < 2 ? $# : 2 ))   # the rest goes to every `cortado bench`
task=image-classification
tight_ms=${TIGHT_MS:-3}   # the tight class's SLO
serve_flags=${SERVE_FLAGS:-}   # e.g. "--autoscaler none": one instance per variant, no control loop
# Unrecorded load before the measured seconds. Both JVMs compile their hot paths (C2) for the first
# 10-15 s of load; on two cores that compilation competes with serving and shows up as tail latency.
warmup=${WARMUP:-15}

# Three classes, equal shares: a tight latency SLO, a high accuracy floor, and a cost-conscious
# class that still wants a decent model.
classes_for() {  # $1: target for every class (a task, or one model for the fixed baselines)
  echo "--class tight:$1:latency_slo_ms=$tight_ms,weight=1" \
       "--class accurate:$1:latency_slo_ms=50,min_accuracy=0.91,weight=1" \
       "--class thrifty:$1:latency_slo_ms=20,min_accuracy=0.89,max_cost_per_1k=0.00002,weight=1"
}

run() {  # $1: label, $2: selector, $3: target
  local log port server
  log=$(mktemp)
  ./cortado serve --repository models --http-port 0 --grpc-port 0 --metrics-port 0 --selector "$2" $serve_flags >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do grep -q '^metrics-port=' "$log" && break; sleep 1; done
  port=$(sed -n 's/^http-port=//p' "$log")
  echo "## $1"
  # Warm the JIT of server and client first: a fresh JVM runs interpreted code for thousands of requests.
  ./cortado bench --url "http://127.0.0.1:$port" --concurrency 8 --duration 5 --warmup 0 $(classes_for "$3") "${@:4}" >/dev/null
  # shellcheck disable=SC2046
  ./cortado bench --url "http://127.0.0.1:$port" --rate "$rate" --duration "$seconds" --warmup "$warmup" $(classes_for "$3") "${@:4}"
  kill "$server"; wait "$server" 2>/dev/null || true; rm -f "$log"
  echo
}

run "cortado selector" cortado "$task" "$@"
run "INFaaS rules" infaas "$task" "$@"
run "always most accurate (fashion-cnn-large)" cortado fashion-cnn-large "$@"
run "always cheapest (fashion-mlp-small)" cortado fashion-mlp-small "$@"
