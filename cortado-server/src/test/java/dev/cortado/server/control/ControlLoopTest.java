package dev.cortado.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.cortado.control.cost.CostModel;
import dev.cortado.control.scaling.CortadoScaling;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.ScalingAction;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.server.batching.Batchers;
import dev.cortado.server.batching.LoadMeter;
import dev.cortado.server.cluster.LocalCluster;
import dev.cortado.server.metrics.ServerMetrics;
import dev.cortado.server.profile.ProfileStore;
import dev.cortado.server.repository.ModelRepository;
import dev.cortado.server.routing.ProfileBook;
import dev.cortado.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The control loop over a real {@link LocalCluster} (a real ONNX model), driven one tick at a time
 * on a manual clock. The model's profile says one instance sustains 10 requests/s (100 ms a
 * request, no batching), so a tick of 100 arrivals wants more instances than the 4-core budget
 * holds.
 */
class ControlLoopTest {
  static final String MODEL = "fashion-cnn-small";
  static final CortadoScaling.Settings SETTINGS = new CortadoScaling.Settings(Duration.ofSeconds(1), 0.8, Duration.ofSeconds(1),
      Duration.ofSeconds(2), 0.9, Duration.ofSeconds(30), 0.001, Duration.ofSeconds(5), Duration.ofSeconds(5), 60);

  @TempDir Path repo;
  @TempDir Path profiles;
  final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  LiveCluster live;
  ModelRepository repository;
  LocalCluster cluster;
  Batchers batchers;
  ProfileBook book;
  ServerMetrics metrics = new ServerMetrics();
  DecisionLog log = new DecisionLog("cortado", 100);
  ControlLoop loop;

  @BeforeEach
  void start() throws IOException {
    live = new LiveCluster(clock, repo, profiles, Map.of(MODEL, 100.0));
    repository = live.repository;
    cluster = live.cluster;
    batchers = live.batchers;
    book = live.book;
    loop = new ControlLoop("cortado", SETTINGS, cluster, batchers, live.setup, log, new ScalingMetrics(metrics.registry()), clock);
  }

  @AfterEach
  void stop() {
    loop.close();
    live.close();
  }

  LoadMeter meter() {
    return batchers.meter(MODEL);
  }

  DecisionLog.Decision tickAfterOneSecond() {
    clock.advance(Duration.ofSeconds(1));
    loop.tick();
    return log.recent(Optional.of(MODEL), 1).getFirst();
  }

  long count(InstanceState state) {
    return cluster.status().count(MODEL, state);
  }

  /** Waits (bounded) for the instances started in the background to finish their cold start. */
  void awaitReady(int instances) throws InterruptedException {
    long give = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while ((count(InstanceState.READY) != instances || count(InstanceState.STARTING) != 0) && System.nanoTime() < give) {
      Thread.sleep(10);
    }
    assertThat(count(InstanceState.READY)).as("ready instances").isEqualTo(instances);
  }

