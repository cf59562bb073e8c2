package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into the one line scripts rely on: {@code inetkit: ERROR_NAME (code): message},
 * then the server's reply where there is one. No stack trace. A message may quote a server, and a
 * reply is the server's own: both are printed through {@link TerminalText}.
 */
final class ErrorLine implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parsed) {
        if (commandLine.getCommand() instanceof CliCommand command) {
            return report(failure, command.showsErrors() ? commandLine.getErr() : SilentOptions.nowhere(),
                    command.verbose(), command.stop, command.activity());
        }
        return report(failure, commandLine.getErr(), false, Stop.inProcess(), ExitStatus.Activity.OTHER);
    }

    /**
     * Prints the failure, with its stack trace first if {@code verbose}, and returns its exit
     * status: curl's for the same failure ({@link ExitStatus}), or the stop's status when the command
     * was stopped, which caused it.
     */
    static int report(Exception given, PrintWriter err, boolean verbose, Stop stop, ExitStatus.Activity activity) {
        int status = ExitStatus.of(given, activity);
        Exception failure = ExitStatus.shown(given);
        if (!stop.claimReport()) {
            // Only the halt path claims first: the process is halting with the stop's status.
            Stop.Reason halting = stop.reason();
            return halting == null ? status : halting.status();
        }
        Stop.Reason stopped = stop.reason();
        if (verbose) {
            err.print(stackTrace(failure));
        }
        if (stopped != null) {
            err.println(stopped.line());
            err.flush();
            return stopped.status();
        }
        err.println(format(failure));
        if (failure instanceof InternetException && ((InternetException) failure).error() == InternetError.INVALID_CA) {
            // The library's message names its API; a person at the command wants the options. SFTP's
            // refusal of a host key shares the error (curl's 60) and says "host key" where TLS says CA.
            if (failure.getMessage() != null && failure.getMessage().startsWith("the host key of ")) {
                err.println("inetkit: to trust the server's host key, give a known_hosts file that has it with"
                        + " --known-hosts FILE, or --accept-new-host-key to remember a key seen for the first time");
            } else {
                err.println("inetkit: to trust the server's CA, give its certificate with --cacert FILE or --capath"
                        + " DIR; -k skips the check and with it the protection");
            }
        }
        if (failure instanceof InternetException) {
            ((InternetException) failure).serverReply().ifPresent(reply -> {
                for (String line : TerminalText.lines(reply)) {
                    err.println("inetkit: server said: " + line);
                }
            });
        }
        err.flush();
        return status;
    }

    /** The error line of a failure. */
    static String format(Exception failure) {
        InternetError error = failure instanceof InternetException
                ? ((InternetException) failure).error() : InternetError.INTERNAL_ERROR;
        return line(error, failure.getMessage() != null ? failure.getMessage() : failure.toString());
    }

    /** {@code inetkit: ERROR_NAME (code): message}, the message on one line and printable. */
    static String line(InternetError error, String message) {
        return "inetkit: " + error.winInetName() + " (" + error.code() + "): " + TerminalText.line(message);
    }

    /**
     * The stack trace of {@code -v}, its messages printable as any other: a line at a time, as the
     * trace's own TABs indent its frames.
     */
    private static String stackTrace(Exception failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        StringBuilder out = new StringBuilder();
        for (String line : trace.toString().split("\r?\n")) {
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == '\t') {
                indent++;
            }
            out.append(line, 0, indent).append(TerminalText.line(line.substring(indent))).append(System.lineSeparator());
        }
        return out.toString();
    }
}
