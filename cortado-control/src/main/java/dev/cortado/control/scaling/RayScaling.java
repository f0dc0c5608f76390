package dev.cortado.control.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Ray Serve's default autoscaling policy ({@code ray}), as the model-serving baseline: ray-project/ray
 * {@code python/ray/serve/autoscaling_policy.py}, {@code replica_queue_length_autoscaling_policy}
 * wrapped by {@code _apply_autoscaling_config} (scaling factors of 1, the replica bounds, then
 * {@code _apply_delay_logic}).
 *
 * <p>Per variant, every tick: the ongoing requests ({@link VariantObservation#meanInFlight}, queued or
 * running) averaged over the look-back period (30 s) give {@code desired = ceil(average /
 * target_ongoing_requests)} (target 2 per replica), within the variant's bounds. The policy keeps
 * its own target and a decision counter: a tick that wants more than the target counts up (from 0
 * if it was counting down), one that wants fewer counts down (from 0 if it was counting up), one
 * that wants the target resets it. The target moves to what is wanted once the counter passes
 * {@code upscale_delay_s / tick} (30 s) up or {@code downscale_delay_s / tick} (600 s) down, and
 * the counter starts again; a scale-down that does not go from 1 to 0 stops at 1. With no replica
 * ready, Ray's cold-start path applies instead: any request in the look-back asks for at least one
 * replica at once, with no delay.
 *
 * <p>Ray runs this every 0.1 s ({@code CONTROL_LOOP_INTERVAL_S}); here it runs every tick (1 s), so
 * the delays count ticks of the context's length, 30 and 600 of them, and the look-back averages the
 * ticks' observations instead of the replicas' 10 s metric reports. The first target is the
 * instances the variant is first seen with, within its bounds (Ray starts at {@code min_replicas}
 * or {@code initial_replicas}).
 */
public final class RayScaling extends PerVariantScaling {
  public static final String NAME = "ray";

  /**
   * Ray Serve's {@code AutoscalingConfig} fields; {@link #published()} has their defaults.
   *
   * @param tick how often it decides (Ray: 0.1 s)
   * @param targetOngoingRequests {@code target_ongoing_requests} per replica
   * @param upscaleDelay {@code upscale_delay_s}
   * @param downscaleDelay {@code downscale_delay_s}, also for 1 to 0 ({@code downscale_to_zero_delay_s} unset)
   * @param lookBack {@code look_back_period_s}
   */
  public record Settings(Duration tick, double targetOngoingRequests, Duration upscaleDelay, Duration downscaleDelay,
      Duration lookBack) {
    public Settings {
      Objects.requireNonNull(tick, "tick");
      Objects.requireNonNull(upscaleDelay, "upscaleDelay");
      Objects.requireNonNull(downscaleDelay, "downscaleDelay");
      Objects.requireNonNull(lookBack, "lookBack");
      if (!tick.isPositive() || !lookBack.isPositive() || upscaleDelay.isNegative() || downscaleDelay.isNegative()) {
        throw new IllegalArgumentException("tick = " + tick + ", lookBack = " + lookBack + ", upscaleDelay = " + upscaleDelay
            + ", downscaleDelay = " + downscaleDelay + ": need tick and lookBack > 0, delays >= 0");
      }
      if (!(targetOngoingRequests > 0) || Double.isInfinite(targetOngoingRequests)) {
        throw new IllegalArgumentException("targetOngoingRequests = " + targetOngoingRequests + ", must be finite and > 0");
      }
    }

    /**
     * Ray Serve's defaults: 2 ongoing requests per replica, a 30 s upscale delay, a 600 s downscale
     * delay, a 30 s look-back; a 1 s tick.
     */
    public static Settings published() {
      return new Settings(Duration.ofSeconds(1), 2, Duration.ofSeconds(30), Duration.ofSeconds(600), Duration.ofSeconds(30));
    }
  }

  /** What the policy remembers of one variant: Ray's target and {@code policy_state}. */
  private static final class State {
    final ObservationWindow ongoing;
    int target;
    /** Ray's decision counter: consecutive ticks wanting more (positive) or fewer (negative). */
    int decisions;

    State(Duration lookBack, int target) {
      this.ongoing = new ObservationWindow(lookBack);
      this.target = target;
    }
  }

  private final Settings settings;
  private final Map<String, State> states = new HashMap<>();

  public RayScaling(List<ScaledVariant> variants) {
    this(variants, Settings.published());
  }

  public RayScaling(List<ScaledVariant> variants, Settings settings) {
    super(NAME, settings.tick(), variants);
    this.settings = settings;
  }

  @Override
  ScalingDecision.Target decide(ScaledVariant variant, VariantObservation observed, ScalingContext context, Instant now) {
    State state = states.computeIfAbsent(variant.variant(),
        k -> new State(settings.lookBack(), variant.bounded(observed.instances())));
    state.ongoing.record(now, context.tickSeconds(), observed.meanInFlight());
    double ongoing = state.ongoing.average(now, settings.lookBack());
    String figures = String.format(Locale.ROOT, "ray: %.2f ongoing over %ds, target %.2f per replica", ongoing,
        settings.lookBack().toSeconds(), settings.targetOngoingRequests());

    if (observed.ready() == 0) {
      if (ongoing > 0) {
        state.target = Math.max(1, state.target);
      }
      return target(variant, state.target, figures + ", none ready: cold start keeps " + state.target);
    }

    int desired = variant.bounded(Ceil.of(ongoing / settings.targetOngoingRequests()));
    String wants = figures + ", wants " + desired + " of " + state.target;
    if (desired > state.target) {
      state.decisions = Math.max(0, state.decisions) + 1;
      if (state.decisions > periods(settings.upscaleDelay(), context)) {
        state.decisions = 0;
        state.target = desired;
        return target(variant, desired, wants + ": scale up");
      }
      return target(variant, state.target, wants + " for " + state.decisions + " ticks");
    }
    if (desired < state.target) {
      state.decisions = Math.min(0, state.decisions) - 1;
      int next = state.target == 1 ? desired : Math.max(1, desired);
      if (-state.decisions > periods(settings.downscaleDelay(), context)) {
        state.decisions = 0;
        state.target = next;
        return target(variant, next, wants + ": scale down");
      }
      return target(variant, state.target, wants + " for " + -state.decisions + " ticks");
    }
    state.decisions = 0;
    return target(variant, state.target, wants);
  }

  /** Ray's {@code int(delay_s / CONTROL_LOOP_INTERVAL_S)}, with the context's tick as the interval. */
  private static long periods(Duration delay, ScalingContext context) {
    return delay.toNanos() / context.tick().toNanos();
  }

  private static ScalingDecision.Target target(ScaledVariant variant, int instances, String reason) {
    return new ScalingDecision.Target(variant.variant(), instances, variant.size(), reason);
  }
}
