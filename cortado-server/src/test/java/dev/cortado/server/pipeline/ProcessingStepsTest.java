package dev.cortado.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ProcessingStepsTest {
  static final Offset<Float> EXACT = Offset.offset(1e-7f);

  @Test
  void softmax_normalises_each_row_along_the_last_axis() {
    Tensor x = Fp32.tensor("logits", Shape.of(2, 3), new float[] {0, 0, 0, 1, 2, 3});

    Tensor y = new Softmax().apply(List.of(x)).getFirst();

    float[] p = Fp32.read(y);
    assertThat(y.name()).isEqualTo("probabilities");
    assertThat(y.shape()).isEqualTo(Shape.of(2, 3));
    assertThat(p[0]).isCloseTo(1 / 3f, EXACT);
    double sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertThat(p[3]).isCloseTo((float) (Math.exp(1) / sum), EXACT);
    assertThat(p[4]).isCloseTo((float) (Math.exp(2) / sum), EXACT);
    assertThat(p[5]).isCloseTo((float) (Math.exp(3) / sum), EXACT);
  }

  @Test
  void softmax_stays_finite_for_large_logits() {
    float[] p = Fp32.read(new Softmax().apply(List.of(Fp32.tensor("x", Shape.of(2), new float[] {1000, 1000}))).getFirst());

    assertThat(p).containsExactly(0.5f, 0.5f);
  }

  @Test
  void mean_averages_its_inputs_elementwise() {
    Tensor a = Fp32.tensor("a", Shape.of(1, 3), new float[] {1, 2, 3});
    Tensor b = Fp32.tensor("b", Shape.of(1, 3), new float[] {3, 4, 8});
    Tensor c = Fp32.tensor("c", Shape.of(1, 3), new float[] {2, 0, 1});

    Tensor m = new Mean().apply(List.of(a, b, c)).getFirst();

    assertThat(m.name()).isEqualTo("mean");
    assertThat(Fp32.read(m)).containsExactly(2f, 2f, 4f);
  }

  @Test
  void top_k_keeps_the_largest_first_with_ties_to_the_lower_index() {
    Tensor x = Fp32.tensor("p", Shape.of(2, 4), new float[] {0.1f, 0.4f, 0.4f, 0.1f, 0.7f, 0.1f, 0.0f, 0.2f});

    List<Tensor> out = new TopK(2, List.of("a", "b", "c", "d"), false).apply(List.of(x));

    assertThat(out).extracting(Tensor::name).containsExactly("indices", "scores", "labels");
    assertThat(longs(out.get(0))).containsExactly(1, 2, 0, 3);
    assertThat(Fp32.read(out.get(1))).containsExactly(0.4f, 0.4f, 0.7f, 0.2f);
    assertThat(out.get(2).bytesElements()).extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly("b", "c", "a", "d");
    assertThat(out.get(0).shape()).isEqualTo(Shape.of(2, 2));
  }

  @Test
  void argmax_drops_the_last_axis() {
    Tensor x = Fp32.tensor("p", Shape.of(3, 2), new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.5f, 0.5f});

    List<Tensor> out = TopK.argmax(List.of()).apply(List.of(x));

    assertThat(out).extracting(Tensor::name).containsExactly("index", "score");
    assertThat(out.get(0).shape()).isEqualTo(Shape.of(3));
    assertThat(longs(out.get(0))).containsExactly(0, 1, 0);
    assertThat(Fp32.read(out.get(1))).containsExactly(0.9f, 0.8f, 0.5f);
  }

  @Test
  void steps_type_their_outputs_from_their_inputs() {
    TensorSpec logits = new TensorSpec("logits", Datatype.FP32, Shape.of(-1, 10));

    assertThat(new Softmax().outputs(List.of(logits))).containsExactly(new TensorSpec("probabilities", Datatype.FP32, Shape.of(-1, 10)));
    assertThat(new Mean().outputs(List.of(logits, new TensorSpec("b", Datatype.FP32, Shape.of(4, -1)))))
        .containsExactly(new TensorSpec("mean", Datatype.FP32, Shape.of(4, 10)));
    assertThat(new TopK(3, List.of(), false).outputs(List.of(logits))).containsExactly(
        new TensorSpec("indices", Datatype.INT64, Shape.of(-1, 3)), new TensorSpec("scores", Datatype.FP32, Shape.of(-1, 3)));
    assertThat(TopK.argmax(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")).outputs(List.of(logits))).containsExactly(
        new TensorSpec("index", Datatype.INT64, Shape.of(-1)), new TensorSpec("score", Datatype.FP32, Shape.of(-1)),
        new TensorSpec("label", Datatype.BYTES, Shape.of(-1)));
  }

  @Test
  void steps_refuse_inputs_they_cannot_take() {
    TensorSpec logits = new TensorSpec("logits", Datatype.FP32, Shape.of(-1, 10));
    assertThatThrownBy(() -> new Softmax().outputs(List.of(new TensorSpec("ids", Datatype.INT64, Shape.of(-1, 10)))))
        .hasMessage("step softmax takes FP32, input 'ids' is INT64");
    assertThatThrownBy(() -> new Softmax().outputs(List.of(logits, logits)))
        .hasMessage("step softmax takes exactly one input, got 2 [logits, logits]");
    assertThatThrownBy(() -> new Mean().outputs(List.of(logits, new TensorSpec("b", Datatype.FP32, Shape.of(-1, 5)))))
        .hasMessage("step mean takes inputs of one shape; 'logits' is [-1, 10] and 'b' is [-1, 5]");
    assertThatThrownBy(() -> new TopK(11, List.of(), false).outputs(List.of(logits)))
        .hasMessage("step top_k keeps k = 11 but input 'logits' has 10 along its last axis");
    assertThatThrownBy(() -> TopK.argmax(List.of("a", "b")).outputs(List.of(logits)))
        .hasMessage("step argmax names 2 classes but input 'logits' has 10 along its last axis");
  }

  private static long[] longs(Tensor t) {
    LongBuffer b = t.data().asLongBuffer();
    long[] out = new long[b.remaining()];
    b.get(out);
    return out;
  }
}
