package dev.cortado.runtime.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The resident set size (RSS) of this process: what the {@link Profiler} differences across loading
 * an instance to measure its memory. ONNX Runtime's Java API reports no memory of its own, so the
 * operating system's count is the measure.
 */
@FunctionalInterface
public interface ResidentMemory {

  /** Resident bytes now, or empty where this platform does not say. */
  OptionalLong residentBytes();

  /** Reads {@code VmRSS} from {@code /proc/self/status} (Linux); empty elsewhere. */
  static ResidentMemory ofThisProcess() {
    return procStatus(Path.of("/proc/self/status"));
  }

  /** Reads {@code VmRSS: <n> kB} from a file in the format of Linux's {@code /proc/<pid>/status}. */
  static ResidentMemory procStatus(Path statusFile) {
    return () -> {
      try {
        for (String line : Files.readAllLines(statusFile)) {
          if (line.startsWith("VmRSS:")) {
            String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
            return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
          }
        }
        return OptionalLong.empty();
      } catch (IOException | RuntimeException e) {
        return OptionalLong.empty();
      }
    };
  }
}
