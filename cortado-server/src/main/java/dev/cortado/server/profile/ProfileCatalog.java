package dev.cortado.server.profile;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.ModelRuntime;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.core.profile.Profile;
import dev.cortado.runtime.onnx.ProfileListener;
import dev.cortado.runtime.onnx.ProfilePlan;
import dev.cortado.runtime.onnx.Profiler;
import dev.cortado.server.repository.ModelRepository;
import dev.cortado.server.repository.ModelVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The profiles a server plans with: for each READY model (its newest READY version), the profile at
 * its configured instance size, from the store when one was measured on this machine, else measured
 * now with the quick plan (on the calling thread) and written to the store.
 *
 * <p>A stored profile is trusted only when its {@link Profile#machine()} equals this machine's
 * description: the same core count, CPU model and engine version.
 */
public final class ProfileCatalog {
  private static final System.Logger LOG = System.getLogger(ProfileCatalog.class.getName());

  private final ProfileStore store;
  private final MachineDescription machine;
  private final ProfilePlan quickPlan;
  private final Function<ModelRuntime, Profiler> profilers;

  /**
   * @param quickPlan the plan for a missing profile; its thread counts are replaced by the
   *     configured size's
   * @param profilers makes the profiler for a runtime
   */
  public ProfileCatalog(
      ProfileStore store, MachineDescription machine, ProfilePlan quickPlan, Function<ModelRuntime, Profiler> profilers) {
    this.store = Objects.requireNonNull(store, "store");
    this.machine = Objects.requireNonNull(machine, "machine");
    this.quickPlan = Objects.requireNonNull(quickPlan, "quickPlan");
    this.profilers = Objects.requireNonNull(profilers, "profilers");
  }

  /** A catalog over {@code profilesDir} for this machine and runtime, profiling with the quick plan. */
  public static ProfileCatalog onThisMachine(Path profilesDir, ModelRuntime runtime) {
    MachineDescription machine = MachineDescription.of(runtime);
    return new ProfileCatalog(
        new ProfileStore(profilesDir), machine, ProfilePlan.quick(1),
        r -> Profiler.onThisMachine(r, machine.text()));
  }

  public ProfileStore store() {
    return store;
  }

  public MachineDescription machine() {
    return machine;
  }

  /**
   * The profile of every READY model at its configured instance size, keyed by model name,
   * measuring (and writing) those missing or taken on another machine. A model that cannot be
   * profiled is left out, with a warning.
   */
  public Map<String, Profile> ensureProfiles(ModelRepository repository, ModelRuntime runtime) {
    Map<String, Profile> out = new TreeMap<>();
    for (String name : repository.modelNames()) {
      Optional<ModelVersion> ready = repository.versions(name)
          .flatMap(versions -> versions.reversed().stream().filter(ModelVersion::isReady).findFirst());
      if (ready.isEmpty()) {
        continue;
      }
      ModelVersion mv = ready.get();
      VariantSpec spec = new VariantSpec(
          name, mv.version(), repository.root().resolve(name).resolve(mv.version()).resolve(ProfileTarget.MODEL_FILE));
      ensure(new ProfileTarget(spec, mv.config().maxBatchSize(), mv.config().instanceSize()), runtime)
          .ifPresent(p -> out.put(name, p));
    }
    return out;
  }

  /** The stored profile of one target if it was measured here, else a quick one, written. */
  public Optional<Profile> ensure(ProfileTarget target, ModelRuntime runtime) {
    VariantSpec v = target.variant();
    InstanceSize size = target.configuredSize();
    String why;
    try {
      Optional<Profile> stored = store.load(v.name(), v.version(), size);
      if (stored.isPresent() && stored.get().machine().equals(machine.text())) {
        return stored;
      }
      why = stored.isPresent()
          ? "its profile was measured on '" + stored.get().machine() + "', not on '" + machine.text() + "'"
          : "it has no profile in " + store.dir();
    } catch (CortadoException e) {
      LOG.log(System.Logger.Level.WARNING, "{0}; measuring it again", e.getMessage());
      why = "its profile is unreadable";
    }
    LOG.log(System.Logger.Level.INFO, "profiling {0} at {1} thread(s) (quick): {2}", v, size.threads(), why);
    try {
      ProfilePlan plan = quickPlan.withThreads(List.of(size.threads()));
      Profile profile = profilers.apply(runtime).profile(v, target.maxBatchSize(), size, plan, ProfileListener.NONE);
      Path file = store.write(profile);
      LOG.log(System.Logger.Level.INFO, "profiled {0}: {1}", v, file);
      return Optional.of(profile);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot profile {0}: {1}", v, e.getMessage());
      return Optional.empty();
    }
  }
}
