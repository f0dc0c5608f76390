package dev.cortado.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.control.cost.CostModel;
import dev.cortado.control.scaling.CortadoScaling;
import dev.cortado.control.selection.Query;
import dev.cortado.control.selection.Selectors;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.ScalingAction;
import dev.cortado.core.inference.Parameters;
import dev.cortado.server.batching.Batchers;
import dev.cortado.server.cluster.LocalCluster;
import dev.cortado.server.metrics.ServerMetrics;
import dev.cortado.server.routing.RequestClasses;
import dev.cortado.server.routing.TaskRouter;
import dev.cortado.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consolidation in a live server: the control loop learns the request classes from the task queries
 * its router sends, and the router follows the classes the autoscaler moved. Two real variants of
 * the image-classification task, one instance each: {@code fashion-cnn-large} (accuracy 0.92, 10 ms
 * a request by its profile here) and {@code fashion-mlp-small} (0.85, 1 ms, so the cheaper per
 * request). Class {@code accurate} (accuracy >= 0.9) only the CNN serves; class {@code thrifty}
 * (>= 0.85) both, the MLP at less cost. At 10 requests/s each, one CNN instance could answer both:
 * after the 30 s hold, thrifty moves onto the CNN and the MLP goes to zero. Driven tick by tick on
 * a manual clock.
 */
class LiveConsolidationTest {
  static final String TASK = "image-classification";
  static final String CNN = "fashion-cnn-large";
  static final String MLP = "fashion-mlp-small";
  static final CortadoScaling.Settings SETTINGS = new CortadoScaling.Settings(Duration.ofSeconds(1), 0.8, Duration.ofSeconds(1),
      Duration.ofSeconds(2), 0.9, Duration.ofSeconds(30), 0.001, Duration.ofSeconds(60), Duration.ofSeconds(60), 60);
  static final Parameters ACCURATE = Parameters.of(Map.of(TaskRouter.MIN_ACCURACY, 0.9, TaskRouter.LATENCY_SLO_MS, 100.0));
  static final Parameters THRIFTY = Parameters.of(Map.of(TaskRouter.MIN_ACCURACY, 0.85, TaskRouter.LATENCY_SLO_MS, 100.0));

  @TempDir Path repo;
  @TempDir Path profiles;
  final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  LiveCluster live;
  LocalCluster cluster;
  Batchers batchers;
  final RequestClasses classes = new RequestClasses();
  final DecisionLog log = new DecisionLog("cortado", 1000);
  final ServerMetrics metrics = new ServerMetrics();
  TaskRouter router;
  ControlLoop loop;

  @BeforeEach
  void start() throws IOException {
    // The CNN takes 10 ms a request by its profile, the MLP 1 ms: the MLP is the cheaper alone.
    Map<String, Double> latencyMs = new LinkedHashMap<>();
    latencyMs.put(CNN, 10.0);
    latencyMs.put(MLP, 1.0);
    live = new LiveCluster(clock, repo, profiles, latencyMs);
    cluster = live.cluster;
    batchers = live.batchers;
    router = new TaskRouter(cluster, live.book, Selectors.byName("cortado"), CostModel.cloudRunDefaults(), classes);
    loop = new ControlLoop("cortado", SETTINGS, cluster, batchers, live.setup, log, new ScalingMetrics(metrics.registry()),
        clock, classes);
  }

  @AfterEach
  void stop() {
    loop.close();
    live.close();
  }

  /** Routes one query of the class as the server does, and counts its arrival where it went; returns that variant. */
  String send(Parameters parameters) {
    String variant = router.route(TASK, parameters, clock.instant()).model().name();
    batchers.meter(variant).arrival();
    return variant;
  }

  /** One second of 10 requests of each class, then a tick; where thrifty went in it. */
  String second() {
    String thrifty = null;
    for (int i = 0; i < 10; i++) {
      assertThat(send(ACCURATE)).isEqualTo(CNN);
      thrifty = send(THRIFTY);
    }
    clock.advance(Duration.ofSeconds(1));
    loop.tick();
    return thrifty;
  }

  /** The class of the task's queries at 100 ms with this accuracy floor. */
  static RequestClasses.Key key(double floor) {
    return RequestClasses.Key.of(Query.forTask(TASK).withLatencySloMs(100).withMinAccuracy(floor)).orElseThrow();
  }

  DecisionLog.Decision last(String variant) {
    return log.recent(Optional.of(variant), 1).getFirst();
  }

  @Test
  void the_thrifty_class_moves_onto_the_variant_that_runs_anyway_and_the_other_goes_to_zero() {
    RequestClasses.Key thrifty = key(0.85);
    int second = 0;
    while (classes.routes().isEmpty() && second < 60) {
      assertThat(second()).as("second %d", second).isEqualTo(MLP);
      second++;
    }
    // Each class at home: one instance each; both on the CNN: one. The hold runs from the first tick.
    assertThat(second).isEqualTo(31);
    assertThat(metrics.scrape()).contains("cortado_request_classes 2.0", "cortado_request_classes_moved 1.0");
    assertThat(classes.routes()).isEqualTo(Map.of(thrifty, CNN));
    assertThat(last(CNN).reason()).contains("also serves class " + thrifty.name());

    // The router follows: thrifty goes to the CNN, the MLP sees nothing, holds no work, and goes to zero.
    assertThat(second()).isEqualTo(CNN);
    assertThat(router.route(TASK, THRIFTY, clock.instant()).selection().toString()).contains("moved here by the autoscaler");
    DecisionLog.Decision mlp = last(MLP);
    assertThat(mlp.targetInstances()).isZero();
    assertThat(mlp.reason()).contains("every class it served is served by another variant now");
    assertThat(cluster.status().count(MLP, InstanceState.READY)).isZero();
    assertThat(cluster.status().count(CNN, InstanceState.READY)).isEqualTo(1);
  }

  @Test
  void requests_that_name_the_cheap_variant_keep_it_until_they_stop() {
    for (int second = 0; second < 90; second++) {
      for (int i = 0; i < 10; i++) {
        batchers.meter(MLP).arrival(); // a request naming the model itself
      }
      assertThat(second()).isEqualTo(MLP);
      assertThat(last(MLP).targetInstances()).as("second %d", second).isEqualTo(1);
    }
    assertThat(classes.routes()).isEmpty();

    // When those requests stop, the class window forgets them after its 60 s, and the move follows its hold.
    int quiet = 0;
    while (classes.routes().isEmpty() && quiet < 150) {
      second();
      quiet++;
    }
    assertThat(classes.routes()).isEqualTo(Map.of(key(0.85), CNN));
    assertThat(quiet).as("60 s for the window to forget the named requests, then the 30 s hold").isEqualTo(90);
  }

  @Test
  void a_route_the_variant_cannot_take_now_is_passed_over_and_the_selector_decides() {
    RequestClasses.Key accurate = key(0.9);
    RequestClasses.Key thrifty = key(0.85);
    // Below the class's accuracy floor: never taken.
    classes.publish(Map.of(accurate, MLP, thrifty, MLP));
    assertThat(send(ACCURATE)).isEqualTo(CNN);
    // No READY instance (it would need a cold start): the selector sends the query where one is READY.
    cluster.apply(List.of(new ScalingAction.Stop(cluster.status().of(MLP).getFirst().id(), "test")));
    assertThat(send(THRIFTY)).isEqualTo(CNN);
    assertThat(classes.drain())
        .isEqualTo(Map.of(new RequestClasses.Sent(accurate, CNN), 1L, new RequestClasses.Sent(thrifty, CNN), 1L));
  }
}
