package dev.cortado.server.control;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.Device;
import dev.cortado.core.profile.Profile;
import dev.cortado.server.profile.ProfileStore;
import dev.cortado.server.repository.ModelVersion;
import dev.cortado.server.routing.ProfileBook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The profiles the autoscaler may plan a variant with: the one the server planned with at its
 * configured size (from the {@link ProfileBook}), then every other CPU size stored for the same
 * version and measured on this machine, within the core budget, one per thread count.
 */
public final class KnownProfiles {
  private static final System.Logger LOG = System.getLogger(KnownProfiles.class.getName());

  private final ProfileBook book;
  private final ProfileStore store;
  private final String machine;

  /**
   * @param machine the description a stored profile must carry to be trusted ({@link Profile#machine()})
   */
  public KnownProfiles(ProfileBook book, ProfileStore store, String machine) {
    this.book = Objects.requireNonNull(book, "book");
    this.store = Objects.requireNonNull(store, "store");
    this.machine = Objects.requireNonNull(machine, "machine");
  }

  /**
   * Per model name, the profiles of each serving version's sizes that fit in {@code coreBudget}, the
   * configured size's first; a model with none known is left out.
   */
  public Map<String, List<Profile>> of(List<ModelVersion> serving, int coreBudget) {
    List<Profile> stored = stored();
    Map<String, List<Profile>> byModel = new LinkedHashMap<>();
    for (ModelVersion mv : serving) {
      List<Profile> out = new ArrayList<>();
      book.of(mv).filter(p -> p.size().threads() <= coreBudget).ifPresent(out::add);
      for (Profile p : stored) {
        boolean sameVersion = p.variant().equals(mv.name()) && p.version().equals(mv.version());
        boolean usable = p.machine().equals(machine) && p.size().device() == Device.CPU && p.size().threads() <= coreBudget;
        boolean newSize = out.stream().noneMatch(o -> o.size().threads() == p.size().threads());
        if (sameVersion && usable && newSize) {
          out.add(p);
        }
      }
      if (!out.isEmpty()) {
        byModel.put(mv.name(), List.copyOf(out));
      }
    }
    return byModel;
  }

  private List<Profile> stored() {
    try {
      return store.loadAll();
    } catch (CortadoException | java.io.UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, "autoscaler: cannot read the profiles in {0} ({1}); planning with the configured sizes only",
          store.dir(), e.getMessage());
      return List.of();
    }
  }
}
