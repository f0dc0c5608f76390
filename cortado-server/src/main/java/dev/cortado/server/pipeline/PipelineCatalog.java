package dev.cortado.server.pipeline;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.ModelState;
import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.server.cluster.LocalCluster;
import dev.cortado.server.execution.InstancePool;
import dev.cortado.server.inference.ComposedModels;
import dev.cortado.server.inference.InferenceService;
import dev.cortado.server.repository.ModelConfig;
import dev.cortado.server.repository.ModelRepository;
import dev.cortado.server.repository.ModelVersion;
import dev.cortado.server.stats.ModelStatistics;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The pipelines of a model repository, served as models: each is read from its
 * {@code config.yaml}, checked against the models it names once they are loaded, and shown as a
 * one-version model ({@value #VERSION}); a pipeline that fails its checks is UNAVAILABLE with the
 * reason and the other models still serve. A request runs as a {@link PipelineRun}.
 *
 * <p>Guard: each pipeline's entry is immutable and swapped whole in a concurrent map.
 */
public final class PipelineCatalog implements ComposedModels {
  private static final System.Logger LOG = System.getLogger(PipelineCatalog.class.getName());
  static final String VERSION = "1";

  private final Path root;
  private final StageModels models;
  private final StageRunner runner;
  private final InstantSource clock;
  private final PipelineConfigLoader loader = new PipelineConfigLoader();
  private final Map<String, Entry> pipelines = new ConcurrentHashMap<>();
  private final Map<String, ModelStatistics> statistics = new ConcurrentHashMap<>();

  PipelineCatalog(Path root, StageModels models, StageRunner runner, InstantSource clock) {
    this.root = root;
    this.models = models;
    this.runner = runner;
    this.clock = clock;
  }

  /**
   * The pipelines of the repository the service serves from; each stage runs through the service.
   * Load them with {@link #loadAll} once the models are loaded.
   */
  public static PipelineCatalog of(ModelRepository repository, LocalCluster cluster, InferenceService service, InstantSource clock) {
    return new PipelineCatalog(repository.root(), new RepositoryStageModels(repository, cluster), service::infer, clock);
  }

  /** Reads and checks every pipeline named. */
  public void loadAll(List<String> names) {
    names.forEach(this::load);
  }

  /** (Re)reads and checks one pipeline; it is UNAVAILABLE with the reason when its config or its checks fail. */
  public void load(String name) {
    ModelStatistics stats = statistics.computeIfAbsent(name, n -> new ModelStatistics());
    Entry entry;
    try {
      Pipeline pipeline = new PipelineValidator(models).validate(name, loader.load(root.resolve(name)));
      entry = new Entry(view(pipeline, stats), Optional.of(pipeline));
      LOG.log(System.Logger.Level.INFO, "pipeline {0} READY ({1} stage(s))", name, pipeline.order().size());
    } catch (CortadoException e) {
      ModelConfig config = config(0, Optional.empty(), List.of(), List.of());
      entry = new Entry(new ModelVersion(name, VERSION, config, ModelState.UNAVAILABLE, Optional.of(e.getMessage()), Optional.empty(),
          new InstancePool(name, VERSION), 0, stats), Optional.empty());
      LOG.log(System.Logger.Level.WARNING, "pipeline {0} UNAVAILABLE: {1}", name, e.getMessage());
    }
    pipelines.put(name, entry);
  }

  @Override
  public Optional<ModelVersion> find(String name, Optional<String> version) {
    Entry entry = pipelines.get(name);
    if (entry == null) {
      return Optional.empty();
    }
    if (version.isPresent() && !version.get().equals(VERSION)) {
      throw CortadoException.notFound("model '%s' has no version '%s'; versions: [%s]", name, version.get(), VERSION);
    }
    return Optional.of(entry.view());
  }

  @Override
  public List<ModelVersion> index() {
    return pipelines.values().stream().map(Entry::view).sorted(java.util.Comparator.comparing(ModelVersion::name)).toList();
  }

  @Override
  public boolean partsReady(ModelVersion composed) {
    return pipeline(composed).flatMap(this::unready).isEmpty() && pipeline(composed).isPresent();
  }

  @Override
  public Map<String, String> properties(ModelVersion composed) {
    Map<String, String> out = new LinkedHashMap<>();
    pipeline(composed).ifPresent(p -> {
      out.put("slo_ms", Double.toString(p.spec().sloMs()));
      out.put("stages", p.order().stream().map(s -> s.name() + "=" + describe(s.kind())).collect(Collectors.joining(", ")));
      p.spec().description().ifPresent(d -> out.put("description", d));
    });
    return out;
  }

  @Override
  public CompletableFuture<InferenceResponse> infer(ModelVersion composed, InferenceRequest request, long batch) {
    Pipeline pipeline = pipeline(composed).orElseThrow(() -> CortadoException.unavailable("pipeline '%s' is not ready", composed.name()));
    Optional<String> unready = unready(pipeline);
    if (unready.isPresent()) {
      throw CortadoException.unavailable("pipeline '%s' %s", pipeline.name(), unready.get());
    }
    Instant arrival = clock.instant();
    Instant deadline = EndToEndDeadline.of(request.parameters(), pipeline.spec().sloMs(), arrival);
    return new PipelineRun(pipeline, request, batch, arrival, deadline, runner, clock).start();
  }

  private Optional<Pipeline> pipeline(ModelVersion composed) {
    Entry entry = pipelines.get(composed.name());
    return entry == null ? Optional.empty() : entry.pipeline();
  }

  /** The first stage that cannot serve now, and why; empty when every stage can. */
  private Optional<String> unready(Pipeline pipeline) {
    for (StageSpec stage : pipeline.order()) {
      switch (stage.kind()) {
        case StageSpec.Kind.Model m -> {
          Optional<ModelVersion> mv = models.model(m.model(), m.version());
          if (mv.isEmpty() || !mv.get().isReady()) {
            return Optional.of("stage '" + stage.name() + "': model '" + m.model() + "' is "
                + mv.map(v -> v.state() + v.reason().map(r -> ": " + r).orElse("")).orElse("not loaded"));
          }
        }
        case StageSpec.Kind.Task t -> {
          if (models.variants(t.task()).isEmpty()) {
            return Optional.of("stage '" + stage.name() + "': no model serves task '" + t.task() + "'");
          }
        }
        case StageSpec.Kind.Step s -> { }
      }
    }
    return Optional.empty();
  }

  private static String describe(StageSpec.Kind kind) {
    return switch (kind) {
      case StageSpec.Kind.Model m -> "model:" + m.model() + m.version().map(v -> "@" + v).orElse("");
      case StageSpec.Kind.Task t -> "task:" + t.task();
      case StageSpec.Kind.Step s -> "step:" + s.step().name();
    };
  }

  private static ModelVersion view(Pipeline p, ModelStatistics stats) {
    ModelConfig config = config(p.maxBatchSize(), p.spec().accuracy(), p.signature().inputs(), p.signature().outputs());
    return new ModelVersion(p.name(), VERSION, config, ModelState.READY, Optional.empty(), Optional.of(p.signature()),
        new InstancePool(p.name(), VERSION), 0, stats);
  }

  /** A pipeline's config as a model's: no task (it is no variant of one), no instances of its own. */
  private static ModelConfig config(int maxBatch, Optional<ModelConfig.Accuracy> accuracy, List<TensorSpec> inputs,
      List<TensorSpec> outputs) {
    return new ModelConfig(Optional.empty(), ModelConfig.PIPELINE_PLATFORM, maxBatch, accuracy, Optional.empty(), 0,
        InstanceSize.cpu(1), 1, inputs, outputs, ModelConfig.Batching.DEFAULTS);
  }

  /** A pipeline as it stands: its view as a model and, when it passed its checks, the pipeline. */
  private record Entry(ModelVersion view, Optional<Pipeline> pipeline) {}
}
