package dev.cortado.server.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The REST transport: JSON built and read with a tree, HTTP with the JDK's client. */
final class RestOipClient implements OipClient {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();
  private final String base;
  private final boolean binary;

  /** @param binary send inputs and ask for outputs with the binary tensor extension */
  RestOipClient(int port, boolean binary) {
    this.base = "http://127.0.0.1:" + port;
    this.binary = binary;
  }

  @Override
  public String transport() {
    return binary ? "rest-binary" : "rest-json";
  }

  record Raw(int status, String contentType, byte[] body, Optional<String> headerLength) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(body, 0, headerLength.map(Integer::parseInt).orElse(body.length));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  Raw send(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Raw(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
          r.headers().firstValue("Inference-Header-Content-Length"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Raw get(String path) {
    return send("GET", path, null, Map.of());
  }

  @Override
  public boolean serverLive() {
    return get("/v2/health/live").status() == 200;
  }

  @Override
  public boolean serverReady() {
    return get("/v2/health/ready").status() == 200;
  }

  @Override
  public ServerInfo serverMetadata() {
    JsonNode n = get("/v2").json();
    List<String> ext = new ArrayList<>();
    n.get("extensions").forEach(e -> ext.add(e.asText()));
    return new ServerInfo(n.get("name").asText(), n.get("version").asText(), ext);
  }

  private static String modelPath(String model, Optional<String> version) {
    return "/v2/models/" + model + version.map(v -> "/versions/" + v).orElse("");
  }

  @Override
  public Answer<ModelInfo> modelMetadata(String model, Optional<String> version) {
    Raw r = get(modelPath(model, version));
    if (r.status() != 200) {
      return failure(r);
    }
    JsonNode n = r.json();
    List<String> versions = new ArrayList<>();
    n.get("versions").forEach(v -> versions.add(v.asText()));
    Map<String, String> props = new LinkedHashMap<>();
    if (n.has("parameters")) {
      n.get("parameters").fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
    }
    return Answer.ok(new ModelInfo(n.get("name").asText(), versions, n.get("platform").asText(),
        specs(n.get("inputs")), specs(n.get("outputs")), props));
  }

  private static List<TensorSpec> specs(JsonNode array) {
    List<TensorSpec> out = new ArrayList<>();
    for (JsonNode t : array) {
      long[] dims = new long[t.get("shape").size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = t.get("shape").get(i).asLong();
      }
      out.add(new TensorSpec(t.get("name").asText(), Datatype.parse(t.get("datatype").asText()).orElseThrow(), Shape.of(dims)));
    }
    return out;
  }

  @Override
  public Answer<Boolean> modelReady(String model, Optional<String> version) {
    Raw r = get(modelPath(model, version) + "/ready");
    if (r.status() == 200 || r.status() == 503) {
      return Answer.ok(r.json().get("ready").asBoolean());
    }
    return failure(r);
  }

  @Override
  public Answer<InferenceResponse> infer(InferenceRequest request) {
    ObjectNode root = json.createObjectNode();
    request.id().ifPresent(id -> root.put("id", id));
    if (!request.parameters().isEmpty() || binary) {
      ObjectNode p = root.putObject("parameters");
      request.parameters().asMap().forEach((k, v) -> p.putPOJO(k, v));
      if (binary) {
        p.put("binary_data_output", true);
      }
    }
    ArrayNode inputs = root.putArray("inputs");
    List<byte[]> blobs = new ArrayList<>();
    for (Tensor t : request.inputs()) {
      ObjectNode in = inputs.addObject();
      in.put("name", t.name());
      in.put("datatype", t.datatype().name());
      ArrayNode shape = in.putArray("shape");
      for (long d : t.shape().toArray()) {
        shape.add(d);
      }
      if (binary || !t.datatype().hasJsonForm()) {
        byte[] bytes = new byte[t.byteSize()];
        t.data().get(bytes);
        in.putObject("parameters").put("binary_data_size", bytes.length);
        blobs.add(bytes);
      } else {
        TensorJson.writeData(in.putArray("data"), t);
      }
    }
    if (!request.outputs().isEmpty()) {
      ArrayNode outs = root.putArray("outputs");
      request.outputs().forEach(o -> outs.addObject().put("name", o.name()));
    }
    byte[] head = root.toString().getBytes(StandardCharsets.UTF_8);
    byte[] body = head;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (!blobs.isEmpty()) {
      int size = head.length + blobs.stream().mapToInt(b -> b.length).sum();
      ByteBuffer all = ByteBuffer.allocate(size).put(head);
      blobs.forEach(all::put);
      body = all.array();
      headers.put("Inference-Header-Content-Length", Integer.toString(head.length));
      headers.put("Content-Type", "application/octet-stream");
    }
    String path = modelPath(request.modelName(), request.version()) + "/infer";
    return decodeInfer(send("POST", path, body, headers));
  }

  Answer<InferenceResponse> decodeInfer(Raw r) {
    if (r.status() != 200) {
      return failure(r);
    }
    JsonNode n = r.json();
    int offset = r.headerLength().map(Integer::parseInt).orElse(r.body().length);
    List<Tensor> outputs = new ArrayList<>();
    for (JsonNode o : n.get("outputs")) {
      Datatype type = Datatype.parse(o.get("datatype").asText()).orElseThrow();
      long[] dims = new long[o.get("shape").size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = o.get("shape").get(i).asLong();
      }
      ByteBuffer data;
      if (o.has("parameters") && o.get("parameters").has("binary_data_size")) {
        int size = o.get("parameters").get("binary_data_size").asInt();
        data = ByteBuffer.wrap(r.body(), offset, size).slice().order(ByteOrder.LITTLE_ENDIAN);
        offset += size;
      } else {
        data = TensorJson.readData(o.get("data"), type);
      }
      outputs.add(Tensor.of(o.get("name").asText(), type, Shape.of(dims), data));
    }
    Parameters.Builder params = Parameters.builder();
    if (n.has("parameters")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.get("parameters").fields(); it.hasNext(); ) {
        var e = it.next();
        JsonNode v = e.getValue();
        params.put(e.getKey(), v.isBoolean() ? v.asBoolean() : v.isIntegralNumber() ? v.asLong() : v.isNumber() ? v.asDouble() : v.asText());
      }
    }
    return Answer.ok(new InferenceResponse(n.get("model_name").asText(), n.path("model_version").asText(""),
        Optional.ofNullable(n.get("id")).map(JsonNode::asText), params.build(), outputs));
  }

  static <T> Answer<T> failure(Raw r) {
    String message = r.json().path("error").asText("(no error message)");
    ErrorCode code = switch (r.status()) {
      case 400 -> ErrorCode.INVALID_ARGUMENT;
      case 404 -> ErrorCode.NOT_FOUND;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 429 -> ErrorCode.RESOURCE_EXHAUSTED;
      case 501 -> ErrorCode.UNIMPLEMENTED;
      case 503 -> ErrorCode.UNAVAILABLE;
      case 504 -> ErrorCode.DEADLINE_EXCEEDED;
      default -> ErrorCode.INTERNAL;
    };
    return Answer.failed(code, message);
  }

  @Override
  public void close() {
    http.close();
  }
}
