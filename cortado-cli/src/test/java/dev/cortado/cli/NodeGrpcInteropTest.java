package dev.cortado.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cortado.server.CortadoServer;
import dev.cortado.server.ServerOptions;
import dev.cortado.testing.ProjectFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client nobody here wrote: {@code clients/node-grpc/oip-client-test.mjs} (Node's
 * {@code @grpc/grpc-js}, the project's proto loaded at run time) calls every RPC of a real server on
 * the bundled models, typed and raw, and checks the answers against the same server's REST
 * answers. Needs {@code node} and {@code npm} on the PATH; installs the client's packages from its
 * lock file ({@code npm ci}) when they are missing.
 */
class NodeGrpcInteropTest {
  @TempDir static Path profiles;
  /** A guard against a hung child process, not a speed target. */
  private static final long CLIENT_WAIT_SECONDS = 120;
  private static final long NPM_CI_WAIT_SECONDS = 300;

  static CortadoServer server;
  static Path client;
  static Path node;

  @TempDir static Path logs;

  @BeforeAll
  static void start() throws Exception {
    node = onPath("node").orElseThrow(() -> new AssertionError(
        "NodeGrpcInteropTest needs Node.js 20 or newer: no 'node' on the PATH (" + System.getenv("PATH") + ")"));
    client = ProjectFiles.root().resolve("clients/node-grpc");
    if (!Files.isDirectory(client.resolve("node_modules/@grpc/grpc-js"))
        || !Files.isDirectory(client.resolve("node_modules/@grpc/proto-loader"))) {
      Path npm = onPath("npm").orElseThrow(() -> new AssertionError(
          "NodeGrpcInteropTest needs npm to install " + client + "/node_modules: no 'npm' on the PATH"));
      Result ci = run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error"),
          client, NPM_CI_WAIT_SECONDS, "npm-ci.log");
      assertThat(ci.exit()).as("npm ci in %s failed:%n%s", client, ci.output()).isZero();
    }
    server = CortadoServer.start(ServerOptions.builder(ProjectFiles.bundledModels()).ports(0, 0, 0).profiles(profiles).build());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fashion-mlp-small", "fashion-cnn-large"})
  void node_grpc_client_agrees_with_rest(String model) throws Exception {
    Result r = run(List.of(node.toString(), client.resolve("oip-client-test.mjs").toString(),
            "--grpc", "127.0.0.1:" + server.ports().grpc(),
            "--http", "127.0.0.1:" + server.ports().http(),
            "--model", model),
        client, CLIENT_WAIT_SECONDS, model + ".log");
    assertThat(r.exit()).as("oip-client-test.mjs for %s exited %d; its output:%n%s", model, r.exit(), r.output()).isZero();
    assertThat(r.output()).contains("all ").contains(" checks passed");
  }

  record Result(int exit, String output) {}

  /** Runs a command with its output in a file (so a chatty child never blocks on a full pipe). */
  private static Result run(List<String> command, Path dir, long waitSeconds, String logName)
      throws IOException, InterruptedException {
    Path log = logs.resolve(logName);
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    p.getOutputStream().close();
    if (!p.waitFor(waitSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      fail("%s did not finish within %d s; its output:%n%s", String.join(" ", command), waitSeconds,
          Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
