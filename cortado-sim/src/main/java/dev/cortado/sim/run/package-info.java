/**
 * Running a scenario: arrivals from the trace, classes drawn by their shares, the selector routing
 * each class, the variants' pools batching, and the scaling policy deciding every tick through the
 * {@link dev.cortado.control.scaling.Reconciler}, exactly as the server's control loop does; with
 * streaming statistics for the summary and the time series.
 */
package dev.cortado.sim.run;
