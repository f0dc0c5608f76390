#!/usr/bin/env bash
# The autoscaling experiment (docs/autoscaling.md): every policy of three real-trace scenarios (a
# sharp burst, a daily cycle, the per-request Azure trace) in the simulator, at two SLOs; prints
# one markdown table per run and leaves each run's report in runs/autoscaling/<scenario>-slo<ms>/.
#   scripts/experiment-autoscaling.sh ["SCENARIOS"] ["SLOS"] [extra simulate flags...]
# e.g. scripts/experiment-autoscaling.sh "autoscaling-wc98-burst" "50 100" --scale 0.5
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a scenarios <<<"${1:-autoscaling-wc98-burst autoscaling-wc98-day autoscaling-azure-conv}"
read -r -a slos <<<"${2:-50 100}"
shift $(($# < 2 ? $# : 2))
for s in "${scenarios[@]}"; do
  for slo in "${slos[@]}"; do
    out="runs/autoscaling/$s-slo$slo"
    ./cortado simulate --scenario "scenarios/$s.yaml" --slo "$slo" --out "$out" "$@" >/dev/null
    echo "### $s, SLO $slo ms"
    echo
    sed -n '/^| policy/,/^$/p' "$out/report.md"
  done
done
