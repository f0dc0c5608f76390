package dev.cortado.server.batching;

import dev.cortado.control.batching.Dispatch;
import dev.cortado.core.model.RunResult;
import dev.cortado.core.tensor.Tensor;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One accepted request waiting in a variant's queue: its inputs, the outputs it asked for, its
 * batch dimension, when it arrived (on both clocks), its deadline, SLO and priority (to queue it
 * again should the instance it was sent to stop first); completed with its share of the batch's
 * result.
 */
public record BatchJob(List<Tensor> inputs, List<String> outputNames, long items, long arrivalNanos, Instant arrival,
    Instant deadline, double sloMs, int priority, CompletableFuture<Done> result) {

  /**
   * What the request got: its outputs, the time it waited before its batch started, the batch's run
   * and the number of items in the batch. {@code countsExecution} is true for exactly one request of
   * each batch, so a batch's model execution is counted once however many requests shared it;
   * {@code trigger} is why the batch went (the policy's {@link Dispatch.Trigger}).
   */
  public record Done(List<Tensor> outputs, long queueNanos, RunResult run, long batchItems, String instance,
      boolean countsExecution, Dispatch.Trigger trigger) {}
}
