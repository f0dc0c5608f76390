package dev.cortado.core.cluster;

/** Lifecycle of one model instance in a cluster. */
public enum InstanceState {
  /** Loading its session (a cold start); takes no requests yet. */
  STARTING,
  READY,
  /** Finishing accepted work before it goes away. */
  STOPPING
}
