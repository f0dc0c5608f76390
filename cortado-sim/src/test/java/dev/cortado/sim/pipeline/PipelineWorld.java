package dev.cortado.sim.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.trace.TimestampTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Tiny pipeline worlds for tests: scenarios from YAML text, models with fixed or drawn service times, hand-placed arrivals. */
final class PipelineWorld {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private PipelineWorld() {}

  static PipelineScenario scenario(String yaml) {
    try {
      return PipelineScenarioLoader.parse(YAML.readTree(yaml), Path.of("."));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A model whose every batch of up to 8 takes {@code batchMs} (one sample per size), with no cold start but {@code coldStartMs}. */
  static VariantSetup fixed(String name, double batchMs, double coldStartMs) {
    return model(name, List.of(batchMs), coldStartMs);
  }

  /** A model whose batches of up to 8 take one of {@code samplesMs}, drawn. */
  static VariantSetup model(String name, List<Double> samplesMs, double coldStartMs) {
    List<BatchLatency> batches = List.of(BatchLatency.of(1, samplesMs), BatchLatency.of(8, samplesMs));
    double median = samplesMs.stream().sorted().toList().get(samplesMs.size() / 2);
    Profile p = new Profile(name, "1", InstanceSize.cpu(1), batches, new LatencyModel(median, 0, 0), coldStartMs, 1L << 20,
        Instant.EPOCH, "test");
    return new VariantSetup(name, "t", 0.9, 8, List.of(p), InstanceSize.cpu(1));
  }

  /** Requests at these offsets (ms), plus one at {@code endMs} that lies just past a window of that length. */
  static TimestampTrace arrivals(double endMs, double... atMs) {
    long[] nanos = Arrays.copyOf(Arrays.stream(atMs).mapToLong(ms -> Math.round(ms * 1e6)).toArray(), atMs.length + 1);
    nanos[atMs.length] = Math.round(endMs * 1e6);
    return new TimestampTrace(Path.of("test"), nanos);
  }

  static PipelineResult run(PipelineScenario scenario, List<VariantSetup> models, TimestampTrace trace) {
    List<StageSetup> stages = StageSetup.of(scenario.pipeline(), models, InstanceSize.cpu(1));
    PipelineRun run = new PipelineRun(scenario, scenario.base().policies().getFirst(), stages, trace);
    return run.run(row -> { }, fraction -> { });
  }
}