  @Test
  void demand_beyond_one_instance_adds_instances_then_they_go_back_to_one_and_to_zero() throws Exception {
    for (int i = 0; i < 100; i++) {
      meter().arrival();
    }

    DecisionLog.Decision burst = tickAfterOneSecond();

    assertThat(burst.targetInstances()).isEqualTo(4); // 100/s over 8/s per instance, held to the budget's 4 cores
    assertThat(burst.inputs().arrivalsPerSecond()).isEqualTo(100.0);
    assertThat(burst.inputs().ready()).isEqualTo(1);
    assertThat(burst.actions()).hasSize(3).allSatisfy(a -> {
      assertThat(a.kind()).isEqualTo("start");
      assertThat(a.outcome()).isEqualTo("applied");
    });
    awaitReady(4);

    // Quiet from now on: held for the 2 s scale-down delay, then one kept warm for the 5 s
    // keep-alive after the last arrival, then none.
    assertThat(tickAfterOneSecond().targetInstances()).isEqualTo(4);
    assertThat(tickAfterOneSecond().targetInstances()).isEqualTo(4);
    DecisionLog.Decision down = tickAfterOneSecond();
    assertThat(down.targetInstances()).isEqualTo(1);
    assertThat(down.reason()).contains("keep one warm");
    assertThat(down.actions()).hasSize(3).allSatisfy(a -> assertThat(a.kind()).isEqualTo("stop"));
    assertThat(count(InstanceState.READY)).isEqualTo(1);
    assertThat(tickAfterOneSecond().targetInstances()).isEqualTo(1);
    DecisionLog.Decision zero = tickAfterOneSecond();
    assertThat(zero.targetInstances()).isZero();
    assertThat(zero.reason()).contains("to zero");
    assertThat(count(InstanceState.READY)).isZero();

    String scrape = metrics.scrape();
    assertThat(scrape).contains("cortado_scaling_actions_total{action=\"start\",variant=\"" + MODEL + "\"} 3.0");
    assertThat(scrape).contains("cortado_scaling_actions_total{action=\"stop\",variant=\"" + MODEL + "\"} 4.0");
    assertThat(scrape).contains("cortado_scaling_target_instances{variant=\"" + MODEL + "\"} 0.0");
    assertThat(loop.refusals()).isZero();
  }

  @Test
  void an_idle_variant_goes_to_zero_and_a_request_waiting_for_it_brings_one_back() throws Exception {
    // the 5 s keep-alive runs from the loop's first tick: the configured instance stays until it has passed
    for (int s = 1; s <= 5; s++) {
      assertThat(tickAfterOneSecond().targetInstances()).as("tick %d", s).isEqualTo(1);
    }
    DecisionLog.Decision idle = tickAfterOneSecond();
    assertThat(idle.targetInstances()).isZero();
    assertThat(count(InstanceState.READY)).isZero();

    meter().arrival();
    meter().accepted(); // waits in the queue for a cold start
    DecisionLog.Decision back = tickAfterOneSecond();

    assertThat(back.targetInstances()).isEqualTo(1);
    assertThat(back.inputs().meanInFlight()).isPositive();
    assertThat(back.actions()).extracting(DecisionLog.Action::kind).containsExactly("start");
    awaitReady(1);
  }

  @Test
  void the_policy_is_rebuilt_when_the_served_models_change() {
    tickAfterOneSecond();
    assertThat(loop.policy()).isPresent();

    repository.unload(MODEL);
    int before = log.recent(Optional.empty(), 100).size();
    tickAfterOneSecond();

    assertThat(loop.policy()).isEmpty();
    assertThat(log.recent(Optional.empty(), 100)).hasSize(before);

    repository.load(MODEL);
    tickAfterOneSecond();
    assertThat(loop.policy()).isPresent();
  }

  @ParameterizedTest
  @FieldSource("dev.cortado.control.scaling.ScalingPolicies#NAMES")
  void every_policy_a_server_may_name_builds_from_the_serving_variants_and_decides(String name) {
    ControlLoop other = new ControlLoop(name, SETTINGS, cluster, batchers, new ServingSetup(new KnownProfiles(book, new ProfileStore(profiles),
        LiveCluster.MACHINE), batchers, CostModel.cloudRunDefaults()), log, new ScalingMetrics(metrics.registry()), clock);
    meter().arrival();
    clock.advance(Duration.ofSeconds(1));
    other.tick();
    clock.advance(Duration.ofSeconds(1));
    other.tick();

    assertThat(other.policy()).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo(name));
    assertThat(log.recent(Optional.of(MODEL), 10)).hasSize(2);
  }

  @Test
  void a_stop_or_resize_of_an_instance_still_starting_is_skipped() {
    String starting = MODEL + ":1#starting-0";

    assertThatCode(() -> cluster.apply(List.of(new ScalingAction.Stop(starting, "test"),
        new ScalingAction.Resize(starting, InstanceSize.cpu(2), "test")))).doesNotThrowAnyException();
    assertThat(count(InstanceState.READY)).isEqualTo(1);
  }
}
