package dev.cortado.sim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact runs of tiny pipelines: fixed service times, hand-placed arrivals, the simulated clock. */
class PipelineRunTest {
  private static final String CHAIN = """
      kind: pipeline
      trace: unused.txt
      window: {start: 0s, length: 1s}
      pipeline:
        slo_ms: 100
        stages:
          - {name: a, variants: [ten]}
          - {name: b, variants: [five]}
      cluster: {cores: 4}
      batching: none
      policies: [even-split]
      drain: 1s
      """;

  @Test
  void a_chain_takes_the_sum_of_its_stages_service_times_plus_the_queueing() {
    // two requests at 0 ms; one instance per stage: the first runs a [0, 10], b [10, 15];
    // the second waits for a, runs it [10, 20], then b [20, 25]
    PipelineResult r = PipelineWorld.run(PipelineWorld.scenario(CHAIN),
        List.of(PipelineWorld.fixed("ten", 10, 0), PipelineWorld.fixed("five", 5, 0)), PipelineWorld.arrivals(1000, 0, 0));
    assertThat(r.requests()).isEqualTo(2);
    assertThat(r.completed()).isEqualTo(2);
    assertThat(r.withinSlo()).isEqualTo(2);
    assertThat(r.meanMs()).isEqualTo(20.0);
    assertThat(r.maxMs()).isEqualTo(25.0);
    assertThat(r.stages()).extracting(PipelineResult.StageResult::meanInstances).containsExactly(1.0, 1.0);
  }

  @Test
  void a_request_over_the_slo_counts_as_a_violation() {
    PipelineResult r = PipelineWorld.run(PipelineWorld.scenario(CHAIN.replace("slo_ms: 100", "slo_ms: 20")),
        List.of(PipelineWorld.fixed("ten", 10, 0), PipelineWorld.fixed("five", 5, 0)), PipelineWorld.arrivals(1000, 0, 0));
    // with no batching nothing is shed: the second request is answered at 25 ms, late
    assertThat(r.completed()).isEqualTo(2);
    assertThat(r.withinSlo()).isEqualTo(1);
    assertThat(r.violations()).isEqualTo(1);
    assertThat(r.violationPercent()).isEqualTo(50.0);
  }

  @Test
  void a_fan_in_starts_when_its_slowest_branch_is_done() {
    String fanIn = """
        kind: pipeline
        trace: unused.txt
        window: {start: 0s, length: 1s}
        pipeline:
          slo_ms: 100
          stages:
            - {name: split, variants: [one]}
            - {name: fast, variants: [two]}
            - {name: slow, variants: [seven]}
            - {name: join, variants: [three]}
          edges:
            - {from: split, to: fast}
            - {from: split, to: slow}
            - {from: fast, to: join}
            - {from: slow, to: join}
        cluster: {cores: 8}
        batching: none
        policies: [even-split]
        drain: 1s
        """;
    PipelineResult r = PipelineWorld.run(PipelineWorld.scenario(fanIn), List.of(PipelineWorld.fixed("one", 1, 0),
        PipelineWorld.fixed("two", 2, 0), PipelineWorld.fixed("seven", 7, 0), PipelineWorld.fixed("three", 3, 0)),
        PipelineWorld.arrivals(1000, 0));
    // split [0, 1]; fast [1, 3] and slow [1, 8]; join only after slow: [8, 11]
    assertThat(r.completed()).isEqualTo(1);
    assertThat(r.meanMs()).isEqualTo(11.0);
    assertThat(r.unfinished()).isZero();
  }

  @Test
  void fa2_runs_the_instances_its_plan_gives() {
    // 2,000 requests in the first second; every batch of up to 8 takes 10 ms, so an instance at
    // batch b serves 100 b per second. FA2 (SLO 100 ms planned against 50): batch 8 (10 ms plus
    // 3.5 ms to fill at 2,000/s) needs ceil(2,000 / 800) = 3 instances per stage, warm from the start and
    // held to the end (the scale-down delay is 30 s).
    double[] at = new double[2000];
    for (int i = 0; i < at.length; i++) {
      at[i] = i * 0.5;
    }
    PipelineScenario s = PipelineWorld.scenario(CHAIN.replace("batching: none", "batching: cortado")
        .replace("policies: [even-split]", "policies: [fa2-oracle]").replace("drain: 1s", "drain: 0s")
        .replace("variants: [five]", "variants: [ten]").replace("cores: 4", "cores: 8"));
    PipelineResult r = PipelineWorld.run(s, List.of(PipelineWorld.fixed("ten", 10, 0)), PipelineWorld.arrivals(1000, at));
    assertThat(r.stages()).extracting(PipelineResult.StageResult::meanInstances).containsExactly(3.0, 3.0);
    assertThat(r.requests()).isEqualTo(2000);
    assertThat(r.coldStarts()).isZero();
    assertThat(r.coreSeconds()).isEqualTo(6.0);
  }

  @Test
  void the_same_seed_gives_the_same_run() {
    String yaml = """
        kind: pipeline
        trace: unused.txt
        window: {start: 0s, length: 3s}
        seed: 5
        pipeline:
          slo_ms: 30
          stages:
            - {name: a, variants: [x]}
            - {name: b, variants: [y]}
            - {name: c, variants: [x]}
          edges: [{from: a, to: b}, {from: a, to: c}]
        cluster: {cores: 4, start_overhead: 100ms}
        policies: [kpa]
        timeseries_step: 500ms
        drain: 1s
        """;
    double[] at = new double[3000];
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    for (int i = 0; i < at.length; i++) {
      at[i] = i == 0 ? 0 : random.nextDouble() * 3000; // the trace starts at its first request
    }
    List<dev.cortado.sim.cluster.VariantSetup> models = List.of(PipelineWorld.model("x", List.of(0.5, 1.0, 4.0), 20),
        PipelineWorld.model("y", List.of(1.0, 2.0, 9.0), 20));
    PipelineResult first = PipelineWorld.run(PipelineWorld.scenario(yaml), models, PipelineWorld.arrivals(3000, at));
    PipelineResult second = PipelineWorld.run(PipelineWorld.scenario(yaml), models, PipelineWorld.arrivals(3000, at));
    assertThat(first.requests()).isEqualTo(3000);
    assertThat(second).usingRecursiveComparison().ignoringFields("wallSeconds").isEqualTo(first);
    PipelineResult other = PipelineWorld.run(PipelineWorld.scenario(yaml.replace("seed: 5", "seed: 6")), models,
        PipelineWorld.arrivals(3000, at));
    assertThat(other.meanMs()).as("another seed draws other service times").isNotEqualTo(first.meanMs());
  }
}
