package dev.cortado.core.model;

import dev.cortado.core.tensor.Tensor;
import java.util.List;

/**
 * One loaded instance of a model. {@link #run} is called by one thread at a time per instance (the
 * instance's executor); implementations need not be reentrant.
 */
public interface LoadedModel extends AutoCloseable {

  VariantSpec variant();

  InstanceSize size();

  ModelSignature signature();

  /**
   * Runs the model on inputs that have been validated against {@link #signature()}.
   *
   * @param outputNames the outputs to compute, in the order wanted; all when empty
   * @throws dev.cortado.core.error.CortadoException with the model's name when the engine fails
   */
  RunResult run(List<Tensor> inputs, List<String> outputNames);

  @Override
  void close();
}
