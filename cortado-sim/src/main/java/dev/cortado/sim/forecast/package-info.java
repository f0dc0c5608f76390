/**
 * Rolling-origin evaluation of the forecasters of {@code dev.cortado.control.forecast} on real
 * arrival traces: per-minute rates, forecasts from many origins, and sMAPE, MAPE, MASE, upper-quantile
 * coverage and cost per forecaster and horizon.
 */
package dev.cortado.sim.forecast;
