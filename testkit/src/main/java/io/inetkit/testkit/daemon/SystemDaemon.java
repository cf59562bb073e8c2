package io.inetkit.testkit.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real server program of the system (vsftpd, nginx, gophernicus...) run by a test on loopback
 * ports, for the tests that must meet the real thing and not only testkit's servers.
 *
 * <pre>{@code
 * Path nginx = SystemDaemon.require("nginx", "nginx");     // skips locally, fails in CI, if missing
 * int port = SystemDaemon.freePort();
 * try (SystemDaemon daemon = SystemDaemon.start(List.of(nginx.toString(), "-c", conf.toString()),
 *         dir.resolve("out.log"), Duration.ofSeconds(10), port)) {
 *     ... talk to 127.0.0.1:port ...
 * }
 * }</pre>
 *
 * <p>Where CI installs the program (the environment variable {@code CI} is set), a missing
 * program fails the test: a green CI must not hide tests that did not run. Elsewhere, it skips.
 */
public final class SystemDaemon implements AutoCloseable {

    private static final List<String> SYSTEM_DIRECTORIES = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private final Process process;
    private final Path log;

    private SystemDaemon(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * The path of an installed program, looked up on {@code PATH} and in the system directories.
     * Missing, it aborts the test (skipped), or fails it when {@code CI} is set.
     *
     * @param debianPackage the package that installs it, named in the message
     */
    public static Path require(String program, String debianPackage) {
        Optional<Path> found = find(program);
        if (found.isEmpty()) {
            String message = program + " is not installed; apt-get install " + debianPackage
                    + " (CI installs it from .ci/packages)";
            if (System.getenv("CI") != null) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        return found.get();
    }

    /** The path of an installed program, if there is one. */
    public static Optional<Path> find(String program) {
        Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator));
        return Stream.concat(path, SYSTEM_DIRECTORIES.stream()).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }

    /**
     * A loopback port that was free a moment ago. Another process may take it before the daemon
     * binds it; {@link #start} then fails, and a caller may try again with another.
     */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts a program and waits until it accepts connections on every port on 127.0.0.1.
     *
     * @param log where the program's standard output and error go
     * @param ports the loopback ports it must listen on
     * @throws IOException if it exits or does not listen within the timeout; the process is
     *     stopped and the message holds the end of its log
     */
    public static SystemDaemon start(List<String> command, Path log, Duration timeout, int... ports)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        SystemDaemon daemon = new SystemDaemon(process, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = 0;
        while (next < ports.length) {
            if (!process.isAlive()) {
                throw daemon.failed(command.get(0) + " exited with " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                daemon.close();
                throw daemon.failed(command.get(0) + " did not listen on " + ports[next] + " within " + timeout);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[next]), 500);
                next++;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return daemon;
    }

    private IOException failed(String what) {
        return new IOException(what + "; its output: " + tail());
    }

    /** The last 2,000 characters of the program's output. */
    public String tail() {
        try {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The running process. */
    public Process process() {
        return process;
    }

    /** Stops the program: SIGTERM, then SIGKILL after 5 s, with its children. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
