package dev.cortado.control.planning;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPSolver;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import java.time.Duration;

/** The one door to OR-Tools' natives: loads them (once, ~0.7 s) and creates solvers. */
final class OrTools {
  private OrTools() {}

  /** A new solver of this backend; the caller {@code delete()}s it when done. */
  static MPSolver solver(MipBackend backend) {
    try {
      Loader.loadNativeLibraries();
    } catch (RuntimeException | LinkageError e) {
      throw new CortadoException(ErrorCode.UNAVAILABLE, "OR-Tools' native libraries failed to load: " + e, e);
    }
    MPSolver solver = MPSolver.createSolver(backend.solverId());
    if (solver == null) {
      throw new CortadoException(ErrorCode.UNAVAILABLE, "OR-Tools was built without the " + backend + " solver");
    }
    return solver;
  }

  /** The solver's own wall time for its last solve (OR-Tools measures it; decision code reads no clock). */
  static Duration solveTime(MPSolver solver) {
    double seconds = solver.createSolutionResponseProto().getSolveInfo().getSolveWallTimeSeconds();
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
