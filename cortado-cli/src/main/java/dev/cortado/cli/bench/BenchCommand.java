package dev.cortado.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Optional;
import dev.cortado.sim.engine.RequestOverheads;
import dev.cortado.sim.scenario.Scenario;
import dev.cortado.sim.scenario.ScenarioException;
import dev.cortado.sim.scenario.ScenarioLoader;
import dev.cortado.sim.trace.ArrivalStream;
import dev.cortado.sim.trace.ArrivalTrace;
import dev.cortado.sim.trace.TraceReader;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cortado bench}: drives a running server and reports throughput, goodput, latency percentiles and rejections per request class. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Load a running Cortado (or any Open Inference Protocol) server over REST or gRPC, open loop (Poisson) or closed loop.")
public final class BenchCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--protocol", defaultValue = "rest", paramLabel = "rest|grpc",
      description = "Open Inference Protocol transport (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8000", description = "REST: server base URL (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--grpc-target", defaultValue = "127.0.0.1:8001", paramLabel = "HOST:PORT",
      description = "gRPC: the server's address (default: ${DEFAULT-VALUE}).")
  String grpcTarget;

  @Option(names = "--contents", defaultValue = "raw", paramLabel = "raw|typed",
      description = "gRPC: tensor data as raw_input_contents or as typed contents (default: ${DEFAULT-VALUE}).")
  String contents;

  @Option(names = "--binary", description = "REST: send tensor data with the binary tensor extension instead of JSON numbers.")
  boolean binary;

  @Option(names = "--connections", defaultValue = "256",
      description = "REST: keep-alive connections at most; more requests in flight wait for one (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--scenario", paramLabel = "FILE",
      description = "Replay a simulator scenario's load against the server: its trace window, scale, seed and request classes"
          + " (instead of --class and --rate/--concurrency), so the real and the simulated world can be compared.")
  Path scenarioFile;

  @Option(names = "--class", paramLabel = "NAME:TARGET[:k=v,...]",
      description = "A request class: a model or task, request parameters (latency_slo_ms, min_accuracy, max_cost_per_1k, ...) and weight=N. Repeatable.")
  List<String> classSpecs;

  @Option(names = "--rate", description = "Open loop: Poisson arrivals per second.")
  Double rate;

  @Option(names = "--rates", split = ",", paramLabel = "R1,R2,...",
      description = "Open loop at each of these Poisson rates in turn (one warm-up first, the same client throughout):"
          + " one report per rate, or with --json one JSON object per line.")
  List<Double> rates;

  @Option(names = "--until-miss",
      description = "With --rates: stop after the first rate at which a class with a latency_slo_ms has its p99 above it"
          + " or fewer than 99 %% of its requests within it.")
  boolean untilMiss;

  @Option(names = "--retries", defaultValue = "0", paramLabel = "N",
      description = "With --until-miss: run a rate that missed up to N more times, and stop only when every try missed"
          + " (one report per try), so one scheduling hiccup on a shared machine does not end the ladder (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--concurrency", description = "Closed loop: callers sending back to back.")
  Integer concurrency;

  @Option(names = "--duration", defaultValue = "10", description = "Seconds of load (default: ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Option(names = "--warmup", defaultValue = "2", description = "Seconds of unrecorded load first (default: ${DEFAULT-VALUE}). "
      + "A fresh server or bench JVM compiles its hot paths for the first 10-15 s of load; give 15 when tail latency matters.")
  double warmupSeconds;

  @Option(names = "--max-in-flight", defaultValue = "4096", description = "Open loop: requests outstanding at most; beyond, a request counts as failed (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(names = "--body", description = "A request body (JSON) whose inputs every request carries (default: the Fashion-MNIST sample in the checkout).")
  Path body;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed of arrivals and class picks (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--overhead-out", paramLabel = "FILE",
      description = "Also write the measured request overhead (each answer's latency minus the server's queue_ms and"
          + " compute_ms: transport, hand-offs, client) as quantiles at this run's rate, for a scenario's"
          + " cluster.request_overhead; an existing FILE keeps its levels at other rates (one per run).")
  Path overheadOut;

  @Override
  public Integer call() throws IOException {
    Optional<Scenario> scenario = Optional.empty();
    if (rates != null && rates.stream().anyMatch(r -> !(r > 0) || r.isInfinite())) {
      throw new ParameterException(spec.commandLine(), "--rates " + rates + ": every rate must be a positive number");
    }
    if (untilMiss && rates == null) {
      throw new ParameterException(spec.commandLine(), "--until-miss goes with --rates");
    }
    if (retries < 0) {
      throw new ParameterException(spec.commandLine(), "--retries = " + retries + ", must be >= 0");
    }
    if (retries > 0 && !untilMiss) {
      throw new ParameterException(spec.commandLine(), "--retries goes with --until-miss");
    }
    if (scenarioFile != null) {
      if (rates != null || rate != null || concurrency != null || (classSpecs != null && !classSpecs.isEmpty())) {
        throw new ParameterException(spec.commandLine(), "--scenario brings its own load and classes; leave out --rate, --concurrency and --class");
      }
      try {
        scenario = Optional.of(ScenarioLoader.load(scenarioFile));
      } catch (ScenarioException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      durationSeconds = scenario.get().window().length().toNanos() / 1e9;
    } else if ((rate == null ? 0 : 1) + (rates == null ? 0 : 1) + (concurrency == null ? 0 : 1) != 1) {
      throw new ParameterException(spec.commandLine(),
          "give exactly one of --rate or --rates (open loop) or --concurrency (closed loop)");
    } else if (classSpecs == null || classSpecs.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give at least one --class NAME:TARGET (or a --scenario)");
    }
    if (!protocol.equals("rest") && !protocol.equals("grpc")) {
      throw new ParameterException(spec.commandLine(), "--protocol = " + protocol + ", must be rest or grpc");
    }
    if (binary && !protocol.equals("rest")) {
      throw new ParameterException(spec.commandLine(), "--binary is for --protocol rest; gRPC's --contents raw is its binary form");
    }
    if (!contents.equals("raw") && !contents.equals("typed")) {
      throw new ParameterException(spec.commandLine(), "--contents = " + contents + ", must be raw or typed");
    }
    List<RequestClass> classes = new ArrayList<>();
    scenario.ifPresent(s -> s.classes().forEach(c -> classes.add(new RequestClass(c.name(), c.task(),
        Map.of("latency_slo_ms", c.sloMs(), "min_accuracy", c.minAccuracy()), c.share()))));
    for (String s : classSpecs == null ? List.<String>of() : classSpecs) {
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
    ObjectNode sample = sample(bodyFile);
    try (Transport transport = transport(sample, classes)) {
      if (rates != null) {
        rate = rates.get(0);
      }
      if (warmupSeconds > 0 && scenario.isEmpty()) {
        run(transport, classes, warmupSeconds);
      }
      if (rates != null) {
        ladder:
        for (double r : rates) {
          rate = r;
          for (int attempt = 0; ; attempt++) {
            List<ClassStats.Summary> summaries = report(transport, run(transport, classes, durationSeconds), scenario);
            if (!untilMiss || summaries.stream().noneMatch(BenchCommand::missed)) {
              break;
            }
            if (attempt >= retries) {
              break ladder;
            }
          }
        }
      } else {
        report(transport, scenario.isPresent() ? replay(transport, classes, scenario.get())
            : run(transport, classes, durationSeconds), scenario);
      }
    }
    return 0;
  }

  /** Whether a class with an SLO missed it: p99 above it, or under 99 % of its requests within it. */
  static boolean missed(ClassStats.Summary s) {
    return Double.isFinite(s.sloMs()) && (!(s.p99Ms() <= s.sloMs()) || s.sloAttainment() < 0.99);
  }

  private List<ClassStats.Summary> report(Transport transport, LoadGenerator generator,
      Optional<Scenario> scenario) {
    List<ClassStats.Summary> summaries = generator.stats().stream().map(s -> s.summary(durationSeconds)).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (overheadOut != null) {
      writeOverhead(generator, summaries, scenario);
    }
    if (json) {
      out.println(toJson(summaries, transport.errorCodes()));
    } else {
      String mode = scenario.isPresent() ? "scenario " + scenario.get().name() + " replayed"
          : rate != null ? "open loop, Poisson " + rate + " req/s" : "closed loop, " + concurrency + " callers";
      BenchTable.print(out, summaries, mode + ", " + protocol + (binary ? " (binary)" : ""), durationSeconds,
          transport.errorCodes());
    }
    out.flush();
    return summaries;
  }

  private void writeOverhead(LoadGenerator generator, List<ClassStats.Summary> summaries, Optional<Scenario> scenario) {
    Histogram outside = new Histogram(3_600_000_000L, 3);
    generator.stats().forEach(s -> s.addOutsideTo(outside));
    double sentPerSecond = summaries.stream().mapToLong(ClassStats.Summary::sent).sum() / durationSeconds;
    String load = scenario.map(s -> "scenario " + s.name() + " replayed")
        .orElse(rate != null ? "open loop, Poisson " + rate + " req/s" : "closed loop, " + concurrency + " callers");
    String description = "cortado bench over " + protocol + ", " + load + ", " + durationSeconds + " s; client on the"
        + " server's machine; per answer: client latency minus the server's queue_ms and compute_ms";
    try {
      RequestOverheads measured = Files.isRegularFile(overheadOut) ? RequestOverheads.read(overheadOut) : RequestOverheads.NONE;
      measured.with(OverheadQuantiles.of(outside, description, protocol, sentPerSecond)).write(overheadOut);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--overhead-out: " + e.getMessage());
    }
  }

  private ObjectNode sample(Path bodyFile) throws IOException {
    JsonNode node;
    try {
      node = JSON.readTree(Files.readAllBytes(bodyFile));
    } catch (JsonProcessingException e) {
      throw new ParameterException(spec.commandLine(), "--body " + bodyFile + " is not JSON: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode o) || !o.path("inputs").isArray()) {
      throw new ParameterException(spec.commandLine(), "--body " + bodyFile + " must be a JSON object with an 'inputs' list");
    }
    return o;
  }

  private Transport transport(ObjectNode sample, List<RequestClass> classes) throws IOException {
    try {
      if (protocol.equals("rest")) {
        if (connections < 1) {
          throw new IllegalArgumentException("--connections = " + connections + ", must be at least 1");
        }
        return new RestTransport(url, binary ? RestBodies.binary(sample, classes) : RestBodies.json(sample, classes), classes,
            connections);
      }
      GrpcRequests.Contents how = contents.equals("typed") ? GrpcRequests.Contents.TYPED : GrpcRequests.Contents.RAW;
      return GrpcTransport.connect(grpcTarget, GrpcRequests.forClasses(sample, classes, how));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The scenario's arrivals, as the simulator draws them (same trace, window, scale and seed). */
  private LoadGenerator replay(Transport transport, List<RequestClass> classes, Scenario scenario) {
    if (!Files.isRegularFile(scenario.trace())) {
      throw new ParameterException(spec.commandLine(), "scenario " + scenarioFile + " names trace " + scenario.trace()
          + ", which does not exist");
    }
    ArrivalTrace trace = TraceReader.read(scenario.trace());
    LoadGenerator g = new LoadGenerator(transport, classes, scenario.seed());
    g.replay(ArrivalStream.of(trace, scenario.window(), scenario.seed()), maxInFlight);
    return g;
  }

  private LoadGenerator run(Transport transport, List<RequestClass> classes, double seconds) {
    LoadGenerator g = new LoadGenerator(transport, classes, seed);
    Duration d = Duration.ofMillis((long) (seconds * 1000));
    if (rate != null) {
      g.openLoop(rate, d, maxInFlight);
    } else {
      g.closedLoop(concurrency, d);
    }
    return g;
  }

  private String toJson(List<ClassStats.Summary> summaries, String errorCodes) {
    ObjectNode root = JSON.createObjectNode();
    root.put("mode", scenarioFile != null ? "scenario" : rate != null ? "open" : "closed");
    if (scenarioFile != null) {
      root.put("scenario", scenarioFile.toString());
    } else if (rate != null) {
      root.put("rate", rate);
    } else {
      root.put("concurrency", concurrency);
    }
    root.put("protocol", protocol);
    if (protocol.equals("rest")) {
      root.put("binary", binary);
    }
    if (protocol.equals("grpc")) {
      root.put("contents", contents);
    }
    root.put("errors_by", errorCodes);
    root.put("duration_s", durationSeconds);
    var arr = root.putArray("classes");
    for (ClassStats.Summary s : summaries) {
      arr.add(JSON.<ObjectNode>valueToTree(s));
    }
    return root.toString();
  }
}
