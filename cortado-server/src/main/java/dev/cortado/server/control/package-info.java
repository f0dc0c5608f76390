/**
 * The live control loop: every tick it measures the serving variants, asks the scaling policy (the
 * simulator's, unchanged) and applies the decision to the local cluster, keeping the decisions for
 * the REST endpoint and the metrics.
 */
package dev.cortado.server.control;
