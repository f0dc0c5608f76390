package dev.cortado.server.routing;

import dev.cortado.core.profile.Profile;
import dev.cortado.server.repository.ModelVersion;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The profile of each model version at its configured instance size, as the server knows them. Thread-safe. */
public final class ProfileBook {
  private final Map<String, Profile> byVersion = new ConcurrentHashMap<>();

  public void put(Profile profile) {
    byVersion.put(key(profile.variant(), profile.version(), profile.size().threads()), profile);
  }

  public Optional<Profile> of(ModelVersion mv) {
    return Optional.ofNullable(byVersion.get(key(mv.name(), mv.version(), mv.config().instanceSize().threads())));
  }

  public Optional<Profile> of(String variant, String version, int threads) {
    return Optional.ofNullable(byVersion.get(key(variant, version, threads)));
  }

  private static String key(String variant, String version, int threads) {
    return variant + ":" + version + "@" + threads;
  }
}
