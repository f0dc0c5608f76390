package dev.cortado.server.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.Device;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Profiles as JSON files, one per variant, version and instance size, at
 * {@code <dir>/<variant>/<version>/threads-<k>.json} (CPU) or {@code threads-<k>-<device>.json}.
 * Every field of {@link Profile} is written, raw samples included; {@code note} and the derived
 * numbers ({@code relativeRmse}, {@code throughputPerSecond}) are written for readers and ignored
 * on read. Writes replace a file atomically where the file system allows.
 */
public final class ProfileStore {
  /** The version of the file format, written as {@code format}. */
  public static final int FORMAT = 1;
  /** Above this ratio of the fit's RMSE to the mean median, a profile says its line fits poorly. */
  public static final double POOR_FIT_RATIO = 0.10;

  private final Path dir;
  private final ObjectMapper mapper = new ObjectMapper();
  private final ObjectWriter writer;

  public ProfileStore(Path dir) {
    this.dir = dir;
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance);
    this.writer = mapper.writer(printer);
  }

  public Path dir() {
    return dir;
  }

  /** Where the profile of this variant, version and instance size lives. */
  public Path pathOf(String variant, String version, InstanceSize size) {
    String name = "threads-" + size.threads()
        + (size.device() == Device.CPU ? "" : "-" + size.device().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    return dir.resolve(variant).resolve(version).resolve(name + ".json");
  }

  /**
   * The stored profile, if there is one.
   *
   * @throws CortadoException INVALID_ARGUMENT naming the file when it is not a valid profile
   */
  public Optional<Profile> load(String variant, String version, InstanceSize size) {
    Path file = pathOf(variant, version, size);
    return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
  }

  /**
   * Every profile under the folder (none when it does not exist), sorted by path.
   *
   * @throws CortadoException INVALID_ARGUMENT naming the first file that is not a valid profile
   */
  public List<Profile> loadAll() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir, 3)) {
      return files.filter(p -> p.getFileName().toString().matches("threads-.*\\.json") && Files.isRegularFile(p))
          .sorted()
          .map(this::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list profiles in " + dir, e);
    }
  }

  /** Writes (replaces) the profile's file, creating folders as needed, and returns its path. */
  public Path write(Profile profile) {
    Path file = pathOf(profile.variant(), profile.version(), profile.size());
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId() + ".tmp");
      try {
        Files.writeString(temp, toJson(profile) + "\n");
        try {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write profile " + file, e);
    }
  }

  /**
   * What a reader should know about a profile that its numbers do not say at a glance: a linear fit
   * whose RMSE is above {@link #POOR_FIT_RATIO} of the mean median, a memory that was not measured.
   */
  public static List<String> notes(Profile profile) {
    List<String> notes = new ArrayList<>();
    double ratio = relativeRmse(profile);
    if (ratio > POOR_FIT_RATIO) {
      notes.add(String.format(Locale.ROOT,
          "the linear fit is poor (RMSE %.3f ms = %.0f%% of the mean median): latencyMs interpolates the measured"
              + " batch sizes and uses the line only past batch %d",
          profile.model().rmseMs(), ratio * 100, profile.maxBatchSize()));
    }
    if (profile.memoryBytes() == 0) {
      notes.add("memory per instance was not measured (no resident set size on this platform) or did not grow");
    }
    return notes;
  }

  /** The fit's RMSE over the mean of the measured medians. */
  public static double relativeRmse(Profile profile) {
    double mean = profile.batches().stream().mapToDouble(BatchLatency::p50Ms).average().orElse(0);
    return mean > 0 ? profile.model().rmseMs() / mean : 0;
  }

  String toJson(Profile p) {
    ObjectNode root = mapper.createObjectNode();
    root.put("format", FORMAT);
    root.put("variant", p.variant());
    root.put("version", p.version());
    ObjectNode size = root.putObject("size");
    size.put("threads", p.size().threads());
    size.put("device", p.size().device().name());
    root.put("measuredAt", p.measuredAt().toString());
    root.put("machine", p.machine());
    root.put("coldStartMs", p.coldStartMs());
    root.put("memoryBytes", p.memoryBytes());
    ObjectNode model = root.putObject("model");
    model.put("form", "linear");
    model.put("interceptMs", p.model().interceptMs());
    model.put("slopeMs", p.model().slopeMs());
    model.put("rmseMs", p.model().rmseMs());
    model.put("relativeRmse", Math.round(relativeRmse(p) * 1e4) / 1e4);
    List<String> notes = notes(p);
    if (!notes.isEmpty()) {
      root.put("note", String.join("; ", notes));
    }
    ArrayNode batches = root.putArray("batches");
    for (BatchLatency b : p.batches()) {
      ObjectNode node = batches.addObject();
      node.put("batchSize", b.batchSize());
      node.put("p50Ms", b.p50Ms());
      node.put("p95Ms", b.p95Ms());
      node.put("p99Ms", b.p99Ms());
      node.put("meanMs", b.meanMs());
      node.put("throughputPerSecond", Math.round(b.throughputPerSecond() * 10) / 10.0);
      ArrayNode samples = node.putArray("samplesMs");
      b.samplesMs().forEach(samples::add);
    }
    try {
      return writer.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  Profile read(Path file) {
    JsonNode root;
    try {
      root = mapper.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw CortadoException.invalidArgument("profile %s is not valid JSON: %s", file, e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read profile " + file, e);
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw CortadoException.invalidArgument("profile %s is not a valid profile: %s", file, e.getMessage());
    }
  }

  static Profile parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the top level must be an object");
    }
    int format = integer(root, "format");
    if (format != FORMAT) {
      throw new IllegalArgumentException("format = " + format + ", this Cortado reads format " + FORMAT);
    }
    JsonNode size = object(root, "size");
    String device = text(size, "device");
    InstanceSize instance = new InstanceSize(integer(size, "threads"), switch (device) {
      case "CPU" -> Device.CPU;
      case "CUDA" -> Device.CUDA;
      case "CUDA_IF_AVAILABLE" -> Device.CUDA_IF_AVAILABLE;
      default -> throw new IllegalArgumentException("size.device = '" + device + "', must be CPU, CUDA or CUDA_IF_AVAILABLE");
    });
    JsonNode model = object(root, "model");
    String form = text(model, "form");
    if (!form.equals("linear")) {
      throw new IllegalArgumentException("model.form = '" + form + "', must be 'linear'");
    }
    LatencyModel latencyModel = new LatencyModel(number(model, "interceptMs"), number(model, "slopeMs"), number(model, "rmseMs"));
    JsonNode batchesNode = root.get("batches");
    if (batchesNode == null || !batchesNode.isArray()) {
      throw new IllegalArgumentException("'batches' must be an array");
    }
    List<BatchLatency> batches = new ArrayList<>();
    for (JsonNode b : batchesNode) {
      JsonNode samplesNode = b.get("samplesMs");
      if (samplesNode == null || !samplesNode.isArray()) {
        throw new IllegalArgumentException("'batches[" + batches.size() + "].samplesMs' must be an array of numbers");
      }
      List<Double> samples = new ArrayList<>();
      for (JsonNode s : samplesNode) {
        if (!s.isNumber()) {
          throw new IllegalArgumentException("'batches[" + batches.size() + "].samplesMs' holds " + s + ", not a number");
        }
        samples.add(s.doubleValue());
      }
      batches.add(new BatchLatency(
          integer(b, "batchSize"), samples, number(b, "p50Ms"), number(b, "p95Ms"), number(b, "p99Ms"), number(b, "meanMs")));
    }
    return new Profile(
        text(root, "variant"), text(root, "version"), instance, batches, latencyModel,
        number(root, "coldStartMs"), longValue(root, "memoryBytes"), Instant.parse(text(root, "measuredAt")),
        text(root, "machine"));
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing '" + name + "'");
    }
    return v;
  }

  private static JsonNode object(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isObject()) {
      throw new IllegalArgumentException("'" + name + "' must be an object, got " + v);
    }
    return v;
  }

  private static String text(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + name + "' must be a string, got " + v);
    }
    return v.asText();
  }

  private static double number(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("'" + name + "' must be a number, got " + v);
    }
    return v.doubleValue();
  }

  private static long longValue(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("'" + name + "' must be a whole number, got " + v);
    }
    return v.longValue();
  }

  private static int integer(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.canConvertToExactIntegral() || !v.canConvertToInt()) {
      throw new IllegalArgumentException("'" + name + "' must be a whole number, got " + v);
    }
    return v.intValue();
  }
}
