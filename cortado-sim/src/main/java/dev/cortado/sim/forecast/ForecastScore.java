package dev.cortado.sim.forecast;

/**
 * One forecaster's accuracy at one horizon over every origin of an evaluation.
 *
 * @param forecaster the forecaster's name
 * @param horizon steps ahead
 * @param points forecasts scored
 * @param smape mean symmetric absolute percentage error, percent (0 to 200)
 * @param mape mean absolute percentage error, percent, over the points whose actual is not 0
 * @param mase mean absolute error scaled, per origin, by the in-sample mean absolute one-step change
 *     of the history the forecaster saw (the one-step naive forecast's error), over the origins
 *     where that is not 0
 * @param coverage the fraction of actuals at or below the forecast's upper quantile
 * @param overProvision how much more the upper quantiles add up to than the actuals, percent
 * @param microsPerForecast mean time per forecast call (all horizons at once), microseconds
 */
public record ForecastScore(String forecaster, int horizon, int points, double smape, double mape, double mase,
    double coverage, double overProvision, double microsPerForecast) {}
