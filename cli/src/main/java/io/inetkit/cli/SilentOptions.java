package io.inetkit.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;

/**
 * curl's {@code -s/--silent} (no progress line, no error line, no warning) and
 * {@code -S/--show-error} (with {@code -s}, the error line and warnings still). The exit status
 * says what happened either way.
 */
final class SilentOptions {

    boolean silent;
    boolean showError;

    /** Declares the options for a command, which keeps their values here. */
    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "silent", "-s", "--silent")
                .description("Print no progress line, no warning and no error line, as curl's -s: the exit"
                        + " status alone tells.").build());
        command.add(CommandModel.option(this, "showError", "-S", "--show-error")
                .description("With -s, still print the error line and warnings, as curl's -S.").build());
    }

    /** Whether errors and warnings are printed. */
    boolean showsErrors() {
        return !silent || showError;
    }

    /** Whether the progress line may be shown. */
    boolean showsProgress() {
        return !silent;
    }

    /** {@code err}, or where nothing is printed when errors are not to be shown. */
    PrintWriter errors(PrintWriter err) {
        return showsErrors() ? err : nowhere();
    }

    /** A writer that prints nothing. */
    static PrintWriter nowhere() {
        return new PrintWriter(Writer.nullWriter());
    }
}
