package io.inetkit.it;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Starts {@link Probe} in a new JVM with the given modules on a module path or a class path. */
final class ChildJvm {

    /** Where the libraries go. */
    enum Where {
        MODULE_PATH, CLASS_PATH
    }

    /** What a child printed. */
    record Result(int exitCode, List<String> out, List<String> err) {
        List<String> lines(String prefix) {
            return out.stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
        }
    }

    static Path location(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run through Maven");
        }
        return Path.of(value).normalize();
    }

    static List<Path> slf4j() throws IOException {
        try (Stream<Path> jars = Files.list(location("inetkit.it.libs"))) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }

    static Result run(Where where, List<Path> libraries, String... args) throws IOException, InterruptedException {
        Path probe;
        try {
            probe = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String libs = libraries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        if (where == Where.MODULE_PATH) {
            // Only io.inetkit is a root: the providers must come in through service binding, as
            // they do for an application that requires io.inetkit and nothing else.
            command.addAll(List.of("--module-path", libs, "--add-modules", "io.inetkit", "-cp", probe.toString()));
        } else {
            command.addAll(List.of("-cp", probe + File.pathSeparator + libs));
        }
        command.add(Probe.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getOutputStream().close();
        // Read both streams fully on their own threads so that a chatty child cannot block.
        StreamReader out = new StreamReader(process.getInputStream());
        StreamReader err = new StreamReader(process.getErrorStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not end within 60 s: " + command);
        }
        return new Result(process.exitValue(), out.lines(), err.lines());
    }

    private static final class StreamReader {
        private final Thread thread;
        private volatile String text = "";

        StreamReader(java.io.InputStream in) {
            thread = new Thread(() -> {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    text = "(unreadable: " + e + ")";
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        List<String> lines() throws InterruptedException {
            thread.join(10_000);
            return text.lines().collect(Collectors.toList());
        }
    }

    private ChildJvm() {
    }
}
