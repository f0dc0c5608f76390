package dev.cortado.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortado.server.CortadoServer;
import dev.cortado.server.ServerOptions;
import dev.cortado.server.grpc.proto.InferParameter;
import dev.cortado.server.grpc.proto.ModelInferRequest;
import dev.cortado.testing.ProjectFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cortado bench} against a real server on the bundled models, over REST and gRPC, at a low rate for a second. */
class BenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path profiles;
  @TempDir Path dir;

  static CortadoServer server;
  static Path sample;

  @BeforeAll
  static void start() {
    server = CortadoServer.start(ServerOptions.builder(ProjectFiles.bundledModels()).ports(0, 0, 0).profiles(profiles).build());
    sample = ProjectFiles.fashionMnist().resolve("sample-request.json");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  static Run bench(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("--body", sample.toString(), "--duration", "1", "--warmup", "0"));
    all.addAll(List.of(args));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  static void assertAnsweredBy(JsonNode c, String variant, double accuracy) {
    assertThat(c.path("answered").asLong()).as(c.toString()).isPositive();
    assertThat(c.path("failed").asLong()).as(c.toString()).isZero();
    assertThat(c.path("errors").size()).as(c.toString()).isZero();
    assertThat(c.path("answered").asLong()).isEqualTo(c.path("sent").asLong());
    assertThat(c.path("variants").properties()).extracting(e -> e.getKey()).containsExactly(variant);
    assertThat(c.path("variants").path(variant).asLong()).isEqualTo(c.path("answered").asLong());
    assertThat(c.path("meanAccuracy").asDouble()).isCloseTo(accuracy, within(1e-9));
  }

  @Test
  void rest_open_loop_is_answered_by_the_model_named() throws Exception {
    Run r = bench("--url", "http://127.0.0.1:" + server.ports().http(), "--rate", "50", "--json",
        "--class", "plain:fashion-mlp-small");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = r.json();
    assertThat(json.path("protocol").asText()).isEqualTo("rest");
    assertThat(json.path("errors_by").asText()).isEqualTo("HTTP status");
    assertAnsweredBy(json.path("classes").get(0), "fashion-mlp-small", 0.8529);
  }

  @Test
  void rest_binary_rate_ladder_reports_each_rate_and_every_request_is_accounted_for() throws Exception {
    Run r = bench("--url", "http://127.0.0.1:" + server.ports().http(), "--rates", "40,80", "--binary", "--json",
        "--class", "strict:image-classification:min_accuracy=0.91");

    assertThat(r.exit()).as(r.err()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : r.out().strip().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).extracting(l -> l.path("rate").asDouble()).containsExactly(40.0, 80.0);
    for (JsonNode l : lines) {
      assertThat(l.path("binary").asBoolean()).isTrue();
      // The accuracy floor travelled in the binary request's JSON header.
      assertAnsweredBy(l.path("classes").get(0), "fashion-cnn-large", 0.9202);
    }
  }

  @Test
  void a_ladder_stops_at_the_first_rate_that_misses_its_slo_and_rest_errors_count_by_status() throws Exception {
    Run r = bench("--url", "http://127.0.0.1:" + server.ports().http(), "--rates", "20,40,80", "--until-miss", "--json",
        "--class", "nobody:no-such-model:latency_slo_ms=50");

    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode c = JSON.readTree(lines[0]).path("classes").get(0);
    assertThat(c.path("answered").asLong()).isZero();
    assertThat(c.path("errors").path("404").asLong()).as(c.toString()).isEqualTo(c.path("sent").asLong()).isPositive();
  }

  @Test
  void with_retries_a_rate_that_misses_is_run_again_and_the_ladder_stops_only_when_every_try_missed() throws Exception {
    Run r = bench("--url", "http://127.0.0.1:" + server.ports().http(), "--rates", "20,40", "--until-miss", "--retries", "2",
        "--json", "--class", "nobody:no-such-model:latency_slo_ms=50");

    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).as("one report per try of the first rate, none of the second").hasSize(3);
    for (String line : lines) {
      assertThat(JSON.readTree(line).path("rate").asDouble()).isEqualTo(20.0);
    }
  }

  @Test
  void grpc_raw_open_loop_is_answered_and_carries_the_class_parameters() throws Exception {
    Run r = bench("--protocol", "grpc", "--grpc-target", "127.0.0.1:" + server.ports().grpc(), "--rate", "50", "--json",
        "--class", "plain:fashion-mlp-small", "--class", "strict:image-classification:min_accuracy=0.91");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = r.json();
    assertThat(json.path("protocol").asText()).isEqualTo("grpc");
    assertThat(json.path("contents").asText()).isEqualTo("raw");
    assertThat(json.path("errors_by").asText()).isEqualTo("gRPC code");
    assertAnsweredBy(json.path("classes").get(0), "fashion-mlp-small", 0.8529);
    // Only one bundled variant reaches 0.91: the parameter travelled as an InferParameter.
    assertAnsweredBy(json.path("classes").get(1), "fashion-cnn-large", 0.9202);
  }

  @Test
  void grpc_typed_closed_loop_is_answered_and_the_table_names_its_error_codes() {
    Run r = bench("--protocol", "grpc", "--contents", "typed", "--grpc-target", "127.0.0.1:" + server.ports().grpc(),
        "--concurrency", "1", "--class", "plain:fashion-mlp-small");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("closed loop, 1 callers, grpc").contains("errors by gRPC code").contains("{fashion-mlp-small=");
  }

  @Test
  void an_unreachable_grpc_server_counts_as_unavailable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Run r = bench("--protocol", "grpc", "--grpc-target", "127.0.0.1:" + closedPort, "--rate", "5", "--json",
        "--class", "plain:fashion-mlp-small");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode c = r.json().path("classes").get(0);
    assertThat(c.path("answered").asLong()).isZero();
    assertThat(c.path("errors").path("14").asLong()).as(c.toString()).isEqualTo(c.path("sent").asLong());
  }

  @Test
  void refuses_bad_options_naming_the_value() {
    Run protocol = bench("--protocol", "soap", "--rate", "1", "--class", "a:m");
    Run contents = bench("--protocol", "grpc", "--contents", "json", "--rate", "1", "--class", "a:m");
    Run target = bench("--protocol", "grpc", "--grpc-target", "nowhere", "--rate", "1", "--class", "a:m");

    assertThat(protocol.exit()).isNotZero();
    assertThat(protocol.err()).contains("--protocol = soap, must be rest or grpc");
    assertThat(contents.exit()).isNotZero();
    assertThat(contents.err()).contains("--contents = json, must be raw or typed");
    assertThat(target.exit()).isNotZero();
    assertThat(target.err()).contains("--grpc-target = nowhere, must be HOST:PORT");
    assertThat(bench("--protocol", "grpc", "--binary", "--rate", "1", "--class", "a:m").err())
        .contains("--binary is for --protocol rest");
    assertThat(bench("--rates", "10,-1", "--class", "a:m").err()).contains("every rate must be a positive number");
    assertThat(bench("--rate", "10", "--until-miss", "--class", "a:m").err()).contains("--until-miss goes with --rates");
    assertThat(bench("--rates", "10,20", "--retries", "1", "--class", "a:m").err()).contains("--retries goes with --until-miss");
    assertThat(bench("--rates", "10,20", "--until-miss", "--retries", "-1", "--class", "a:m").err())
        .contains("--retries = -1, must be >= 0");
    assertThat(bench("--rate", "10", "--rates", "10", "--class", "a:m").err()).contains("give exactly one of");
    assertThat(bench("--url", "ftp://x", "--rate", "1", "--class", "a:m").err()).contains("must be http://HOST[:PORT]");
    assertThat(bench("--connections", "0", "--rate", "1", "--class", "a:m").err()).contains("--connections = 0");
  }

  @Test
  void raw_and_typed_requests_carry_the_sample_and_the_class_parameters() throws Exception {
    ObjectNode body = (ObjectNode) JSON.readTree(Files.readAllBytes(sample));
    List<RequestClass> classes = List.of(RequestClass.parse("a:image-classification:latency_slo_ms=20,min_accuracy=0.9,fast=true,tag=x"));

    ModelInferRequest raw = GrpcRequests.forClasses(body, classes, GrpcRequests.Contents.RAW).getFirst();
    ModelInferRequest typed = GrpcRequests.forClasses(body, classes, GrpcRequests.Contents.TYPED).getFirst();

    JsonNode data = body.path("inputs").get(0).path("data");
    assertThat(raw.getModelName()).isEqualTo("image-classification");
    assertThat(raw.getId()).isEmpty();
    assertThat(raw.getInputs(0).getName()).isEqualTo("image");
    assertThat(raw.getInputs(0).getDatatype()).isEqualTo("FP32");
    assertThat(raw.getInputs(0).getShapeList()).containsExactly(1L, 1L, 28L, 28L);
    ByteBuffer bytes = raw.getRawInputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.remaining()).isEqualTo(784 * 4);
    assertThat(typed.getRawInputContentsCount()).isZero();
    assertThat(typed.getInputs(0).getContents().getFp32ContentsCount()).isEqualTo(784);
    for (int i = 0; i < 784; i++) {
      assertThat(bytes.getFloat(i * 4)).isEqualTo((float) data.get(i).asDouble());
      assertThat(typed.getInputs(0).getContents().getFp32Contents(i)).isEqualTo((float) data.get(i).asDouble());
    }
    assertThat(raw.getParametersMap()).containsOnly(
        Map.entry("latency_slo_ms", InferParameter.newBuilder().setInt64Param(20).build()),
        Map.entry("min_accuracy", InferParameter.newBuilder().setDoubleParam(0.9).build()),
        Map.entry("fast", InferParameter.newBuilder().setBoolParam(true).build()),
        Map.entry("tag", InferParameter.newBuilder().setStringParam("x").build()));
  }

  @Test
  void other_datatypes_are_encoded_or_refused_clearly() throws Exception {
    List<RequestClass> classes = List.of(RequestClass.parse("a:m"));
    ObjectNode ints = (ObjectNode) JSON.readTree(
        "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"UINT8\",\"data\":[[0,1],[254,255]]},"
            + "{\"name\":\"s\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"hi\"]}]}");

    ModelInferRequest raw = GrpcRequests.forClasses(ints, classes, GrpcRequests.Contents.RAW).getFirst();
    ModelInferRequest typed = GrpcRequests.forClasses(ints, classes, GrpcRequests.Contents.TYPED).getFirst();

    assertThat(raw.getRawInputContents(0).toByteArray()).containsExactly(0, 1, (byte) 254, (byte) 255);
    assertThat(raw.getRawInputContents(1).toByteArray()).containsExactly(2, 0, 0, 0, 'h', 'i');
    assertThat(typed.getInputs(0).getContents().getUintContentsList()).containsExactly(0, 1, 254, 255);
    assertThat(typed.getInputs(1).getContents().getBytesContents(0).toStringUtf8()).isEqualTo("hi");

    assertThatThrownBy(() -> encode("{\"inputs\":[{\"name\":\"h\",\"shape\":[1],\"datatype\":\"FP16\",\"data\":[1.0]}]}"))
        .hasMessageContaining("input 'h' is FP16, which has no JSON form");
    assertThatThrownBy(() -> encode("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"UINT8\",\"data\":[256]}]}"))
        .hasMessageContaining("input 'x' (UINT8): element 0 = 256 is out of range [0, 255]");
    assertThatThrownBy(() -> encode("{\"inputs\":[{\"name\":\"x\",\"shape\":[3],\"datatype\":\"FP32\",\"data\":[1,2]}]}"))
        .hasMessageContaining("input 'x' has 2 elements; its shape needs 3");
    assertThatThrownBy(() -> encode("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP33\",\"data\":[1]}]}"))
        .hasMessageContaining("input 'x' has datatype 'FP33'");
  }

  private static ModelInferRequest encode(String body) throws Exception {
    return GrpcRequests.forClasses((ObjectNode) JSON.readTree(body), List.of(RequestClass.parse("a:m")), GrpcRequests.Contents.RAW)
        .getFirst();
  }
}
