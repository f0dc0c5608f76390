package dev.cortado.control.planning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * FA2's dynamic programme on one latency grid: for every part of the series-parallel tree, the curve
 * {@code f[t]} = the fewest cores with which that part's longest path takes at most {@code t} grid
 * cells. A stage's curve is the cheapest option fitting in {@code t}; a parallel part adds its
 * branches' curves at the same {@code t} (each branch may use the whole budget); a series part is the
 * min-plus convolution {@code f[t] = min over t1 of f1[t1] + f2[t − t1]}, where only the cells at which
 * one side's curve drops can be the best {@code t1}, so the convolution costs that side's drop count
 * times the grid size.
 *
 * <p>Each option's delay becomes a whole number of cells, rounded up ({@link Rounding#UP}: every
 * answer is feasible, and the grid can only miss an optimum whose critical path lies within one cell
 * per stage of the SLO) or down ({@link Rounding#DOWN}: every real plan fits, so the optimum here is a
 * lower bound on the true one).
 */
final class LatencyBudgetDp {
  static final long NONE = Long.MAX_VALUE / 4;

  enum Rounding {
    UP,
    DOWN
  }

  private record Cell(int cells, long cores, int option) {}

  private final PipelineProblem problem;
  private final int budgetCells;
  private final List<List<Cell>> frontiers = new ArrayList<>();
  private final Map<SpTree, long[]> curves = new IdentityHashMap<>();

  LatencyBudgetDp(PipelineProblem problem, double stepMs, int budgetCells, Rounding rounding) {
    this.problem = problem;
    this.budgetCells = budgetCells;
    double rate = problem.ratePerSecond();
    for (Stage s : problem.stages()) {
      List<Cell> cells = new ArrayList<>();
      for (int o = 0; o < s.options().size(); o++) {
        StageOption option = s.options().get(o);
        double exact = option.delayMs(rate) / stepMs;
        double rounded = rounding == Rounding.UP ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9);
        if (rounded <= budgetCells) {
          cells.add(new Cell((int) rounded, option.coresFor(rate), o));
        }
      }
      cells.sort(Comparator.comparingInt(Cell::cells).thenComparingLong(Cell::cores));
      List<Cell> frontier = new ArrayList<>();
      for (Cell c : cells) {
        if (frontier.isEmpty() || c.cores() < frontier.getLast().cores()) {
          frontier.add(c);
        }
      }
      frontiers.add(frontier);
    }
  }

  /** The fewest cores of the whole tree within the full budget; {@link #NONE} when nothing fits. */
  long cheapest(SpTree root) {
    return curve(root)[budgetCells];
  }

  /** Per stage, the index of the option the cheapest plan within the full budget uses. */
  int[] choose(SpTree root) {
    int[] chosen = new int[problem.stages().size()];
    choose(root, budgetCells, chosen);
    return chosen;
  }

  private long[] curve(SpTree tree) {
    long[] known = curves.get(tree);
    if (known != null) {
      return known;
    }
    long[] f = switch (tree) {
      case SpTree.Leaf leaf -> leafCurve(frontiers.get(leaf.stage()));
      case SpTree.Empty empty -> new long[budgetCells + 1];
      case SpTree.Parallel p -> parallel(curve(p.left()), curve(p.right()));
      case SpTree.Series s -> series(curve(s.first()), curve(s.second()));
    };
    curves.put(tree, f);
    return f;
  }

  /** The frontier is sorted by cells with falling cores: each option is the best from its cell to the next's. */
  private long[] leafCurve(List<Cell> frontier) {
    long[] f = new long[budgetCells + 1];
    Arrays.fill(f, NONE);
    for (int i = 0; i < frontier.size(); i++) {
      int to = i + 1 < frontier.size() ? frontier.get(i + 1).cells() : budgetCells + 1;
      Arrays.fill(f, frontier.get(i).cells(), to, frontier.get(i).cores());
    }
    return f;
  }

  private long[] parallel(long[] a, long[] b) {
    long[] f = new long[budgetCells + 1];
    for (int t = 0; t <= budgetCells; t++) {
      f[t] = add(a[t], b[t]);
    }
    return f;
  }

  private long[] series(long[] a, long[] b) {
    int[] dropsA = drops(a);
    int[] dropsB = drops(b);
    long[] stepped = dropsA.length <= dropsB.length ? a : b;
    long[] other = stepped == a ? b : a;
    long[] f = new long[budgetCells + 1];
    Arrays.fill(f, NONE);
    for (int t1 : stepped == a ? dropsA : dropsB) {
      long head = stepped[t1];
      for (int t = t1; t <= budgetCells; t++) {
        long v = add(head, other[t - t1]);
        if (v < f[t]) {
          f[t] = v;
        }
      }
    }
    return f;
  }

  private void choose(SpTree tree, int t, int[] chosen) {
    switch (tree) {
      case SpTree.Leaf leaf -> {
        Cell best = null;
        for (Cell c : frontiers.get(leaf.stage())) {
          if (c.cells() <= t) {
            best = c;
          }
        }
        chosen[leaf.stage()] = best == null ? -1 : best.option();
      }
      case SpTree.Empty empty -> { }
      case SpTree.Parallel p -> {
        choose(p.left(), t, chosen);
        choose(p.right(), t, chosen);
      }
      case SpTree.Series s -> {
        long[] a = curve(s.first());
        long[] b = curve(s.second());
        int split = 0;
        for (int t1 = 1; t1 <= t; t1++) {
          if (add(a[t1], b[t - t1]) < add(a[split], b[t - split])) {
            split = t1;
          }
        }
        choose(s.first(), split, chosen);
        choose(s.second(), t - split, chosen);
      }
    }
  }

  /** The cells at which a non-increasing curve drops to a new (finite) value. */
  private static int[] drops(long[] f) {
    int count = 0;
    int[] at = new int[f.length];
    long previous = NONE;
    for (int t = 0; t < f.length; t++) {
      if (f[t] < previous) {
        at[count++] = t;
        previous = f[t];
      }
    }
    return Arrays.copyOf(at, count);
  }

  private static long add(long a, long b) {
    return a >= NONE || b >= NONE ? NONE : a + b;
  }
}
