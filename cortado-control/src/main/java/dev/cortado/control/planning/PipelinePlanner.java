package dev.cortado.control.planning;

/** Chooses each stage's configuration and instance count for a pipeline. A pure function. */
public interface PipelinePlanner {
  PipelinePlan plan(PipelineProblem problem);
}
