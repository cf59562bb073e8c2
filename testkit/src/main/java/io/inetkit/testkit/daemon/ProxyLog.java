package io.inetkit.testkit.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** A proxy daemon's log file, read for the lines that prove traffic went through it. */
final class ProxyLog {

    private final Path file;

    ProxyLog(Path file) {
        this.file = file;
    }

    List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The matching lines, waiting up to {@code patience} for a first one: daemons write their log
     * from other processes, a moment after the connection.
     */
    List<String> await(Predicate<String> match, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<String> found = lines().stream().filter(match).toList();
            if (!found.isEmpty() || System.nanoTime() > deadline) {
                return found;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
