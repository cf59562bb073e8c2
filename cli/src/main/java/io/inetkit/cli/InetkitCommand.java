package io.inetkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top command: lists its subcommands when run alone. Main adds the subcommands. */
@Command(name = "inetkit", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "FTP, HTTP and Gopher through one connection model, after WinINet.")
final class InetkitCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: try 'inetkit services'");
    }
}
