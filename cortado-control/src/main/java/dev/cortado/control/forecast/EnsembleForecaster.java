package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Combines member forecasters by their recent error, step by step ahead. Each forecast first
 * backtests every member on the history itself: from {@code backtests} origins spaced one lead apart
 * before the end, each member forecasts {@code lead = min(horizon, maxLead)} steps, scored by sMAPE
 * against what came at each lead. For each step ahead, {@link Combination#WEIGHTED} then averages
 * the members' means and upper quantiles with weights inversely proportional to the square of their
 * sMAPE at the leads near that step (squared: a member twice as wrong counts a quarter as much; it
 * beat plain inverse sMAPE on WorldCup98 at every horizon, see docs/forecasting.md); {@link
 * Combination#BEST} takes the member with the least. So a one-minute forecast can trust the last
 * value while a fifteen-minute one trusts the season. The quantile
 * reported is the members', averaged by the first step's weights. Costs {@code backtests + 1}
 * forecasts of every member.
 */
public final class EnsembleForecaster implements Forecaster {
  /** Keeps a perfect member's weight finite. */
  private static final double SMAPE_FLOOR = 1e-9;
  /** What {@link #backtest} answers when the history has no room for one. */
  private static final double[][] NOT_SCORED = new double[0][];

  /** How the members' forecasts become one. */
  public enum Combination {
    /** Weights inversely proportional to the square of each member's recent sMAPE. */
    WEIGHTED,
    /** The member with the least recent sMAPE (the first of them on a tie). */
    BEST
  }

  private final List<Forecaster> members;
  private final Combination combination;
  private final int backtests;
  private final int maxLead;

  /**
   * @param members at least one forecaster
   * @param combination weighted or best
   * @param backtests how many recent origins each member is scored from
   * @param maxLead the longest lead, in steps, scored per backtest
   */
  public EnsembleForecaster(List<Forecaster> members, Combination combination, int backtests, int maxLead) {
    this.members = List.copyOf(Objects.requireNonNull(members, "members"));
    this.combination = Objects.requireNonNull(combination, "combination");
    if (this.members.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one member");
    }
    if (backtests < 1 || maxLead < 1) {
      throw new IllegalArgumentException("backtests = " + backtests + ", maxLead = " + maxLead + ": each must be >= 1");
    }
    this.backtests = backtests;
    this.maxLead = maxLead;
  }

  @Override
  public String name() {
    return combination == Combination.WEIGHTED ? "ensemble" : "ensemble-best";
  }

  /** The members, in the order their weights are reported. */
  public List<Forecaster> members() {
    return members;
  }

  @Override
  public Forecast forecast(RateHistory history, Instant now, Duration horizon) {
    int steps = Horizon.steps(history, now, horizon);
    double[][] weights = weights(history, steps);
    double[] mean = new double[steps];
    double[] upper = new double[steps];
    double quantile = 0;
    for (int i = 0; i < members.size(); i++) {
      if (!used(weights, i)) {
        continue;
      }
      Forecast f = members.get(i).forecast(history, now, horizon);
      for (int s = 0; s < steps; s++) {
        mean[s] += weights[s][i] * f.meanAt(s);
        upper[s] += weights[s][i] * f.upperAt(s);
      }
      quantile += weights[0][i] * f.quantile();
    }
    double[] offsets = new double[steps];
    for (int s = 0; s < steps; s++) {
      offsets[s] = upper[s] - mean[s];
    }
    return Forecast.of(history.end(), history.step(), mean, offsets, quantile);
  }

  /**
   * The members' weights for each of {@code steps} steps ahead ({@code [step][member]}, each row
   * summing to 1), from their sMAPE on the latest backtests at the leads near that step (half to
   * twice it, so each weight rests on several points); equal weights (or the first member, for
   * {@link Combination#BEST}) while the history is too short to backtest. Steps past the longest
   * lead scored take its weights.
   */
  public double[][] weights(RateHistory history, int steps) {
    int lead = Math.min(steps, maxLead);
    double[][] smape = backtest(history, lead);
    double[][] weights = new double[steps][];
    for (int s = 0; s < steps; s++) {
      if (s >= lead) {
        weights[s] = weights[lead - 1];
        continue;
      }
      double[] band = new double[members.size()];
      for (int b = s / 2; b <= Math.min(lead - 1, 2 * s + 1) && smape != NOT_SCORED; b++) {
        for (int i = 0; i < band.length; i++) {
          band[i] += smape[b][i];
        }
      }
      weights[s] = combine(band, smape == NOT_SCORED);
    }
    return weights;
  }

  /**
   * Each member's summed sMAPE at each lead ({@code [lead - 1][member]}) over up to {@code backtests}
   * origins, {@code lead} steps apart, before the end; {@link #NOT_SCORED} if there is no room for one.
   */
  private double[][] backtest(RateHistory history, int lead) {
    double[][] smape = new double[lead][members.size()];
    Duration ahead = history.step().multipliedBy(lead);
    boolean scored = false;
    for (int j = 0; j < backtests; j++) {
      int origin = history.size() - lead * (j + 1);
      if (origin < 1) {
        break;
      }
      RateHistory past = history.slice(0, origin);
      for (int i = 0; i < members.size(); i++) {
        Forecast f = members.get(i).forecast(past, past.end(), ahead);
        for (int s = 0; s < lead; s++) {
          smape[s][i] += Accuracy.smape(f.meanAt(s), history.rate(origin + s));
        }
      }
      scored = true;
    }
    return scored ? smape : NOT_SCORED;
  }

  /** Weights summing to 1 from the members' errors. */
  private double[] combine(double[] errors, boolean unscored) {
    double[] weights = new double[members.size()];
    if (combination == Combination.BEST) {
      int best = 0;
      for (int i = 1; i < weights.length && !unscored; i++) {
        if (errors[i] < errors[best]) {
          best = i;
        }
      }
      weights[best] = 1;
      return weights;
    }
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      double error = Math.max(SMAPE_FLOOR, errors[i]);
      weights[i] = unscored ? 1 : 1 / (error * error);
      total += weights[i];
    }
    for (int i = 0; i < weights.length; i++) {
      weights[i] /= total;
    }
    return weights;
  }

  private static boolean used(double[][] weights, int member) {
    for (double[] row : weights) {
      if (row[member] > 0) {
        return true;
      }
    }
    return false;
  }
}
