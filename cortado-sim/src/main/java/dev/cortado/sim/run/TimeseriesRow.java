package dev.cortado.sim.run;

/**
 * One step of a run's time series.
 *
 * @param policy the policy's label
 * @param timeSeconds simulated seconds since the window's start, at the step's end
 * @param arrivalRate arrivals per second over the step
 * @param answerRate answers per second over the step
 * @param rejectRate refusals, sheds and infeasible queries per second over the step
 * @param sloAttainment answered within SLO over arrived, in the step (NaN with no arrivals)
 * @param p50Ms median latency of the step's answers (NaN with none)
 * @param p99Ms 99th percentile of the step's answers (NaN with none)
 * @param sloMs the tightest class SLO, to draw p99 against
 * @param readyInstances instances ready at the step's end
 * @param startingInstances instances in their cold start at the step's end
 * @param coresInUse cores held at the step's end
 * @param costUsd cost since the start, cumulative
 * @param forecastRate the rate the policy forecast for this step, NaN when it does not forecast
 */
public record TimeseriesRow(String policy, double timeSeconds, double arrivalRate, double answerRate, double rejectRate,
    double sloAttainment, double p50Ms, double p99Ms, double sloMs, int readyInstances, int startingInstances, int coresInUse,
    double costUsd, double forecastRate) {}
