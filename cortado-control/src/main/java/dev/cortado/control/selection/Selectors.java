package dev.cortado.control.selection;

import dev.cortado.core.error.CortadoException;
import java.util.List;

/** The selectors configuration may name. */
public final class Selectors {
  /** The names {@link #byName} knows, the default first. */
  public static final List<String> NAMES = List.of(CortadoSelector.NAME, InfaasSelector.NAME);

  private Selectors() {}

  /**
   * A new selector by its name.
   *
   * @throws CortadoException INVALID_ARGUMENT naming the known selectors when the name is unknown
   */
  public static VariantSelector byName(String name) {
    return switch (name) {
      case CortadoSelector.NAME -> new CortadoSelector();
      case InfaasSelector.NAME -> new InfaasSelector();
      case null, default -> throw CortadoException.invalidArgument(
          "unknown variant selector '%s'; known selectors: %s", name, String.join(", ", NAMES));
    };
  }
}
