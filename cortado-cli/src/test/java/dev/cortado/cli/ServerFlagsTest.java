package dev.cortado.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.control.scaling.CortadoScaling;
import dev.cortado.server.ServerOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ServerFlagsTest {
  @TempDir Path repository;

  @Command(name = "test")
  static final class Holder {
    @Mixin ServerFlags flags;
  }

  ServerOptions parse(String... args) {
    Holder h = new Holder();
    new CommandLine(h).parseArgs(args);
    return h.flags.options(repository);
  }

  @Test
  void the_command_line_runs_cortados_autoscaler_with_its_default_settings() {
    ServerOptions o = parse();

    assertThat(o.autoscaler()).isEqualTo("cortado");
    assertThat(o.scaling()).isEqualTo(CortadoScaling.Settings.defaults());
  }

  @Test
  void scale_down_delay_and_keep_alive_take_durations_with_units() {
    ServerOptions o = parse("--autoscaler", "kpa", "--scale-down-delay", "2s", "--keep-alive", "1.5m");

    assertThat(o.autoscaler()).isEqualTo("kpa");
    assertThat(o.scaling().scaleDownDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.scaling().minKeepAlive()).isEqualTo(Duration.ofSeconds(90));
    assertThat(o.scaling().maxKeepAlive()).isEqualTo(Duration.ofSeconds(90));
    assertThat(parse("--scale-down-delay", "250ms").scaling().scaleDownDelay()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void target_utilisation_changes_only_the_utilisation_and_a_bad_one_says_its_range() {
    CortadoScaling.Settings s = parse("--target-utilisation", "0.5").scaling();

    assertThat(s).isEqualTo(CortadoScaling.Settings.defaults().withTargetUtilisation(0.5));
    assertThat(s.targetUtilisation()).isEqualTo(0.5);
    assertThatThrownBy(() -> parse("--target-utilisation", "1.5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target-utilisation = 1.5, must be in (0, 1]");
    assertThatThrownBy(() -> parse("--target-utilisation", "0")).hasMessageContaining("target-utilisation = 0.0");
  }

  @Test
  void none_runs_no_control_loop() {
    assertThat(parse("--autoscaler", "none").autoscaler()).isEqualTo(ServerOptions.NO_AUTOSCALER);
  }

  @Test
  void a_bad_duration_is_refused_with_the_form_expected() {
    assertThatThrownBy(() -> parse("--keep-alive", "soon"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--keep-alive")
        .hasMessageContaining("'soon' is not a duration")
        .hasMessageContaining("e.g. 30s");
    assertThatThrownBy(() -> parse("--scale-down-delay", "-5s")).isInstanceOf(CommandLine.ParameterException.class);
  }

  @Test
  void an_unknown_autoscaler_fails_serve_naming_the_known_ones() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));

    int exit = cli.execute("serve", "--repository", repository.toString(), "--autoscaler", "magic");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("autoscaler = 'magic'").contains("none").contains("cortado, kpa, ray, infaas, static");
  }
}
