package dev.cortado.cli;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.Profile;
import dev.cortado.runtime.onnx.OnnxModelRuntime;
import dev.cortado.runtime.onnx.ProfileListener;
import dev.cortado.runtime.onnx.ProfilePlan;
import dev.cortado.runtime.onnx.Profiler;
import dev.cortado.server.profile.MachineDescription;
import dev.cortado.server.profile.ProfileStore;
import dev.cortado.server.profile.ProfileTarget;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cortado profile}: measures every variant of a repository on this machine. */
@Command(name = "profile", mixinStandardHelpOptions = true,
    description = {
        "Measure every model version of a repository on this machine: latency per batch size (1, 2, 4, ... up to its"
            + " max batch) for each intra-op thread count, the cold start and the memory per instance.",
        "Writes one JSON profile per version and thread count to <out>/<model>/<version>/threads-<k>.json."})
final class ProfileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--repository", required = true, description = "Model repository folder (<model>/config.yaml, <model>/<version>/model.onnx).")
  Path repository;

  @Option(names = "--out", description = "Where to write profiles (default: 'profiles' beside the repository folder).")
  Path out;

  @Option(names = "--threads", split = ",", paramLabel = "K", description = "Intra-op thread counts (default: 1 .. cores).")
  List<Integer> threads;

  @Option(names = "--max-batch", paramLabel = "N", description = "Measure batch sizes up to N at most (default: each model's max-batch-size).")
  Integer maxBatch;

  @Option(names = "--models", split = ",", paramLabel = "NAME", description = "Only these models (default: all).")
  List<String> models;

  @Option(names = "--quick", description = "Fewer samples per point and one cold start (what a server does at start).")
  boolean quick;

  @Override
  public Integer call() {
    if (!Files.isDirectory(repository)) {
      throw new ParameterException(spec.commandLine(), "--repository " + repository + " is not a directory");
    }
    Path root = repository.toAbsolutePath().normalize();
    Path outDir = out != null ? out : root.resolveSibling("profiles");
    int cores = Runtime.getRuntime().availableProcessors();
    ProfilePlan plan = plan(cores);
    List<ProfileTarget> targets = targets(root);
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    try (OnnxModelRuntime runtime = OnnxModelRuntime.create()) {
      MachineDescription machine = MachineDescription.of(runtime);
      ProfileStore store = new ProfileStore(outDir);
      Profiler profiler = Profiler.onThisMachine(runtime, machine.text());
      stdout.println("Profiling " + targets.size() + " model version(s) on " + machine.text() + " (threads " + plan.threads()
          + (quick ? ", quick" : "") + ") into " + outDir);
      stdout.flush();
      long steps = targets.stream().mapToLong(t -> plan.steps(t.maxBatchSize())).sum();
      List<Profiler.Subject> subjects = targets.stream()
          .map(t -> Profiler.Subject.atThreadsOf(plan, t.variant(), t.maxBatchSize()))
          .toList();
      List<Profile> profiles;
      try (ProfileProgress progress = ProfileProgress.forThisProcess(steps, err)) {
        profiles = profiler.profile(subjects, plan, new ProfileListener() {
          @Override
          public void instanceMeasured(VariantSpec variant, InstanceSize size, double coldStartMs, long memoryBytes) {
            progress.instanceMeasured(variant, size, coldStartMs, memoryBytes);
          }

          @Override
          public void pointMeasured(VariantSpec variant, InstanceSize size, BatchLatency latency) {
            progress.pointMeasured(variant, size, latency);
          }

          @Override
          public void profiled(Profile profile) {
            store.write(profile);
          }
        });
      }
      printSummary(stdout, profiles);
      stdout.println("Wrote " + profiles.size() + " profile(s) to " + outDir);
      stdout.flush();
    }
    return 0;
  }

  private ProfilePlan plan(int cores) {
    ProfilePlan plan = quick ? ProfilePlan.quick(1).withThreads(ProfilePlan.threadCounts(cores)) : ProfilePlan.full(cores);
    if (threads != null) {
      if (threads.isEmpty() || threads.stream().anyMatch(t -> t == null || t < 1)) {
        throw new ParameterException(spec.commandLine(), "--threads " + threads + ": each count must be at least 1");
      }
      plan = plan.withThreads(threads.stream().distinct().sorted().toList());
    }
    if (maxBatch != null) {
      if (maxBatch < 1) {
        throw new ParameterException(spec.commandLine(), "--max-batch " + maxBatch + ": must be at least 1");
      }
      plan = plan.withBatchLimit(maxBatch);
    }
    return plan;
  }

  private List<ProfileTarget> targets(Path root) {
    ProfileTarget.Scan scan = ProfileTarget.scan(root);
    for (String skipped : scan.skipped()) {
      spec.commandLine().getErr().println("cortado profile: skipping " + skipped);
    }
    List<ProfileTarget> targets = scan.targets();
    if (models != null) {
      List<String> known = targets.stream().map(t -> t.variant().name()).distinct().toList();
      List<String> unknown = models.stream().filter(m -> !known.contains(m)).toList();
      if (!unknown.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--models: no model " + unknown + " in " + root + " (models: " + known + ")");
      }
      targets = targets.stream().filter(t -> models.contains(t.variant().name())).toList();
    }
    if (targets.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "no model version with a model.onnx in " + root);
    }
    return targets;
  }

  static void printSummary(PrintWriter out, List<Profile> profiles) {
    String format = "%-22s %7s %11s %17s %25s %11s %10s%n";
    out.println();
    out.printf(Locale.ROOT, format, "variant", "threads", "p50 b=1", "p50 at max b", "throughput at best b", "cold start", "memory");
    List<String> notes = new ArrayList<>();
    for (Profile p : profiles) {
      BatchLatency first = p.batches().getFirst();
      BatchLatency last = p.batches().getLast();
      BatchLatency best = p.batches().stream().max(Comparator.comparingDouble(BatchLatency::throughputPerSecond)).orElseThrow();
      out.printf(Locale.ROOT, format,
          p.variant() + ":" + p.version(),
          p.size().threads(),
          ms(first.p50Ms()),
          ms(last.p50Ms()) + " (" + last.batchSize() + ")",
          String.format(Locale.ROOT, "%,.0f/s (b=%d)", best.throughputPerSecond(), best.batchSize()),
          String.format(Locale.ROOT, "%.1f ms", p.coldStartMs()),
          bytes(p.memoryBytes()));
      ProfileStore.notes(p).forEach(n -> notes.add(p.variant() + ":" + p.version() + " threads=" + p.size().threads() + ": " + n));
    }
    if (!notes.isEmpty()) {
      out.println();
      notes.forEach(n -> out.println("note: " + n));
    }
    out.println();
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.3f ms", millis);
  }

  static String bytes(long bytes) {
    if (bytes >= 1 << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }
    return String.format(Locale.ROOT, "%d KiB", bytes >> 10);
  }
}
