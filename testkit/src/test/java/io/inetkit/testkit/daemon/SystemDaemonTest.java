package io.inetkit.testkit.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Running real programs for tests, with the JDK's own {@code java} as the program. */
class SystemDaemonTest {

    @TempDir
    Path dir;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A one-file Java server that listens on the port given and accepts until killed. */
    private Path listener() throws IOException {
        return Files.writeString(dir.resolve("Listen.java"), "import java.net.*;\n"
                + "public class Listen { public static void main(String[] a) throws Exception {\n"
                + "  try (ServerSocket s = new ServerSocket(Integer.parseInt(a[0]), 5, InetAddress.getLoopbackAddress())) {\n"
                + "    System.out.println(\"listening\");\n"
                + "    while (true) { s.accept().close(); } } } }\n");
    }

    @Test
    void findsInstalledProgramsAndNotMissingOnes() {
        assertTrue(SystemDaemon.find("sh").isPresent(), "every Debian machine has sh");
        assertTrue(SystemDaemon.find("no-such-program-inetkit").isEmpty());
    }

    @Test
    void aMissingProgramSkipsLocallyAndFailsInCi() {
        Throwable thrown = assertThrows(Throwable.class, () -> SystemDaemon.require("no-such-program-inetkit", "pkg"));
        Class<?> expected = System.getenv("CI") != null ? AssertionFailedError.class : TestAbortedException.class;
        assertEquals(expected, thrown.getClass());
        assertTrue(thrown.getMessage().contains("apt-get install pkg"), thrown.getMessage());
    }

    @Test
    void startWaitsUntilThePortAcceptsAndCloseEndsTheProcess() throws Exception {
        int port = SystemDaemon.freePort();
        SystemDaemon daemon = SystemDaemon.start(List.of(java(), listener().toString(), String.valueOf(port)),
                dir.resolve("out.log"), Duration.ofSeconds(30), port);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertTrue(socket.isConnected());
        }
        // The port accepts once the socket is bound, a moment before the program's line reaches its log.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!daemon.tail().contains("listening") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(daemon.tail().contains("listening"), daemon.tail());
        daemon.close();
        assertFalse(daemon.process().isAlive());
    }

    @Test
    void aProgramThatExitsFailsWithItsOutput() throws Exception {
        IOException e = assertThrows(IOException.class, () -> SystemDaemon.start(List.of(java(), "-version"),
                dir.resolve("out.log"), Duration.ofSeconds(30), SystemDaemon.freePort()));
        assertTrue(e.getMessage().contains("exited with 0") && e.getMessage().contains("version"), e.getMessage());
    }

    @Test
    void aProgramThatNeverListensTimesOutAndIsStopped() throws Exception {
        int port = SystemDaemon.freePort();
        int other = SystemDaemon.freePort();
        // It listens on one port, but the test waits for another.
        IOException e = assertThrows(IOException.class, () -> SystemDaemon.start(
                List.of(java(), listener().toString(), String.valueOf(port)), dir.resolve("out.log"),
                Duration.ofSeconds(3), other));
        assertTrue(e.getMessage().contains("did not listen on " + other), e.getMessage());
        // Stopped: its port no longer accepts.
        assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
    }
}
