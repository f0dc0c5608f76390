package dev.cortado.sim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.control.scaling.ScalingContext;
import dev.cortado.control.scaling.ScalingDecision;
import dev.cortado.core.model.InstanceSize;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannedPipelineScalingTest {
  private static final String ONE_STAGE = """
      kind: pipeline
      trace: t.txt
      window: {length: 1m}
      pipeline:
        slo_ms: 100
        stages: [{name: s, variants: [slow, fast]}]
      """;

  private static List<StageSetup> stages(PipelineScenario s) {
    return StageSetup.of(s.pipeline(), List.of(PipelineWorld.fixed("slow", 10, 0), PipelineWorld.fixed("fast", 1, 0)),
        InstanceSize.cpu(1));
  }

  @Test
  void rates_are_planned_on_a_grid_two_per_cent_apart_rounded_up() {
    assertThat(PlannedPipelineScaling.gridRate(0)).isEqualTo(1.0);
    assertThat(PlannedPipelineScaling.gridRate(1)).isEqualTo(1.0);
    assertThat(PlannedPipelineScaling.gridRate(100)).isBetween(100.0, 102.0);
    assertThat(PlannedPipelineScaling.gridRate(PlannedPipelineScaling.gridRate(100))).isEqualTo(PlannedPipelineScaling.gridRate(100));
  }

  @Test
  void fa2_picks_the_model_that_needs_the_fewest_cores() {
    PipelineScenario s = PipelineWorld.scenario(ONE_STAGE);
    PipelineGraph g = new PipelineGraph(s.pipeline());
    // at 1,000/s: 'slow' needs ceil(1000 * 10 / 8000) = 2 instances at batch 8, 'fast' one at any batch
    SizedStage st = new Fa2Sizing(stages(s), g, 100, 0.95, 0.5).size(1000).stages().getFirst();
    assertThat(st.candidate()).isEqualTo(1);
    assertThat(st.instances()).isEqualTo(1);
    SizedStage even = new EvenSplitSizing(stages(s), g, 100).size(1000).stages().getFirst();
    assertThat(even.candidate()).isEqualTo(1);
    assertThat(even.batch()).as("the largest batch whose 2 x p95 fits 100 ms").isEqualTo(8);
    assertThat(even.instances()).isEqualTo(1);
  }

  @Test
  void instances_go_up_at_once_and_down_after_the_scale_down_delay() {
    PipelineScenario s = PipelineWorld.scenario(ONE_STAGE.replace("[slow, fast]", "[slow]"));
    PipelineGraph g = new PipelineGraph(s.pipeline());
    double[] perSecond = new double[120];
    java.util.Arrays.fill(perSecond, 0, 10, 2000); // 2,000/s for 10 s, then nothing
    PlannedPipelineScaling policy = new PlannedPipelineScaling("fa2-oracle", stages(s), g, s.pipeline(), new OracleDemand(Instant.EPOCH,
        perSecond, 1), new Fa2Sizing(stages(s), g, 100, 0.95, 0.5), InstanceSize.cpu(1), 100);
    ScalingContext empty = new ScalingContext(Duration.ofSeconds(1), List.of(), 64);
    assertThat(instances(policy.first(new PipelineObservation(0, empty), Instant.EPOCH))).isEqualTo(3);
    int[] wanted = new int[60];
    for (int t = 1; t < 60; t++) {
      wanted[t] = instances(policy.decide(new PipelineObservation(0, empty), Instant.EPOCH.plusSeconds(t)));
    }
    // planned for 2,000/s last at second 9 (its lead covers seconds 9 and 10); held 30 s; then one instance
    assertThat(wanted[9]).isEqualTo(3);
    assertThat(wanted[39]).isEqualTo(3);
    assertThat(wanted[40]).isEqualTo(1);
    assertThat(wanted[59]).isEqualTo(1);
  }

  private static int instances(PipelineDecision d) {
    ScalingDecision.Target t = d.instances().targets().getFirst();
    assertThat(t.variant()).isEqualTo("s/slow");
    return t.instances();
  }
}
