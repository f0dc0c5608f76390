package dev.cortado.core.model;

/** Lifecycle of a model version in the repository, as Triton names it. */
public enum ModelState {
  LOADING,
  READY,
  /** Not servable; the repository keeps the reason. */
  UNAVAILABLE,
  UNLOADING
}
