#!/usr/bin/env bash
# The pipeline experiment (docs/planning.md, "Pipelines in the simulator"): every pipeline scenario
# run under FA2's planner (fa2), the same planner fed the true future rate (fa2-oracle), Knative's
# KPA per stage (kpa) and an even split of the SLO over the stages (even-split). Prints each run's
# tables and the figures issue 8 sets targets for; each run's report stays in runs/pipelines/<scenario>/.
#   scripts/experiment-pipelines.sh ["SCENARIOS"] [extra simulate flags...]
# e.g. scripts/experiment-pipelines.sh "pipeline-chain-worldcup98" --slo 40
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a scenarios <<<"${1:-pipeline-chain-worldcup98 pipeline-fanin-twitter}"
shift $(($# < 1 ? $# : 1))
for s in "${scenarios[@]}"; do
  out="runs/pipelines/$s"
  ./cortado simulate --scenario "scenarios/$s.yaml" --out "$out" "$@" >/dev/null
  echo "### $s"
  echo
  sed -n '/^Trace/,/^Plots/p' "$out/report.md" | sed '$d'
  python3 - "$out/summary.json" <<'PY'
import json, sys
p = {r["policy"]: r for r in json.load(open(sys.argv[1]))["policies"]}
def have(*names):
    return all(n in p for n in names)
if have("fa2"):
    print(f"fa2: {p['fa2']['slo_violation_percent']:.3f} % violations (target <= 1.5 %)")
if have("fa2", "kpa"):
    print(f"fa2 vs per-stage kpa: {100 * (1 - p['fa2']['mean_cores'] / p['kpa']['mean_cores']):.1f} % fewer cores (target >= 19 %)")
if have("fa2", "even-split"):
    print(f"fa2 vs even-split: {100 * (1 - p['fa2']['mean_cores'] / p['even-split']['mean_cores']):.1f} % fewer cores")
if have("fa2", "fa2-oracle"):
    print(f"fa2 vs fa2-oracle: cost {100 * (p['fa2']['cost_usd'] / p['fa2-oracle']['cost_usd'] - 1):+.1f} % (target within 5 %)")
PY
  echo
done
