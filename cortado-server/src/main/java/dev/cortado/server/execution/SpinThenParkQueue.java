package dev.cortado.server.execution;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A bounded queue whose consumer spins briefly before it parks. An instance's thread that has just
 * finished a run usually gets its next request within microseconds under load; waking a parked
 * thread costs tens of microseconds on a virtual machine, more than the smallest models take to
 * run. The spin is bounded ({@link #SPIN_NANOS}) so an idle instance costs no CPU.
 */
final class SpinThenParkQueue<E> extends ArrayBlockingQueue<E> {
  private static final long serialVersionUID = 1L;
  static final long SPIN_NANOS = 50_000;

  SpinThenParkQueue(int capacity) {
    super(capacity);
  }

  @Override
  public E take() throws InterruptedException {
    long start = System.nanoTime();
    do {
      E e = poll();
      if (e != null) {
        return e;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() - start < SPIN_NANOS);
    return super.take();
  }
}
