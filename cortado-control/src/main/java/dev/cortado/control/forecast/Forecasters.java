package dev.cortado.control.forecast;

import java.time.Duration;
import java.util.List;

/**
 * The forecasters with their default settings: a daily season, a 0.95 upper quantile from the last
 * six hours of errors, Holt-Winters fitted on a week and Prophet-style on two (its weekly season
 * needs two), both refitted every six hours. Each call builds new instances (each with its own memo
 * of fits).
 */
public final class Forecasters {
  public static final Duration SEASON = Duration.ofDays(1);
  public static final double QUANTILE = 0.95;
  public static final Duration RESIDUAL_WINDOW = Duration.ofHours(6);
  public static final Duration REFIT_EVERY = Duration.ofHours(6);

  private Forecasters() {}

  /**
   * The forecaster the control loop uses unless told otherwise, chosen in docs/forecasting.md: the
   * weighted ensemble of last value, seasonal naive, both Holt-Winters and error-corrected
   * Prophet-style.
   */
  public static Forecaster defaultForecaster() {
    List<Forecaster> members = ensembleMembers(lastValue(), seasonalNaive(),
        holtWinters(HoltWintersForecaster.Seasonality.ADDITIVE),
        holtWinters(HoltWintersForecaster.Seasonality.MULTIPLICATIVE), prophetStyle(true));
    return ensemble(members, EnsembleForecaster.Combination.WEIGHTED);
  }

  /**
   * Every forecaster: the single models, then the two ensembles, built on the same instances as the
   * single models listed before them (so an evaluation that runs them all fits each model once).
   */
  public static List<Forecaster> all() {
    Forecaster lastValue = lastValue();
    Forecaster seasonalNaive = seasonalNaive();
    Forecaster additive = holtWinters(HoltWintersForecaster.Seasonality.ADDITIVE);
    Forecaster multiplicative = holtWinters(HoltWintersForecaster.Seasonality.MULTIPLICATIVE);
    Forecaster prophet = prophetStyle(false);
    Forecaster prophetAr = prophetStyle(true);
    List<Forecaster> members = ensembleMembers(lastValue, seasonalNaive, additive, multiplicative, prophetAr);
    return List.of(lastValue, seasonalNaive, additive, multiplicative, prophet, prophetAr,
        ensemble(members, EnsembleForecaster.Combination.WEIGHTED),
        ensemble(members, EnsembleForecaster.Combination.BEST));
  }

  /** The forecaster called {@code name} (one of {@link #all()}'s names). */
  public static Forecaster named(String name) {
    return all().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "forecaster = '" + name + "', must be one of " + all().stream().map(Forecaster::name).toList()));
  }

  public static LastValueForecaster lastValue() {
    return new LastValueForecaster(RESIDUAL_WINDOW, QUANTILE);
  }

  public static SeasonalNaiveForecaster seasonalNaive() {
    return new SeasonalNaiveForecaster(SEASON, RESIDUAL_WINDOW, QUANTILE);
  }

  public static HoltWintersForecaster holtWinters(HoltWintersForecaster.Seasonality seasonality) {
    return new HoltWintersForecaster(seasonality, SEASON, Duration.ofDays(7), REFIT_EVERY, RESIDUAL_WINDOW, QUANTILE);
  }

  /** Prophet-style, fitted on two weeks; with or without the correction by the latest error. */
  public static ProphetStyleForecaster prophetStyle(boolean errorCorrection) {
    return new ProphetStyleForecaster(ProphetStyleForecaster.Settings.defaults().withErrorCorrection(errorCorrection),
        Duration.ofDays(14), REFIT_EVERY, RESIDUAL_WINDOW, QUANTILE);
  }

  /** An ensemble scored on 8 backtests of up to 15 steps each. */
  public static EnsembleForecaster ensemble(List<Forecaster> members, EnsembleForecaster.Combination combination) {
    return new EnsembleForecaster(members, combination, 8, 15);
  }

  /**
   * The ensembles' members: every single model but the plain Prophet-style one, which its
   * error-corrected variant beats at every horizon of the evaluation.
   */
  private static List<Forecaster> ensembleMembers(Forecaster lastValue, Forecaster seasonalNaive,
      Forecaster additive, Forecaster multiplicative, Forecaster prophetAr) {
    return List.of(lastValue, seasonalNaive, additive, multiplicative, prophetAr);
  }
}
