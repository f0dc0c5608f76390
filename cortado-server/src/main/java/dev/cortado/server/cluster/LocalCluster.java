package dev.cortado.server.cluster;

import dev.cortado.core.cluster.Cluster;
import dev.cortado.core.cluster.ClusterStatus;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.InstanceStatus;
import dev.cortado.core.cluster.ScalingAction;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.LoadedModel;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.server.execution.CoreBudget;
import dev.cortado.server.execution.InstancePool;
import dev.cortado.server.execution.ModelInstance;
import dev.cortado.server.repository.ModelRepository;
import dev.cortado.server.repository.ModelVersion;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@link Cluster} of this process: instances are ONNX Runtime sessions here, each with its own
 * run thread, and the sum of their intra-op threads stays within the core budget. Starts load on
 * virtual threads; stops finish accepted work first; a resize starts the new size before it stops
 * the old, so no request in flight is dropped.
 */
public final class LocalCluster implements Cluster, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LocalCluster.class.getName());
  /** In the id {@link #status()} gives an instance still starting: {@code <model>:<version>#starting-<k>}. */
  static final String STARTING_MARK = "#starting-";

  private final ModelRepository repository;
  private final CoreBudget budget;
  private final InstantSource clock;
  private final ExecutorService loaders = Executors.newVirtualThreadPerTaskExecutor();

  public LocalCluster(ModelRepository repository, InstantSource clock) {
    this.repository = repository;
    this.budget = repository.budget();
    this.clock = clock;
  }

  @Override
  public ClusterStatus status() {
    List<InstanceStatus> out = new ArrayList<>();
    for (ModelVersion mv : servingVersions()) {
      InstancePool pool = mv.pool();
      for (ModelInstance i : pool.ready()) {
        out.add(new InstanceStatus(i.id(), mv.name(), i.model().size(), InstanceState.READY, i.outstanding(), i.since()));
      }
      for (int s = 0; s < pool.startingCount(); s++) {
        out.add(new InstanceStatus(mv.name() + ":" + mv.version() + STARTING_MARK + s, mv.name(), mv.config().instanceSize(),
            InstanceState.STARTING, 0, clock.instant()));
      }
    }
    return new ClusterStatus(out, budget.total());
  }

  /** The version of each model that takes requests (the newest READY one). */
  public List<ModelVersion> servingVersions() {
    List<ModelVersion> out = new ArrayList<>();
    for (String name : repository.loadedNames()) {
      try {
        ModelVersion mv = repository.find(name, Optional.empty());
        if (mv.isReady()) {
          out.add(mv);
        }
      } catch (CortadoException e) {
        // not loaded (yet)
      }
    }
    return out;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A stop or resize of an instance still starting is skipped (it has no session to stop yet):
   * the control loop's next tick sees it ready and asks again.
   */
  @Override
  public void apply(List<ScalingAction> actions) {
    for (ScalingAction action : actions) {
      switch (action) {
        case ScalingAction.Start s -> start(repository.find(s.variant(), Optional.empty()), s.size());
        case ScalingAction.Stop s -> {
          if (!skippedWhileStarting(s.instanceId(), "stop")) {
            stop(find(s.instanceId()), s.reason());
          }
        }
        case ScalingAction.Resize r -> {
          if (!skippedWhileStarting(r.instanceId(), "resize")) {
            resize(find(r.instanceId()), r.size());
          }
        }
      }
    }
  }

  /** Whether the id names an instance still starting, logged when it does. */
  private static boolean skippedWhileStarting(String instanceId, String action) {
    if (!isStarting(instanceId)) {
      return false;
    }
    LOG.log(System.Logger.Level.DEBUG, "not asking {0} to {1}: it is still starting", instanceId, action);
    return true;
  }

  /** Whether an id from {@link #status()} names an instance still in its cold start. */
  public static boolean isStarting(String instanceId) {
    return instanceId.contains(STARTING_MARK);
  }

  /**
   * Starts one instance of a READY model version at a size; the future completes when it takes
   * requests.
   *
   * @throws CortadoException RESOURCE_EXHAUSTED when the core budget has no room
   */
  public CompletableFuture<ModelInstance> start(ModelVersion mv, InstanceSize size) {
    mv.requireReady();
    List<ModelInstance> evicted = List.of();
    if (!budget.tryAcquire(size.threads())) {
      evicted = evictIdle(mv.name(), size.threads() - budget.free());
      if (evicted.isEmpty()) {
        throw CortadoException.resourceExhausted(
            "cannot start model '%s': it needs %d core(s), %d of the %d-core budget are free and no idle instance can make room",
            mv.name(), size.threads(), budget.free(), budget.total());
      }
    }
    boolean acquired = evicted.isEmpty();
    List<ModelInstance> toClose = evicted;
    InstancePool pool = mv.pool();
    pool.markStarting();
    CompletableFuture<ModelInstance> started = new CompletableFuture<>();
    loaders.execute(() -> {
      try {
        if (!acquired) {
          toClose.forEach(ModelInstance::drainAndClose);
          if (!budget.tryAcquire(size.threads())) {
            throw CortadoException.resourceExhausted(
                "cannot start model '%s': the cores freed for it were taken by another start", mv.name());
          }
        }
        LoadedModel model = repository.runtime().load(new VariantSpec(mv.name(), mv.version(),
            repository.root().resolve(mv.name()).resolve(mv.version()).resolve("model.onnx")), size);
        ModelInstance instance = new ModelInstance(model, pool.nextIndex(), mv.config().maxQueueSize(), clock.instant(),
            () -> budget.release(size.threads()));
        pool.started(instance);
        LOG.log(System.Logger.Level.INFO, "started {0} ({1} thread(s))", instance.id(), size.threads());
        started.complete(instance);
      } catch (RuntimeException e) {
        budget.release(size.threads());
        CortadoException ce = CortadoException.of(e);
        pool.startFailed(ce);
        started.completeExceptionally(ce);
      }
    });
    return started;
  }

  /**
   * Takes idle instances (no outstanding work) of other models out of rotation, least recently
   * used first, until they hold at least {@code cores}; none when that many cannot be found.
   */
  private List<ModelInstance> evictIdle(String forModel, int cores) {
    record Candidate(ModelVersion version, ModelInstance instance) {}
    List<Candidate> idle = new ArrayList<>();
    for (ModelVersion mv : servingVersions()) {
      if (!mv.name().equals(forModel)) {
        mv.pool().ready().stream().filter(i -> i.outstanding() == 0).forEach(i -> idle.add(new Candidate(mv, i)));
      }
    }
    idle.sort(java.util.Comparator.comparingLong(c -> c.instance().lastUsedNanos()));
    List<Candidate> chosen = new ArrayList<>();
    int freed = 0;
    for (Candidate c : idle) {
      if (freed >= cores) {
        break;
      }
      chosen.add(c);
      freed += c.instance().model().size().threads();
    }
    if (freed < cores) {
      return List.of();
    }
    List<ModelInstance> out = new ArrayList<>();
    for (Candidate c : chosen) {
      if (c.version().pool().remove(c.instance())) {
        LOG.log(System.Logger.Level.INFO, "evicting idle {0} to make room for {1}", c.instance().id(), forModel);
        out.add(c.instance());
      }
    }
    return out;
  }

  /** Takes an instance out of rotation, then finishes its accepted work and frees it. */
  public void stop(ModelInstance instance, String reason) {
    for (ModelVersion mv : servingVersions()) {
      if (mv.pool().remove(instance)) {
        LOG.log(System.Logger.Level.INFO, "stopping {0}: {1}", instance.id(), reason);
        loaders.execute(instance::drainAndClose);
        return;
      }
    }
    throw CortadoException.notFound("instance '%s' is not running", instance.id());
  }

  private void resize(ModelInstance instance, InstanceSize size) {
    ModelVersion mv = repository.find(instance.model().variant().name(), Optional.of(instance.model().variant().version()));
    start(mv, size).thenRun(() -> stop(instance, "resized to " + size.threads() + " thread(s)"));
  }

  private ModelInstance find(String id) {
    for (ModelVersion mv : servingVersions()) {
      for (ModelInstance i : mv.pool().ready()) {
        if (i.id().equals(id)) {
          return i;
        }
      }
    }
    throw CortadoException.notFound("instance '%s' is not running", id);
  }

  @Override
  public void close() {
    loaders.close();
  }
}
