package io.inetkit.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The entry point of the {@code inetkit} command. */
public final class Main {

    private Main() {
    }

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with these streams and returns its exit status; for tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new InetkitCommand())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(new ErrorLine());
        return commandLine.execute(args);
    }
}
