/**
 * Autoscaling decisions: what a {@link dev.cortado.control.scaling.ScalingPolicy} sees of each
 * variant every tick, the instance counts and sizes it asks for, and the {@link
 * dev.cortado.control.scaling.Reconciler} that turns those targets into the cluster's {@code
 * ScalingAction}s. Pure: no clock, no threads, no I/O; the server's control loop and the simulator
 * run the same objects.
 */
package dev.cortado.control.scaling;
