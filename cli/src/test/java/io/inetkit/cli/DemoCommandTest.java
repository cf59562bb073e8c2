package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code inetkit demo} in-process, with testkit on the class path as in a development checkout. */
class DemoCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void walksThroughFtpHttpAndGopherAndLeavesNothingRunning() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        assertEquals(0, Main.run(new String[] {"demo"}, new PrintWriter(out, true), new PrintWriter(err, true)),
                out + "\n" + err);
        String text = out.toString();
        assertTrue(text.contains("$ inetkit ls ftp://127.0.0.1:"), text);
        assertTrue(text.matches("(?s).*- \\S+ +4096 [^\n]+ numbers\\.bin\n.*"), text);
        assertTrue(text.contains("hello.txt, 27 bytes: Hello over FTP and Gopher."), text);
        assertTrue(text.contains("readme.txt, 47 bytes: Welcome to the inetkit demo, served over HTTP."), text);
        assertTrue(text.matches("(?s).*\n0\thello\\.txt\tgopher://127\\.0\\.0\\.1:\\d+/0\\S+\n.*"), text);
        assertTrue(text.contains("inetkit: ERROR_INTERNET_CANNOT_CONNECT (12029): "), text);
        assertTrue(text.contains("Done: every step did what it should."), text);
        assertEquals("", err.toString());

        // Nothing is left: the servers' ports refuse connections and the served folder is gone.
        Matcher ports = Pattern.compile("(?m)^  \\S+ +\\w+://127\\.0\\.0\\.1:(\\d+)/").matcher(text);
        int seen = 0;
        while (ports.find()) {
            int port = Integer.parseInt(ports.group(1));
            assertThrows(ConnectException.class, () -> connect(port), "port " + port + " still open");
            seen++;
        }
        assertEquals(3, seen, text);
        Matcher removed = Pattern.compile("removed (\\S+)\\.\n").matcher(text);
        assertTrue(removed.find(), text);
        assertTrue(Files.notExists(Path.of(removed.group(1))), text);
        List<String> left = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .filter(DemoCommandTest::aServerThread).map(Thread::getName).toList();
        assertEquals(List.of(), left, "server threads still running");
    }

    private static boolean aServerThread(Thread thread) {
        ThreadGroup group = thread.getThreadGroup();
        String names = thread.getName() + " " + (group == null ? "" : group.getName());
        return names.contains("inetkit-ftp-") || names.contains("inetkit-http-") || names.contains("inetkit-gopher-");
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getInputStream();
        }
    }
}
