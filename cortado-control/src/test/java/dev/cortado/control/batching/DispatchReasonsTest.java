package dev.cortado.control.batching;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The text of every kind of decision, pinned word for word (the server logs it): the policies write
 * their reasons only when read, and what is read must not change. Each decision is checked through
 * {@code toString()}, which shows every field.
 */
@ExtendWith(SoftAssertionsExtension.class)
class DispatchReasonsTest {
  @InjectSoftAssertions
  private SoftAssertions softly;

  @Test
  void cortadoExplainsEveryKindOfDecision() {
    CortadoBatching linear = new CortadoBatching(BatchProfiles.linear(), 8);
    softly.assertThat(new Scenario(linear).enqueue("a", 10).at(9).decide()).hasToString(
        "Now[requests=1, reason=the head cannot meet its deadline even alone (1 ms left); serving it at once, trigger=LATE,"
            + " predictedLatencyMs=2.0]");
    Scenario full = new Scenario(linear);
    IntStream.rangeClosed(1, 9).forEach(i -> full.enqueue("r" + i, 100));
    softly.assertThat(full.decide()).hasToString(
        "Now[requests=8, reason=batch of 8 is full (max batch 8), trigger=FULL, predictedLatencyMs=9.0]");
    softly.assertThat(new Scenario(new CortadoBatching(BatchProfiles.plateau(), 8))
        .enqueue("a", 100).enqueue("b", 100).enqueue("c", 100).enqueue("d", 100).decide()).hasToString(
        "Now[requests=4, reason=batch of 4 reached the knee: throughput stops growing past 4, trigger=KNEE,"
            + " predictedLatencyMs=6.0]");
    softly.assertThat(new Scenario(linear).enqueue("a", 4).enqueue("b", 100).at(1.5).decide()).hasToString(
        "Now[requests=1, reason=batch of 1 is all that can meet its deadlines; 1 more wait, trigger=BACKLOG,"
            + " predictedLatencyMs=2.0]");
    softly.assertThat(new Scenario(linear).enqueue("a", 10.5).at(8.5).decide()).hasToString(
        "Now[requests=1, reason=batch of 1 must go: its most urgent request has 2 ms left and the batch takes 2 ms (p99),"
            + " trigger=DEADLINE, predictedLatencyMs=2.0]");
    softly.assertThat(new Scenario(linear).arrivalRate(Double.NaN).enqueue("a", 100).decide()).hasToString(
        "Now[requests=1, reason=batch of 1 goes now: no arrival rate yet, trigger=IMMEDIATE, predictedLatencyMs=2.0]");
    softly.assertThat(new Scenario(linear).arrivalRate(10.5).enqueue("a", 100).decide()).hasToString(
        "Now[requests=1, reason=batch of 1 goes now: at 10.5 requests/s an instance keeps up with batches this size,"
            + " trigger=IMMEDIATE, predictedLatencyMs=2.0]");
    softly.assertThat(new Scenario(linear).arrivalRate(1000).enqueue("a", 100).decide()).hasToString(
        "WaitUntil[time=1970-01-01T00:00:00.001Z, reason=batch of 1 waits 1 ms for 1 more items, the batch that keeps up"
            + " with 1000 requests/s]");
    softly.assertThat(new Scenario(linear).enqueue("three", 10, 0, 3).decide()).hasToString(
        "WaitUntil[time=1970-01-01T00:00:00.006Z, reason=batch of 1 (3 items) can wait 6 ms for more requests: it takes"
            + " 4 ms (p99)]");
  }

  @Test
  void cortadoNamesItsLearnedMarginAndItsQuantile() {
    var settings = new CortadoBatching.Settings(0.95, 0.05, Duration.ZERO, Duration.ZERO, 4, 0.9, 50);
    CortadoBatching policy = new CortadoBatching(BatchProfiles.linear(), 8, settings);
    IntStream.range(0, 4).forEach(i -> policy.observe(
        new BatchOutcome(Scenario.ms(i), 4, 7.5 + 1.0 / 3, Double.NaN, false, List.of(), List.of())));
    softly.assertThat(new Scenario(policy).enqueue("a", 100).decide()).hasToString(
        "WaitUntil[time=1970-01-01T00:00:00.095166666Z, reason=batch of 1 can wait 95.17 ms for more requests: it takes"
            + " 1.5 ms (p95) + 3.333 ms margin]");
    softly.assertThat(new Scenario(policy).enqueue("a", 10).at(5.166666).decide()).hasToString(
        "Now[requests=1, reason=batch of 1 must go: its most urgent request has 4.833 ms left and the batch takes 1.5 ms (p95)"
            + " + 3.333 ms margin, trigger=DEADLINE, predictedLatencyMs=1.5]");
  }

  @Test
  void baselinesExplainTheirDecisions() {
    FixedBatching fixed = new FixedBatching(4, Duration.ofMillis(10));
    softly.assertThat(new Scenario(fixed).enqueue("a", 1000).decide()).hasToString(
        "WaitUntil[time=1970-01-01T00:00:00.010Z, reason=waiting for a full batch (1 of 4 items) or the max queue delay]");
    softly.assertThat(new Scenario(fixed).enqueue("a", 1000).at(10).decide()).hasToString(
        "Now[requests=1, reason=max queue delay 10 ms reached with 1 of 4 items, trigger=TIMER, predictedLatencyMs=NaN]");
    softly.assertThat(new Scenario(fixed).enqueue("a", 1000, 0, 5).decide()).hasToString(
        "Now[requests=1, reason=batch full: 5 items queued, max batch 4, trigger=FULL, predictedLatencyMs=NaN]");

    MlproxyBatching mlproxy = new MlproxyBatching(BatchProfiles.linear(), 100, 4, 8);
    softly.assertThat(new Scenario(mlproxy).enqueue("a", 1000).decide()).hasToString(
        "WaitUntil[time=1970-01-01T00:00:00.095500Z, reason=buffer holds 1 of 4 items; timer 95.5 ms = max(SLO 100 - p95(4) 4.5, 50)]");
    softly.assertThat(new Scenario(mlproxy).enqueue("a", 1000).at(95.5).decide()).hasToString(
        "Now[requests=1, reason=buffer timer of 95.5 ms ran out with 1 of 4 items, trigger=TIMER, predictedLatencyMs=1.5]");
    Scenario buffer = new Scenario(mlproxy);
    IntStream.rangeClosed(1, 4).forEach(i -> buffer.enqueue("r" + i, 1000));
    softly.assertThat(buffer.decide()).hasToString(
        "Now[requests=4, reason=buffer full: batch size 4, trigger=FULL, predictedLatencyMs=4.5]");

    softly.assertThat(new Scenario(new NoBatching()).enqueue("a", 1000).decide()).hasToString(
        "Now[requests=1, reason=no batching: one request at a time, trigger=IMMEDIATE, predictedLatencyMs=NaN]");
    softly.assertThat(new Scenario(new NoBatching()).decide()).hasToString("Idle[reason=queue empty]");
  }
}
