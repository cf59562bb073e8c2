package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into the one line scripts rely on: {@code inetkit: ERROR_NAME (code): message},
 * then the server's reply where there is one. No stack trace.
 */
final class ErrorLine implements IExecutionExceptionHandler {

    /** The exit status of a failed operation. */
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parsed) {
        boolean verbose = commandLine.getCommand() instanceof CliCommand command && command.verbose();
        return report(failure, commandLine.getErr(), verbose);
    }

    /** Prints the failure, with its stack trace first if {@code verbose}, and returns {@link #FAILED}. */
    static int report(Exception failure, PrintWriter err, boolean verbose) {
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.println(format(failure));
        if (failure instanceof InternetException) {
            ((InternetException) failure).serverReply()
                    .ifPresent(reply -> err.println("inetkit: server said: " + reply.strip()));
        }
        err.flush();
        return FAILED;
    }

    /** The error line of a failure. */
    static String format(Exception failure) {
        InternetError error = failure instanceof InternetException
                ? ((InternetException) failure).error() : InternetError.INTERNAL_ERROR;
        String message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        return "inetkit: " + error.winInetName() + " (" + error.code() + "): " + message.replaceAll("[\r\n]+", " ");
    }
}
