package dev.cortado.server.pipeline;

import static dev.cortado.server.pipeline.PipelineConfigs.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.TensorSpec;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class PipelineValidatorTest {
  static final String IMAGE = "inputs:\n  - {name: image, datatype: FP32, shape: [-1, 1, 28, 28]}\n";

  @Test
  void a_valid_ensemble_is_ordered_typed_and_batched_as_its_narrowest_stage() {
    Pipeline p = validate("ensemble", PipelineConfigs.ENSEMBLE);

    assertThat(p.order()).extracting(StageSpec::name).containsExactly("a", "b", "pa", "pb", "avg", "top");
    assertThat(p.signature().outputs()).containsExactly(
        new TensorSpec("class", Datatype.INT64, Shape.of(-1)), new TensorSpec("score", Datatype.FP32, Shape.of(-1)));
    assertThat(p.maxBatchSize()).isEqualTo(64);
    assertThat(p.spec().sloMs()).isEqualTo(100);
  }

  @Test
  void stages_are_ordered_after_what_they_read_whatever_the_config_order() {
    Pipeline p = validate("chain", "platform: pipeline\n" + IMAGE + """
        stages:
          - {name: top, step: top_k, parameters: {k: 2}, inputs: {p: soft.probabilities}}
          - {name: soft, step: softmax, inputs: {x: classify.logits}}
          - {name: classify, task: image-classification, inputs: {image: image}}
        outputs:
          - {name: classes, from: top.indices}
        """);

    assertThat(p.order()).extracting(StageSpec::name).containsExactly("classify", "soft", "top");
    assertThat(p.maxBatchSize()).isEqualTo(64);
  }

  @Test
  void a_cycle_is_refused_with_its_stages() {
    assertRefused("platform: pipeline\n" + IMAGE + """
        stages:
          - {name: m, model: cnn, inputs: {image: image}}
          - {name: a, step: mean, inputs: {x: m.logits, y: c.probabilities}}
          - {name: b, step: softmax, inputs: {x: a.mean}}
          - {name: c, step: softmax, inputs: {x: b.probabilities}}
        outputs:
          - {name: out, from: c.probabilities}
        """).hasMessageContaining("stages form a cycle: b -> c -> a -> b");
  }

  @Test
  void a_stage_reading_itself_is_a_cycle() {
    assertRefused("platform: pipeline\n" + IMAGE + """
        stages:
          - {name: m, model: cnn, inputs: {image: image}}
          - {name: a, step: mean, inputs: {x: m.logits, y: a.mean}}
        outputs:
          - {name: out, from: a.mean}
        """).hasMessageContaining("stages form a cycle: a -> a");
  }

  @Test
  void unknown_stages_inputs_and_tensors_are_named() {
    assertRefused("platform: pipeline\n" + IMAGE + """
        stages:
          - {name: a, model: cnn, inputs: {image: picture}}
        outputs:
          - {name: out, from: nope.logits}
          - {name: image, from: image}
        """).hasMessageContaining("stage 'a' input 'image' = 'picture': no pipeline input 'picture' (inputs: [image]")
        .hasMessageContaining("output 'out' = 'nope.logits': no stage 'nope' (stages: [a])");
    assertRefused("platform: pipeline\n" + IMAGE + """
        stages:
          - {name: a, model: cnn, inputs: {image: image}}
          - {name: p, step: softmax, inputs: {x: a.scores}}
        outputs:
          - {name: out, from: p.probabilities}
        """).hasMessageContaining("stage 'p' input 'x' = 'a.scores': stage 'a' has no output 'scores' (outputs: [logits])");
  }

  @Test
  void unknown_and_unavailable_models_and_tasks_are_named() {
    assertRefused(oneStage("model: resnet")).hasMessageContaining(
        "stage 'a': model 'resnet' is not in the repository (models: [broken, calibrator, cnn, embedder, mlp])");
    assertRefused(oneStage("model: broken")).hasMessageContaining(
        "stage 'a': model 'broken' is UNAVAILABLE: no model.onnx in version folder 1");
    assertRefused(oneStage("task: speech-recognition")).hasMessageContaining("stage 'a': no model serves task 'speech-recognition'");
  }

  @Test
  void datatype_and_shape_mismatches_are_named() {
    assertRefused(oneStage("model: embedder", "tokens: image")).hasMessageContaining(
        "stage 'a' input 'tokens': datatype FP32, model 'embedder' expects INT64");
    assertRefused("platform: pipeline\ninputs:\n  - {name: image, datatype: FP32, shape: [-1, 784]}\n" + """
        stages:
          - {name: a, model: cnn, inputs: {image: image}}
        outputs:
          - {name: out, from: a.logits}
        """).hasMessageContaining("stage 'a' input 'image': shape [-1, 784], model 'cnn' expects [-1, 1, 28, 28] (-1 = any size)");
    assertRefused("platform: pipeline\n" + IMAGE + """
        stages:
          - {name: a, model: cnn, inputs: {image: image}}
          - {name: t, step: top_k, parameters: {k: 11}, inputs: {p: a.logits}}
        outputs:
          - {name: out, from: t.indices}
        """).hasMessageContaining("stage 't': step top_k keeps k = 11 but input 'p' has 10 along its last axis");
  }

  @Test
  void model_inputs_must_be_fed_and_exist() {
    assertRefused(oneStage("model: cnn", "picture: image"))
        .hasMessageContaining("stage 'a': model 'cnn' needs input 'image' (" + FakeStageModels.CLASSIFIER.inputs().getFirst()
            + "), which the stage does not feed")
        .hasMessageContaining("stage 'a': model 'cnn' has no input 'picture'");
  }

  @Test
  void unused_inputs_and_stages_are_refused() {
    assertRefused("platform: pipeline\n" + IMAGE + """
          - {name: mask, datatype: FP32, shape: [-1]}
        stages:
          - {name: a, model: cnn, inputs: {image: image}}
          - {name: b, model: mlp, inputs: {image: image}}
        outputs:
          - {name: out, from: a.logits}
        """).hasMessageContaining("input 'mask' is used by no stage and no output")
        .hasMessageContaining("stage 'b' feeds no stage and no output");
  }

  @Test
  void names_must_be_unique() {
    assertRefused("platform: pipeline\n" + IMAGE + """
        stages:
          - {name: a, model: cnn, inputs: {image: image}}
          - {name: a, model: mlp, inputs: {image: image}}
        outputs:
          - {name: out, from: a.logits}
          - {name: out, from: a.logits}
        """).hasMessageContaining("stage 'a' is declared more than once").hasMessageContaining("output 'out' is declared more than once");
  }

  @Test
  void a_batch_larger_than_a_stage_takes_is_refused() {
    assertRefused(PipelineConfigs.ENSEMBLE.replace("slo-ms: 100", "slo-ms: 100\nmax-batch-size: 128"))
        .hasMessageContaining("max-batch-size = 128, more than stage 'b' takes (64)");
  }

  @Test
  void config_syntax_errors_are_reported_together_with_their_keys() {
    assertThatThrownBy(() -> PipelineConfigs.parse("""
        platform: onnxruntime_onnx
        slo-ms: -5
        colour: blue
        inputs:
          - {name: image, datatype: FP99, shape: [-1]}
        stages:
          - {name: a, model: cnn, step: softmax, inputs: {image: image}}
          - {name: b, step: relu, inputs: {x: a.logits}}
          - {name: c, step: top_k, inputs: {x: b.y}}
          - {name: d.e, step: softmax, inputs: {x: a.logits}}
        outputs:
          - {name: out}
        """))
        .isInstanceOf(CortadoException.class)
        .hasMessageContaining("unknown key 'colour'")
        .hasMessageContaining("platform = \"onnxruntime_onnx\", must be 'pipeline' for a pipeline")
        .hasMessageContaining("slo-ms = -5, must be a positive number of milliseconds")
        .hasMessageContaining("inputs[0].datatype = \"FP99\"")
        .hasMessageContaining("stage 'a' must name exactly one of model, task or step, got [model, step]")
        .hasMessageContaining("stage 'b': step = 'relu', must be one of [softmax, mean, top_k, argmax]")
        .hasMessageContaining("stage 'c': parameters.k = null, must be a whole number >= 1")
        .hasMessageContaining("stages[3].name = \"d.e\", must be a non-empty name without dots")
        .hasMessageContaining("outputs[0].from = null, must be a pipeline input or <stage>.<output>");
  }

  private static String oneStage(String kind) {
    return oneStage(kind, "image: image");
  }

  private static String oneStage(String kind, String inputs) {
    return "platform: pipeline\n" + IMAGE + "stages:\n  - {name: a, " + kind + ", inputs: {" + inputs + "}}\n"
        + "outputs:\n  - {name: out, from: a.logits}\n";
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String yaml) {
    return assertThatThrownBy(() -> validate("p", yaml))
        .isInstanceOf(CortadoException.class)
        .satisfies(e -> assertThat(((CortadoException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageStartingWith("config.yaml: ");
  }
}
