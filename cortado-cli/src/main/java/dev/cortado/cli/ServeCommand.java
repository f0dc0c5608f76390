package dev.cortado.cli;

import dev.cortado.server.CortadoServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cortado serve}: serves a model repository until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve a model repository over the Open Inference Protocol (REST, gRPC) with Prometheus metrics.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--repository", required = true, description = "Model repository folder (<model>/config.yaml, <model>/<version>/model.onnx).")
  Path repository;

  @Mixin ServerFlags flags;

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isDirectory(repository)) {
      throw new ParameterException(spec.commandLine(), "--repository " + repository + " is not a directory");
    }
    CortadoServer server = CortadoServer.start(flags.options(repository));
    printPorts(spec.commandLine().getOut(), server);
    awaitShutdown(server);
    return 0;
  }

  static void printPorts(PrintWriter out, CortadoServer server) {
    out.println("http-port=" + server.ports().http());
    out.println("grpc-port=" + server.ports().grpc());
    out.println("metrics-port=" + server.ports().metrics());
    out.flush();
  }

  /** Blocks until the process is asked to stop, then closes the server (finishing accepted work). */
  static void awaitShutdown(CortadoServer server) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "cortado-shutdown"));
    stopped.await();
  }
}
