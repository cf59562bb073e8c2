package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.daemon.Nginx;
import io.inetkit.testkit.ftp.HeldPort;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -C -} with curl's meaning: transfers cut in the middle by the fault proxy, then continued
 * by a second run, whose result matches byte for byte; and curl's exit statuses where a resume
 * cannot be done.
 */
class ContinueAtTest {

    static final byte[] CONTENT = bytes(2_500_000, 11);

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    // ---------------------------------------------------------------- HTTP, against nginx

    @Test
    void anHttpDownloadCutInTheMiddleContinuesToTheSameBytes() throws Exception {
        try (Nginx nginx = Nginx.newBuilder().start(dir.resolve("nginx"));
             FaultProxy proxy = FaultProxy.to(new InetSocketAddress("127.0.0.1", nginx.port()))) {
            Files.write(nginx.root().resolve("big.bin"), CONTENT);
            proxy.start();
            proxy.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 1_000_000));
            String url = "http://127.0.0.1:" + proxy.port() + "/big.bin";
            Path file = dir.resolve("big.bin");
            int first = run("get", "-C", "-", "-o", file.toString(), url);
            assertTrue(first == 18 || first == 56, "exit " + first + ": " + err);
            long kept = Files.size(file);
            assertTrue(kept > 0 && kept < CONTENT.length, "kept " + kept);
            assertEquals(0, run("get", "-C", "-", "-o", file.toString(), url), err.toString());
            assertArrayEquals(CONTENT, Files.readAllBytes(file));
            assertTrue(nginx.requests("/big.bin", 2).get(1).endsWith(" 206"), nginx.requests("/big.bin", 2).toString());

            // Complete: nginx's 416 leaves it, as curl.
            assertEquals(0, run("get", "--continue-at", "-", "-o", file.toString(), url), err.toString());
            assertArrayEquals(CONTENT, Files.readAllBytes(file));

