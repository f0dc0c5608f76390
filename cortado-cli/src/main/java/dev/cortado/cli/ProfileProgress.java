package dev.cortado.cli;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.runtime.onnx.ProfileListener;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** How {@code cortado profile} shows its progress: a bar on a terminal, else a line per step. */
sealed interface ProfileProgress extends ProfileListener, AutoCloseable permits ProfileProgress.Bar, ProfileProgress.Lines {

  /** A bar when standard output is a terminal ({@code System.console()} is not null), else lines to {@code err}. */
  static ProfileProgress forThisProcess(long steps, PrintWriter err) {
    return System.console() != null ? new Bar(steps) : new Lines(steps, err);
  }

  @Override
  void close();

  /** A progress bar (me.tongfei.progressbar) on standard error, naming the point being measured. */
  final class Bar implements ProfileProgress {
    private final ProgressBar bar;

    Bar(long steps) {
      this.bar = new ProgressBarBuilder()
          .setTaskName("profile")
          .setInitialMax(steps)
          .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
          .setUpdateIntervalMillis(250)
          .build();
    }

    @Override
    public void instanceMeasured(VariantSpec variant, InstanceSize size, double coldStartMs, long memoryBytes) {
      bar.setExtraMessage(variant + " t=" + size.threads() + " cold start");
      bar.step();
    }

    @Override
    public void pointMeasured(VariantSpec variant, InstanceSize size, BatchLatency latency) {
      bar.setExtraMessage(variant + " t=" + size.threads() + " b=" + latency.batchSize());
      bar.step();
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  /** One plain line per step, for logs and pipes. */
  final class Lines implements ProfileProgress {
    private final long steps;
    private final PrintWriter err;
    private long done;

    Lines(long steps, PrintWriter err) {
      this.steps = steps;
      this.err = err;
    }

    @Override
    public void instanceMeasured(VariantSpec variant, InstanceSize size, double coldStartMs, long memoryBytes) {
      line(String.format(Locale.ROOT, "%s threads=%d cold-start=%.1f ms memory=%s",
          variant, size.threads(), coldStartMs, ProfileCommand.bytes(memoryBytes)));
    }

    @Override
    public void pointMeasured(VariantSpec variant, InstanceSize size, BatchLatency b) {
      line(String.format(Locale.ROOT, "%s threads=%d batch=%d p50=%.3f ms p95=%.3f ms p99=%.3f ms samples=%d",
          variant, size.threads(), b.batchSize(), b.p50Ms(), b.p95Ms(), b.p99Ms(), b.samplesMs().size()));
    }

    private void line(String text) {
      done++;
      err.println("[" + done + "/" + steps + "] " + text);
      err.flush();
    }

    @Override
    public void close() {
      err.flush();
    }
  }
}
