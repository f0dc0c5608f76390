/**
 * The simulated world's {@link dev.cortado.core.cluster.Cluster}: variants' instances on simulated
 * time, with cold starts from their profiles, service times drawn from the profiles' samples, core
 * contention when busy instances want more cores than the machine has, and billing by instance
 * lifetime. Requests are queued and batched by the server's own {@code RequestQueue} and {@code
 * BatchPolicy}.
 */
package dev.cortado.sim.cluster;
