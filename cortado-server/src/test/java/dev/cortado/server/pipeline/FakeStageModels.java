package dev.cortado.server.pipeline;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.ModelSignature;
import dev.cortado.core.model.ModelState;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.server.execution.InstancePool;
import dev.cortado.server.repository.ModelConfig;
import dev.cortado.server.repository.ModelVersion;
import dev.cortado.server.stats.ModelStatistics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stage models without ONNX Runtime: READY model versions with the bundled models' contract
 * ({@code image} FP32 [-1,1,28,28] to {@code logits} FP32 [-1,10]), some of task
 * {@code image-classification}, and one UNAVAILABLE.
 */
final class FakeStageModels implements StageModels {
  static final ModelSignature CLASSIFIER = new ModelSignature(
      List.of(new TensorSpec("image", Datatype.FP32, Shape.of(-1, 1, 28, 28))),
      List.of(new TensorSpec("logits", Datatype.FP32, Shape.of(-1, 10))));
  static final ModelSignature EMBEDDER = new ModelSignature(
      List.of(new TensorSpec("tokens", Datatype.INT64, Shape.of(-1, 16))),
      List.of(new TensorSpec("embedding", Datatype.FP32, Shape.of(-1, 8))));

  /** Takes logits and gives logits: a second model stage in a chain. */
  static final ModelSignature CALIBRATOR = new ModelSignature(
      List.of(new TensorSpec("scores", Datatype.FP32, Shape.of(-1, 10))),
      List.of(new TensorSpec("logits", Datatype.FP32, Shape.of(-1, 10))));

  private final Map<String, ModelVersion> models = new TreeMap<>();

  FakeStageModels() {
    add(ready("cnn", Optional.of("image-classification"), 256, CLASSIFIER));
    add(ready("mlp", Optional.of("image-classification"), 64, CLASSIFIER));
    add(ready("embedder", Optional.empty(), 32, EMBEDDER));
    add(ready("calibrator", Optional.empty(), 256, CALIBRATOR));
    add(new ModelVersion("broken", "1", config(Optional.empty(), 8), ModelState.UNAVAILABLE, Optional.of("no model.onnx in version folder 1"),
        Optional.empty(), new InstancePool("broken", "1"), 0, new ModelStatistics()));
  }

  void add(ModelVersion mv) {
    models.put(mv.name(), mv);
  }

  static ModelVersion ready(String name, Optional<String> task, int maxBatch, ModelSignature signature) {
    return new ModelVersion(name, "1", config(task, maxBatch), ModelState.READY, Optional.empty(), Optional.of(signature),
        new InstancePool(name, "1"), 0, new ModelStatistics());
  }

  private static ModelConfig config(Optional<String> task, int maxBatch) {
    return new ModelConfig(task, ModelConfig.ONNX_PLATFORM, maxBatch, Optional.empty(), Optional.empty(), 1, InstanceSize.cpu(1), 1024,
        List.of(), List.of(), ModelConfig.Batching.DEFAULTS);
  }

  @Override
  public Optional<ModelVersion> model(String name, Optional<String> version) {
    return Optional.ofNullable(models.get(name)).filter(mv -> version.isEmpty() || version.get().equals(mv.version()));
  }

  @Override
  public List<ModelVersion> variants(String task) {
    return models.values().stream().filter(ModelVersion::isReady).filter(mv -> mv.config().task().filter(task::equals).isPresent()).toList();
  }

  @Override
  public List<String> modelNames() {
    return List.copyOf(models.keySet());
  }
}
