package dev.cortado.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.server.CortadoServer;
import dev.cortado.server.ServerOptions;
import dev.cortado.testing.FashionMnist;
import dev.cortado.testing.ProjectFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each bundled variant scores, through the server, the accuracy its config.yaml records on the
 * Fashion-MNIST test set (10,000 images). The recorded figure was measured in PyTorch by the
 * training script; ONNX Runtime may round a few borderline logits the other way, hence 0.1 %.
 */
class BundledAccuracyTest {
  @TempDir static Path profiles;
  static final int BATCH = 250;
  static CortadoServer server;
  static FashionMnist data;

  @BeforeAll
  static void start() {
    data = FashionMnist.testSet();
    server = CortadoServer.start(ServerOptions.builder(ProjectFiles.bundledModels()).ports(0, 0, 0).profiles(profiles).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"fashion-mlp-small", "fashion-mlp-large", "fashion-cnn-small", "fashion-cnn-large"})
  void recorded_accuracy_is_what_the_variant_scores_through_the_server(String model) {
    try (RestOipClient client = new RestOipClient(server.ports().http(), true)) {
      OipClient.ModelInfo info = client.modelMetadata(model, Optional.empty()).get();
      double recorded = Double.parseDouble(info.properties().get("accuracy"));
      assertThat(info.properties().get("accuracy_dataset")).containsIgnoringCase("fashion-mnist");
      int correct = 0;
      for (int first = 0; first < data.count(); first += BATCH) {
        int n = Math.min(BATCH, data.count() - first);
        // A bulk evaluation, not an interactive request: a generous deadline for batches of 250.
        var request = new dev.cortado.core.inference.InferenceRequest(model, Optional.empty(), Optional.empty(),
            dev.cortado.core.inference.Parameters.builder().put("latency_slo_ms", 60_000.0).build(),
            List.of(Requests.imageBatch(data, first, n)), List.of());
        InferenceResponse r = client.infer(request).get();
        float[] logits = Requests.floats(r.outputs().getFirst());
        for (int i = 0; i < n; i++) {
          if (argmax(logits, i * 10, 10) == data.label(first + i)) {
            correct++;
          }
        }
      }
      double measured = correct / (double) data.count();
      System.out.printf("%s: recorded %.4f, measured through the server %.4f%n", model, recorded, measured);
      assertThat(measured).as(model).isCloseTo(recorded, org.assertj.core.data.Offset.offset(0.001));
    }
  }

  private static int argmax(float[] v, int from, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (v[from + i] > v[from + best]) {
        best = i;
      }
    }
    return best;
  }
}
