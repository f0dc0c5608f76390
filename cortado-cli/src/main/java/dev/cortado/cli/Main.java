package dev.cortado.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cortado} command. */
@Command(
    name = "cortado",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Serverless inference serving: model-less queries, SLO-aware batching, forecasting autoscaler.",
    subcommands = {ServeCommand.class, DemoCommand.class, ProfileCommand.class, dev.cortado.cli.bench.BenchCommand.class,
        SimulateCommand.class,
        ForecastCommand.class, PlanCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("cortado: " + e.getMessage());
      return 1;
    });
    return cli;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cortado " + dev.cortado.server.CortadoServer.version()};
    }
  }
}
