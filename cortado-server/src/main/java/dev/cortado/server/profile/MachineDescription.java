package dev.cortado.server.profile;

import dev.cortado.core.model.ModelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The machine a profile was measured on, as the facts that change latency: the cores this process
 * may use, the CPU model and the inference engine with its version. Profiles measured under another
 * description are not trusted (see {@link ProfileCatalog}). Its text is {@link dev.cortado.core.profile.Profile#machine()}.
 *
 * @param cores the cores this process may use
 * @param cpuModel the CPU's model name
 * @param runtime the engine and its version ({@link ModelRuntime#description()})
 */
public record MachineDescription(int cores, String cpuModel, String runtime) {
  static final String UNKNOWN_CPU = "unknown CPU";

  public MachineDescription {
    Objects.requireNonNull(cpuModel, "cpuModel");
    Objects.requireNonNull(runtime, "runtime");
    if (cores < 1) {
      throw new IllegalArgumentException("cores = " + cores + ", must be at least 1");
    }
  }

  /** This process's machine: the JVM's available processors and {@code /proc/cpuinfo}. */
  public static MachineDescription of(ModelRuntime runtime) {
    return new MachineDescription(
        Runtime.getRuntime().availableProcessors(), cpuModel(Path.of("/proc/cpuinfo")), runtime.description());
  }

  /**
   * The CPU's model from a file in the format of Linux's {@code /proc/cpuinfo} ({@code model name},
   * else {@code Model} or {@code Hardware} on ARM), or "unknown CPU".
   */
  public static String cpuModel(Path cpuinfo) {
    List<String> lines;
    try {
      lines = Files.readAllLines(cpuinfo);
    } catch (IOException | RuntimeException e) {
      return UNKNOWN_CPU;
    }
    for (String key : List.of("model name", "Model", "Hardware")) {
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
          String value = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
          if (!value.isEmpty()) {
            return value;
          }
        }
      }
    }
    return UNKNOWN_CPU;
  }

  /** "2 cores, AMD EPYC, onnxruntime 1.28.0". */
  public String text() {
    return cores + (cores == 1 ? " core, " : " cores, ") + cpuModel + ", " + runtime;
  }

  @Override
  public String toString() {
    return text();
  }
}
