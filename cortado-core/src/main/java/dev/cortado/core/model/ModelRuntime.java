package dev.cortado.core.model;

/** Loads model files into runnable instances. One implementation per inference engine. */
public interface ModelRuntime extends AutoCloseable {

  /**
   * Loads one instance of the variant at the given size.
   *
   * @throws dev.cortado.core.error.CortadoException INVALID_ARGUMENT when the file is not a model
   *     this runtime can run, UNAVAILABLE when the device asked for is missing; the message names
   *     the variant
   */
  LoadedModel load(VariantSpec variant, InstanceSize size);

  /** A short name of the engine and its version, for metadata ("onnxruntime 1.28.0"). */
  String description();

  @Override
  void close();
}
