package dev.cortado.server.repository;

import dev.cortado.core.error.CortadoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every problem found in one configuration file, collected so that they are reported together
 * (fixing one typo at a time, restart after restart, is what this saves the operator).
 */
public final class ConfigErrors {
  private final String file;
  private final List<String> messages = new ArrayList<>();

  /** @param file the file's name, which every report starts with */
  public ConfigErrors(String file) {
    this.file = file;
  }

  /** Adds one problem, formatted as {@link String#format} does (root locale). */
  public void add(String format, Object... args) {
    messages.add(String.format(Locale.ROOT, format, args));
  }

  /** @throws CortadoException INVALID_ARGUMENT naming the file and every problem, when there is any */
  public void throwIfAny() {
    if (!messages.isEmpty()) {
      throw CortadoException.invalidArgument("%s: %s", file, String.join("; ", messages));
    }
  }
}
