package dev.cortado.server.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.inference.RequestedOutput;
import dev.cortado.core.tensor.Tensor;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes an inference response as JSON, with the outputs the caller asked for as binary placed
 * after the JSON (the binary tensor extension).
 */
final class JsonResponseEncoder {
  private final JsonFactory factory;

  JsonResponseEncoder(JsonFactory factory) {
    this.factory = factory;
  }

  /** The encoded body and, when binary outputs follow it, the JSON part's length. */
  record Encoded(Buffer body, int jsonLength, boolean hasBinary) {}

  Encoded encode(InferenceResponse response, InferenceRequest request) {
    boolean allBinary = request.parameters().getBoolean("binary_data_output").orElse(false);
    ByteArrayOutputStream json = new ByteArrayOutputStream(256);
    List<Tensor> binary = new ArrayList<>();
    try (JsonGenerator g = factory.createGenerator(json)) {
      g.writeStartObject();
      g.writeStringField("model_name", response.modelName());
      g.writeStringField("model_version", response.modelVersion());
      if (response.id().isPresent()) {
        g.writeStringField("id", response.id().get());
      }
      if (!response.parameters().isEmpty()) {
        g.writeFieldName("parameters");
        writeParameters(g, response.parameters());
      }
      g.writeArrayFieldStart("outputs");
      for (Tensor t : response.outputs()) {
        g.writeStartObject();
        g.writeStringField("name", t.name());
        g.writeStringField("datatype", t.datatype().name());
        g.writeArrayFieldStart("shape");
        for (int i = 0; i < t.shape().rank(); i++) {
          g.writeNumber(t.shape().dim(i));
        }
        g.writeEndArray();
        if (allBinary || wantsBinary(request, t.name()) || !t.datatype().hasJsonForm()) {
          g.writeObjectFieldStart("parameters");
          g.writeNumberField(JsonRequestDecoder.BINARY_DATA_SIZE, t.byteSize());
          g.writeEndObject();
          binary.add(t);
        } else {
          g.writeFieldName("data");
          JsonTensorData.write(g, t);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] jsonBytes = json.toByteArray();
    Buffer body = Buffer.buffer(jsonBytes.length + binary.stream().mapToInt(Tensor::byteSize).sum());
    body.appendBytes(jsonBytes);
    for (Tensor t : binary) {
      ByteBuffer data = t.data();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      body.appendBytes(bytes);
    }
    return new Encoded(body, jsonBytes.length, !binary.isEmpty());
  }

  private static boolean wantsBinary(InferenceRequest request, String output) {
    for (RequestedOutput o : request.outputs()) {
      if (o.name().equals(output)) {
        return o.parameters().getBoolean("binary_data").orElse(false);
      }
    }
    return false;
  }

  static void writeParameters(JsonGenerator g, Parameters parameters) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Object> e : parameters.asMap().entrySet()) {
      switch (e.getValue()) {
        case String s -> g.writeStringField(e.getKey(), s);
        case Boolean b -> g.writeBooleanField(e.getKey(), b);
        case Long l -> g.writeNumberField(e.getKey(), l);
        case Double d -> g.writeNumberField(e.getKey(), d);
        default -> g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
      }
    }
    g.writeEndObject();
  }
}
