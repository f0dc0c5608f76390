package dev.cortado.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortado.server.CortadoServer;
import dev.cortado.server.ServerOptions;
import dev.cortado.testing.FashionMnist;
import dev.cortado.testing.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad repository entries are UNAVAILABLE with their reason while the rest serve; load and unload work. */
class RepositoryLifecycleTest {
  @TempDir Path repo;
  @TempDir Path profiles;
  CortadoServer server;
  RestOipClient client;

  @BeforeEach
  void start() throws IOException {
    copyModel("fashion-mlp-small");
    Path garbage = Files.createDirectories(repo.resolve("not-onnx/1"));
    Files.writeString(garbage.resolve("model.onnx"), "this is not an ONNX model");
    Files.createDirectories(repo.resolve("no-versions"));
    Path badConfig = Files.createDirectories(repo.resolve("bad-config/1"));
    Files.copy(ProjectFiles.bundledModels().resolve("fashion-mlp-small/1/model.onnx"), badConfig.resolve("model.onnx"));
    Files.writeString(repo.resolve("bad-config/config.yaml"), "max-batch-size: lots\ncolour: blue\n");
    Path mismatch = Files.createDirectories(repo.resolve("mismatch/1"));
    Files.copy(ProjectFiles.bundledModels().resolve("fashion-mlp-small/1/model.onnx"), mismatch.resolve("model.onnx"));
    Files.writeString(repo.resolve("mismatch/config.yaml"),
        "inputs:\n  - name: image\n    datatype: INT32\n    shape: [-1, 784]\n");
    server = CortadoServer.start(ServerOptions.builder(repo).ports(0, 0, 0).profiles(profiles).build());
    client = new RestOipClient(server.ports().http(), false);
  }

  private void copyModel(String name) throws IOException {
    Path from = ProjectFiles.bundledModels().resolve(name);
    Files.createDirectories(repo.resolve(name).resolve("1"));
    Files.copy(from.resolve("config.yaml"), repo.resolve(name).resolve("config.yaml"));
    Files.copy(from.resolve("1/model.onnx"), repo.resolve(name).resolve("1/model.onnx"));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private JsonNode entry(String name) {
    for (JsonNode e : client.send("POST", "/v2/repository/index", null, Map.of()).json()) {
      if (e.get("name").asText().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no index entry for " + name);
  }

  @Test
  void broken_entries_are_unavailable_with_a_reason_and_the_rest_serve() {
    assertThat(entry("fashion-mlp-small").get("state").asText()).isEqualTo("READY");
    assertThat(entry("not-onnx").get("state").asText()).isEqualTo("UNAVAILABLE");
    assertThat(entry("not-onnx").get("reason").asText()).contains("not-onnx").contains("ONNX Runtime cannot load");
    assertThat(entry("no-versions").get("reason").asText()).contains("no version folder");
    assertThat(entry("bad-config").get("reason").asText())
        .contains("max-batch-size = \"lots\"").contains("unknown key 'colour'");
    assertThat(entry("mismatch").get("reason").asText())
        .contains("input 'image' is declared INT32 but the model has FP32");

    assertThat(client.modelReady("not-onnx", java.util.Optional.empty()).get()).isFalse();
    var r = client.send("POST", "/v2/models/not-onnx/infer", "{\"inputs\":[]}".getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.json().get("error").asText()).contains("UNAVAILABLE");
    assertThat(client.serverReady()).isTrue();
    assertThat(client.infer(Requests.infer("fashion-mlp-small", Requests.imageBatch(FashionMnist.testSet(), 0, 1))).value()).isPresent();
  }

  @Test
  void unload_then_load_again() {
    var unload = client.send("POST", "/v2/repository/models/fashion-mlp-small/unload", null, Map.of());
    assertThat(unload.status()).isEqualTo(200);
    assertThat(entry("fashion-mlp-small").get("state").asText()).isEqualTo("UNAVAILABLE");
    assertThat(entry("fashion-mlp-small").get("reason").asText()).isEqualTo("unloaded");
    assertThat(client.infer(Requests.infer("fashion-mlp-small", Requests.imageBatch(FashionMnist.testSet(), 0, 1))).error())
        .contains(dev.cortado.core.error.ErrorCode.UNAVAILABLE);

    var load = client.send("POST", "/v2/repository/models/fashion-mlp-small/load", null, Map.of());
    assertThat(load.status()).isEqualTo(200);
    assertThat(entry("fashion-mlp-small").get("state").asText()).isEqualTo("READY");
    assertThat(client.infer(Requests.infer("fashion-mlp-small", Requests.imageBatch(FashionMnist.testSet(), 0, 1))).value()).isPresent();

    assertThat(client.send("POST", "/v2/repository/models/nothing-here/load", null, Map.of()).status()).isEqualTo(404);
  }
}
