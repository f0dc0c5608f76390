package dev.cortado.sim.scenario;

/** A scenario file that cannot be run, with a message that says what was wrong and where. */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioException(String message) {
    super(message);
  }

  public ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
