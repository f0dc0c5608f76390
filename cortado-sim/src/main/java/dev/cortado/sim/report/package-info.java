/**
 * What a simulator run writes: {@code summary.json}, {@code timeseries.csv}, SVG plots and a
 * {@code report.md} with the comparison table. Numbers are written with a fixed locale and format so
 * that the same run writes the same bytes.
 */
package dev.cortado.sim.report;
