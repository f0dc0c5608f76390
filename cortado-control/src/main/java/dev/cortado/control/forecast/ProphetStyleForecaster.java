package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A Prophet-style regression (Taylor and Letham, 2018), additive: piecewise-linear trend with
 * changepoints plus Fourier daily and weekly seasonality, fitted by ridge least squares (see {@link
 * ProphetStyleFit}). The fit is redone on a {@link FitSchedule} and memoised, so most forecasts only
 * evaluate it: O(p) per step forecast and O(residual window x p + residual window x leads) for the
 * upper quantile (the errors at each lead), with p about 50; a refit costs O(fit window x p^2). On
 * its own it extrapolates the fitted curve and is blind to where the load is right now; {@link
 * Settings#errorCorrection()} adds the latest error, decaying as the errors' autocorrelation says.
 */
public final class ProphetStyleForecaster implements Forecaster {

  /**
   * The model's shape.
   *
   * @param changepoints trend changepoints over the first 80% of the fit window (Prophet: 25)
   * @param changepointPenalty the ridge penalty per point on each changepoint's slope change, on
   *     rates scaled to [0, 1]; larger is a stiffer trend
   * @param dailyOrder Fourier pairs for the day (Prophet: 4; a minute-level load's peaks want more)
   * @param weeklyOrder Fourier pairs for the week (Prophet: 3)
   * @param errorCorrection whether to add the latest error, decaying by the errors' lag-one
   *     autocorrelation per step ahead (regression with AR(1) errors; not in Prophet): without it the
   *     forecast is the fitted curve, blind to where the load is right now
   */
  public record Settings(
      int changepoints, double changepointPenalty, int dailyOrder, int weeklyOrder, boolean errorCorrection) {
    public Settings {
      if (changepoints < 0 || dailyOrder < 0 || weeklyOrder < 0) {
        throw new IllegalArgumentException("changepoints = " + changepoints + ", dailyOrder = " + dailyOrder
            + ", weeklyOrder = " + weeklyOrder + ": each must be >= 0");
      }
      if (!(changepointPenalty >= 0) || Double.isInfinite(changepointPenalty)) {
        throw new IllegalArgumentException("changepointPenalty = " + changepointPenalty + ", must be finite and >= 0");
      }
    }

    /** 25 changepoints with penalty 0.01, 10 daily and 3 weekly Fourier pairs, no error correction. */
    public static Settings defaults() {
      return new Settings(25, 0.01, 10, 3, false);
    }

    public Settings withErrorCorrection(boolean on) {
      return new Settings(changepoints, changepointPenalty, dailyOrder, weeklyOrder, on);
    }
  }

  private final Settings settings;
  private final FitSchedule schedule;
  private final Duration residualWindow;
  private final double quantile;
  private final FitCache<ProphetStyleFit> fits = new FitCache<>(4);

  /**
   * @param settings the model's shape
   * @param fitWindow how much of the latest history each fit uses
   * @param refitEvery how often it is refitted
   * @param residualWindow how far back the errors behind the upper quantile are taken
   * @param quantile the upper quantile, e.g. 0.95
   */
  public ProphetStyleForecaster(
      Settings settings, Duration fitWindow, Duration refitEvery, Duration residualWindow, double quantile) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.schedule = new FitSchedule(refitEvery, fitWindow);
    this.residualWindow = Horizon.positive("residualWindow", residualWindow);
    this.quantile = Horizon.quantile(quantile);
  }

  @Override
  public String name() {
    return settings.errorCorrection() ? "prophet-style-ar" : "prophet-style";
  }

  @Override
  public Forecast forecast(RateHistory history, Instant now, Duration horizon) {
    int steps = Horizon.steps(history, now, horizon);
    int n = history.size();
    int residualSteps = LastValueForecaster.windowSteps(residualWindow, history.step());
    if (n < 2) {
      return LastValueForecaster.of(history.rates(), history, steps, residualSteps, quantile);
    }
    FitSchedule.Slice slice = schedule.slice(history, now, 2);
    Instant sliceStart = history.timeOf(slice.from());
    ProphetStyleFit fit = fits.get(history, slice.from(), slice.to(),
        values -> ProphetStyleFit.fit(sliceStart, history.step(), values, settings));
    int leads = Math.min(steps, Residuals.MAX_MEASURED_LEADS);
    int from = Math.max(0, n - residualSteps - leads);
    double[] y = history.rates(from, n);
    double[] fitted = fit.predict(history.timeOf(from), history.step(), y.length + steps);
    double rho = settings.errorCorrection() ? fit.errorAutocorrelation() : 0;
    Residuals.LeadPredictor predictor = (origin, lead) ->
        fitted[origin + lead - 1] + Math.pow(rho, lead) * (y[origin - 1] - fitted[origin - 1]);
    double[] mean = new double[steps];
    for (int i = 0; i < steps; i++) {
      mean[i] = predictor.predict(y.length, i + 1);
    }
    double[] offsets = Residuals.perLead(y, steps, residualSteps, 1, quantile, predictor);
    return Forecast.of(history.end(), history.step(), mean, offsets, quantile);
  }
}
