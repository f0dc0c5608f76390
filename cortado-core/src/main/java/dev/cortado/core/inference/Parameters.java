package dev.cortado.core.inference;

import dev.cortado.core.error.CortadoException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Request or response parameters: string keys to a string, a whole number ({@link Long}), a real
 * number ({@link Double}) or a boolean, in insertion order. Immutable. Typed getters fail with
 * INVALID_ARGUMENT naming the key when a caller sent the wrong kind of value.
 */
public final class Parameters {
  private static final Parameters EMPTY = new Parameters(Map.of());

  private final Map<String, Object> values;

  private Parameters(Map<String, Object> values) {
    this.values = values;
  }

  public static Parameters empty() {
    return EMPTY;
  }

  public static Parameters of(Map<String, ?> values) {
    if (values.isEmpty()) {
      return EMPTY;
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), checkValue(k, v)));
    return new Parameters(Collections.unmodifiableMap(copy));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Map<String, Object> asMap() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public boolean contains(String key) {
    return values.containsKey(key);
  }

  public Optional<Object> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** A number parameter (whole or real); a string or boolean is INVALID_ARGUMENT. */
  public OptionalDouble getDouble(String key) {
    Object v = values.get(key);
    if (v == null) {
      return OptionalDouble.empty();
    }
    if (v instanceof Number n) {
      return OptionalDouble.of(n.doubleValue());
    }
    throw CortadoException.invalidArgument("parameter '%s' must be a number, got %s", key, describe(v));
  }

  /** A whole-number parameter; anything else is INVALID_ARGUMENT. */
  public OptionalLong getLong(String key) {
    Object v = values.get(key);
    if (v == null) {
      return OptionalLong.empty();
    }
    if (v instanceof Long l) {
      return OptionalLong.of(l);
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return OptionalLong.of(d.longValue());
    }
    throw CortadoException.invalidArgument("parameter '%s' must be a whole number, got %s", key, describe(v));
  }

  /** A boolean parameter; anything else is INVALID_ARGUMENT. */
  public Optional<Boolean> getBoolean(String key) {
    Object v = values.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Boolean b) {
      return Optional.of(b);
    }
    throw CortadoException.invalidArgument("parameter '%s' must be true or false, got %s", key, describe(v));
  }

  private static Object checkValue(String key, Object v) {
    if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    throw CortadoException.invalidArgument(
        "parameter '%s' must be a string, number or boolean, got %s", key, describe(v));
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "the string \"" + s + "\"";
    }
    return v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Parameters p && values.equals(p.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }

  /** Collects parameters in order. */
  public static final class Builder {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Builder() {}

    public Builder put(String key, Object value) {
      values.put(Objects.requireNonNull(key, "key"), checkValue(key, value));
      return this;
    }

    public Parameters build() {
      return values.isEmpty() ? EMPTY : new Parameters(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }
  }
}
