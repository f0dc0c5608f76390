package dev.cortado.core.model;

/** Where an instance runs its model. */
public enum Device {
  CPU,
  /** CUDA when the runtime and a GPU are present, else CPU (the fallback is logged). */
  CUDA_IF_AVAILABLE,
  /** CUDA or fail to load, with a message that says why. */
  CUDA
}
