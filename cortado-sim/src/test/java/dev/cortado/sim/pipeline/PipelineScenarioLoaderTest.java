package dev.cortado.sim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.control.planning.Dependency;
import dev.cortado.sim.scenario.PolicySpec;
import dev.cortado.sim.scenario.ScenarioException;
import dev.cortado.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PipelineScenarioLoaderTest {
  private static final String MINIMAL = """
      kind: pipeline
      trace: t.txt
      window: {length: 1m}
      pipeline:
        slo_ms: 40
        stages:
          - {name: a, variants: [m1]}
          - {name: b, variants: [m2, m3], max_batch: 16}
      """;

  @Test
  void reads_the_pipeline_and_the_fields_every_scenario_has() {
    PipelineScenario s = PipelineWorld.scenario(MINIMAL + """
        seed: 9
        cluster: {cores: 8, start_overhead: 2s}
        policies: [kpa, fa2]
        """);
    PipelineSpec p = s.pipeline();
    assertThat(p.sloMs()).isEqualTo(40);
    assertThat(p.stages()).containsExactly(new StageSpec("a", List.of("m1"), 0), new StageSpec("b", List.of("m2", "m3"), 16));
    assertThat(p.edges()).as("no edges: a chain in the order listed").containsExactly(new Dependency("a", "b"));
    assertThat(p.headroom()).isEqualTo(1.0);
    assertThat(p.scaleDownDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.planSloFraction()).isEqualTo(0.5);
    assertThat(s.base().seed()).isEqualTo(9);
    assertThat(s.base().cluster().cores()).isEqualTo(8);
    assertThat(s.base().cluster().startOverhead()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.base().policies()).extracting(PolicySpec::name).containsExactly("kpa", "fa2");
  }

  @Test
  void runs_every_pipeline_policy_unless_told() {
    assertThat(PipelineWorld.scenario(MINIMAL).base().policies()).extracting(PolicySpec::name)
        .containsExactly("fa2", "fa2-oracle", "kpa", "even-split");
  }

  @Test
  void refuses_unknown_fields_naming_the_known_ones() {
    assertThatThrownBy(() -> PipelineWorld.scenario(MINIMAL + "classes: []\n"))
        .isInstanceOf(ScenarioException.class).hasMessageContaining("unknown field 'classes'").hasMessageContaining("pipeline");
    assertThatThrownBy(() -> PipelineWorld.scenario(MINIMAL.replace("slo_ms: 40", "slo_ms: 40\n  slo: 3")))
        .hasMessageContaining("unknown field 'pipeline.slo'").hasMessageContaining("slo_ms");
    assertThatThrownBy(() -> PipelineWorld.scenario(MINIMAL.replace("{name: a,", "{nmae: x, name: a,")))
        .hasMessageContaining("unknown field 'pipeline.stages[].nmae'");
  }

  @Test
  void refuses_edges_that_do_not_make_a_dag_of_its_stages() {
    assertThatThrownBy(() -> PipelineWorld.scenario(MINIMAL + "  edges: [{from: a, to: c}]\n"))
        .hasMessageContaining("a -> c must join two different stages");
    assertThatThrownBy(() -> PipelineWorld.scenario(MINIMAL + "  edges: [{from: a, to: b}, {from: b, to: a}]\n"))
        .hasMessageContaining("cycle");
    assertThatThrownBy(() -> PipelineWorld.scenario(MINIMAL + "  edges: [{from: a}]\n")).hasMessageContaining("'from' and 'to'");
  }

  @Test
  void refuses_unknown_policies_and_bad_values() {
    assertThatThrownBy(() -> PipelineWorld.scenario(MINIMAL + "policies: [cortado]\n"))
        .hasMessageContaining("unknown pipeline policy 'cortado'").hasMessageContaining("fa2, fa2-oracle, kpa, even-split");
    assertThatThrownBy(() -> PipelineWorld.scenario(MINIMAL.replace("slo_ms: 40", "slo_ms: -1")))
        .hasMessageContaining("pipeline.slo_ms = -1.0");
    assertThatThrownBy(() -> PipelineWorld.scenario(MINIMAL.replace("slo_ms: 40", "slo_ms: 40\n  headroom: 0.5")))
        .hasMessageContaining("pipeline.headroom = 0.5");
    assertThatThrownBy(() -> PipelineWorld.scenario(MINIMAL.replace("[m2, m3]", "[]"))).hasMessageContaining("variants is empty");
    assertThatThrownBy(() -> PipelineWorld.scenario(MINIMAL.replace("kind: pipeline", "kind: other")))
        .hasMessageContaining("kind = 'other'");
  }

  @Test
  void every_shipped_pipeline_scenario_loads() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(ProjectFiles.root().resolve("scenarios"))) {
      files = s.filter(PipelineScenarioLoader::isPipeline).sorted().toList();
    }
    assertThat(files).extracting(f -> f.getFileName().toString()).allMatch(n -> n.startsWith("pipeline-")).hasSizeGreaterThanOrEqualTo(2);
    boolean fanIn = false;
    for (Path f : files) {
      PipelineScenario s = PipelineScenarioLoader.load(f);
      assertThat(s.base().trace().toString()).as(f.toString()).contains("shared").contains("traces");
      assertThat(s.base().policies()).extracting(PolicySpec::name).as(f.toString()).contains("fa2", "fa2-oracle", "kpa", "even-split");
      PipelineGraph g = new PipelineGraph(s.pipeline());
      fanIn |= java.util.stream.IntStream.range(0, g.size()).anyMatch(i -> g.predecessors(i) > 1);
    }
    assertThat(fanIn).as("one ships a fan-in").isTrue();
  }
}
