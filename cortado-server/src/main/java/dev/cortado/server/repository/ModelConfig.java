package dev.cortado.server.repository;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.tensor.TensorSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A model's {@code config.yaml}: what the model is for and how to serve it. Desired settings only;
 * what the model file declares is checked against {@link #inputs()} and {@link #outputs()} at load.
 *
 * @param task the task (use case) the model serves, if it is a variant of one
 * @param platform the runtime platform, {@code onnxruntime_onnx}
 * @param maxBatchSize the largest batch (dimension 0) a request may carry; 0 when the model has no
 *     batch dimension
 * @param accuracy measured accuracy and the dataset it was measured on
 * @param dataVersion the form of input the model expects (e.g. resolution), free text
 * @param instanceCount instances to start at load
 * @param instanceSize the size of each instance
 * @param maxQueueSize requests an instance may hold waiting before the model answers overload
 * @param inputs declared inputs (empty: take the model file's)
 * @param outputs declared outputs (empty: take the model file's)
 * @param batching how requests to this model are batched (unset: the server's defaults)
 */
public record ModelConfig(
    Optional<String> task,
    String platform,
    int maxBatchSize,
    Optional<Accuracy> accuracy,
    Optional<String> dataVersion,
    int instanceCount,
    InstanceSize instanceSize,
    int maxQueueSize,
    List<TensorSpec> inputs,
    List<TensorSpec> outputs,
    Batching batching) {

  public static final String ONNX_PLATFORM = "onnxruntime_onnx";
  /** The platform of a repository entry that is a pipeline of other models, not a model file. */
  public static final String PIPELINE_PLATFORM = "pipeline";

  public ModelConfig {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(accuracy, "accuracy");
    Objects.requireNonNull(dataVersion, "dataVersion");
    Objects.requireNonNull(instanceSize, "instanceSize");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(batching, "batching");
  }

  /** The configuration of a model directory without {@code config.yaml}. */
  public static ModelConfig defaults() {
    return new ModelConfig(
        Optional.empty(), ONNX_PLATFORM, 0, Optional.empty(), Optional.empty(), 1, InstanceSize.cpu(1), 1024,
        List.of(), List.of(), Batching.DEFAULTS);
  }

  public OptionalDouble accuracyValue() {
    return accuracy.map(a -> OptionalDouble.of(a.value())).orElse(OptionalDouble.empty());
  }

  /**
   * The {@code batching:} section: the policy ({@code cortado}, {@code mlproxy}, {@code fixed},
   * {@code none}), the most items per batch, {@code fixed}'s queue delay, and the SLO of requests
   * that state none.
   */
  public record Batching(Optional<String> policy, java.util.OptionalInt maxBatch, OptionalDouble maxQueueDelayMs,
      OptionalDouble defaultSloMs) {
    public static final Batching DEFAULTS =
        new Batching(Optional.empty(), java.util.OptionalInt.empty(), OptionalDouble.empty(), OptionalDouble.empty());

    public Batching {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(maxBatch, "maxBatch");
      Objects.requireNonNull(maxQueueDelayMs, "maxQueueDelayMs");
      Objects.requireNonNull(defaultSloMs, "defaultSloMs");
    }
  }

  /** Measured top-1 accuracy (0..1) and the dataset it was measured on. */
  public record Accuracy(double value, String dataset) {
    public Accuracy {
      Objects.requireNonNull(dataset, "dataset");
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("accuracy = " + value + ", must be in [0, 1]");
      }
    }
  }
}
