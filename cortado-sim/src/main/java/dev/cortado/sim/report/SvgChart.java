package dev.cortado.sim.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart as SVG, with no dependency: named series of (x, y) points, axes with a few ticks, a
 * legend. Enough to see a run's shape; the CSV has the numbers.
 */
public final class SvgChart {
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
      "#7f7f7f", "#bcbd22", "#17becf"};
  private static final int WIDTH = 800;
  private static final int HEIGHT = 360;
  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>();
  private final Map<String, Boolean> dashed = new LinkedHashMap<>();

  public SvgChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds a point to a series (NaN points are skipped). */
  public SvgChart point(String name, double x, double y) {
    series.computeIfAbsent(name, k -> new ArrayList<>());
    dashed.putIfAbsent(name, false);
    if (Double.isFinite(x) && Double.isFinite(y)) {
      series.get(name).add(new double[] {x, y});
    }
    return this;
  }

  /** Draws a series dashed (a reference line, such as an SLO or a forecast). */
  public SvgChart dashed(String name) {
    series.computeIfAbsent(name, k -> new ArrayList<>());
    dashed.put(name, true);
    return this;
  }

  public String render() {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = 0;
    for (List<double[]> pts : series.values()) {
      for (double[] p : pts) {
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    if (!Double.isFinite(minX)) {
      minX = 0;
      maxX = 1;
    }
    if (maxX <= minX) {
      maxX = minX + 1;
    }
    maxY = maxY <= 0 ? 1 : niceCeiling(maxY * 1.05);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        WIDTH, HEIGHT));
    svg.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    svg.append(f("<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
    svg.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n", LEFT, TOP, plotW, plotH));
    for (int i = 0; i <= 4; i++) {
      double v = maxY * i / 4;
      double y = TOP + plotH - plotH * i / 4.0;
      svg.append(f("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, LEFT + plotW, y, y));
      svg.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, label(v)));
      double xv = minX + (maxX - minX) * i / 4;
      double x = LEFT + plotW * i / 4.0;
      svg.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP + plotH + 18, label(xv)));
    }
    svg.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + plotW / 2, HEIGHT - 10, escape(xLabel)));
    svg.append(f("<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n", TOP + plotH / 2,
        escape(yLabel)));
    int k = 0;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      String colour = COLOURS[k % COLOURS.length];
      StringBuilder points = new StringBuilder();
      for (double[] p : e.getValue()) {
        double x = LEFT + (p[0] - minX) / (maxX - minX) * plotW;
        double y = TOP + plotH - Math.min(1, p[1] / maxY) * plotH;
        points.append(f("%.1f,%.1f ", x, y));
      }
      String dash = dashed.get(e.getKey()) ? " stroke-dasharray=\"6 4\"" : "";
      svg.append(f("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"%s\"/>%n", colour, dash,
          points.toString().trim()));
      int ly = TOP + 14 + 18 * k;
      svg.append(f("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", WIDTH - RIGHT + 12,
          WIDTH - RIGHT + 36, ly - 4, ly - 4, colour, dash));
      svg.append(f("<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 42, ly, escape(e.getKey())));
      k++;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static double niceCeiling(double v) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * magnitude >= v) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return Math.abs(v) >= 100 ? f("%.0f", v) : Math.abs(v) >= 1 ? f("%.1f", v) : f("%.3g", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
