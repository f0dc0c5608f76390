package dev.cortado.cli;

import dev.cortado.sim.run.ScenarioRunner;
import java.io.PrintWriter;
import java.util.Locale;

/** A simulation's progress bar on a terminal (one line, redrawn), nothing when output is not a terminal. */
final class SimulationProgress implements ScenarioRunner.Progress {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final boolean terminal = System.console() != null;

  SimulationProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void update(int index, int count, String label, double fraction) {
    if (terminal) {
      int done = (int) Math.round(fraction * WIDTH);
      err.printf(Locale.ROOT, "\r[%d/%d] %-14s [%s%s] %3.0f %%", index + 1, count, label, "#".repeat(done),
          " ".repeat(WIDTH - done), 100 * fraction);
      err.flush();
    }
  }

  /** Ends the bar's line. */
  void finish() {
    if (terminal) {
      err.println();
    }
  }
}
