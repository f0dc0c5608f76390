package dev.cortado.bench;

import dev.cortado.control.batching.CortadoBatching;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import dev.cortado.sim.engine.SimulatedVariant;
import dev.cortado.sim.engine.SimulationResult;
import dev.cortado.sim.engine.SimulationSpec;
import dev.cortado.sim.trace.ArrivalStream;
import dev.cortado.sim.trace.CountTrace;
import dev.cortado.sim.trace.TraceWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulator speed on a batching-heavy scenario: one second of Poisson arrivals at {@code rate}
 * requests/s into one instance of a small MLP (profile like fashion-mlp-small's on this machine,
 * ~500 k samples/s at batch 64) under Cortado's batching policy. Requests per wall-second =
 * rate / (seconds per operation).
 *
 * <pre>java -jar cortado-bench/target/benchmarks.jar SimulatorBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SimulatorBenchmark {
  @Param({"200000"})
  public int rate;

  private Profile profile;
  private CountTrace trace;

  @Setup
  public void setUp() {
    int[] sizes = {1, 2, 4, 8, 16, 32, 64};
    double[] p50 = {0.017, 0.018, 0.020, 0.025, 0.040, 0.070, 0.128};
    List<BatchLatency> batches = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      double m = p50[i];
      batches.add(BatchLatency.of(sizes[i], List.of(0.9 * m, 0.95 * m, m, 1.05 * m, 1.2 * m)));
    }
    profile = new Profile("mlp-small-like", "1", InstanceSize.cpu(1), batches, LatencyModel.fit(sizes, p50), 1.5, 2 << 20,
        Instant.EPOCH, "benchmark");
    int[] counts = new int[1];
    Arrays.fill(counts, rate);
    trace = new CountTrace(Path.of("poisson"), Duration.ofSeconds(1), counts);
  }

  @Benchmark
  public SimulationResult oneSimulatedSecond() {
    ArrivalStream arrivals = ArrivalStream.of(trace, TraceWindow.whole(trace), 1);
    return SimulatedVariant.simulate(profile, new CortadoBatching(profile, 64),
        new SimulationSpec(1, Duration.ofMillis(25), 100_000, 1), arrivals, 2_000_000_000L);
  }
}