            // Changed on the server since the cut: started over, not spliced.
            proxy.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 1_000_000));
            Files.delete(file);
            assertNotEquals(0, run("get", "-C", "-", "-o", file.toString(), url));
            byte[] changed = bytes(CONTENT.length, 12);
            Files.write(nginx.root().resolve("big.bin"), changed);
            Files.setLastModifiedTime(nginx.root().resolve("big.bin"),
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
            assertEquals(0, run("get", "-C", "-", "-o", file.toString(), url), err.toString());
            assertArrayEquals(changed, Files.readAllBytes(file));
        }
    }

    @Test
    void aLocalFileLongerThanTheServersExits36() throws Exception {
        try (Nginx nginx = Nginx.newBuilder().start(dir.resolve("nginx"))) {
            Files.write(nginx.root().resolve("small.bin"), Arrays.copyOf(CONTENT, 1000));
            Path file = Files.write(dir.resolve("small.bin"), Arrays.copyOf(CONTENT, 2000));
            assertEquals(36, run("get", "-C", "-", "-o", file.toString(), nginx.url("/small.bin").toString()));
            assertTrue(err.toString().contains("cannot resume"), err.toString());
            assertEquals(2000, Files.size(file));
        }
    }

    // ---------------------------------------------------------------- HTTP, servers that misbehave

    @Test
    void aServerIgnoringRangeStartsOverCleanly() throws Exception {
        try (TestHttpServer server = TestHttpServer.newBuilder()
                .dispatcher(request -> TestResponse.newBuilder().status(200).body(CONTENT).build()).build()) {
            server.start();
            Path file = Files.write(dir.resolve("f.bin"), Arrays.copyOf(CONTENT, 1000));
            assertEquals(0, run("get", "-C", "-", "-o", file.toString(), server.url("/f").toString()), err.toString());
            assertArrayEquals(CONTENT, Files.readAllBytes(file));
        }
    }

    @Test
    void anotherRangeThanAskedExits33AndAppendsNothing() throws Exception {
        try (TestHttpServer server = TestHttpServer.newBuilder()
                .dispatcher(request -> TestResponse.newBuilder().status(206)
                        .header("Content-Range", "bytes 0-999/" + CONTENT.length)
                        .body(Arrays.copyOf(CONTENT, 1000)).build()).build()) {
            server.start();
            byte[] start = Arrays.copyOf(CONTENT, 5000);
            Path file = Files.write(dir.resolve("f.bin"), start);
            assertEquals(33, run("get", "-C", "-", "-o", file.toString(), server.url("/f").toString()));
            assertTrue(err.toString().contains("Content-Range"), err.toString());
            assertArrayEquals(start, Files.readAllBytes(file));
        }
    }

    @Test
    void usageErrors() throws Exception {
        assertEquals(2, run("get", "-C", "400", "-o", dir.resolve("x").toString(), "http://127.0.0.1:1/x"));
        assertTrue(err.toString().contains("-C takes -"), err.toString());
        assertEquals(2, run("get", "-C", "-", "http://127.0.0.1:1/x"));
        assertTrue(err.toString().contains("-C - continues a file"), err.toString());
        Path file = Files.write(dir.resolve("f"), new byte[] {1});
        assertEquals(2, run("put", "-C", "-", file.toString(), "http://127.0.0.1:1/x"));
        assertTrue(err.toString().contains("-C - continues uploads to FTP"), err.toString());
    }

    // ---------------------------------------------------------------- FTP, both ways, through proxies

    /** testkit's FTP server behind a control proxy whose EPSV replies name a data proxy. */
    private record ProxiedFtp(TestFtpServer server, FaultProxy control, FaultProxy data) implements AutoCloseable {

        static ProxiedFtp start() throws Exception {
            try (HeldPort held = HeldPort.hold()) {
                int passive = held.port();
                TestFtpServer server = TestFtpServer.newBuilder().user("alice", "secret")
                        .passivePorts(passive, passive).build();
                server.start();
                FaultProxy data = FaultProxy.to(new InetSocketAddress("127.0.0.1", passive));
                data.start();
                FaultProxy control = FaultProxy.to(server::address);
                control.fault(Fault.rewriteLines(Direction.DOWNSTREAM,
                        line -> line.replace("|||" + passive + "|", "|||" + data.port() + "|")));
                control.start();
                return new ProxiedFtp(server, control, data);
            }
        }

        String url(String path) {
            return "ftp://alice:secret@127.0.0.1:" + control.port() + "/" + path;
        }

        @Override
        public void close() throws Exception {
            try (server; data; control) {
                // closed in reverse
            }
        }
    }

    @Test
    void anFtpDownloadCutInTheMiddleContinuesToTheSameBytes() throws Exception {
        try (ProxiedFtp ftp = ProxiedFtp.start()) {
            Files.write(ftp.server().root().resolve("big.bin"), CONTENT);
            ftp.data().enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 1_000_000));
            Path file = dir.resolve("big.bin");
            assertNotEquals(0, run("get", "-C", "-", "-o", file.toString(), ftp.url("big.bin")));
            long kept = Files.size(file);
            assertTrue(kept > 0 && kept < CONTENT.length, "kept " + kept);
            assertEquals(0, run("get", "-C", "-", "-o", file.toString(), ftp.url("big.bin")), err.toString());
            assertArrayEquals(CONTENT, Files.readAllBytes(file));

            Files.write(file, bytes(CONTENT.length + 1, 13));
            assertEquals(36, run("get", "-C", "-", "-o", file.toString(), ftp.url("big.bin")));
        }
    }

    @Test
    void anFtpUploadCutInTheMiddleContinuesToTheSameBytes() throws Exception {
        try (ProxiedFtp ftp = ProxiedFtp.start()) {
            Path file = Files.write(dir.resolve("up.bin"), CONTENT);
            Path remote = ftp.server().root().resolve("up.bin");
            ftp.data().enqueue(Fault.resetAfter(Direction.UPSTREAM, 1_000_000));
            assertNotEquals(0, run("put", "-C", "-", file.toString(), ftp.url("up.bin")));
            long kept = Files.exists(remote) ? Files.size(remote) : 0;
            assertTrue(kept < CONTENT.length, "kept " + kept);
            assertEquals(0, run("put", "-C", "-", file.toString(), ftp.url("up.bin")), err.toString());
            assertArrayEquals(CONTENT, Files.readAllBytes(remote));

            // curl's spelling too: get -T FILE -C -.
            Files.write(remote, Arrays.copyOf(CONTENT, 12345));
            assertEquals(0, run("get", "-T", file.toString(), "-C", "-", ftp.url("up.bin")), err.toString());
            assertArrayEquals(CONTENT, Files.readAllBytes(remote));

            Path shorter = Files.write(dir.resolve("short.bin"), Arrays.copyOf(CONTENT, 10));
            assertEquals(36, run("put", "-C", "-", shorter.toString(), ftp.url("up.bin")));
            assertArrayEquals(CONTENT, Files.readAllBytes(remote));
        }
    }
}
