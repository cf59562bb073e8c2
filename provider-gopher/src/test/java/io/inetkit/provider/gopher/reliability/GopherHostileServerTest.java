package io.inetkit.provider.gopher.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.Service;
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.script.Reply;
import io.inetkit.testkit.script.ScriptedGopherServer;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Menus of any length through {@link GopherSession#menuStream}, and {@code menu}, {@code search}
 * and attributes bounded by the {@link Limits} of the {@code Internet}, against menus and replies
 * that never end, played by testkit's {@link ScriptedGopherServer}.
 */
class GopherHostileServerTest {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    static String item(long i) {
        return "0file " + i + "\t/f" + i + "\texample.org\t70\r\n";
    }

    @StartStop
    final ScriptedGopherServer server = ScriptedGopherServer.create()
            .reply("/endless", Reply.endless(GopherHostileServerTest::item))
            .reply("/six", Reply.lines(6, GopherHostileServerTest::item).then(Reply.text(".\r\n")));

    static Internet internet(Limits limits) {
        return Internet.newBuilder().connectTimeout(READ_TIMEOUT).readTimeout(READ_TIMEOUT).limits(limits).build();
    }

    GopherSession connect(Internet internet) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "127.0.0.1").port(server.port()).build());
    }

    @Test
    void anEndlessMenuEndsWhenTheStreamIsClosed() throws Exception {
        try (Internet internet = internet(Limits.defaults()); GopherSession session = connect(internet)) {
            assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                try (Stream<GopherItem> items = session.menuStream("/endless")) {
                    assertEquals(1_000, items.limit(1_000).count());
                }
            });
            assertTrue(server.awaitCut(Duration.ofSeconds(5)), "the connection stayed open");
            assertEquals(6, session.menu("/six").size()); // nothing else was held
        }
    }

    @Test
    void menuStopsAnEndlessMenuAtMaxListEntries() throws Exception {
        try (Internet internet = internet(Limits.defaults()); GopherSession session = connect(internet)) {
            InternetException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(InternetException.class, () -> session.menu("/endless")));
            assertEquals(InternetError.GOPHER_PROTOCOL_ERROR, e.error(), e.toString());
            assertTrue(e.getMessage().contains("sent a menu of more than 100000 items (Limits.maxListEntries); raise"
                    + " it with Limits.Builder.maxListEntries(int) if the server is trusted, or read it with"
                    + " GopherSession.menuStream(String), which holds one item at a time"), e.getMessage());
            assertTrue(server.awaitCut(Duration.ofSeconds(5)), "the connection stayed open");
        }
    }

    @Test
    void theLimitsOfTheInternetAreHonoured() throws Exception {
        server.reply("/find\tx", Reply.lines(6, GopherHostileServerTest::item));
        try (Internet internet = internet(Limits.newBuilder().maxListEntries(5).build());
             GopherSession session = connect(internet)) {
            InternetException menu = assertThrows(InternetException.class, () -> session.menu("/six"));
            assertTrue(menu.getMessage().contains("a menu of more than 5 items"), menu.getMessage());
            InternetException search = assertThrows(InternetException.class, () -> session.search("/find", "x"));
            assertTrue(search.getMessage().contains("a menu of more than 5 items"), search.getMessage());
            try (Stream<GopherItem> items = session.menuStream("/six")) {
                assertEquals(6, items.count()); // the stream has no such bound
            }
        }
        try (Internet internet = internet(Limits.newBuilder().maxListEntries(6).build());
             GopherSession session = connect(internet)) {
            assertEquals(6, session.menu("/six").size());
        }
        try (Internet internet = internet(Limits.newBuilder().maxListBytes(10_000).build());
             GopherSession session = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> session.menu("/endless"));
            assertTrue(e.getMessage().contains("a menu of more than 10000 bytes (Limits.maxListBytes)"), e.getMessage());
        }
    }

    @Test
    void anEndlessAttributeReplyStopsAtMaxReplyBytes() throws Exception {
        server.reply("/a\t!", Reply.text("+-2\r\n+INFO: 0a\t/a\th\t70\t+\r\n+ABSTRACT:\r\n")
                .then(Reply.endless(i -> " more words " + i + "\r\n")));
        try (Internet internet = internet(Limits.defaults()); GopherSession session = connect(internet)) {
            InternetException e = assertTimeoutPreemptively(Duration.ofSeconds(15),
                    () -> assertThrows(InternetException.class, () -> session.attributes("/a")));
            assertEquals(InternetError.GOPHER_PROTOCOL_ERROR, e.error(), e.toString());
            assertTrue(e.getMessage().contains("an attribute reply of more than 1048576 bytes (Limits.maxReplyBytes)"),
                    e.getMessage());
        }
        try (Internet internet = internet(Limits.newBuilder().maxReplyBytes(1_000).build());
             GopherSession session = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> session.attributes("/a"));
            assertTrue(e.getMessage().contains("more than 1000 bytes"), e.getMessage());
        }
    }

    @Test
    void errorsBeforeTheFirstItemAreThrownAtOnce() throws Exception {
        server.reply("/gone", Reply.text("3'/gone' does not exist\t\terror.host\t1\r\n.\r\n"));
        server.reply("/plus", Reply.text("--1\r\n1 admin <a@example.org>\r\nNo such item\r\n.\r\n"));
        server.reply("/nothing", Reply.text(""));
        try (Internet internet = internet(Limits.defaults()); GopherSession session = connect(internet)) {
            InternetException gone = assertThrows(InternetException.class, () -> session.menuStream("/gone"));
            assertEquals(InternetError.GOPHER_DATA_ERROR, gone.error(), gone.toString());
            assertEquals("'/gone' does not exist", session.lastResponse().orElseThrow());
            InternetException plus = assertThrows(InternetException.class, () -> session.menuStream("/plus"));
            assertEquals(InternetError.GOPHER_DATA_ERROR, plus.error(), plus.toString());
            InternetException nothing = assertThrows(InternetException.class, () -> session.menuStream("/nothing"));
            assertEquals(InternetError.GOPHER_PROTOCOL_ERROR, nothing.error(), nothing.toString());
        }
    }

    @Test
    void aFailureMidStreamIsAnUncheckedIOException() throws Exception {
        server.reply("/long", Reply.lines(3, GopherHostileServerTest::item)
                .then(Reply.text("0" + "x".repeat(20_000) + "\t/x\th\t70\r\n.\r\n")));
        try (Internet internet = internet(Limits.defaults()); GopherSession session = connect(internet);
             Stream<GopherItem> items = session.menuStream("/long")) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, items::toList);
            InternetException cause = assertInstanceOf(InternetException.class, e.getCause());
            assertEquals(InternetError.GOPHER_PROTOCOL_ERROR, cause.error(), cause.toString());
            assertTrue(cause.getMessage().contains("(Limits.maxLineBytes)"), cause.getMessage());
        }
    }

    @Test
    void readingOnAfterACloseFailsInsteadOfEnding() throws Exception {
        try (Internet internet = internet(Limits.defaults())) {
            GopherSession session = connect(internet);
            Stream<GopherItem> closedStream = session.menuStream("/endless");
            Iterator<GopherItem> afterStreamClose = closedStream.iterator();
            assertEquals("file 0", afterStreamClose.next().display());
            closedStream.close();
            UncheckedIOException e = assertThrows(UncheckedIOException.class, afterStreamClose::hasNext);
            assertEquals(InternetError.INVALID_HANDLE, ((InternetException) e.getCause()).error());

            Iterator<GopherItem> afterSessionClose = session.menuStream("/endless").iterator();
            assertEquals("file 0", afterSessionClose.next().display());
            session.close();
            e = assertThrows(UncheckedIOException.class, afterSessionClose::hasNext);
            assertEquals(InternetError.OPERATION_CANCELLED, ((InternetException) e.getCause()).error());
        }
    }

    @Test
    void aWholeMenuStreamsToItsEnd() throws Exception {
        try (Internet internet = internet(Limits.defaults()); GopherSession session = connect(internet);
             Stream<GopherItem> items = session.menuStream("/six")) {
            assertEquals(List.of("/f0", "/f1", "/f2", "/f3", "/f4", "/f5"), items.map(GopherItem::selector).toList());
        }
    }
}
