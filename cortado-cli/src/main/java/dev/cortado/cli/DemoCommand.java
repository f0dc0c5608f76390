package dev.cortado.cli;

import dev.cortado.server.CortadoServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cortado demo}: serves the bundled models and shows how to call them. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Serve the bundled Fashion-MNIST models on the default ports and print ready-to-paste curl examples.")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--home", description = "The Cortado checkout (default: $CORTADO_HOME, else the working directory).")
  Path home;

  @Mixin ServerFlags flags;

  @Override
  public Integer call() throws InterruptedException {
    Path root = home != null ? home : Path.of(System.getenv().getOrDefault("CORTADO_HOME", "."));
    Path repository = root.resolve("models").toAbsolutePath().normalize();
    if (!Files.isDirectory(repository)) {
      throw new ParameterException(spec.commandLine(), "no bundled models at " + repository + "; run from the Cortado checkout or pass --home");
    }
    CortadoServer server = CortadoServer.start(flags.options(repository));
    PrintWriter out = spec.commandLine().getOut();
    ServeCommand.printPorts(out, server);
    Path sample = root.resolve("datasets/fashion-mnist/sample-request.json").toAbsolutePath().normalize();
    String base = "http://" + flags.host + ":" + server.ports().http();
    out.println();
    out.println("Cortado is serving the bundled models from " + repository + ". Try:");
    out.println();
    out.println("  curl -s " + base + "/v2/health/ready");
    out.println("  curl -s " + base + "/v2");
    out.println("  curl -s -X POST " + base + "/v2/repository/index");
    out.println("  curl -s " + base + "/v2/models/fashion-cnn-small");
    out.println("  curl -s -X POST " + base + "/v2/models/fashion-cnn-small/infer -H 'Content-Type: application/json' -d @" + sample);
    Path byTask = root.resolve("datasets/fashion-mnist/sample-task-request.json").toAbsolutePath().normalize();
    out.println("  # model-less: name the task and the requirements (latency_slo_ms 50, min_accuracy 0.9), Cortado picks the variant");
    out.println("  curl -s -X POST " + base + "/v2/models/image-classification/infer -H 'Content-Type: application/json' -d @" + byTask);
    out.println("  # a pipeline: two models in parallel, their probabilities averaged, the top label (see docs/pipelines.md)");
    out.println("  curl -s -X POST " + base + "/v2/models/fashion-ensemble/infer -H 'Content-Type: application/json' -d @" + sample);
    out.println("  curl -s " + base + "/v2/models/fashion-cnn-small/stats");
    out.println("  curl -s http://" + flags.host + ":" + server.ports().metrics() + "/metrics | grep cortado_");
    out.println();
    out.println("Press Ctrl-C to stop.");
    out.flush();
    ServeCommand.awaitShutdown(server);
    return 0;
  }
}
