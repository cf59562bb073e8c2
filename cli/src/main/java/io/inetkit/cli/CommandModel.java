package io.inetkit.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
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
 * The commands declare their options here and keep their values in plain fields,
 * bound through a getter and a setter as picocli binds annotated fields.
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
     * An option of {@code type} ({@code long.class} for a {@code long} field, so that messages name
     * the type as picocli does for the field) kept in a field through {@code getter} and {@code setter}.
     */
    static <T> OptionSpec.Builder option(Class<?> type, Supplier<T> getter, Consumer<T> setter,
            String name, String... names) {
        FieldBinding<T> field = new FieldBinding<>(getter, setter);
        return OptionSpec.builder(name, names).type(type).getter(field).setter(field).initialValue(getter.get());
    }

    /**
     * The required positional parameter at {@code index}, kept in a field through {@code getter} and
     * {@code setter}; required as picocli makes an annotated single-valued parameter.
     */
    static <T> PositionalParamSpec.Builder parameter(int index, Class<?> type, Supplier<T> getter,
            Consumer<T> setter) {
        FieldBinding<T> field = new FieldBinding<>(getter, setter);
        return PositionalParamSpec.builder().index(Integer.toString(index)).type(type).required(true)
                .getter(field).setter(field).initialValue(getter.get());
    }

    /** picocli's view of a field: it reads the initial value and writes what the command line gives. */
    private static final class FieldBinding<T> implements IGetter, ISetter {

        private final Supplier<T> getter;
        private final Consumer<T> setter;

        FieldBinding(Supplier<T> getter, Consumer<T> setter) {
            this.getter = getter;
            this.setter = setter;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
            return (V) getter.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V set(V value) {
            V previous = get();
            setter.accept((T) value);
            return previous;
        }
    }
}
