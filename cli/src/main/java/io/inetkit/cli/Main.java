package io.inetkit.cli;

import io.inetkit.InternetException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** The entry point of the {@code inetkit} command. */
public final class Main {

    /** The subcommands, in the order the help lists them. */
    private static final List<String> COMMANDS = List.of("services", "get", "ls", "put", "mirror", "info", "demo");

    /** picocli's list of patterns of types whose built-in converters it does not load. */
    private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

    private Main() {
    }

    /**
     * Runs the command and ends the process with its status. It halts rather than exits: the
     * command registers no shutdown hook, and {@code System.exit} first looks up the JDK's logger
     * for {@code Runtime.exit}, which sets up java.util.logging and reads its configuration at
     * every run (JDK 21 and later): about a tenth of a small fetch's CPU.
     */
    public static void main(String[] args) {
        int status = runAsProcess(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /**
     * Runs the command as the whole process does: SIGINT, SIGTERM and SIGHUP stop it, and a stop it
     * does not end in time halts the JVM. Public for the class-data archive's training run, which
     * must take the same path as a real start.
     */
    public static int runAsProcess(String[] args, PrintWriter out, PrintWriter err) {
        Stop stop = Stop.forProcess();
        stop.errorsTo(err);
        Signals.install(stop);
        return run(args, out, err, stop);
    }

    /** Runs the command with these streams and returns its exit status; for tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Stop.inProcess());
    }

    /** Runs the command with these streams, ended early by {@code stop}, and returns its exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Stop stop) {
        try {
            int status = dispatch(args, out, err, stop);
            Stop.Reason stopped = stop.reason();
            if (status == 0 && stopped != null) {
                // A stop closes the connections, which can end a command's work with no failure it
                // sees (a listing cut short ends as a listing does): the stop is the outcome.
                return ErrorLine.report(new InternetException(stopped.error(), stopped.message()), err, false, stop,
                        ExitStatus.Activity.OTHER);
            }
            return status;
        } finally {
            // Ended, in success or failure: the clock of --max-time stops, and a later stop changes nothing.
            stop.claimReport();
        }
    }

    private static int dispatch(String[] args, PrintWriter out, PrintWriter err, Stop stop) {
        if (args.length > 0 && COMMANDS.contains(args[0])) {
            CliCommand command = command(args[0]).writingTo(out, err, stop);
            if (QuickParse.bind(command.arguments(), args, 1)) {
                return execute(command);
            }
        }
        // At start picocli looks up its converters for the java.time and java.sql types by
        // reflection, some 80 classes and 10 ms of CPU that no inetkit option needs. An option of such a
        // type needs its own converter, or this exclusion narrowed.
        if (System.getProperty(CONVERTER_EXCLUDES) == null) {
            System.setProperty(CONVERTER_EXCLUDES, "java\\.(time|sql)\\..*");
        }
        CommandLine commandLine = new CommandLine(InetkitCommand.spec());
        // Build only the model of the command asked for, and all of them only when the help or a
        // usage error must list them.
        String asked = commandName(args);
        for (String name : COMMANDS) {
            if (asked == null || asked.equals(name)) {
                commandLine.addSubcommand(name, CommandModel.spec(command(name).writingTo(out, err, stop)));
            }
        }
        // curl's @FILE is a value (-d @form.txt, --data-binary @-), never picocli's file of arguments.
        commandLine.setExpandAtFiles(false)
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(new ErrorLine());
        return commandLine.execute(args);
    }

    /** The whole command, every subcommand in it, writing nowhere: for what describes it (ManPage). */
    static CommandLine model() {
        PrintWriter nowhere = new PrintWriter(java.io.Writer.nullWriter());
        CommandLine commandLine = new CommandLine(InetkitCommand.spec());
        for (String name : COMMANDS) {
            commandLine.addSubcommand(name, CommandModel.spec(command(name).writingTo(nowhere, nowhere, Stop.inProcess())));
        }
        return commandLine;
    }

    /** Runs a command that {@link QuickParse} bound, as picocli's {@code execute} would. */
    private static int execute(CliCommand command) {
        try {
            Integer status = command.call();
            return status == null ? 0 : status;
        } catch (Exception failure) {
            return ErrorLine.report(failure, command.showsErrors() ? command.err : SilentOptions.nowhere(),
                    command.verbose(), command.stop, command.activity());
        }
    }

    /**
     * A subcommand, made afresh. A switch rather than a map of constructor references: each of those
     * is a call site the JVM links at start, and loads the command's class to do it.
     */
    static CliCommand command(String name) {
        switch (name) {
            case "services":
                return new ServicesCommand();
            case "get":
                return new GetCommand();
            case "ls":
                return new LsCommand();
            case "put":
                return new PutCommand();
            case "mirror":
                return new MirrorCommand();
            case "info":
                return new InfoCommand();
            case "demo":
                return new DemoCommand();
            default:
                throw new IllegalArgumentException("no command " + name);
        }
    }

    /** The subcommand the arguments name, or null if they name none that exists. */
    private static String commandName(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return COMMANDS.contains(arg) ? arg : null;
            }
        }
        return null;
    }
}
