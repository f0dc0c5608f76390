package dev.cortado.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.sim.engine.RequestOverhead;
import dev.cortado.sim.engine.RequestOverheads;
import dev.cortado.sim.pipeline.PipelineScenarioLoader;
import dev.cortado.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("s.yaml"), yaml);
  }

  @Test
  void reads_every_field_and_resolves_the_trace_beside_the_file() throws IOException {
    Scenario s = ScenarioLoader.load(write("""
        name: demo
        trace: traces/t.txt
        window: {start: 90s, length: 10m, scale: 2.5}
        seed: 7
        variants: [a, b]
        classes:
          - {name: fast, task: t, slo_ms: 25, min_accuracy: 0.9, share: 3}
          - {name: slow, task: t, slo_ms: 100}
        cluster: {cores: 8, core_budget: 6, instance_threads: 2, max_instances_per_variant: 5, queue_capacity: 50, start_overhead: 1.5s}
        batching: mlproxy
        policies: [kpa, {name: kpa, batching: none}, {name: ray, label: ray-default}]
        cost: {per_core_second: 0.5, per_gib_second: 0}
        timeseries_step: 500ms
        drain: 0s
        """));
    assertThat(s.trace()).isEqualTo(dir.resolve("traces/t.txt"));
    assertThat(s.window().start()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.window().length()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.window().scale()).isEqualTo(2.5);
    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.variants()).containsExactly("a", "b");
    assertThat(s.classes()).containsExactly(new RequestClass("fast", "t", 25, 0.9, 3), new RequestClass("slow", "t", 100, 0, 1));
    assertThat(s.cluster()).isEqualTo(new ClusterSpec(8, 6, 2, 5, 50, Duration.ofMillis(1500)));
    assertThat(s.policies()).containsExactly(new PolicySpec("kpa", "kpa", "mlproxy"), new PolicySpec("kpa+none", "kpa", "none"),
        new PolicySpec("ray-default", "ray", "mlproxy"));
    assertThat(s.cost().pricePerCoreSecond()).isEqualTo(0.5);
    assertThat(s.timeseriesStep()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.drain()).isZero();
  }

  @Test
  void a_request_overhead_is_read_beside_the_file_and_a_missing_one_is_refused() throws IOException {
    RequestOverheads measured = RequestOverheads.NONE
        .with(new RequestOverhead("m", "rest", 50, 500, new double[] {0, 1}, new double[] {0.2, 3}));
    measured.write(dir.resolve("o/rest.json"));
    Scenario s = ScenarioLoader.load(write("""
        trace: t.txt
        window: {length: 1m}
        classes: [{task: t}]
        cluster: {request_overhead: o/rest.json}
        """));
    assertThat(s.cluster().requestOverhead()).isEqualTo(measured);
    Path missing = write("""
        trace: t.txt
        window: {length: 1m}
        classes: [{task: t}]
        cluster: {request_overhead: o/grpc.json}
        """);
    assertThatThrownBy(() -> ScenarioLoader.load(missing)).isInstanceOf(ScenarioException.class)
        .hasMessageContaining("cluster.request_overhead").hasMessageContaining("grpc.json")
        .hasMessageContaining("--overhead-out");
  }

  @Test
  void scaled_by_multiplies_the_window_scale() throws IOException {
    Scenario s = ScenarioLoader.load(write("""
        name: demo
        trace: t.txt
        window: {start: 1m, length: 10m, scale: 2}
        classes: [{task: t}]
        """)).scaledBy(100);
    assertThat(s.name()).isEqualTo("demo");
    assertThat(s.window().scale()).isEqualTo(200);
    assertThat(s.window().start()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.window().length()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void a_policy_may_plan_a_utilisation_which_labels_it_and_only_cortados_policies_take_one() throws IOException {
    Scenario s = ScenarioLoader.load(write("""
        trace: t.txt
        window: {length: 1m}
        classes: [{task: t}]
        policies: [kpa, cortado, {name: cortado, utilisation: 0.4}, {name: oracle, utilisation: 0.5, label: o}]
        """));
    assertThat(s.policies()).containsExactly(new PolicySpec("kpa", "kpa", "cortado"),
        new PolicySpec("cortado", "cortado", "cortado"),
        new PolicySpec("cortado@0.4", "cortado", "cortado", OptionalDouble.of(0.4)),
        new PolicySpec("o", "oracle", "cortado", OptionalDouble.of(0.5)));
    assertThat(s.withUtilisation(0.25).policies()).containsExactly(new PolicySpec("kpa", "kpa", "cortado"),
        new PolicySpec("cortado", "cortado", "cortado", OptionalDouble.of(0.25)),
        new PolicySpec("cortado@0.4", "cortado", "cortado", OptionalDouble.of(0.25)),
        new PolicySpec("o", "oracle", "cortado", OptionalDouble.of(0.25)));

    Path onKpa = write("trace: t.txt\nwindow: {length: 1m}\nclasses: [{task: t}]\npolicies: [{name: kpa, utilisation: 0.5}]\n");
    assertThatThrownBy(() -> ScenarioLoader.load(onKpa)).isInstanceOf(ScenarioException.class)
        .hasMessageContaining("policy kpa@0.5: utilisation applies only to cortado, oracle, planned, not to kpa");
    Path tooHigh = write("trace: t.txt\nwindow: {length: 1m}\nclasses: [{task: t}]\n"
        + "policies: [{name: cortado, utilisation: 2}]\n");
    assertThatThrownBy(() -> ScenarioLoader.load(tooHigh)).isInstanceOf(ScenarioException.class)
        .hasMessageContaining("utilisation = 2.0, must be in (0, 1]");
  }

  @Test
  void a_typo_is_refused_naming_the_field_and_the_known_ones() throws IOException {
    Path file = write("""
        trace: t.txt
        window: {length: 1m}
        classes: [{task: t}]
        polices: [kpa]
        """);
    assertThatThrownBy(() -> ScenarioLoader.load(file)).isInstanceOf(ScenarioException.class)
        .hasMessageContaining("unknown field 'polices'").hasMessageContaining("policies");
  }

  @Test
  void bad_values_say_what_was_wrong() throws IOException {
    Path noWindow = write("trace: t.txt\nclasses: [{task: t}]\n");
    assertThatThrownBy(() -> ScenarioLoader.load(noWindow)).hasMessageContaining("'window' is missing");
    Path badDuration = write("trace: t.txt\nwindow: {length: ten minutes}\nclasses: [{task: t}]\n");
    assertThatThrownBy(() -> ScenarioLoader.load(badDuration)).hasMessageContaining("window.length = 'ten minutes'");
    Path badSlo = write("trace: t.txt\nwindow: {length: 1m}\nclasses: [{name: c, task: t, slo_ms: -1}]\n");
    assertThatThrownBy(() -> ScenarioLoader.load(badSlo)).hasMessageContaining("class c: slo_ms = -1.0");
    Path noTask = write("trace: t.txt\nwindow: {length: 1m}\nclasses: [{name: c}]\n");
    assertThatThrownBy(() -> ScenarioLoader.load(noTask)).hasMessageContaining("classes[c].task");
  }

  @Test
  void durations_take_the_units_scenarios_use() {
    assertThat(ScenarioLoader.parseDuration("500ms", "f")).isEqualTo(Duration.ofMillis(500));
    assertThat(ScenarioLoader.parseDuration("1.5h", "f")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ScenarioLoader.parseDuration("3d", "f")).isEqualTo(Duration.ofDays(3));
    assertThatThrownBy(() -> ScenarioLoader.parseDuration("3 weeks", "f")).hasMessageContaining("f = '3 weeks'");
  }

  @Test
  void every_bundled_scenario_loads() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(ProjectFiles.root().resolve("scenarios"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml") && !PipelineScenarioLoader.isPipeline(p)).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    for (Path f : files) {
      Scenario s = ScenarioLoader.load(f);
      assertThat(s.trace().toString()).as(f.toString()).contains("shared").contains("traces");
      assertThat(s.policies()).as(f.toString()).isNotEmpty();
    }
  }
}
