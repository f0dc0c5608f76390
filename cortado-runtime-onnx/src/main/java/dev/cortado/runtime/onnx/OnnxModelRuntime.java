package dev.cortado.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.model.Device;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.LoadedModel;
import dev.cortado.core.model.ModelRuntime;
import dev.cortado.core.model.VariantSpec;
import java.nio.file.Files;
import java.util.EnumSet;

/**
 * {@link ModelRuntime} on ONNX Runtime. Each instance is its own session with explicit options: its
 * intra-op threads are the instance size, inter-op parallelism is off, and idle worker threads do
 * not spin (instances of many models share the machine's cores).
 */
public final class OnnxModelRuntime implements ModelRuntime {
  private static final System.Logger LOG = System.getLogger(OnnxModelRuntime.class.getName());

  private final OrtEnvironment env;

  private OnnxModelRuntime(OrtEnvironment env) {
    this.env = env;
  }

  /**
   * Starts the runtime, loading the native library once.
   *
   * @throws CortadoException UNAVAILABLE with the native loader's message when it fails
   */
  public static OnnxModelRuntime create() {
    try {
      return new OnnxModelRuntime(OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "cortado"));
    } catch (RuntimeException | LinkageError e) {
      throw new CortadoException(
          ErrorCode.UNAVAILABLE, "ONNX Runtime's native library failed to load: " + e.getMessage(), e);
    }
  }

  @Override
  public LoadedModel load(VariantSpec variant, InstanceSize size) {
    if (!Files.isRegularFile(variant.modelFile())) {
      throw CortadoException.invalidArgument(
          "model '%s' version %s: no model file at %s", variant.name(), variant.version(), variant.modelFile().getFileName());
    }
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setIntraOpNumThreads(size.threads());
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      Device device = addDevice(options, variant, size.device());
      OrtSession session = env.createSession(variant.modelFile().toString(), options);
      return OnnxLoadedModel.open(env, session, options, variant, new InstanceSize(size.threads(), device));
    } catch (OrtException e) {
      options.close();
      throw new CortadoException(
          ErrorCode.INVALID_ARGUMENT,
          "model '" + variant.name() + "' version " + variant.version() + ": ONNX Runtime cannot load "
              + variant.modelFile().getFileName() + " (is it an ONNX model?): " + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      options.close();
      throw e;
    }
  }

  private Device addDevice(OrtSession.SessionOptions options, VariantSpec variant, Device wanted) throws OrtException {
    if (wanted == Device.CPU) {
      return Device.CPU;
    }
    EnumSet<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
    if (providers.contains(OrtProvider.CUDA)) {
      try {
        options.addCUDA(0);
        return Device.CUDA;
      } catch (OrtException e) {
        if (wanted == Device.CUDA) {
          throw new CortadoException(
              ErrorCode.UNAVAILABLE,
              "model '" + variant.name() + "' requires CUDA, but ONNX Runtime's CUDA provider failed: " + e.getMessage(),
              e);
        }
        LOG.log(System.Logger.Level.WARNING, "model ''{0}'': CUDA provider failed ({1}); running on CPU", variant.name(), e.getMessage());
        return Device.CPU;
      }
    }
    if (wanted == Device.CUDA) {
      throw CortadoException.unavailable(
          "model '%s' requires CUDA, but this ONNX Runtime offers only %s (use the onnxruntime_gpu build on a machine with a GPU)",
          variant.name(), providers);
    }
    LOG.log(System.Logger.Level.INFO, "model ''{0}'': CUDA not available ({1}); running on CPU", variant.name(), providers);
    return Device.CPU;
  }

  @Override
  public String description() {
    return "onnxruntime " + env.getVersion();
  }

  @Override
  public void close() {
    // The environment is process-wide in ONNX Runtime and lives until exit.
  }
}
