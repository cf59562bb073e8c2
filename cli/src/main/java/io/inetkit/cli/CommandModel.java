package io.inetkit.cli;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli models built with its programmatic API rather than from annotations: reading
 * {@code @Command} and {@code @Option} by reflection made the JDK generate annotation proxy classes
 * at every start, which class-data sharing cannot keep, and took half of the command's start-up.
 * The commands declare their options here and keep their values in plain fields, which picocli
 * reads and writes as it does annotated fields.
 */
final class CommandModel {

    private CommandModel() {
    }

    /**
     * A command that runs {@code command} (a {@code Runnable} or {@code Callable}), with the
     * {@code -h} and {@code -V} options of picocli's {@code mixinStandardHelpOptions}. That attribute
     * itself is not used: picocli builds its options from an annotated class.
     */
    static CommandSpec command(Object command, String name, String description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }

    /** picocli's model of a subcommand: its name, description and arguments, with {@code -h} and {@code -V}. */
    static CommandSpec spec(CliCommand command) {
        CommandSpec spec = command(command, command.name(), command.description());
        for (ArgSpec argument : command.arguments()) {
            if (argument instanceof OptionSpec option) {
                spec.addOption(option);
            } else {
                spec.addPositional((PositionalParamSpec) argument);
            }
        }
        return spec;
    }

    /**
     * An option kept in {@code holder}'s field named {@code field}, of that field's type, which picocli
     * converts to and names in its messages as it does for an annotated field.
     */
    static OptionSpec.Builder option(Object holder, String field, String name, String... names) {
        FieldBinding binding = new FieldBinding(holder, field);
        return OptionSpec.builder(name, names).type(binding.type()).getter(binding).setter(binding)
                .initialValue(binding.get());
    }

    /**
     * The required positional parameter at {@code index}, kept in {@code holder}'s field named
     * {@code field}; required as picocli makes an annotated single-valued parameter.
     */
    static PositionalParamSpec.Builder parameter(int index, Object holder, String field) {
        FieldBinding binding = new FieldBinding(holder, field);
        return PositionalParamSpec.builder().index(Integer.toString(index)).type(binding.type()).required(true)
                .getter(binding).setter(binding).initialValue(binding.get());
    }

    /**
     * picocli's view of a field: it reads the initial value and writes what the command line gives.
     * By reflection, as picocli binds an annotated field: a getter and a setter lambda for each of the
     * some 80 options cost the JDK's lambda bootstrap twice an option at every start, about 0.2 ms
     * each even from the class-data archive, where a field's accessor generates no class.
     */
    private static final class FieldBinding implements IGetter, ISetter {

        private final Object holder;
        private final Field field;

        FieldBinding(Object holder, String name) {
            this.holder = holder;
            try {
                field = holder.getClass().getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                throw new IllegalArgumentException(holder.getClass().getName() + " has no field " + name, e);
            }
            if (Modifier.isStatic(field.getModifiers()) || Modifier.isFinal(field.getModifiers())) {
                throw new IllegalArgumentException(field + " is not an instance field an option can set");
            }
            field.setAccessible(true); // the options' fields are private to their classes, in this module
        }

        Class<?> type() {
            return field.getType();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
            try {
                return (V) field.get(holder);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e); // setAccessible succeeded: it cannot happen
            }
        }

        @Override
        public <V> V set(V value) {
            V previous = get();
            try {
                field.set(holder, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            return previous;
        }
    }
}
