package dev.cortado.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.Profile;
import dev.cortado.server.profile.ProfileStore;
import dev.cortado.testing.ProjectFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProfileCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  Path repositoryWithOneModel() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("models"));
    Path bundled = ProjectFiles.bundledModels().resolve("fashion-mlp-small");
    Files.createDirectories(repo.resolve("fashion-mlp-small/1"));
    Files.copy(bundled.resolve("config.yaml"), repo.resolve("fashion-mlp-small/config.yaml"));
    Files.copy(bundled.resolve("1/model.onnx"), repo.resolve("fashion-mlp-small/1/model.onnx"));
    return repo;
  }

  @Test
  void profiles_a_repository_into_profiles_beside_it() throws Exception {
    Path repo = repositoryWithOneModel();

    Run r = run("profile", "--repository", repo.toString(), "--quick", "--threads", "1", "--max-batch", "4");

    assertThat(r.exit()).as(r.err()).isZero();
    Path file = dir.resolve("profiles/fashion-mlp-small/1/threads-1.json");
    assertThat(file).isRegularFile();
    Profile p = new ProfileStore(dir.resolve("profiles")).load("fashion-mlp-small", "1", InstanceSize.cpu(1)).orElseThrow();
    assertThat(p.batches()).extracting(BatchLatency::batchSize).containsExactly(1, 2, 4);
    assertThat(r.out()).contains("throughput at best b").contains("fashion-mlp-small:1").contains("Wrote 1 profile(s)");
    assertThat(r.err()).contains("[1/4] fashion-mlp-small:1 threads=1 cold-start=").contains("[4/4] fashion-mlp-small:1 threads=1 batch=4");
  }

  @Test
  void writes_where_told_and_only_the_models_named() throws Exception {
    Path repo = repositoryWithOneModel();
    Path out = dir.resolve("elsewhere");

    Run r = run("profile", "--repository", repo.toString(), "--out", out.toString(), "--models", "fashion-mlp-small",
        "--quick", "--threads", "1", "--max-batch", "1");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(out.resolve("fashion-mlp-small/1/threads-1.json")).isRegularFile();
    assertThat(dir.resolve("profiles")).doesNotExist();
  }

  @Test
  void rejects_unknown_models_and_bad_counts() throws Exception {
    Path repo = repositoryWithOneModel();

    Run unknown = run("profile", "--repository", repo.toString(), "--models", "nope");
    Run threads = run("profile", "--repository", repo.toString(), "--threads", "0");

    assertThat(unknown.exit()).isNotZero();
    assertThat(unknown.err()).contains("no model [nope]").contains("fashion-mlp-small");
    assertThat(threads.exit()).isNotZero();
    assertThat(threads.err()).contains("--threads [0]");
  }
}
