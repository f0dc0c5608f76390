package dev.cortado.sim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PipelineGraphTest {
  private static PipelineGraph graph(String stagesAndEdges) {
    return new PipelineGraph(PipelineWorld.scenario("""
        kind: pipeline
        trace: t.txt
        window: {length: 1m}
        pipeline:
          slo_ms: 10
        """ + stagesAndEdges).pipeline());
  }

  private static final String FAN_IN = """
        stages: [{name: a, variants: [m]}, {name: b, variants: [m]}, {name: c, variants: [m]}, {name: d, variants: [m]}]
        edges: [{from: a, to: b}, {from: a, to: c}, {from: b, to: d}, {from: c, to: d}]
      """;

  @Test
  void a_chain_shares_the_slack_equally_then_finishes_each_stage_as_late_as_the_rest_allows() {
    PipelineGraph g = graph("  stages: [{name: a, variants: [m]}, {name: b, variants: [m]}]\n");
    // delays 1 and 3 ms within 10: 3 ms of slack each, so a has 4 ms and b 6 ms
    assertThat(g.latestFinishMs(new double[] {1, 3}, 10)).containsExactly(new double[] {4, 10}, within(1e-9));
    assertThat(g.depth()).isEqualTo(2);
    assertThat(g.sinks()).isEqualTo(1);
  }

  @Test
  void a_plan_over_the_slo_is_squeezed_in_proportion() {
    PipelineGraph g = graph("  stages: [{name: a, variants: [m]}, {name: b, variants: [m]}]\n");
    assertThat(g.latestFinishMs(new double[] {5, 15}, 10)).containsExactly(new double[] {2.5, 10}, within(1e-9));
  }

  @Test
  void a_fan_in_is_timed_by_its_slowest_branch() {
    PipelineGraph g = graph(FAN_IN);
    assertThat(g.depth()).isEqualTo(3);
    assertThat(g.predecessors(3)).isEqualTo(2);
    assertThat(g.longestPath(new double[] {1, 2, 5, 1})).isEqualTo(7);
    // the critical path a, c, d takes 7 of 14: 7/3 of slack per stage, so a leaves by 1 + 7/3,
    // b and c by 14 - (1 + 7/3), d by 14
    double share = 7.0 / 3;
    assertThat(g.latestFinishMs(new double[] {1, 2, 5, 1}, 14))
        .containsExactly(new double[] {1 + share, 14 - 1 - share, 14 - 1 - share, 14}, within(1e-9));
  }

  @Test
  void an_even_split_gives_each_level_the_slo_over_the_depth() {
    assertThat(graph(FAN_IN).latestFinishMs(new double[] {1, 1, 1, 1}, 30)).containsExactly(new double[] {10, 20, 20, 30},
        within(1e-9));
  }
}
