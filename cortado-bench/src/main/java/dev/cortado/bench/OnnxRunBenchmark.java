package dev.cortado.bench;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.LoadedModel;
import dev.cortado.core.model.RunResult;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.runtime.onnx.OnnxModelRuntime;
import dev.cortado.testing.FashionMnist;
import dev.cortado.testing.ProjectFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process ONNX Runtime time of one bundled model through Cortado's {@code LoadedModel} (tensor
 * copy in, session run, copy out), one thread: the floor the server's per-request overhead is
 * measured against.
 *
 * <pre>java -jar cortado-bench/target/benchmarks.jar OnnxRunBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class OnnxRunBenchmark {
  @Param({"fashion-mlp-small", "fashion-cnn-large"})
  public String model;

  @Param({"1"})
  public int batch;

  private OnnxModelRuntime runtime;
  private LoadedModel loaded;
  private List<Tensor> inputs;

  @Setup(Level.Trial)
  public void setUp() {
    runtime = OnnxModelRuntime.create();
    loaded = runtime.load(
        new VariantSpec(model, "1", ProjectFiles.bundledModels().resolve(model).resolve("1/model.onnx")),
        InstanceSize.cpu(1));
    FashionMnist data = FashionMnist.testSet();
    ByteBuffer b = ByteBuffer.allocate(batch * FashionMnist.PIXELS * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < batch; i++) {
      for (float v : data.image(i)) {
        b.putFloat(v);
      }
    }
    inputs = List.of(Tensor.of("image", Datatype.FP32, Shape.of(batch, 1, 28, 28), b.flip()));
  }

  @Benchmark
  public RunResult run() {
    return loaded.run(inputs, List.of());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    loaded.close();
    runtime.close();
  }
}
