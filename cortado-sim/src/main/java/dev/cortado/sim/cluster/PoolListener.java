package dev.cortado.sim.cluster;

/** What a {@link VariantPool} reports as it serves, for the run's statistics. */
public interface PoolListener {
  /** A request refused at admission: the queue was full or it could not meet its deadline. */
  void refused(String variant, ClassTag tag);

  /** A request shed from the queue once it could no longer meet its deadline. */
  void shed(String variant, ClassTag tag);

  /** A request answered {@code latencyNanos} after it arrived. */
  void answered(String variant, ClassTag tag, long latencyNanos);

  /** A batch of {@code items} that ran for {@code serviceNanos}. */
  void batchDone(String variant, int items, long serviceNanos);
}
