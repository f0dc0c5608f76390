package dev.cortado.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortado.sim.cluster.TestVariants;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.scenario.Scenario;
import dev.cortado.sim.scenario.ScenarioLoader;
import dev.cortado.sim.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioRunnerTest {
  @TempDir Path dir;

  /** Three variants, two of one task; a per-second trace that idles, bursts to 300/s, falls back and stops. */
  private Scenario scenario() throws IOException {
    String counts = IntStream.range(0, 150)
        .mapToObj(s -> Integer.toString(s < 30 ? 20 : s < 70 ? 300 : s < 110 ? 80 : 0))
        .collect(Collectors.joining("\n"));
    Files.writeString(dir.resolve("trace.txt"), counts + "\n");
    Files.writeString(dir.resolve("s.yaml"), """
        name: burst
        trace: trace.txt
        window: {start: 0s, length: 150s, scale: 1}
        seed: 3
        classes:
          - {name: cheap, task: t, slo_ms: 50, min_accuracy: 0.8, share: 2}
          - {name: good, task: t, slo_ms: 100, min_accuracy: 0.9, share: 1}
        cluster: {cores: 16, core_budget: 16}
        policies: [static, kpa, ray, infaas, cortado, oracle, {name: kpa, batching: none}]
        timeseries_step: 10s
        drain: 5s
        """);
    return ScenarioLoader.load(dir.resolve("s.yaml"));
  }

  private static List<VariantSetup> variants() {
    return List.of(TestVariants.setup("small", "t", 0.85, 2, 300), TestVariants.setup("big", "t", 0.95, 8, 800),
        TestVariants.setup("other-task", "u", 0.99, 1, 100));
  }

  private List<PolicyResult> run(Scenario s, Path out) throws IOException {
    return new ScenarioRunner(s, variants(), TraceReader.read(s.trace()), ScalingPolicies::create).run(out, (i, n, l, f) -> {});
  }

  @Test
  void the_same_scenario_and_seed_give_the_same_results() throws IOException {
    Scenario s = scenario();
    run(s, dir.resolve("a"));
    run(s, dir.resolve("b"));
    assertThat(Files.readString(dir.resolve("b/timeseries.csv"))).isEqualTo(Files.readString(dir.resolve("a/timeseries.csv")));
    assertThat(withoutWallClock(dir.resolve("b/summary.json"))).isEqualTo(withoutWallClock(dir.resolve("a/summary.json")));
    assertThat(Files.readString(dir.resolve("b/instances.svg"))).isEqualTo(Files.readString(dir.resolve("a/instances.svg")));
  }

  @Test
  void another_seed_gives_other_arrivals() throws IOException {
    Scenario s = scenario();
    long a = run(s, dir.resolve("a")).getFirst().requests();
    long b = run(s.withSeed(4), dir.resolve("b")).getFirst().requests();
    assertThat(a).isNotEqualTo(b);
    assertThat(a).isBetween(30 * 20 + 40 * 300 + 40 * 80 - 500L, 30 * 20 + 40 * 300 + 40 * 80 + 500L);
  }

  @Test
  void every_request_is_answered_rejected_or_still_in_flight_and_the_classes_get_their_accuracy() throws IOException {
    List<PolicyResult> results = run(scenario(), dir.resolve("a"));
    assertThat(results).extracting(PolicyResult::policy).containsExactly("static", "kpa", "ray", "infaas", "cortado", "oracle", "kpa+none");
    for (PolicyResult r : results) {
      assertThat(r.answered() + r.rejected() + r.unfinished()).as(r.policy()).isEqualTo(r.requests());
      PolicyResult.ClassResult good = r.classes().get(1);
      assertThat(good.meanAccuracy()).as(r.policy()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(r.costUsd()).as(r.policy()).isPositive();
    }
    PolicyResult fixed = results.getFirst();
    assertThat(fixed.coldStarts()).as("static starts warm and never scales").isZero();
    assertThat(results.get(1).coldStarts()).as("kpa scales out for the burst").isPositive();
    assertThat(Files.readString(dir.resolve("a/report.md"))).contains("| kpa+none |");
    assertThat(Files.readAllLines(dir.resolve("a/timeseries.csv"))).hasSize(1 + 7 * 16);
    for (String plot : List.of("arrivals.svg", "instances.svg", "p99.svg", "cost.svg")) {
      assertThat(Files.readString(dir.resolve("a").resolve(plot))).startsWith("<svg").contains("polyline");
    }
  }

  @Test
  void a_lower_target_utilisation_reaches_cortado_and_buys_it_instances() throws IOException {
    Scenario s = scenario().onlyPolicies(List.of("cortado"));
    PolicyResult planned80 = run(s, dir.resolve("a")).getFirst();
    PolicyResult planned20 = run(s.withUtilisation(0.2), dir.resolve("b")).getFirst();

    assertThat(planned20.requests()).isEqualTo(planned80.requests());
    assertThat(planned20.instanceSeconds()).isGreaterThan(1.3 * planned80.instanceSeconds());
    assertThat(planned20.violations()).isLessThanOrEqualTo(planned80.violations());
  }

  private static JsonNode withoutWallClock(Path summary) throws IOException {
    JsonNode root = new ObjectMapper().readTree(summary.toFile());
    for (JsonNode p : root.get("policies")) {
      ((ObjectNode) p).remove(List.of("wall_seconds", "simulated_requests_per_wall_second"));
    }
    return root;
  }
}
