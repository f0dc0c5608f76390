package dev.cortado.sim.engine;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Hand-built profiles for tests. */
final class Profiles {
  private Profiles() {
  }

  /** One sample per batch size, so service times are fixed. */
  static Profile fixed(Map<Integer, Double> msByBatch, double interceptMs, double slopeMs) {
    return of(msByBatch.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> List.of(e.getValue()))), interceptMs, slopeMs);
  }

  static Profile of(Map<Integer, List<Double>> samplesByBatch, double interceptMs, double slopeMs) {
    List<BatchLatency> batches = samplesByBatch.entrySet().stream().map(e -> BatchLatency.of(e.getKey(), e.getValue())).toList();
    return new Profile("toy", "1", InstanceSize.cpu(2), batches, new LatencyModel(interceptMs, slopeMs, 0), 0, 0,
        Instant.EPOCH, "test");
  }
}
