package io.inetkit.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Binds a plain command line to a command's arguments without starting picocli, whose first parse
 * costs a start some 15 ms (building its models compiles a dozen regular expressions and sets up
 * the JDK's method handles for their lambdas): half of what the
 * JVM itself takes to start.
 *
 * <p>It takes only what it reads exactly as picocli reads it, from the same {@link ArgSpec}s: each
 * option at most once, by one of its full names, with its value as the next argument or after
 * {@code =} on a long name; a flag alone; each positional parameter once, in order; values of the
 * types the commands use ({@code String}, {@code long}, {@code int}, {@code double}, {@code Path}); default values
 * for the options not given. Anything else (help and version options, clustered flags, {@code --},
 * {@code @file}s, a value that starts with {@code -}, a missing or extra parameter, a value that
 * does not convert) it declines, and picocli parses the whole line afresh, with its help and its
 * usage errors.
 */
final class QuickParse {

    private QuickParse() {
    }

    /**
     * Binds {@code args[from..]} to {@code arguments}, or declines.
     *
     * @return true if every argument was bound; false if picocli must parse the line, in which case
     *     some of the command's fields may have been set: parse into a fresh command
     */
    static boolean bind(List<ArgSpec> arguments, String[] args, int from) {
        Map<String, OptionSpec> options = new HashMap<>();
        List<PositionalParamSpec> positionals = new ArrayList<>();
        for (ArgSpec argument : arguments) {
            if (argument instanceof OptionSpec option) {
                for (String name : option.names()) {
                    options.put(name, option);
                }
            } else {
                positionals.add((PositionalParamSpec) argument);
            }
        }
        Set<OptionSpec> given = new HashSet<>();
        int positional = 0;
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("@")) {
                return false; // curl's @FILE, a value only picocli's parse binds (-d, -w)
            }
            if (!arg.startsWith("-")) {
                if (positional == positionals.size() || !set(positionals.get(positional++), arg)) {
                    return false;
                }
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 2) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            OptionSpec option = options.get(name);
            if (option == null || !given.add(option) || option.usageHelp() || option.versionHelp()
                    || option.negatable() || option.interactive()) {
                return false;
            }
            if (isFlag(option)) {
                if (value != null || !flag(option)) {
                    return false;
                }
                continue;
            }
            if (value == null) {
                if (i + 1 == args.length) {
                    return false;
                }
                value = args[++i];
                if (value.startsWith("-") || value.startsWith("@")) {
                    return false;
                }
            }
            if (!set(option, value)) {
                return false;
            }
        }
        // A loop, not a stream: a lambda new on this path costs every start its class (the image's check).
        for (int i = positional; i < positionals.size(); i++) {
            if (positionals.get(i).required()) {
                return false;
            }
        }
        for (ArgSpec argument : arguments) {
            if (argument instanceof OptionSpec option && !given.contains(option) && option.defaultValue() != null
                    && (option.defaultValue().contains("${") || !set(option, option.defaultValue()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFlag(OptionSpec option) {
        return option.type() == boolean.class || option.type() == Boolean.class;
    }

    /** A flag given: true, unless it is not one picocli would simply set. */
    private static boolean flag(OptionSpec option) {
        if (option.arity().max() != 0) {
            return false; // a flag that takes an optional value
        }
        option.setValue(true);
        return true;
    }

    /** A single value, converted as picocli's built-in converter does, or false. */
    private static boolean set(ArgSpec argument, String text) {
        if (argument.isMultiValue() || argument.arity().max() != 1 || !argument.splitRegex().isEmpty()
                || argument.converters().length > 0) {
            return false;
        }
        Class<?> type = argument.type();
        Object value;
        try {
            if (type == String.class) {
                value = text;
            } else if (type == long.class || type == Long.class) {
                value = Long.valueOf(text);
            } else if (type == int.class || type == Integer.class) {
                value = Integer.valueOf(text);
            } else if (type == double.class || type == Double.class) {
                value = Double.valueOf(text);
            } else if (type == Path.class) {
                value = Path.of(text);
            } else {
                return false;
            }
        } catch (NumberFormatException | InvalidPathException e) {
            return false; // picocli says what is wrong with it
        }
        argument.setValue(value);
        return true;
    }
}
