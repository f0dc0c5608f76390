package dev.cortado.server.repository;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.LoadedModel;
import dev.cortado.core.model.ModelRuntime;
import dev.cortado.core.model.ModelSignature;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.server.execution.CoreBudget;
import dev.cortado.server.execution.InstancePool;
import dev.cortado.server.execution.ModelInstance;
import dev.cortado.server.stats.ModelStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The model repository: a folder of {@code <model>/config.yaml} and {@code <model>/<version>/model.onnx},
 * in the layout Triton users know. Loads every model it finds; a model that fails to load is
 * UNAVAILABLE with its reason and the others still serve.
 *
 * <p>Guard: {@link #lifecycle} serialises load and unload; readers see each model's versions
 * through an immutable map swapped atomically.
 */
public final class ModelRepository implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ModelRepository.class.getName());
  static final String MODEL_FILE = "model.onnx";

  private final Path root;
  private final ModelRuntime runtime;
  private final CoreBudget budget;
  private final InstantSource clock;
  private final ModelConfigLoader configLoader = new ModelConfigLoader();
  private final ReentrantLock lifecycle = new ReentrantLock();
  private final Map<String, NavigableMap<Long, ModelVersion>> models = new ConcurrentHashMap<>();
  private final Map<String, ModelStatistics> statistics = new ConcurrentHashMap<>();

  /** A repository with the default core budget (two threads per core) on the system clock. */
  public ModelRepository(Path root, ModelRuntime runtime) {
    this(root, runtime, new CoreBudget(2 * Runtime.getRuntime().availableProcessors()), java.time.Clock.systemUTC());
  }

  /**
   * @param budget the cores instances may hold; a model whose configured instances do not fit
   *     loads with fewer (possibly none: it stays READY and cold, and starts one on demand)
   */
  public ModelRepository(Path root, ModelRuntime runtime, CoreBudget budget, InstantSource clock) {
    if (!Files.isDirectory(root)) {
      throw CortadoException.invalidArgument("model repository %s is not a directory", root);
    }
    this.root = root;
    this.runtime = runtime;
    this.budget = budget;
    this.clock = clock;
  }

  public ModelRuntime runtime() {
    return runtime;
  }

  public CoreBudget budget() {
    return budget;
  }

  public Path root() {
    return root;
  }

  /** Loads every model in the repository folder. */
  public void loadAll() {
    for (String name : modelNames()) {
      load(name);
    }
  }

  /** The models loaded (in any state), sorted; from memory, no I/O. */
  public List<String> loadedNames() {
    return models.keySet().stream().sorted().toList();
  }

  /** The model directories present on disk, sorted; pipelines ({@link #pipelineNames()}) are not models. */
  public List<String> modelNames() {
    return entries().filter(p -> !ModelConfigLoader.declaresPipeline(p)).map(p -> p.getFileName().toString()).toList();
  }

  /** The pipeline directories present on disk ({@code platform: pipeline}), sorted. */
  public List<String> pipelineNames() {
    return entries().filter(ModelConfigLoader::declaresPipeline).map(p -> p.getFileName().toString()).toList();
  }

  private Stream<Path> entries() {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model repository " + root, e);
    }
  }

  /**
   * (Re)loads one model from disk: reads its config, loads each version's instances. A model
   * already loaded is replaced once its new versions are ready.
   *
   * @throws CortadoException NOT_FOUND when the folder has no such model
   */
  public void load(String name) {
    Path dir = root.resolve(name).normalize();
    if (!dir.getParent().equals(root.normalize()) || !Files.isDirectory(dir)) {
      throw CortadoException.notFound("model '%s' is not in the repository (models: %s)", name, modelNames());
    }
    if (ModelConfigLoader.declaresPipeline(dir)) {
      throw CortadoException.invalidArgument("'%s' is a pipeline, not a model: its stages load as models", name);
    }
    lifecycle.lock();
    try {
      NavigableMap<Long, ModelVersion> previous = models.get(name);
      NavigableMap<Long, ModelVersion> loaded = loadVersions(name, dir);
      models.put(name, loaded);
      if (previous != null) {
        previous.values().forEach(ModelRepository::drain);
      }
    } finally {
      lifecycle.unlock();
    }
  }

  /** Unloads a model: stops taking requests, finishes those accepted, frees its sessions. */
  public void unload(String name) {
    lifecycle.lock();
    try {
      NavigableMap<Long, ModelVersion> current = models.get(name);
      if (current == null) {
        throw CortadoException.notFound("model '%s' is not loaded (models: %s)", name, modelNames());
      }
      NavigableMap<Long, ModelVersion> unloading = new TreeMap<>();
      current.forEach((v, mv) -> unloading.put(v, mv.unloading()));
      models.put(name, unloading);
      current.values().forEach(ModelRepository::drain);
      NavigableMap<Long, ModelVersion> unloaded = new TreeMap<>();
      current.forEach((v, mv) -> unloaded.put(v, ModelVersion.unavailable(name, mv.version(), mv.config(), "unloaded", mv.statistics())));
      models.put(name, unloaded);
    } finally {
      lifecycle.unlock();
    }
  }

  /** Every known version of every model, with its state. */
  public List<ModelVersion> index() {
    List<ModelVersion> out = new ArrayList<>();
    models.keySet().stream().sorted().forEach(name -> out.addAll(models.get(name).values()));
    return out;
  }

  /** All versions of a model, oldest first. */
  public Optional<List<ModelVersion>> versions(String name) {
    NavigableMap<Long, ModelVersion> versions = models.get(name);
    return versions == null ? Optional.empty() : Optional.of(List.copyOf(versions.values()));
  }

  /**
   * The version a request names, or the newest READY one (else the newest) when it names none.
   *
   * @throws CortadoException NOT_FOUND naming what exists
   */
  public ModelVersion find(String name, Optional<String> version) {
    NavigableMap<Long, ModelVersion> versions = models.get(name);
    if (versions == null || versions.isEmpty()) {
      throw CortadoException.notFound("model '%s' not found; models: %s", name, models.keySet().stream().sorted().toList());
    }
    if (version.isPresent()) {
      Long key = parseVersion(version.get());
      ModelVersion mv = key == null ? null : versions.get(key);
      if (mv == null) {
        throw CortadoException.notFound(
            "model '%s' has no version '%s'; versions: %s", name, version.get(), versions.values().stream().map(ModelVersion::version).toList());
      }
      return mv;
    }
    return versions.descendingMap().values().stream().filter(ModelVersion::isReady).findFirst()
        .orElse(versions.lastEntry().getValue());
  }

  private NavigableMap<Long, ModelVersion> loadVersions(String name, Path dir) {
    ModelStatistics stats = statistics.computeIfAbsent(name, n -> new ModelStatistics());
    NavigableMap<Long, ModelVersion> out = new TreeMap<>();
    List<Long> versionNumbers = versionNumbers(dir);
    ModelConfig config;
    try {
      config = configLoader.load(dir);
    } catch (CortadoException e) {
      long v = versionNumbers.isEmpty() ? 1 : versionNumbers.getLast();
      out.put(v, failed(name, String.valueOf(v), ModelConfig.defaults(), e.getMessage(), stats));
      return out;
    }
    if (versionNumbers.isEmpty()) {
      out.put(1L, failed(name, "1", config, "no version folder with a " + MODEL_FILE + " (expected " + name + "/1/" + MODEL_FILE + ")", stats));
      return out;
    }
    for (long v : versionNumbers) {
      String version = String.valueOf(v);
      out.put(v, loadVersion(name, version, dir.resolve(version), config, stats));
    }
    return out;
  }

  private ModelVersion loadVersion(String name, String version, Path versionDir, ModelConfig config, ModelStatistics stats) {
    ModelVersion loading = ModelVersion.loading(name, version, config, stats);
    VariantSpec spec = new VariantSpec(name, version, versionDir.resolve(MODEL_FILE));
    if (!Files.isRegularFile(spec.modelFile())) {
      return failed(name, version, config, "no " + MODEL_FILE + " in version folder " + version, stats);
    }
    InstancePool pool = new InstancePool(name, version);
    int threads = config.instanceSize().threads();
    // The first load reads the signature and times the cold start; it becomes the first instance
    // when the budget has room (and the config asks for any), else it is closed again.
    long t0 = System.nanoTime();
    LoadedModel probe;
    try {
      probe = runtime.load(spec, config.instanceSize());
    } catch (CortadoException e) {
      return failed(name, version, config, e.getMessage(), stats);
    }
    double loadMillis = (System.nanoTime() - t0) / 1e6;
    ModelSignature signature = probe.signature();
    Optional<String> problem = SignatureCheck.against(config, signature);
    if (problem.isPresent()) {
      probe.close();
      return failed(name, version, config, problem.get(), stats);
    }
    List<LoadedModel> loaded = new ArrayList<>();
    try {
      if (config.instanceCount() > 0 && budget.tryAcquire(threads)) {
        loaded.add(probe);
      } else {
        probe.close();
      }
      while (loaded.size() > 0 && loaded.size() < config.instanceCount() && budget.tryAcquire(threads)) {
        try {
          loaded.add(runtime.load(spec, config.instanceSize()));
        } catch (CortadoException e) {
          budget.release(threads);
          throw e;
        }
      }
    } catch (CortadoException e) {
      loaded.forEach(m -> {
        m.close();
        budget.release(threads);
      });
      return failed(name, version, config, e.getMessage(), stats);
    }
    for (LoadedModel m : loaded) {
      pool.add(new ModelInstance(m, pool.nextIndex(), config.maxQueueSize(), clock.instant(), () -> budget.release(threads)));
    }
    if (loaded.size() < config.instanceCount()) {
      LOG.log(System.Logger.Level.WARNING, "model {0} version {1}: {2} of {3} instance(s) fit the core budget ({4} of {5} cores in use)",
          name, version, loaded.size(), config.instanceCount(), budget.used(), budget.total());
    }
    LOG.log(System.Logger.Level.INFO, "model {0} version {1} READY ({2} instance(s), load {3} ms)", name, version, loaded.size(),
        Math.round(loadMillis));
    return loading.ready(SignatureCheck.effective(config, signature), pool, loadMillis);
  }

  private static ModelVersion failed(String name, String version, ModelConfig config, String reason, ModelStatistics stats) {
    LOG.log(System.Logger.Level.WARNING, "model {0} version {1} UNAVAILABLE: {2}", name, version, reason);
    return ModelVersion.unavailable(name, version, config, reason, stats);
  }

  private static List<Long> versionNumbers(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory)
          .map(p -> parseVersion(p.getFileName().toString()))
          .filter(v -> v != null)
          .sorted(Comparator.naturalOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static Long parseVersion(String s) {
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Long.parseLong(s);
  }

  private static void drain(ModelVersion mv) {
    mv.pool().drainAll().forEach(ModelInstance::drainAndClose);
  }

  @Override
  public void close() {
    lifecycle.lock();
    try {
      models.values().forEach(versions -> versions.values().forEach(ModelRepository::drain));
      models.clear();
    } finally {
      lifecycle.unlock();
    }
  }
}
