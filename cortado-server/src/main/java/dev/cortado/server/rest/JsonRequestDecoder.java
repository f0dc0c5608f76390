package dev.cortado.server.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.inference.RequestedOutput;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes an Open Inference Protocol REST request: JSON tensors (flat or nested data) and the
 * binary tensor extension (raw bytes after the JSON, sized by {@code binary_data_size}). Streams
 * the JSON: element data goes straight into little-endian bytes.
 *
 * <p>Public only so that {@code cortado-bench}'s {@code RequestPathBenchmark} can measure it; the
 * REST frontend is its one user.
 */
public final class JsonRequestDecoder {
  static final String BINARY_DATA_SIZE = "binary_data_size";

  private final ObjectMapper mapper;
  private final JsonFactory factory;

  public JsonRequestDecoder(ObjectMapper mapper) {
    this.mapper = mapper;
    this.factory = mapper.getFactory();
  }

  /**
   * @param body the whole request body
   * @param jsonLength the JSON part's length when the binary extension is in use, else the body's
   */
  public InferenceRequest decode(String model, Optional<String> version, byte[] body, int jsonLength) {
    try (JsonParser p = factory.createParser(body, 0, jsonLength)) {
      p.setCodec(mapper);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw CortadoException.invalidArgument("request body must be a JSON object with 'inputs'");
      }
      BinarySection binary = new BinarySection(body, jsonLength);
      Optional<String> id = Optional.empty();
      Parameters parameters = Parameters.empty();
      List<Tensor> inputs = null;
      List<RequestedOutput> outputs = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "id" -> id = Optional.of(string(p, "id"));
          case "parameters" -> parameters = parameters(p, "parameters");
          case "inputs" -> inputs = inputs(p, binary);
          case "outputs" -> outputs = outputs(p);
          default -> throw CortadoException.invalidArgument(
              "unknown field '%s' in the request; expected id, parameters, inputs, outputs", field);
        }
      }
      if (p.nextToken() != null) {
        throw CortadoException.invalidArgument("unexpected content after the request's JSON object");
      }
      if (inputs == null) {
        throw CortadoException.invalidArgument("request has no 'inputs'");
      }
      binary.requireFullyRead();
      return new InferenceRequest(model, version, id, parameters, inputs, outputs);
    } catch (JsonProcessingException e) {
      throw CortadoException.invalidArgument("malformed JSON: %s", e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()));
    } catch (IOException e) {
      throw CortadoException.invalidArgument("cannot read the request body: %s", e.getMessage());
    }
  }

  private List<Tensor> inputs(JsonParser p, BinarySection binary) throws IOException {
    expect(p, JsonToken.START_ARRAY, "inputs", "a list of tensors");
    List<Tensor> inputs = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      inputs.add(input(p, inputs.size(), binary));
    }
    return inputs;
  }

  private Tensor input(JsonParser p, int index, BinarySection binary) throws IOException {
    expect(p, JsonToken.START_OBJECT, "inputs[" + index + "]", "an object with name, shape, datatype, data");
    String name = null;
    Datatype datatype = null;
    Shape shape = null;
    Parameters parameters = Parameters.empty();
    LittleEndianSink data = null;
    long elements = -1;
    TreeNode deferred = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      String where = name == null ? "inputs[" + index + "]" : "input '" + name + "'";
      switch (field) {
        case "name" -> name = string(p, where + ".name");
        case "datatype" -> {
          String text = string(p, where + ".datatype");
          datatype = Datatype.parse(text).orElseThrow(() -> CortadoException.invalidArgument(
              "%s has datatype '%s'; expected one of %s", where, text, List.of(Datatype.values())));
        }
        case "shape" -> shape = shape(p, where);
        case "parameters" -> parameters = parameters(p, where + ".parameters");
        case "data" -> {
          if (datatype == null) {
            deferred = p.readValueAsTree();
          } else {
            data = new LittleEndianSink(initialCapacity(datatype, shape));
            elements = JsonTensorData.read(p, name == null ? "inputs[" + index + "]" : name, datatype, data);
          }
        }
        default -> throw CortadoException.invalidArgument(
            "unknown field '%s' in %s; expected name, shape, datatype, parameters, data", field, where);
      }
    }
    if (name == null || name.isEmpty()) {
      throw CortadoException.invalidArgument("inputs[%d] has no name", index);
    }
    if (datatype == null) {
      throw CortadoException.invalidArgument("input '%s' has no datatype", name);
    }
    if (shape == null) {
      throw CortadoException.invalidArgument("input '%s' has no shape", name);
    }
    if (deferred != null) {
      try (JsonParser again = deferred.traverse(mapper)) {
        again.nextToken();
        data = new LittleEndianSink(initialCapacity(datatype, shape));
        elements = JsonTensorData.read(again, name, datatype, data);
      }
    }
    if (parameters.contains(BINARY_DATA_SIZE)) {
      if (data != null) {
        throw CortadoException.invalidArgument("input '%s' has both 'data' and parameters.binary_data_size; send one", name);
      }
      long size = parameters.getLong(BINARY_DATA_SIZE).getAsLong();
      return Tensor.of(name, datatype, shape, binary.take(name, size));
    }
    if (data == null) {
      throw CortadoException.invalidArgument("input '%s' has no 'data' (nor parameters.binary_data_size)", name);
    }
    long expected = shape.elementCount();
    if (elements != expected) {
      throw CortadoException.invalidArgument(
          "input '%s' has %d elements; shape %s needs %d", name, elements, shape, expected);
    }
    return Tensor.of(name, datatype, shape, data.toByteBuffer());
  }

  private static int initialCapacity(Datatype datatype, Shape shape) {
    if (shape == null || !datatype.isFixedSize()) {
      return 256;
    }
    long bytes = shape.elementCount() * datatype.byteSize();
    return (int) Math.min(Math.max(bytes, 16), 1 << 26);
  }

  private static Shape shape(JsonParser p, String where) throws IOException {
    expect(p, JsonToken.START_ARRAY, where + ".shape", "a list of whole numbers");
    long[] dims = new long[8];
    int n = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          || p.getLongValue() < 0) {
        throw CortadoException.invalidArgument("%s.shape[%d] = %s; dimensions are whole numbers >= 0", where, n, p.getText());
      }
      if (n == dims.length) {
        dims = java.util.Arrays.copyOf(dims, n * 2);
      }
      dims[n++] = p.getLongValue();
    }
    Shape shape = Shape.of(java.util.Arrays.copyOf(dims, n));
    try {
      shape.elementCount();
    } catch (ArithmeticException e) {
      throw CortadoException.invalidArgument("%s.shape %s has more elements than a tensor can hold", where, shape);
    }
    return shape;
  }

  private List<RequestedOutput> outputs(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY, "outputs", "a list of {name, parameters}");
    List<RequestedOutput> outputs = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String where = "outputs[" + outputs.size() + "]";
      expect(p, JsonToken.START_OBJECT, where, "an object with name and parameters");
      String name = null;
      Parameters parameters = Parameters.empty();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "name" -> name = string(p, where + ".name");
          case "parameters" -> parameters = parameters(p, where + ".parameters");
          default -> throw CortadoException.invalidArgument("unknown field '%s' in %s; expected name, parameters", field, where);
        }
      }
      if (name == null) {
        throw CortadoException.invalidArgument("%s has no name", where);
      }
      outputs.add(new RequestedOutput(name, parameters));
    }
    return outputs;
  }

  private static Parameters parameters(JsonParser p, String where) throws IOException {
    expect(p, JsonToken.START_OBJECT, where, "an object of string, number or boolean values");
    Parameters.Builder b = Parameters.builder();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      switch (t) {
        case VALUE_STRING -> b.put(key, p.getText());
        case VALUE_TRUE, VALUE_FALSE -> b.put(key, t == JsonToken.VALUE_TRUE);
        case VALUE_NUMBER_INT -> {
          if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw CortadoException.invalidArgument("%s.%s = %s is too large", where, key, p.getText());
          }
          b.put(key, p.getLongValue());
        }
        case VALUE_NUMBER_FLOAT -> b.put(key, p.getDoubleValue());
        default -> throw CortadoException.invalidArgument(
            "%s.%s must be a string, number or boolean, got %s", where, key, p.getText());
      }
    }
    return b.build();
  }

  private static String string(JsonParser p, String where) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw CortadoException.invalidArgument("%s must be a string, got %s", where, p.getText());
    }
    return p.getText();
  }

  private static void expect(JsonParser p, JsonToken token, String where, String what) throws IOException {
    if (p.currentToken() != token) {
      throw CortadoException.invalidArgument("%s must be %s, got %s", where, what, p.getText());
    }
  }

  /** The raw bytes after the JSON, handed out to binary inputs in order. */
  private static final class BinarySection {
    private final byte[] body;
    private int position;

    BinarySection(byte[] body, int start) {
      this.body = body;
      this.position = start;
    }

    ByteBuffer take(String input, long size) {
      if (size < 0 || size > body.length - position) {
        throw CortadoException.invalidArgument(
            "input '%s' declares binary_data_size %d but only %d binary bytes remain in the body", input, size, body.length - position);
      }
      ByteBuffer slice = ByteBuffer.wrap(body, position, (int) size).slice();
      position += (int) size;
      return slice;
    }

    void requireFullyRead() {
      if (position != body.length) {
        throw CortadoException.invalidArgument(
            "the body has %d binary bytes that no input's binary_data_size accounts for", body.length - position);
      }
    }
  }
}
