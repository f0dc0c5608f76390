package dev.cortado.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestClassTest {
  @Test
  void a_name_and_a_target_alone() {
    RequestClass c = RequestClass.parse("plain:fashion-mlp-small");

    assertThat(c.name()).isEqualTo("plain");
    assertThat(c.target()).isEqualTo("fashion-mlp-small");
    assertThat(c.parameters()).isEmpty();
    assertThat(c.weight()).isEqualTo(1);
    assertThat(c.sloMs()).isInfinite();
    assertThat(c.minAccuracy()).isZero();
  }

  @Test
  void parameters_are_typed_and_weight_is_kept_apart() {
    RequestClass c = RequestClass.parse("tight:image-classification:latency_slo_ms=5,min_accuracy=0.9,weight=2.5,fast=true,tier=gold");

    assertThat(c.parameters()).containsExactlyInAnyOrderEntriesOf(
        Map.of("latency_slo_ms", 5L, "min_accuracy", 0.9, "fast", true, "tier", "gold"));
    assertThat(c.weight()).isEqualTo(2.5);
    assertThat(c.sloMs()).isEqualTo(5);
    assertThat(c.minAccuracy()).isEqualTo(0.9);
  }

  @Test
  void an_empty_parameter_list_is_none() {
    assertThat(RequestClass.parse("a:m:").parameters()).isEmpty();
  }

  @Test
  void a_value_may_hold_a_colon() {
    assertThat(RequestClass.parse("a:m:note=x:y").parameters()).containsEntry("note", "x:y");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "plain                  | must be NAME:TARGET[:key=value,...]",
      ":m                     | must be NAME:TARGET[:key=value,...]",
      "a:                     | must be NAME:TARGET[:key=value,...]",
      "\" :m\"                | must be NAME:TARGET[:key=value,...]",
      "a:m:latency_slo_ms     | 'latency_slo_ms' must be key=value",
      "a:m:=5                 | '=5' must be key=value",
      "a:m:weight=0           | weight = 0.0, must be > 0",
      "a:m:weight=-1          | weight = -1.0, must be > 0",
      "a:m:weight=heavy       | request class 'a:m:weight=heavy': weight = heavy, must be a number > 0",
  })
  void bad_specs_are_refused_with_the_spec_in_the_message(String spec, String message) {
    assertThatThrownBy(() -> RequestClass.parse(spec)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }
}
