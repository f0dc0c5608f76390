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
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
   * @param quickPlan the plan for a missing profile (its thread counts are not used: each target
   *     is measured at its configured size)
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
   * measuring (in one call, so that the memory pass is clean) and writing those missing or taken on
   * another machine. A model that cannot be profiled is left out, with a warning.
   */
  public Map<String, Profile> ensureProfiles(ModelRepository repository, ModelRuntime runtime) {
    List<ProfileTarget> targets = new ArrayList<>();
    for (String name : repository.modelNames()) {
      Optional<ModelVersion> ready = repository.versions(name)
          .flatMap(versions -> versions.reversed().stream().filter(ModelVersion::isReady).findFirst());
      if (ready.isPresent()) {
        ModelVersion mv = ready.get();
        VariantSpec spec = new VariantSpec(
            name, mv.version(), repository.root().resolve(name).resolve(mv.version()).resolve(ProfileTarget.MODEL_FILE));
        targets.add(new ProfileTarget(spec, mv.config().maxBatchSize(), mv.config().instanceSize()));
      }
    }
    Map<String, Profile> out = new TreeMap<>();
    ensure(targets, runtime).forEach(p -> out.put(p.variant(), p));
    return out;
  }

  /**
   * The stored profile of each target where it was measured here, else a quick one, written; in
   * the targets' order, without those that cannot be profiled.
   */
  public List<Profile> ensure(List<ProfileTarget> targets, ModelRuntime runtime) {
    Map<ProfileTarget, Optional<Profile>> found = new LinkedHashMap<>();
    List<ProfileTarget> missing = new ArrayList<>();
    for (ProfileTarget target : targets) {
      Optional<Profile> stored = stored(target);
      found.put(target, stored);
      if (stored.isEmpty()) {
        missing.add(target);
      }
    }
    if (!missing.isEmpty()) {
      // One call for all, so that no memory pass reuses what an earlier one freed; should it fail,
      // one at a time, so that one bad model costs only its own profile.
      Profiler profiler = profilers.apply(runtime);
      try {
        List<Profiler.Subject> subjects = missing.stream()
            .map(t -> new Profiler.Subject(t.variant(), t.maxBatchSize(), List.of(t.configuredSize())))
            .toList();
        List<Profile> measured = profiler.profile(subjects, quickPlan, ProfileListener.NONE);
        for (int i = 0; i < missing.size(); i++) {
          found.put(missing.get(i), Optional.of(written(measured.get(i))));
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "profiling {0} variant(s) together failed ({1}); profiling one at a time",
            missing.size(), e.getMessage());
        for (ProfileTarget target : missing) {
          found.put(target, measureAlone(profiler, target));
        }
      }
    }
    return found.values().stream().flatMap(Optional::stream).toList();
  }

  private Optional<Profile> stored(ProfileTarget target) {
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
    return Optional.empty();
  }

  private Optional<Profile> measureAlone(Profiler profiler, ProfileTarget target) {
    try {
      return Optional.of(written(profiler.profile(
          target.variant(), target.maxBatchSize(), target.configuredSize(), quickPlan, ProfileListener.NONE)));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot profile {0}: {1}", target.variant(), e.getMessage());
      return Optional.empty();
    }
  }

  private Profile written(Profile profile) {
    Path file = store.write(profile);
    LOG.log(System.Logger.Level.INFO, "profiled {0}:{1}: {2}", profile.variant(), profile.version(), file);
    return profile;
  }
}
