package dev.cortado.sim.cluster;

/**
 * Which request class a simulated request belongs to: one shared object per class rides in the
 * queue as the request's payload, so a request costs no allocation of its own.
 *
 * @param index the class's position in the scenario
 * @param sloMs the class's latency objective
 */
public record ClassTag(int index, double sloMs) {}
