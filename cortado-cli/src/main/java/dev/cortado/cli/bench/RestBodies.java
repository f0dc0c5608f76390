package dev.cortado.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.cortado.server.grpc.proto.ModelInferRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Each class's REST request body, built once from the sample body: the class's parameters merged
 * over the sample's, no {@code id}. As JSON (the sample's data as it is), or with the binary tensor
 * extension: a JSON header whose inputs carry {@code binary_data_size} instead of {@code data},
 * then the inputs' little-endian bytes, as Triton's clients send them.
 */
final class RestBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One prepared body.
   *
   * @param headerLength the JSON header's length in bytes ({@code Inference-Header-Content-Length}),
   *     empty for a JSON body
   */
  record Body(byte[] bytes, String contentType, OptionalInt headerLength) {}

  private RestBodies() {}

  /** JSON bodies, one per class in the classes' order. */
  static List<Body> json(ObjectNode sample, List<RequestClass> classes) {
    List<Body> out = new ArrayList<>();
    for (RequestClass c : classes) {
      out.add(new Body(write(withParameters(sample, c)), "application/json", OptionalInt.empty()));
    }
    return out;
  }

  /**
   * Binary-extension bodies, one per class in the classes' order.
   *
   * @throws IllegalArgumentException naming the input when the sample's data cannot be encoded
   */
  static List<Body> binary(ObjectNode sample, List<RequestClass> classes) {
    List<ModelInferRequest> raw = GrpcRequests.forClasses(sample, classes, GrpcRequests.Contents.RAW);
    List<Body> out = new ArrayList<>();
    for (int i = 0; i < classes.size(); i++) {
      ObjectNode header = withParameters(sample, classes.get(i));
      List<ByteString> data = raw.get(i).getRawInputContentsList();
      for (int k = 0; k < data.size(); k++) {
        ObjectNode input = (ObjectNode) header.path("inputs").get(k);
        input.remove("data");
        ObjectNode p = input.get("parameters") instanceof ObjectNode o ? o : input.putObject("parameters");
        p.put("binary_data_size", data.get(k).size());
      }
      byte[] head = write(header);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(head);
      data.forEach(d -> body.writeBytes(d.toByteArray()));
      out.add(new Body(body.toByteArray(), "application/octet-stream", OptionalInt.of(head.length)));
    }
    return out;
  }

  private static ObjectNode withParameters(ObjectNode sample, RequestClass c) {
    ObjectNode root = sample.deepCopy();
    root.remove("id");
    ObjectNode params = root.get("parameters") instanceof ObjectNode p ? p : root.putObject("parameters");
    for (Map.Entry<String, Object> e : c.parameters().entrySet()) {
      params.putPOJO(e.getKey(), e.getValue());
    }
    return root;
  }

  private static byte[] write(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
