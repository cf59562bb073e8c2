package io.inetkit.provider.ftp.internal.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.inetkit.ftp.FtpSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.script.Reply;
import io.inetkit.testkit.script.ScriptedFtpServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Control replies no server should send, played by testkit's {@link ScriptedFtpServer}: endless,
 * trickled, too long in lines, bytes or one line, and passive replies naming a port no data
 * connection can go to. Each ends the command within the read time-out plus a second, with an error
 * that names the {@link Limits} bound, and ends the connection, since the replies that follow could
 * belong to any command.
 */
class FtpHostileServerTest {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    /** What every hostile case must end within: the read time-out plus a second. */
    static final Duration BOUND = READ_TIMEOUT.plusSeconds(1);

    @StartStop
    final ScriptedFtpServer server = ScriptedFtpServer.create();

    static Internet internet(Limits limits) {
        return Internet.newBuilder().connectTimeout(READ_TIMEOUT).readTimeout(READ_TIMEOUT).limits(limits).build();
    }

    FtpSession connect(Internet internet) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1").port(server.port())
                .user("u").password("p").flags(ConnectFlag.PASSIVE).build());
    }

    /** The call's failure, which must come within {@link #BOUND}; a hang fails after 15 s, not hours. */
    static InternetException failsInTime(InternetError expected, ThrowingSupplier<?> call) {
        long start = System.nanoTime();
        InternetException e = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> assertThrows(InternetException.class, call::get));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(expected, e.error(), e.toString());
        assertTrue(took.compareTo(BOUND) <= 0, "took " + took.toMillis() + " ms: " + e);
        return e;
    }

    static void assertNamesTheLimit(InternetException e, String limit) {
        assertTrue(e.getMessage().contains("(Limits." + limit + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("Limits.Builder." + limit + "(int)"), e.getMessage());
    }

    static void assertDropped(FtpSession session) {
        InternetException e = assertThrows(InternetException.class, session::pwd);
        assertEquals(InternetError.FTP_DROPPED, e.error(), e.toString());
    }

    @Test
    void anEndlessMultiLineReplyStopsAtMaxReplyLinesAndEndsTheConnection() throws Exception {
        server.reply("PWD", Reply.endless(i -> "257-still going " + i + "\r\n"));
        Leaks leaks = Leaks.snapshot();
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            InternetException e = failsInTime(InternetError.CONNECTION_ABORTED, session::pwd);
            assertNamesTheLimit(e, "maxReplyLines");
            assertTrue(e.getMessage().contains("a reply of more than 10000 lines"), e.getMessage());
            assertDropped(session);
        }
        leaks.assertNoLeak("an endless reply");
    }

    @Test
    void aReplyTrickledWithinEachReadTimeoutStillEndsAtTheReadTimeout() throws Exception {
        server.reply("PWD", Reply.trickle(Duration.ofMillis(100), i -> "257-one more line " + i + "\r\n"));
        Leaks leaks = Leaks.snapshot();
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            long start = System.nanoTime();
            InternetException e = failsInTime(InternetError.TIMEOUT, session::pwd);
            assertTrue(System.nanoTime() - start >= READ_TIMEOUT.minusMillis(100).toNanos(), e.toString());
            assertTrue(e.getMessage().contains("had not ended its reply after 1000 ms, the read time-out"),
                    e.getMessage());
            assertDropped(session);
        }
        leaks.assertNoLeak("a trickled reply");
    }

    @Test
    void aReplyOverMaxReplyBytesEndsTheConnection() throws Exception {
        server.reply("STAT", Reply.lines(200, i -> "211-" + "x".repeat(8_000) + "\r\n").then(Reply.text("211 end\r\n")));
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            InternetException e = failsInTime(InternetError.CONNECTION_ABORTED, () -> session.command("STAT"));
            assertNamesTheLimit(e, "maxReplyBytes");
            assertTrue(e.getMessage().contains("a reply of more than 1048576 bytes"), e.getMessage());
            assertDropped(session);
        }
    }

    @Test
    void aLineOverMaxLineBytesEndsTheConnection() throws Exception {
        server.reply("PWD", "257 \"/" + "x".repeat(20_000) + "\"\r\n");
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            InternetException e = failsInTime(InternetError.CONNECTION_ABORTED, session::pwd);
            assertNamesTheLimit(e, "maxLineBytes");
            assertTrue(e.getMessage().contains("a reply line of more than 16384 bytes"), e.getMessage());
            assertDropped(session);
        }
    }

    @Test
    void anEndlessGreetingFailsTheConnectInTime() {
        server.reply(ScriptedFtpServer.GREETING, Reply.endless(i -> "220-welcome " + i + "\r\n"));
        try (Internet internet = internet(Limits.defaults())) {
            InternetException e = failsInTime(InternetError.CONNECTION_ABORTED, () -> connect(internet));
            assertNamesTheLimit(e, "maxReplyLines");
            assertTrue(e.getMessage().startsWith("connecting: 127.0.0.1:" + server.port() + " sent a reply of"),
                    e.getMessage());
        }
    }

    @Test
    void theLimitsOfTheInternetAreHonoured() throws Exception {
        server.reply("STAT", Reply.lines(12_000, i -> "211-line " + i + "\r\n").then(Reply.text("211 end\r\n")));
        try (Internet internet = internet(Limits.newBuilder().maxReplyLines(20_000).build());
             FtpSession session = connect(internet)) {
            assertEquals(12_001, session.command("STAT").lines().size());
        }
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            failsInTime(InternetError.CONNECTION_ABORTED, () -> session.command("STAT"));
        }
        server.reply("PWD", "257 \"/" + "x".repeat(150) + "\"\r\n");
        try (Internet internet = internet(Limits.newBuilder().maxLineBytes(100).build());
             FtpSession session = connect(internet)) {
            InternetException e = failsInTime(InternetError.CONNECTION_ABORTED, session::pwd);
            assertTrue(e.getMessage().contains("a reply line of more than 100 bytes"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
        "EPSV; 229 Entering Extended Passive Mode (|||0|);     0",
        "PASV; 227 Entering Passive Mode (127,0,0,1,0,0);       0",
        "EPSV; 229 Entering Extended Passive Mode (|||70000|); 70000",
        "PASV; 227 Entering Passive Mode (127,0,0,1,256,1);     65537",
    })
    void aPassiveReplyNamingAPortNoConnectionCanGoToIsRefused(String verb, String reply, int port) throws Exception {
        if (verb.equals("PASV")) {
            server.reply("EPSV", "500 no EPSV here\r\n"); // Commons Net falls back to PASV
        }
        server.reply(verb, reply + "\r\n");
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            InternetException e = failsInTime(InternetError.CONNECTION_ABORTED, session::list);
            assertTrue(e.getMessage().contains("the passive mode reply names port " + port
                    + ", where no data connection can go; none was made: " + reply), e.getMessage());
            assertDropped(session);
        }
        assertTrue(!server.commands().contains("LIST"), server.commands().toString());
    }

    /** Made only if something instantiates it by its name. */
    public static final class SystProbe {
        static final java.util.concurrent.atomic.AtomicInteger MADE = new java.util.concurrent.atomic.AtomicInteger();

        public SystProbe() {
            MADE.incrementAndGet();
        }
    }

    @Test
    void aSystReplyNamingAJavaClassInstantiatesNothing() throws Exception {
        server.reply("SYST", "215 " + SystProbe.class.getName() + "\r\n");
        try (Internet internet = internet(Limits.defaults()); FtpSession session = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, session::list);
            assertEquals(InternetError.EXTENDED_ERROR, e.error(), e.toString());
            assertTrue(e.getMessage().contains("cannot be parsed"), e.getMessage());
            assertEquals(0, SystProbe.MADE.get(), "the server's SYST reply made the client instantiate a class");
            assertEquals("/", session.pwd());
        }
    }
}
