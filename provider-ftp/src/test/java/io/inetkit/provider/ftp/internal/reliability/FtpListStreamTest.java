package io.inetkit.provider.ftp.internal.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.Service;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.ftp.FtpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.script.Reply;
import io.inetkit.testkit.script.ScriptedFtpServer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Listings of any length through {@link FtpSession#listStream}, and {@link FtpSession#list} bounded
 * by {@link Limits#maxListEntries()} and {@link Limits#maxListBytes()}, against listings that never
 * end, played by testkit's {@link ScriptedFtpServer}.
 */
class FtpListStreamTest {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    @StartStop
    final ScriptedFtpServer server = ScriptedFtpServer.create();

    static String line(long i) {
        return "-rw-r--r-- 1 ftp ftp " + i + " Jan 01 2020 f" + i + "\r\n";
    }

    static Internet internet(Limits limits) {
        return Internet.newBuilder().connectTimeout(READ_TIMEOUT).readTimeout(READ_TIMEOUT).limits(limits).build();
    }

    FtpSession connect(Internet internet) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1").port(server.port())
                .user("u").password("p").flags(ConnectFlag.PASSIVE).build());
    }

    @Test
    void streamsTheEntriesThenFreesTheSession() throws Exception {
        server.data(Reply.text("total 3\r\n").then(Reply.lines(3, FtpListStreamTest::line)));
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            try (Stream<FtpEntry> entries = session.listStream()) {
                assertEquals(List.of("f0", "f1", "f2"), entries.map(FtpEntry::name).toList());
            }
            assertEquals("/", session.pwd());
            assertEquals(List.of("f1"), session.listStream("f1*").map(FtpEntry::name).toList());
            assertEquals("/", session.pwd()); // read to its end: the session is free, closed or not
        }
    }

    @Test
    void anEndlessListingEndsWhenTheStreamIsClosedAndTheSessionGoesOn() throws Exception {
        server.data(Reply.endless(FtpListStreamTest::line));
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                try (Stream<FtpEntry> entries = session.listStream("")) {
                    assertEquals(1_000, entries.limit(1_000).count());
                    InternetException busy = assertThrows(InternetException.class, session::pwd);
                    assertEquals(InternetError.FTP_TRANSFER_IN_PROGRESS, busy.error(), busy.toString());
                }
            });
            assertTrue(server.awaitDataCut(Duration.ofSeconds(5)), "the data connection stayed open");
            assertEquals("/", session.pwd()); // the server's 426 was read
        }
    }

    @Test
    void anIteratorReadOnAfterTheStreamClosedFailsInsteadOfEnding() throws Exception {
        server.data(Reply.endless(FtpListStreamTest::line));
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            Stream<FtpEntry> entries = session.listStream();
            Iterator<FtpEntry> iterator = entries.iterator();
            assertEquals("f0", iterator.next().name());
            entries.close();
            UncheckedIOException e = assertThrows(UncheckedIOException.class, iterator::hasNext);
            assertEquals(InternetError.INVALID_HANDLE, ((InternetException) e.getCause()).error());
        }
    }

    @Test
    void closingTheSessionEndsTheStream() throws Exception {
        server.data(Reply.endless(FtpListStreamTest::line));
        try (Internet internet = internet(Limits.defaults())) {
            FtpSession session = connect(internet);
            Iterator<FtpEntry> iterator = session.listStream().iterator();
            assertEquals("f0", iterator.next().name());
            session.close();
            UncheckedIOException e = assertThrows(UncheckedIOException.class, iterator::hasNext);
            assertEquals(InternetError.OPERATION_CANCELLED, ((InternetException) e.getCause()).error());
            assertTrue(server.awaitDataCut(Duration.ofSeconds(5)), "the data connection stayed open");
        }
    }

    @Test
    void aRefusalBeforeTheFirstEntryIsThrownAtOnce() throws Exception {
        server.reply("LIST", "550 no such directory\r\n");
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> session.listStream("nope"));
            assertEquals(InternetError.EXTENDED_ERROR, e.error(), e.toString());
            assertEquals("550 no such directory", e.serverReply().orElseThrow());
            assertEquals("/", session.pwd());
        }
    }

    @Test
    void aFailureMidStreamIsAnUncheckedIOExceptionAndTheSessionGoesOn() throws Exception {
        server.data(Reply.lines(3, FtpListStreamTest::line).then(Reply.text("-rw-r--r-- 1 ftp ftp 5 Jan 01 2020 "
                + "x".repeat(20_000) + "\r\n")).then(Reply.endless(FtpListStreamTest::line)));
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            try (Stream<FtpEntry> entries = session.listStream()) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> entries.forEach(entry -> {
                }));
                InternetException cause = assertInstanceOf(InternetException.class, e.getCause());
                assertEquals(InternetError.CONNECTION_ABORTED, cause.error(), cause.toString());
                assertTrue(cause.getMessage().contains("a listing entry of more than 16384 bytes (Limits.maxLineBytes)"),
                        cause.getMessage());
            }
            assertEquals("/", session.pwd());
        }
    }

    @Test
    void aRefusalAtTheEndOfTheListingFailsTheStream() throws Exception {
        server.reply("LIST", "150 here\r\n451 the listing broke\r\n");
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet);
             Stream<FtpEntry> entries = session.listStream()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, entries::toList);
            assertEquals(InternetError.EXTENDED_ERROR, ((InternetException) e.getCause()).error());
        }
    }

    @Test
    void listStopsAnEndlessListingAtMaxListEntries() throws Exception {
        server.data(Reply.endless(FtpListStreamTest::line));
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            InternetException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(InternetException.class, session::list));
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
            assertTrue(e.getMessage().contains("sent a listing of more than 100000 entries (Limits.maxListEntries);"
                    + " raise it with Limits.Builder.maxListEntries(int) if the server is trusted, or read it with"
                    + " FtpSession.listStream(String), which holds one entry at a time"), e.getMessage());
            assertTrue(server.awaitDataCut(Duration.ofSeconds(5)), "the data connection stayed open");
            assertEquals("/", session.pwd());
        }
    }

    @Test
    void listHonoursTheLimitsOfTheInternet() throws Exception {
        server.data(Reply.lines(11, FtpListStreamTest::line));
        try (Internet internet = internet(Limits.newBuilder().maxListEntries(10).build());
             FtpSession session = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, session::list);
            assertTrue(e.getMessage().contains("a listing of more than 10 entries"), e.getMessage());
            assertEquals(11, session.listStream().count()); // the stream has no such bound
        }
        try (Internet internet = internet(Limits.newBuilder().maxListEntries(11).build());
             FtpSession session = connect(internet)) {
            assertEquals(11, session.list().size());
        }
        server.data(Reply.endless(i -> "garbage that no parser reads " + i + "\r\n"));
        try (Internet internet = internet(Limits.newBuilder().maxListBytes(100_000).build());
             FtpSession session = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, session::list);
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
            assertTrue(e.getMessage().contains("a listing of more than 100000 bytes (Limits.maxListBytes)"),
                    e.getMessage());
            assertEquals("/", session.pwd());
        }
    }

    /**
     * A million entries through {@code listStream} in a JVM of 32 MB: Commons Net's listing engine
     * held them all (GBs); one entry at a time they fit. Not timed: the child may take a while on a
     * busy machine.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aMillionEntriesStreamInABoundedHeap() throws Exception {
        server.data(Reply.lines(1_000_000, FtpListStreamTest::line));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx32m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                ListStreamChild.class.getName(), Integer.toString(server.port()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(1, TimeUnit.MINUTES), output);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains(ListStreamChild.COUNTED + 1_000_000 + "\n"), output);
        assertFalse(output.contains("OutOfMemoryError"), output);
    }
}
