/**
 * Cost-minimal planning: which variants, instance sizes, instance counts and batch caps serve the
 * forecast demand within its SLOs and the cluster's budgets (INFaaS, BARISTA), exactly by MIP and by
 * a greedy baseline; and FA2's per-stage batch and replica choice for pipelines under one end-to-end
 * SLO, by dynamic programming over a discretised latency budget with an exact MIP as its referee.
 */
package dev.cortado.control.planning;
