package io.inetkit.it.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The built image's {@code bin/inetkit}, run as a process the way a user runs it: with arguments,
 * a working directory and environment, its standard output and error captured as bytes (what a
 * terminal would receive), its exit status and how long it took, and signals sent to it.
 *
 * <pre>{@code
 * ImageRun.Finished done = ImageRun.of("get", "--max-time", "2", url, "-o", file.toString())
 *         .run(Duration.ofSeconds(20));
 * assertEquals(28, done.status(), done.describe());
 *
 * try (ImageRun.Running get = ImageRun.of("get", url, "-o", file.toString()).start()) {
 *     ImageRun.await(() -> Files.exists(part), Duration.ofSeconds(10), "the .part file");
 *     get.signal("INT");
 *     ImageRun.Finished stopped = get.await(Duration.ofSeconds(10));
 *     assertTrue(stopped.sinceSignal().orElseThrow().toMillis() < 1000, stopped.describe());
 * }
 * }</pre>
 *
 * <p>The image is {@code cli/target/inetkit/bin/inetkit}, or the launcher the system property
 * {@value #IMAGE_PROPERTY} names (an image linked with {@code -Dinetkit.providers=ftp}, say). A
 * missing image fails the test, never skips it: these tests are the only ones of the command as it
 * ships. Build it with {@code ./mvnw -B -q package -DskipTests}; {@code ./mvnw verify} links it
 * before this module's tests run.
 *
 * <p>Each run starts through {@code env --default-signal=HUP,INT,TERM} (GNU coreutils 8.31 or
 * newer): a JVM started in the background by a non-interactive shell ignores SIGINT, a child
 * inherits that, and the JVM then never installs its handler; the run would test the shell, not
 * the command. The proxy variables ({@code http_proxy}, {@code ALL_PROXY}...) are removed, so that
 * loopback servers are reached directly wherever the tests run. Standard input is empty and
 * closed; standard output and error go to files, so a command that prints much never blocks on a
 * pipe, and can be read while it runs.
 */
final class ImageRun {

    /** The system property that names the launcher to run instead of the default image's. */
    static final String IMAGE_PROPERTY = "inetkit.it.image";

    /**
     * What a bound on a run's time allows beside the command's own time-out: the JVM's start and the
     * command's set-up, which on a loaded 2-core machine took up to about a second.
     */
    static final Duration START = Duration.ofMillis(1500);

    private static final List<String> PROXY_VARIABLES = List.of("http_proxy", "https_proxy", "ftp_proxy",
            "gopher_proxy", "all_proxy", "no_proxy");

    private final List<String> args;
    private Path directory;
    private final List<String[]> environment = new ArrayList<>();
    private boolean terminal;

    private ImageRun(String... args) {
        this.args = List.of(args);
    }

    /** A run of the image with these arguments, as in {@code inetkit ARGS}. */
    static ImageRun of(String... args) {
        return new ImageRun(args);
    }

    /**
     * The image's launcher; fails with what to do when it is missing.
     *
     * @throws AssertionError when there is no executable launcher where it should be
     */
    static Path launcher() {
        String configured = System.getProperty(IMAGE_PROPERTY);
        Path launcher = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("..", "..", "cli", "target", "inetkit", "bin", "inetkit");
        if (!Files.isExecutable(launcher)) {
            throw new AssertionError("no inetkit image at " + launcher.toAbsolutePath().normalize() + ": build it with"
                    + " './mvnw -B -q package -DskipTests' (./mvnw verify links it before these tests run), or name"
                    + " another launcher with -D" + IMAGE_PROPERTY + "=…/bin/inetkit");
        }
        return launcher.toAbsolutePath().normalize();
    }

    /** Runs in this working directory (default: this module's). */
    ImageRun in(Path workingDirectory) {
        this.directory = workingDirectory;
        return this;
    }

    /** Sets an environment variable of the run. */
    ImageRun env(String name, String value) {
        environment.add(new String[] {name, value});
        return this;
    }

    /**
     * Runs on a pseudo-terminal, through {@code script(1)} from util-linux, as when a person types
     * the command: Java then sees a console. Standard output and error both go to the terminal,
     * so {@link Finished#stdout()} holds both, with CR LF line ends, and {@link Finished#stderr()}
     * only what {@code script} itself says.
     */
    ImageRun onTerminal() {
        this.terminal = true;
        return this;
    }

    /** Starts the run; close the {@link Running} to end it if the test does not wait for it. */
    Running start() {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=HUP,INT,TERM",
                launcher().toString()));
        command.addAll(args);
        if (terminal) {
            // -e: script exits with the command's status; -q: no "Script started" lines; the typescript
            // goes nowhere. -c takes one shell command line, so each argument is quoted for sh.
            StringBuilder line = new StringBuilder("exec");
            for (String part : command) {
                line.append(" '").append(part.replace("'", "'\\''")).append('\'');
            }
            command = List.of("script", "-q", "-e", "-c", line.toString(), "/dev/null");
        }
        try {
            Path captures = Files.createTempDirectory("inetkit-image-run");
            Path stdout = captures.resolve("stdout");
            Path stderr = captures.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> PROXY_VARIABLES.contains(name.toLowerCase(Locale.ROOT)));
            for (String[] variable : environment) {
                env.put(variable[0], variable[1]);
            }
            long started = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().close();
            return new Running(process, started, captures, stdout, stderr, String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Starts the run and waits for its end; fails if it does not end within {@code timeout}. */
    Finished run(Duration timeout) {
        try (Running running = start()) {
            return running.await(timeout);
        }
    }

    /**
     * Waits until {@code condition} holds, polling every 10 ms; fails naming {@code what} if it
     * does not within {@code timeout}. For a state outside the process: a file that appears, a
     * server that saw the request.
     */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** A started run. */
    static final class Running implements AutoCloseable {

        private final Process process;
        private final long started;
        private final Path captures;
        private final Path stdout;
        private final Path stderr;
        private final String args;
        private long signalled = -1;
        private String signal;

        private Running(Process process, long started, Path captures, Path stdout, Path stderr, String args) {
            this.process = process;
            this.started = started;
            this.captures = captures;
            this.stdout = stdout;
            this.stderr = stderr;
            this.args = args;
        }

        /** The process id: the image's JVM, since both {@code env} and the launcher {@code exec} it. */
        long pid() {
            return process.pid();
        }

        /** Whether it still runs. */
        boolean isAlive() {
            return process.isAlive();
        }

        /**
         * Sends a signal with {@code kill -s NAME}: {@code "INT"}, {@code "TERM"}, {@code "HUP"}...
         * The time just before it was sent is what {@link Finished#sinceSignal()} counts from.
         */
        void signal(String name) {
            long before = System.nanoTime();
            try {
                Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
                        .redirectErrorStream(true).start();
                if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new AssertionError("kill -s " + name + " " + process.pid() + " failed: "
                            + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (signalled < 0) {
                signalled = before;
                signal = name;
            }
        }

        /** What it wrote to standard output so far. */
        byte[] stdoutSoFar() {
            return read(stdout);
        }

        /** What it wrote to standard error so far. */
        byte[] stderrSoFar() {
            return read(stderr);
        }

        /**
         * Waits for its end; if it does not end within {@code timeout}, kills it and fails with what
         * it printed.
         */
        Finished await(Duration timeout) {
            boolean ended;
            try {
                ended = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            long now = System.nanoTime();
            if (!ended) {
                process.destroyForcibly();
                throw new AssertionError("inetkit " + args + " still ran after " + timeout.toMillis() + " ms"
                        + (signal == null ? "" : ", " + (now - signalled) / 1_000_000 + " ms after SIG" + signal)
                        + "; stdout: " + new String(stdoutSoFar(), StandardCharsets.UTF_8) + "; stderr: "
                        + new String(stderrSoFar(), StandardCharsets.UTF_8));
            }
            return new Finished(args, process.exitValue(), read(stdout), read(stderr), Duration.ofNanos(now - started),
                    signal == null ? Optional.empty() : Optional.of(Duration.ofNanos(now - signalled)));
        }

        /** Kills it if it still runs, and removes the captured output. */
        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
                Files.deleteIfExists(captures);
            } catch (IOException e) {
                // A temporary folder left behind fails no test.
            }
        }

        private static byte[] read(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * An ended run: its exit status, the bytes it wrote, how long it ran from start to end, and
     * from the first signal sent to the end.
     */
    record Finished(String args, int status, byte[] stdout, byte[] stderr, Duration elapsed,
            Optional<Duration> sinceSignal) {

        /** Standard output as UTF-8. */
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Standard error as UTF-8. */
        String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        /**
         * The first byte of standard output or error that a terminal would take as a control, or
         * empty: a C0 control other than TAB, LF and the CR of a CR LF; DEL; a C1 control in its
         * UTF-8 form ({@code C2 80} to {@code C2 9F}) or as a lone byte from 0x80 to 0x9F, which
         * terminals in an 8-bit mode obey. Said with the stream, the offset and the text, for
         * assertion messages.
         */
        Optional<String> firstControl() {
            return firstControl("stdout", stdout).or(() -> firstControl("stderr", stderr));
        }

        private static Optional<String> firstControl(String stream, byte[] bytes) {
            int i = 0;
            while (i < bytes.length) {
                int b = bytes[i] & 0xff;
                int length = b >= 0xc2 && b <= 0xf4 ? (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) : 1;
                boolean sequence = length > 1 && i + length <= bytes.length;
                for (int k = 1; sequence && k < length; k++) {
                    sequence = (bytes[i + k] & 0xc0) == 0x80;
                }
                boolean control = b < 0x20 && b != '\t' && b != '\n'
                        && !(b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n');
                control |= b == 0x7f || (b >= 0x80 && b <= 0x9f);
                control |= sequence && b == 0xc2 && (bytes[i + 1] & 0xff) <= 0x9f;
                if (control) {
                    return Optional.of(String.format("%s byte %d is 0x%02x in: %s", stream, i, b,
                            new String(bytes, StandardCharsets.UTF_8)));
                }
                i += sequence ? length : 1;
            }
            return Optional.empty();
        }

        /** Whether standard output or error contains these bytes. */
        boolean printed(String text) {
            return stdoutText().contains(text) || stderrText().contains(text);
        }

        /** The run for assertion messages: arguments, status, times and both outputs. */
        String describe() {
            return "inetkit " + args + " -> exit " + status + " after " + elapsed.toMillis() + " ms"
                    + sinceSignal.map(d -> " (" + d.toMillis() + " ms after the signal)").orElse("")
                    + "\n--- stdout:\n" + stdoutText() + "\n--- stderr:\n" + stderrText();
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
