/** Prometheus metrics of the data plane. */
package dev.cortado.server.metrics;
