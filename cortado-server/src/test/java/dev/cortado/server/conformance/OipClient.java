package dev.cortado.server.conformance;

import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.tensor.TensorSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A protocol client as the conformance suite sees it, one implementation per transport. Each
 * client speaks the wire format itself, independently of the server's codecs.
 */
interface OipClient extends AutoCloseable {

  String transport();

  boolean serverLive();

  boolean serverReady();

  ServerInfo serverMetadata();

  Answer<ModelInfo> modelMetadata(String model, Optional<String> version);

  Answer<Boolean> modelReady(String model, Optional<String> version);

  Answer<InferenceResponse> infer(InferenceRequest request);

  @Override
  void close();

  record ServerInfo(String name, String version, List<String> extensions) {}

  record ModelInfo(String name, List<String> versions, String platform, List<TensorSpec> inputs, List<TensorSpec> outputs,
      Map<String, String> properties) {}

  /** A value, or the error the server answered with (its code as the transport maps it back, and message). */
  record Answer<T>(Optional<T> value, Optional<ErrorCode> error, String message) {
    static <T> Answer<T> ok(T value) {
      return new Answer<>(Optional.of(value), Optional.empty(), "");
    }

    static <T> Answer<T> failed(ErrorCode code, String message) {
      return new Answer<>(Optional.empty(), Optional.of(code), message);
    }

    T get() {
      return value.orElseThrow(() -> new AssertionError("expected an answer, got " + error.orElseThrow() + ": " + message));
    }
  }
}
