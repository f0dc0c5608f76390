package dev.cortado.control.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The Knative Pod Autoscaler ({@code kpa}) with its default configuration, as the serverless
 * baseline. It follows {@code Scale} in knative/serving {@code pkg/autoscaler/scaling/autoscaler.go}
 * and the scale-to-zero gate of {@code pkg/reconciler/autoscaling/kpa/scaler.go}.
 *
 * <p>Every tick (2 s), per variant: the metric is the concurrency, requests in flight
 * ({@link VariantObservation#meanInFlight}), averaged over a stable window (60 s) and a panic window
 * (6 s), each observation weighted by its tick. The target per pod is {@code containerConcurrency ×
 * 70%}, where containerConcurrency is the instance's batch unless set. Then
 * <ul>
 *   <li>{@code desiredStable = ceil(stableAverage / target)}, {@code desiredPanic = ceil(panicAverage
 *       / target)}, each kept within {@code [floor(ready / maxScaleDownRate), ceil(maxScaleUpRate ×
 *       ready)]} (rates 2 and 1000), with {@code ready} counted as at least 1;
 *   <li>the panic condition is {@code ceil(panicAverage / target) / ready ≥ 2} (the 200% threshold);
 *       it starts panic mode, and every tick it holds again restarts the clock; panic mode ends on
 *       the first tick more than a stable window after the condition last held;
 *   <li>in panic mode the autoscaler never scales down: it wants {@code max(desiredStable,
 *       desiredPanic)}, and no less than the most it wanted since panic began; otherwise it wants
 *       {@code desiredStable};
 *   <li>the result is kept within the variant's bounds; zero, which only a stable average of 0 with at
 *       most one pod ready can give, is granted once zero has been wanted for the scale-to-zero
 *       grace period (30 s); until then the variant keeps at most one instance.
 * </ul>
 * Like Knative's decider, a variant first seen with more than one ready instance starts in panic
 * mode, holding its current scale until it has a stable window of data.
 *
 * <p>Departures: containerConcurrency defaults to the instance's batch, where Knative's default is
 * 0 (unlimited) with a per-pod target of 100 ({@code container-concurrency-target-default}); the
 * revision is always reachable, so scale-down is always limited by the scale-down rate; the
 * activator, scale-down delay (0 by default), activation scale (1 by default) and burst capacity
 * are left out; the active/inactive PodAutoscaler states and the activator probe behind the grace
 * period are reduced to "zero wanted for the grace period".
 */
public final class KpaScaling extends PerVariantScaling {
  public static final String NAME = "kpa";

  /**
   * Knative's {@code config-autoscaler} keys; {@link #published()} has their defaults.
   *
   * @param tick {@code tick-interval}
   * @param stableWindow {@code stable-window}
   * @param panicWindow {@code panic-window-percentage} of the stable window
   * @param panicThreshold {@code panic-threshold-percentage} / 100
   * @param targetUtilisation {@code container-concurrency-target-percentage} / 100
   * @param maxScaleUpRate {@code max-scale-up-rate}
   * @param maxScaleDownRate {@code max-scale-down-rate}
   * @param scaleToZeroGrace {@code scale-to-zero-grace-period}
   * @param containerConcurrency requests one pod takes at once; empty: each instance's batch
   */
  public record Settings(Duration tick, Duration stableWindow, Duration panicWindow, double panicThreshold,
      double targetUtilisation, double maxScaleUpRate, double maxScaleDownRate, Duration scaleToZeroGrace,
      OptionalInt containerConcurrency) {
    public Settings {
      Objects.requireNonNull(tick, "tick");
      Objects.requireNonNull(stableWindow, "stableWindow");
      Objects.requireNonNull(panicWindow, "panicWindow");
      Objects.requireNonNull(scaleToZeroGrace, "scaleToZeroGrace");
      Objects.requireNonNull(containerConcurrency, "containerConcurrency");
      if (!tick.isPositive() || !panicWindow.isPositive() || stableWindow.compareTo(panicWindow) < 0
          || scaleToZeroGrace.isNegative()) {
        throw new IllegalArgumentException("tick = " + tick + ", panicWindow = " + panicWindow + ", stableWindow = "
            + stableWindow + ", scaleToZeroGrace = " + scaleToZeroGrace
            + ": need tick > 0, 0 < panicWindow <= stableWindow, grace >= 0");
      }
      if (!(panicThreshold > 1) || !(targetUtilisation > 0 && targetUtilisation <= 1)) {
        throw new IllegalArgumentException("panicThreshold = " + panicThreshold + " must be > 1 and targetUtilisation = "
            + targetUtilisation + " in (0, 1]");
      }
      if (!(maxScaleUpRate > 1) || !(maxScaleDownRate > 1)) {
        throw new IllegalArgumentException("maxScaleUpRate = " + maxScaleUpRate + ", maxScaleDownRate = " + maxScaleDownRate
            + ": each must be greater than 1.0");
      }
      if (containerConcurrency.isPresent() && containerConcurrency.getAsInt() < 1) {
        throw new IllegalArgumentException("containerConcurrency = " + containerConcurrency.getAsInt() + ", must be >= 1");
      }
    }

    /**
     * Knative's defaults: a 2 s tick, a 60 s stable window, a 6 s panic window (10%), panic at
     * 200%, 70% target utilisation, scale-up rate 1000, scale-down rate 2, a 30 s scale-to-zero
     * grace period; containerConcurrency is each instance's batch.
     */
    public static Settings published() {
      return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(6), 2.0, 0.7, 1000, 2,
          Duration.ofSeconds(30), OptionalInt.empty());
    }

    public Settings withContainerConcurrency(int concurrency) {
      return new Settings(tick, stableWindow, panicWindow, panicThreshold, targetUtilisation, maxScaleUpRate,
          maxScaleDownRate, scaleToZeroGrace, OptionalInt.of(concurrency));
    }
  }

  /** What the decider remembers of one variant between ticks. */
  private static final class State {
    final ObservationWindow concurrency;
    /** Knative's {@code panicTime}: when the panic condition last held; null in stable mode. */
    Instant panicSince;
    /** Knative's {@code maxPanicPods}: the most pods wanted since panic mode began. */
    int maxPanicPods;
    /** When zero was first wanted in the current stretch of wanting zero; null when it is not. */
    Instant zeroWantedSince;

    State(Duration stableWindow) {
      concurrency = new ObservationWindow(stableWindow);
    }
  }

  private final Settings settings;
  private final Map<String, State> states = new HashMap<>();

  public KpaScaling(List<ScaledVariant> variants) {
    this(variants, Settings.published());
  }

  public KpaScaling(List<ScaledVariant> variants, Settings settings) {
    super(NAME, settings.tick(), variants);
    this.settings = settings;
  }

  @Override
  ScalingDecision.Target decide(ScaledVariant variant, VariantObservation observed, ScalingContext context, Instant now) {
    double tickSeconds = context.tickSeconds();
    State state = states.computeIfAbsent(variant.variant(), k -> firstSeen(observed, now));
    state.concurrency.record(now, tickSeconds, observed.meanInFlight());

    double readyPods = Math.max(1, observed.ready());
    double maxScaleUp = Math.ceil(settings.maxScaleUpRate() * readyPods);
    double maxScaleDown = Math.floor(readyPods / settings.maxScaleDownRate());
    double perPod = settings.containerConcurrency().orElse(variant.capacity().batch()) * settings.targetUtilisation();
    double stableAverage = state.concurrency.average(now, settings.stableWindow());
    double panicAverage = state.concurrency.average(now, settings.panicWindow());
    int stablePods = Ceil.of(stableAverage / perPod);
    int panicPods = Ceil.of(panicAverage / perPod);
    int desiredStable = (int) Math.min(Math.max(stablePods, maxScaleDown), maxScaleUp);
    int desiredPanic = (int) Math.min(Math.max(panicPods, maxScaleDown), maxScaleUp);

    boolean overPanicThreshold = panicPods / readyPods >= settings.panicThreshold();
    if (overPanicThreshold) {
      state.panicSince = now;
    } else if (state.panicSince != null && state.panicSince.plus(settings.stableWindow()).isBefore(now)) {
      state.panicSince = null;
      state.maxPanicPods = 0;
    }

    int desired = desiredStable;
    if (state.panicSince != null) {
      desired = Math.max(state.maxPanicPods, Math.max(desiredStable, desiredPanic));
      state.maxPanicPods = desired;
    }
    String mode = state.panicSince != null ? "panic" : "stable";
    String figures = String.format(Locale.ROOT,
        "%s: in flight %.2f over %ds (panic %.2f over %ds), target %.2f per pod -> %d (panic %d), %d ready", mode,
        stableAverage, settings.stableWindow().toSeconds(), panicAverage, settings.panicWindow().toSeconds(), perPod,
        stablePods, panicPods, observed.ready());

    return afterGrace(variant, observed, state, variant.bounded(desired), figures, now);
  }

  /** Knative's decider starts in panic mode, at the current scale, when more than one pod is ready. */
  private State firstSeen(VariantObservation observed, Instant now) {
    State state = new State(settings.stableWindow());
    if (observed.ready() > 1) {
      state.panicSince = now;
    }
    state.maxPanicPods = observed.ready();
    return state;
  }

  /** Grants zero only once it has been wanted for the scale-to-zero grace period. */
  private ScalingDecision.Target afterGrace(ScaledVariant variant, VariantObservation observed, State state, int bounded,
      String figures, Instant now) {
    if (bounded > 0) {
      state.zeroWantedSince = null;
      return new ScalingDecision.Target(variant.variant(), bounded, variant.size(), figures + "; wants " + bounded);
    }
    if (state.zeroWantedSince == null) {
      state.zeroWantedSince = now;
    }
    Duration wanted = Duration.between(state.zeroWantedSince, now);
    if (wanted.compareTo(settings.scaleToZeroGrace()) >= 0) {
      return new ScalingDecision.Target(variant.variant(), 0, variant.size(), figures + "; zero wanted for "
          + wanted.toSeconds() + " s: scale to zero");
    }
    int kept = Math.min(1, observed.instances());
    return new ScalingDecision.Target(variant.variant(), kept, variant.size(), figures + "; zero wanted for "
        + wanted.toSeconds() + " s of the " + settings.scaleToZeroGrace().toSeconds() + " s grace: keeps " + kept);
  }
}
