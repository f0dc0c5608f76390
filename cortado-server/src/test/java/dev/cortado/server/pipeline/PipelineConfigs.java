package dev.cortado.server.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Pipeline configs for tests, from YAML text. */
final class PipelineConfigs {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The bundled ensemble's shape over the fake models: fan-out to cnn and mlp, softmax each, mean, argmax. */
  static final String ENSEMBLE = """
      platform: pipeline
      slo-ms: 100
      inputs:
        - {name: image, datatype: FP32, shape: [-1, 1, 28, 28]}
      stages:
        - {name: a, model: cnn, inputs: {image: image}}
        - {name: b, model: mlp, inputs: {image: image}}
        - {name: pa, step: softmax, inputs: {logits: a.logits}}
        - {name: pb, step: softmax, inputs: {logits: b.logits}}
        - {name: avg, step: mean, inputs: {x: pa.probabilities, y: pb.probabilities}}
        - {name: top, step: argmax, inputs: {p: avg.mean}}
      outputs:
        - {name: class, from: top.index}
        - {name: score, from: top.score}
      """;

  private PipelineConfigs() {}

  static PipelineSpec parse(String yaml) {
    try {
      return new PipelineConfigLoader().parse(YAML.readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Pipeline validate(String name, String yaml) {
    return new PipelineValidator(new FakeStageModels()).validate(name, parse(yaml));
  }
}
