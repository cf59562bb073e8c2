package io.inetkit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The top command: lists its subcommands when run alone. Main adds the subcommands. */
final class InetkitCommand implements Runnable {

    private CommandSpec spec;

    private InetkitCommand() {
    }

    /** The command's model. */
    static CommandSpec spec() {
        InetkitCommand command = new InetkitCommand();
        command.spec = CommandModel.command(command, "inetkit",
                "FTP, HTTP and Gopher through one connection model, after WinINet.");
        command.spec.versionProvider(new Version());
        return command.spec;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: try 'inetkit services'");
    }
}
