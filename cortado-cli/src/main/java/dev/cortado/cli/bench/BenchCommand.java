package dev.cortado.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cortado bench}: drives a running server and reports throughput, goodput, latency percentiles and rejections per request class. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Load a running Cortado (or any Open Inference Protocol) server over REST, open loop (Poisson) or closed loop.")
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8000", description = "Server base URL (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--class", required = true, paramLabel = "NAME:TARGET[:k=v,...]",
      description = "A request class: a model or task, request parameters (latency_slo_ms, min_accuracy, max_cost_per_1k, ...) and weight=N. Repeatable.")
  List<String> classSpecs;

  @Option(names = "--rate", description = "Open loop: Poisson arrivals per second.")
  Double rate;

  @Option(names = "--concurrency", description = "Closed loop: callers sending back to back.")
  Integer concurrency;

  @Option(names = "--duration", defaultValue = "10", description = "Seconds of load (default: ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Option(names = "--warmup", defaultValue = "2", description = "Seconds of unrecorded load first (default: ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(names = "--max-in-flight", defaultValue = "4096", description = "Open loop: requests outstanding at most; beyond, a request counts as failed (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(names = "--body", description = "A request body (JSON) whose inputs every request carries (default: the Fashion-MNIST sample in the checkout).")
  Path body;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed of arrivals and class picks (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if ((rate == null) == (concurrency == null)) {
      throw new ParameterException(spec.commandLine(), "give exactly one of --rate (open loop) or --concurrency (closed loop)");
    }
    List<RequestClass> classes = new ArrayList<>();
    for (String s : classSpecs) {
      try {
        classes.add(RequestClass.parse(s));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    Path bodyFile = body != null ? body
        : Path.of(System.getenv().getOrDefault("CORTADO_HOME", ".")).resolve("datasets/fashion-mnist/sample-request.json");
    if (!Files.isRegularFile(bodyFile)) {
      throw new ParameterException(spec.commandLine(), "no request body at " + bodyFile + "; pass --body FILE");
    }
    List<byte[]> bodies = RequestBodies.forClasses(Files.readAllBytes(bodyFile), classes);
    if (warmupSeconds > 0) {
      run(classes, bodies, warmupSeconds);
    }
    LoadGenerator generator = run(classes, bodies, durationSeconds);
    List<ClassStats.Summary> summaries = generator.stats().stream().map(s -> s.summary(durationSeconds)).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(summaries));
    } else {
      BenchTable.print(out, summaries, rate != null ? "open loop, Poisson " + rate + " req/s" : "closed loop, " + concurrency + " callers",
          durationSeconds);
    }
    out.flush();
    return 0;
  }

  private LoadGenerator run(List<RequestClass> classes, List<byte[]> bodies, double seconds) throws InterruptedException {
    LoadGenerator g = new LoadGenerator(url, classes, bodies, seed);
    try {
      Duration d = Duration.ofMillis((long) (seconds * 1000));
      if (rate != null) {
        g.openLoop(rate, d, maxInFlight);
      } else {
        g.closedLoop(concurrency, d);
      }
      return g;
    } finally {
      g.close();
    }
  }

  private String toJson(List<ClassStats.Summary> summaries) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("mode", rate != null ? "open" : "closed");
    if (rate != null) {
      root.put("rate", rate);
    } else {
      root.put("concurrency", concurrency);
    }
    root.put("duration_s", durationSeconds);
    var arr = root.putArray("classes");
    for (ClassStats.Summary s : summaries) {
      ObjectNode n = m.valueToTree(s);
      arr.add(n);
    }
    return root.toString();
  }

  /** Request bodies with each class's parameters merged into the sample's. */
  static final class RequestBodies {
    private RequestBodies() {}

    static List<byte[]> forClasses(byte[] sample, List<RequestClass> classes) throws IOException {
      ObjectMapper m = new ObjectMapper();
      List<byte[]> out = new ArrayList<>();
      for (RequestClass c : classes) {
        ObjectNode root = (ObjectNode) m.readTree(sample);
        root.remove("id");
        ObjectNode params = root.has("parameters") ? (ObjectNode) root.get("parameters") : root.putObject("parameters");
        for (Map.Entry<String, Object> e : c.parameters().entrySet()) {
          params.putPOJO(e.getKey(), e.getValue());
        }
        out.add(m.writeValueAsBytes(root));
      }
      return out;
    }
  }
}
