package io.inetkit.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.ArgSpec;

/**
 * A subcommand: its options and parameters, bound to its fields, and the streams it writes to. The
 * same declarations serve picocli's model ({@link CommandModel#spec}) and the quick parse of plain
 * command lines ({@link QuickParse}), so that the two cannot disagree on what a command accepts.
 */
abstract class CliCommand implements Callable<Integer> {

    /** Where the command's output goes; set before it runs. */
    PrintWriter out;

    /** Where its errors, progress and status events go; set before it runs. */
    PrintWriter err;

    /** What ends it early: its {@code --max-time}, or a signal to the process; set before it runs. */
    Stop stop = Stop.inProcess();

    private final String name;
    private final String description;

    /**
     * @param name the name it is called by, as in {@code inetkit NAME}
     * @param description one sentence for its help
     */
    CliCommand(String name, String description) {
        this.name = name;
        this.description = description;
    }

    /** The name it is called by, as in {@code inetkit NAME}. */
    final String name() {
        return name;
    }

    /** One sentence for its help. */
    final String description() {
        return description;
    }

    /**
     * Its options and positional parameters, made afresh at each call and bound to this command's
     * fields, in the order the help lists the parameters. Without {@code -h} and {@code -V}, which
     * only picocli handles.
     */
    abstract List<ArgSpec> arguments();

    /** Whether {@code --verbose} was given: a failure then shows its stack trace. */
    boolean verbose() {
        return false;
    }

    /** Whether its error line is printed: not with {@code -s} alone. */
    boolean showsErrors() {
        return true;
    }

    /** What it does, for curl's exit status of its failures. */
    ExitStatus.Activity activity() {
        return ExitStatus.Activity.OTHER;
    }

    /** The command, writing to these streams and ended early by {@code stop}. */
    final CliCommand writingTo(PrintWriter out, PrintWriter err, Stop stop) {
        this.out = out;
        this.err = err;
        this.stop = stop;
        return this;
    }
}
