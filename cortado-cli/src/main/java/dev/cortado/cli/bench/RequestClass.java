package dev.cortado.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One class of requests in a load: where they go (a model or a task), the parameters they carry
 * (e.g. {@code latency_slo_ms}, {@code min_accuracy}), their share of the load, and the SLO their
 * latency is judged against.
 *
 * <p>Written on the command line as {@code NAME:TARGET[:key=value,...]}, for example
 * {@code tight:image-classification:latency_slo_ms=5,weight=2}. {@code weight} (default 1) is the
 * class's share; every other key is sent as a request parameter.
 */
public record RequestClass(String name, String target, Map<String, Object> parameters, double weight) {
  public RequestClass {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    parameters = Map.copyOf(parameters);
    if (!(weight > 0)) {
      throw new IllegalArgumentException("class " + name + ": weight = " + weight + ", must be > 0");
    }
  }

  /** The SLO answers are judged against, from {@code latency_slo_ms}; infinite without one. */
  public double sloMs() {
    Object v = parameters.get("latency_slo_ms");
    return v instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
  }

  /** The accuracy floor answers are judged against, from {@code min_accuracy}; 0 without one. */
  public double minAccuracy() {
    Object v = parameters.get("min_accuracy");
    return v instanceof Number n ? n.doubleValue() : 0;
  }

  public static RequestClass parse(String spec) {
    String[] parts = spec.split(":", 3);
    if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException("request class '" + spec + "' must be NAME:TARGET[:key=value,...]");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    double weight = 1;
    if (parts.length == 3 && !parts[2].isBlank()) {
      for (String kv : parts[2].split(",")) {
        String[] e = kv.split("=", 2);
        if (e.length != 2 || e[0].isBlank()) {
          throw new IllegalArgumentException("request class '" + spec + "': '" + kv + "' must be key=value");
        }
        if (e[0].equals("weight")) {
          try {
            weight = Double.parseDouble(e[1]);
          } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("request class '" + spec + "': weight = " + e[1] + ", must be a number > 0");
          }
        } else {
          params.put(e[0], value(e[1]));
        }
      }
    }
    return new RequestClass(parts[0], parts[1], params, weight);
  }

  private static Object value(String s) {
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e2) {
        return s;
      }
    }
  }
}
