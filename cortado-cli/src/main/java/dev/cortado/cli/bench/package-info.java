/** {@code cortado bench}: the load generator (open and closed loop) and its report. */
package dev.cortado.cli.bench;
