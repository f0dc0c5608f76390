package dev.cortado.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.LoadedModel;
import dev.cortado.core.model.ModelSignature;
import dev.cortado.core.model.RunResult;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX Runtime session. Runs are sequential per instance (the caller's contract), which lets
 * each input reuse one direct buffer instead of allocating native memory per request.
 */
final class OnnxLoadedModel implements LoadedModel {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final OrtSession.SessionOptions options;
  private final VariantSpec variant;
  private final InstanceSize size;
  private final ModelSignature signature;
  /** Guarded by the caller's one-run-at-a-time contract. */
  private final Map<String, ByteBuffer> inputBuffers = new HashMap<>();

  private OnnxLoadedModel(
      OrtEnvironment env, OrtSession session, OrtSession.SessionOptions options,
      VariantSpec variant, InstanceSize size, ModelSignature signature) {
    this.env = env;
    this.session = session;
    this.options = options;
    this.variant = variant;
    this.size = size;
    this.signature = signature;
  }

  static OnnxLoadedModel open(
      OrtEnvironment env, OrtSession session, OrtSession.SessionOptions options, VariantSpec variant, InstanceSize size)
      throws OrtException {
    try {
      ModelSignature signature = new ModelSignature(
          specs(variant, session.getInputInfo()), specs(variant, session.getOutputInfo()));
      return new OnnxLoadedModel(env, session, options, variant, size, signature);
    } catch (OrtException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private static List<TensorSpec> specs(VariantSpec variant, Map<String, NodeInfo> nodes) {
    List<TensorSpec> out = new ArrayList<>(nodes.size());
    for (NodeInfo node : nodes.values()) {
      if (!(node.getInfo() instanceof TensorInfo info)) {
        throw CortadoException.unimplemented(
            "model '%s': '%s' is a %s, not a tensor; only tensor inputs and outputs are served",
            variant.name(), node.getName(), node.getInfo().getClass().getSimpleName());
      }
      Datatype datatype = OnnxTypes.datatypeOf(info.onnxType).orElseThrow(() -> CortadoException.unimplemented(
          "model '%s': '%s' has element type %s, which the Open Inference Protocol cannot carry",
          variant.name(), node.getName(), info.onnxType));
      long[] dims = info.getShape();
      for (int i = 0; i < dims.length; i++) {
        if (dims[i] < 0) {
          dims[i] = Shape.VARIABLE;
        }
      }
      out.add(new TensorSpec(node.getName(), datatype, Shape.of(dims)));
    }
    return out;
  }

  @Override
  public VariantSpec variant() {
    return variant;
  }

  @Override
  public InstanceSize size() {
    return size;
  }

  @Override
  public ModelSignature signature() {
    return signature;
  }

  @Override
  public RunResult run(List<Tensor> inputs, List<String> outputNames) {
    Map<String, OnnxTensor> feed = new HashMap<>(inputs.size() * 2);
    long start = System.nanoTime();
    try {
      for (Tensor input : inputs) {
        feed.put(input.name(), toOnnx(input));
      }
      Set<String> wanted = new LinkedHashSet<>(outputNames);
      if (wanted.isEmpty()) {
        for (TensorSpec spec : signature.outputs()) {
          wanted.add(spec.name());
        }
      }
      long inputsReady = System.nanoTime();
      try (OrtSession.Result result = session.run(feed, wanted)) {
        long ran = System.nanoTime();
        List<Tensor> out = new ArrayList<>(wanted.size());
        for (String name : wanted) {
          OnnxValue value = result.get(name).orElseThrow(() -> CortadoException.internal(
              "model '" + variant.name() + "' produced no output '" + name + "'", null));
          out.add(fromOnnx(name, (OnnxTensor) value));
        }
        return new RunResult(out, inputsReady - start, ran - inputsReady, System.nanoTime() - ran);
      }
    } catch (OrtException e) {
      throw CortadoException.internal("model '" + variant.name() + "' version " + variant.version() + " failed: " + e.getMessage(), e);
    } finally {
      for (OnnxTensor t : feed.values()) {
        t.close();
      }
    }
  }

  private OnnxTensor toOnnx(Tensor input) throws OrtException {
    long[] shape = input.shape().toArray();
    if (input.datatype() == Datatype.BYTES) {
      List<byte[]> elements = input.bytesElements();
      String[] strings = new String[elements.size()];
      for (int i = 0; i < strings.length; i++) {
        strings[i] = new String(elements.get(i), StandardCharsets.UTF_8);
      }
      return OnnxTensor.createTensor(env, strings, shape);
    }
    OnnxJavaType type = OnnxTypes.javaTypeOf(input.datatype()).orElseThrow(() -> CortadoException.unimplemented(
        "model '%s': input '%s' is %s, which ONNX Runtime's Java API cannot create",
        variant.name(), input.name(), input.datatype()));
    ByteBuffer direct = directBuffer(input.name(), input.byteSize());
    direct.put(input.data()).flip();
    return OnnxTensor.createTensor(env, direct, shape, type);
  }

  private ByteBuffer directBuffer(String name, int bytes) {
    ByteBuffer buf = inputBuffers.get(name);
    if (buf == null || buf.capacity() < bytes) {
      buf = ByteBuffer.allocateDirect(Math.max(bytes, 64)).order(ByteOrder.nativeOrder());
      inputBuffers.put(name, buf);
    }
    buf.clear();
    buf.limit(bytes);
    return buf.slice().order(ByteOrder.nativeOrder());
  }

  private Tensor fromOnnx(String name, OnnxTensor value) throws OrtException {
    TensorInfo info = value.getInfo();
    Shape shape = Shape.of(info.getShape());
    Datatype datatype = OnnxTypes.datatypeOf(info.onnxType).orElseThrow(() -> CortadoException.unimplemented(
        "model '%s': output '%s' has element type %s, which the protocol cannot carry", variant.name(), name, info.onnxType));
    if (datatype == Datatype.BYTES) {
      List<byte[]> elements = new ArrayList<>();
      flattenStrings(value.getValue(), elements);
      return Tensor.ofBytes(name, shape, elements);
    }
    ByteBuffer bytes = value.getByteBuffer();
    if (bytes == null) {
      throw CortadoException.unimplemented(
          "model '%s': output '%s' is %s, which ONNX Runtime's Java API cannot read", variant.name(), name, datatype);
    }
    return Tensor.of(name, datatype, shape, bytes.order(ByteOrder.LITTLE_ENDIAN));
  }

  private static void flattenStrings(Object value, List<byte[]> out) {
    if (value instanceof String s) {
      out.add(s.getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof Object[] array) {
      for (Object o : array) {
        flattenStrings(o, out);
      }
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw CortadoException.internal("closing model '" + variant.name() + "' failed: " + e.getMessage(), e);
    } finally {
      options.close();
    }
  }
}
