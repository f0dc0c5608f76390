package dev.cortado.sim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A machine's request overhead as it grows with the load: one measured {@link RequestOverhead} per
 * request rate (on a small machine the client and the server share the cores, so a busier second
 * costs every request in it more). A draw at rate {@code r} takes one uniform {@code u} and
 * interpolates linearly, by rate, between the two measured levels around {@code r} at their
 * {@code u}-quantiles (below the lowest or above the highest level, that level's quantile): the
 * distributions are blended quantile by quantile, so a tail between two loads lies between their
 * tails. The file holds every level; {@code cortado bench --overhead-out FILE} adds or replaces one.
 *
 * @param levels ordered by rate, rates distinct
 */
public record RequestOverheads(List<RequestOverhead> levels) {
  /** The format's tag, written into every file so that a wrong file is refused by name. */
  public static final String KIND = "cortado-request-overhead";
  /** No overhead: the scenario names none. */
  public static final RequestOverheads NONE = new RequestOverheads(List.of());
  /** Levels within this fraction of each other's rate are the same level: a new measurement replaces the old. */
  static final double SAME_RATE = 0.05;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public RequestOverheads {
    levels = levels.stream().sorted(Comparator.comparingDouble(RequestOverhead::ratePerSecond)).toList();
    for (int i = 0; i < levels.size(); i++) {
      double r = levels.get(i).ratePerSecond();
      if (!(r >= 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException("request overhead level " + i + " has rate " + r + ", must be a finite rate >= 0");
      }
      if (i > 0 && r == levels.get(i - 1).ratePerSecond()) {
        throw new IllegalArgumentException("two request overhead levels at the same rate " + r + "/s");
      }
    }
  }

  public boolean isEmpty() {
    return levels.isEmpty();
  }

  /** These levels with {@code level} added, replacing one measured within 5 % of its rate. */
  public RequestOverheads with(RequestOverhead level) {
    List<RequestOverhead> out = new ArrayList<>();
    for (RequestOverhead l : levels) {
      if (Math.abs(l.ratePerSecond() - level.ratePerSecond()) > SAME_RATE * Math.max(l.ratePerSecond(), level.ratePerSecond())) {
        out.add(l);
      }
    }
    out.add(level);
    return new RequestOverheads(out);
  }

  /** The overhead at probability {@code p} when requests arrive at {@code ratePerSecond}. */
  public double quantileMs(double p, double ratePerSecond) {
    if (levels.isEmpty()) {
      return 0;
    }
    int hi = 0;
    while (hi < levels.size() && levels.get(hi).ratePerSecond() < ratePerSecond) {
      hi++;
    }
    if (hi == 0) {
      return levels.get(0).quantileMs(p);
    }
    if (hi == levels.size()) {
      return levels.get(hi - 1).quantileMs(p);
    }
    RequestOverhead a = levels.get(hi - 1);
    RequestOverhead b = levels.get(hi);
    double f = (ratePerSecond - a.ratePerSecond()) / (b.ratePerSecond() - a.ratePerSecond());
    return a.quantileMs(p) + f * (b.quantileMs(p) - a.quantileMs(p));
  }

  /** One draw at {@code ratePerSecond}, in nanoseconds; 0 without levels (and no draw taken). */
  public long drawNanos(SplittableRandom random, double ratePerSecond) {
    return levels.isEmpty() ? 0 : Math.round(quantileMs(random.nextDouble(), ratePerSecond) * 1e6);
  }

  /** Reads a file written by {@link #write}. */
  public static RequestOverheads read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read request overhead " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !KIND.equals(root.path("kind").asText())) {
      throw new IllegalArgumentException(file + " is not a request overhead file (kind '" + KIND + "' expected, got '"
          + (root == null ? "" : root.path("kind").asText()) + "')");
    }
    List<RequestOverhead> levels = new ArrayList<>();
    for (JsonNode level : root.path("levels")) {
      levels.add(RequestOverhead.fromJson(level));
    }
    if (levels.isEmpty()) {
      throw new IllegalArgumentException(file + " has no measured levels");
    }
    return new RequestOverheads(levels);
  }

  /** Writes every level, lowest rate first. */
  public void write(Path file) {
    ObjectNode root = JSON.createObjectNode();
    root.put("kind", KIND);
    ArrayNode out = root.putArray("levels");
    levels.forEach(l -> l.toJson(out.addObject()));
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, JSON.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write request overhead " + file + ": " + e.getMessage(), e);
    }
  }
}
