package dev.cortado.control.planning;

/**
 * The OR-Tools MIP solver behind an {@code MPSolver} model; both take the same model. SCIP is the
 * default, chosen by measurement (docs/planning.md). CP-SAT is not offered: through {@code MPSolver}
 * it scales continuous variables to integers and returned dearer plans marked optimal.
 */
public enum MipBackend {
  SCIP("SCIP"),
  CBC("CBC");

  private final String solverId;

  MipBackend(String solverId) {
    this.solverId = solverId;
  }

  /** The name {@code MPSolver.createSolver} knows it by. */
  public String solverId() {
    return solverId;
  }
}
