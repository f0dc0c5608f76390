package dev.cortado.server.conformance;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** ONNX Runtime called directly, bypassing Cortado: the reference the server's outputs must equal. */
final class DirectOnnx {
  private DirectOnnx() {}

  static float[] run(Path modelFile, String input, float[] data, long[] shape, String output) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(modelFile.toString(), new OrtSession.SessionOptions());
        OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      OnnxTensor out = (OnnxTensor) result.get(output).orElseThrow();
      FloatBuffer fb = out.getFloatBuffer();
      float[] values = new float[fb.remaining()];
      fb.get(values);
      return values;
    }
  }
}
