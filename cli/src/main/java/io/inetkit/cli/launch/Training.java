package io.inetkit.cli.launch;

import io.inetkit.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the image's class-data sharing archive, which the build runs once with
 * {@code -XX:ArchiveClassesAtExit}: the command lines people start with, so that the archive holds
 * the classes and lambdas each command loads and links as it starts, not only those of
 * {@code inetkit services}. Each one that connects fails fast on loopback port 1, where nothing
 * listens, within its time-out if something does; then {@code get} fetches a small document from a
 * loopback server of its own ({@link TrainingServer}), to standard output and to a file, since the
 * classes of a response read to its end are most of what a small fetch loads, and a file in two
 * segments, whose classes and lambdas a segmented download would otherwise read and spin as it
 * starts, while its first request waits. Nothing is left behind. No TLS: its thousand-odd
 * classes would triple the archive, and the JVM relocates the whole archive at every start, which
 * every command would pay for what only https and ftps use (4 to 5 ms a start). Not an API.
 */
public final class Training {

    private Training() {
    }

    /**
     * Runs the command lines, discarding their output.
     *
     * @param args not used
     */
    public static void main(String[] args) throws IOException {
        String file = Path.of(System.getProperty("java.home"), "release").toString();
        String[][] commands = {
            {"services"},
            {"--help"},
            {"--version"},
            {"get"},
            {"get", "--timeout", "5", "http://127.0.0.1:1/"},
            {"get", "--max-time", "5", "http://127.0.0.1:1/"},
            {"get", "--timeout", "5", "-o", file + ".never", "ftp://127.0.0.1:1/x"},
            {"get", "--timeout", "5", "gopher://127.0.0.1:1/0/x"},
            {"ls", "--timeout", "5", "ftp://127.0.0.1:1/"},
            {"ls", "--timeout", "5", "gopher://127.0.0.1:1/"},
            {"put", "--timeout", "5", file, "ftp://127.0.0.1:1/x"},
            {"put", "--timeout", "5", file, "http://127.0.0.1:1/x"},
        };
        // The class the launcher starts: one the archive lacks the JVM reads from lib/modules with the
        // JDK's Java image reader, whose set-up (a lambda, the decompressors) cost every start 4-6 ms.
        Class<?> launcher = Launch.class;
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        for (String[] command : commands) {
            Main.runAsProcess(command, discard, discard);
        }
        Path saved = Files.createTempFile("inetkit-training-", ".txt");
        PrintStream stdout = System.out;
        try (TrainingServer server = TrainingServer.start()) {
            // get writes a document to the process's standard output, not to the writer it is given.
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            Main.runAsProcess(new String[] {"get", "--timeout", "5", server.url()}, discard, discard);
            Main.runAsProcess(new String[] {"get", "--timeout", "5", "-o", saved.toString(), server.url()},
                    discard, discard);
            Main.runAsProcess(new String[] {"get", "--timeout", "5", "--segments", "2", "-o", saved.toString(),
                    server.segmentsUrl()}, discard, discard);
        } finally {
            System.setOut(stdout);
            Files.deleteIfExists(saved);
        }
    }
}
