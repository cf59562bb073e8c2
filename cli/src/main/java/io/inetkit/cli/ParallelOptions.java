package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Several URLs in one {@code get}, after the first, from the command line and from {@code -K FILE},
 * and curl's {@code -Z/--parallel} and {@code --parallel-max}.
 */
final class ParallelOptions {

    /** curl's default for {@code --parallel-max}. */
    static final int DEFAULT_MAX = 50;
    /** curl's most for {@code --parallel-max}. */
    static final int MOST = 300;

    boolean parallel;
    int max = DEFAULT_MAX;
    Path config;
    private List<String> more = new ArrayList<>();

    /** Declares the options and the further URLs, which keep their values here. */
    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "parallel", "-Z", "--parallel")
                .description("With several URLs: fetch them at once, as curl's -Z, up to --parallel-max; without it"
                        + " one after another. Each failure gets its error line; the exit status is that of the"
                        + " failure that ended last.").build());
        command.add(CommandModel.option(this, "max", "--parallel-max")
                .paramLabel("N")
                .description("With -Z: at most N transfers at once, 1 to " + MOST + "; " + DEFAULT_MAX + " unless"
                        + " given, as curl's.").build());
        command.add(CommandModel.option(this, "config", "-K", "--config")
                .paramLabel("FILE")
                .description("Fetch the URLs FILE lists too (- for standard input): one a line, or curl's"
                        + " url = \"...\"; '#' starts a comment. No other options are read from it.").build());
        command.add(PositionalParamSpec.builder().index("1..*").arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).paramLabel("URL")
                .description("More URLs: each is saved as -O names it.")
                .getter(new IGetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T get() {
                        return (T) more;
                    }
                })
                .setter(new ISetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T set(T value) {
                        T old = (T) more;
                        more = value == null ? new ArrayList<>() : (List<String>) value;
                        return old;
                    }
                }).build());
    }

    /** Every URL given: {@code first} (or none), the further ones, and {@code -K}'s. */
    List<String> urls(String first, InputStream stdin) throws InternetException {
        if (max < 1 || max > MOST) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--parallel-max must be from 1 to " + MOST
                    + ", not " + max);
        }
        List<String> urls = new ArrayList<>();
        if (first != null) {
            urls.add(first);
        }
        urls.addAll(more);
        if (config != null) {
            urls.addAll(ConfigFile.urls(config, stdin));
        }
        if (urls.isEmpty()) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "no URL: give one, or -K FILE");
        }
        return urls;
    }
}
