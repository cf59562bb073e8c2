package io.inetkit.provider.gopher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.gopher.TestGopherServer.AfterRaw;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a server can get a reply wrong, scripted byte for byte: each ends in the items the
 * provider can honestly read or in a clear {@link InternetException}, never an unchecked exception
 * and never a hang (every test is bounded by a preemptive timeout).
 */
class MalformedReplyTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @StartStop
    final TestGopherServer server = TestGopherServer.create();

    private Internet internet;
    private GopherSession session;

    @BeforeEach
    void connect() throws Exception {
        internet = Internet.newBuilder().readTimeout(Duration.ofMillis(700)).build();
        session = internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "127.0.0.1").port(server.port()).build());
    }

    @AfterEach
    void close() {
        internet.close();
    }

    /** The session of an {@code Internet} with these limits, closed after the test. */
    private void limits(Limits limits) throws Exception {
        internet.close();
        internet = Internet.newBuilder().readTimeout(Duration.ofMillis(700)).limits(limits).build();
        session = internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "127.0.0.1").port(server.port()).build());
    }

    private List<GopherItem> menu(String reply) throws Exception {
        return menu(reply.getBytes(StandardCharsets.UTF_8));
    }

    private List<GopherItem> menu(byte[] reply) throws Exception {
        server.raw("/m", reply);
        return assertTimeoutPreemptively(LIMIT, () -> session.menu("/m"));
    }

    private InternetException menuFails(String reply, InternetError expected, String inMessage) {
        return menuFails(reply.getBytes(StandardCharsets.UTF_8), expected, inMessage);
    }

    private InternetException menuFails(byte[] reply, InternetError expected, String inMessage) {
        server.raw("/m", reply);
        InternetException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(InternetException.class, () -> session.menu("/m")));
        assertEquals(expected, e.error(), e.toString());
        assertTrue(e.getMessage().contains(inMessage), e.getMessage());
        return e;
    }

    private String text(String reply) throws Exception {
        server.raw("/t", reply.getBytes(StandardCharsets.UTF_8));
        return assertTimeoutPreemptively(LIMIT, () -> {
            try (InputStream in = session.open("/t", GopherItemType.TEXT_FILE)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
    }

    @Test
    void anOversizedLineIsAProtocolError() {
        menuFails("0" + "x".repeat(20_000) + "\t/x\th\t70\r\n.\r\n", InternetError.GOPHER_PROTOCOL_ERROR,
                "sent a line of more than 16384 bytes at line 1 (Limits.maxLineBytes)");
    }

    @Test
    void theLineLimitComesFromTheInternet() throws Exception {
        limits(Limits.newBuilder().maxLineBytes(20).build());
        menuFails("0About this server\t/about\th\t70\r\n.\r\n", InternetError.GOPHER_PROTOCOL_ERROR,
                "a line of more than 20 bytes at line 1 (Limits.maxLineBytes); raise it with "
                        + "Limits.Builder.maxLineBytes(int)");
    }

    @Test
    void aMenuWithTooManyItemsIsAProtocolError() throws Exception {
        limits(Limits.newBuilder().maxListEntries(10).build());
        menuFails("0a\t/a\th\t70\r\n".repeat(11) + ".\r\n", InternetError.GOPHER_PROTOCOL_ERROR,
                "a menu of more than 10 items (Limits.maxListEntries)");
    }

    @Test
    void aMenuWithTooManyBytesIsAProtocolError() throws Exception {
        limits(Limits.newBuilder().maxListBytes(1000).build());
        menuFails("iinfo\t\tnull.host\t1\r\n".repeat(100), InternetError.GOPHER_PROTOCOL_ERROR,
                "a menu of more than 1000 bytes (Limits.maxListBytes)");
    }

    @Test
    void aMissingFinalDotIsTolerated() throws Exception {
        assertEquals(List.of("a", "b"), menu("0a\t/a\th\t70\r\n1b\t/b\th\t70\r\n").stream()
                .map(GopherItem::display).toList());
    }

    @Test
    void aLastLineWithoutItsLineEndIsTolerated() throws Exception {
        assertEquals("/b", menu("0a\t/a\th\t70\r\n1b\t/b\th\t70").get(1).selector());
    }

    @Test
    void lfOnlyLineEndsAreTolerated() throws Exception {
        List<GopherItem> items = menu("0a\t/a\th\t70\n1b\t/b\th\t7070\n.\n");
        assertEquals(7070, items.get(1).port());
        assertEquals("h", items.get(0).host());
    }

    @Test
    void trailingFieldsAreIgnoredAndPlusMarksGopherPlus() throws Exception {
        List<GopherItem> items = menu("0a\t/a\th\t70\t+\textra\tmore\r\n0b\t/b\th\t70\t?\r\n0c\t/c\th\t70\t\r\n.\r\n");
        assertTrue(items.get(0).gopherPlus());
        assertTrue(items.get(1).gopherPlus());
        assertFalse(items.get(2).gopherPlus());
    }

    @Test
    void infoLinesMayLackFields() throws Exception {
        List<GopherItem> items = menu("iJust text\r\niMore\t\r\ni\t\terror.host\tx\r\n0a\t/a\th\t70\r\n.\r\n");
        assertEquals(4, items.size());
        assertEquals("Just text", items.get(0).display());
        assertEquals(GopherItemType.INFO, items.get(2).type());
    }

    @Test
    void blankLinesAndLinesAfterTheDotAreIgnored() throws Exception {
        assertEquals(1, menu("\r\n0a\t/a\th\t70\r\n\r\n.\r\n0after\t/x\th\t70\r\n").size());
    }

    @Test
    void aPortThatIsNotANumberIsAProtocolError() {
        menuFails("0a\t/a\th\tseventy\r\n.\r\n", InternetError.GOPHER_PROTOCOL_ERROR, "\"seventy\"");
    }

    @Test
    void aPortOutOfRangeIsAProtocolError() {
        menuFails("0a\t/a\th\t70000\r\n.\r\n", InternetError.GOPHER_PROTOCOL_ERROR, "not a number from 1 to 65535");
    }

    @Test
    void tooFewFieldsIsAProtocolError() {
        menuFails("0a\t/a\r\n.\r\n", InternetError.GOPHER_PROTOCOL_ERROR, "has 2 of the 4 TAB-separated fields");
    }

    @Test
    void binaryGarbageWithNulIsAProtocolError() {
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        garbage[5] = 0;
        garbage[0] = '0';
        menuFails(garbage, InternetError.GOPHER_PROTOCOL_ERROR, "NUL byte");
    }

    @Test
    void binaryGarbageWithoutNulIsAProtocolError() {
        byte[] garbage = new byte[4096];
        new Random(2).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == 0) {
                garbage[i] = 1;
            }
        }
        server.raw("/m", garbage);
        InternetException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(InternetException.class, () -> session.menu("/m")));
        assertEquals(InternetError.GOPHER_PROTOCOL_ERROR, e.error(), e.getMessage());
    }

    @Test
    void aControlCharacterAsTypeIsAProtocolError() {
        menuFails("\u0001a\t/a\th\t70\r\n.\r\n", InternetError.GOPHER_PROTOCOL_ERROR, "control character");
    }

    @Test
    void aCrInsideALineIsAProtocolError() {
        menuFails("0a\rb\t/a\th\t70\r\n.\r\n", InternetError.GOPHER_PROTOCOL_ERROR, "not a menu line");
    }

    @Test
    void anEmptyReplyToAMenuIsAProtocolError() {
        menuFails("", InternetError.GOPHER_PROTOCOL_ERROR, "without sending anything");
    }

    @Test
    void aServerClosingMidLineIsAProtocolError() {
        menuFails("0a\t/a\th\t70\r\n0About\t/ab", InternetError.GOPHER_PROTOCOL_ERROR, "line 2");
    }

    @Test
    void aServerStallingMidMenuTimesOut() {
        server.raw("/m", "0a\t/a\th\t70\r\n0b\t/b".getBytes(StandardCharsets.US_ASCII), AfterRaw.KEEP_OPEN);
        InternetException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(InternetException.class, () -> session.menu("/m")));
        assertEquals(InternetError.TIMEOUT, e.error());
    }

    @Test
    void aGopherPlusHeaderBeforeAMenuIsSkipped() throws Exception {
        assertEquals("/a", menu("+-1\r\n0a\t/a\th\t70\t+\r\n.\r\n").get(0).selector());
    }

    @Test
    void aGopherPlusErrorToAMenuIsADataErrorWithTheText() throws Exception {
        InternetException e = menuFails("--1\r\n2 Admin <admin@example.org>\r\nServer busy, try later\r\n.\r\n",
                InternetError.GOPHER_DATA_ERROR, "error 2 (try again later): Server busy, try later");
        assertEquals("2 Admin <admin@example.org>\nServer busy, try later", e.serverReply().orElseThrow());
        assertEquals(e.serverReply(), session.lastResponse());
    }

    @Test
    void anErrorMenuWithInfoLinesIsADataError() {
        InternetException e = menuFails("iSorry\t\tnull.host\t1\r\n3No such item\t\terror.host\t1\r\n.\r\n",
                InternetError.GOPHER_DATA_ERROR, "No such item");
        assertEquals("No such item", e.serverReply().orElseThrow());
    }

    @Test
    void attributesFromAPlainServerAreNotGopherPlus() {
        server.raw("/a", "Just a text file\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
        InternetException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(InternetException.class, () -> session.attributes("/a")));
        assertEquals(InternetError.GOPHER_NOT_GOPHER_PLUS, e.error());
    }

    @Test
    void anAttributeReplyPastMaxReplyBytesIsAProtocolError() throws Exception {
        limits(Limits.newBuilder().maxReplyBytes(1000).build());
        server.raw("/a", ("+-1\r\n+ABSTRACT:\r\n" + " words words words\r\n".repeat(100) + ".\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InternetException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(InternetException.class, () -> session.attributes("/a")));
        assertEquals(InternetError.GOPHER_PROTOCOL_ERROR, e.error());
        assertTrue(e.getMessage().contains("an attribute reply of more than 1000 bytes (Limits.maxReplyBytes)"),
                e.getMessage());
    }

    @Test
    void anEmptyAttributeReplyIsAProtocolError() {
        server.raw("/a", new byte[0]);
        InternetException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(InternetException.class, () -> session.attributes("/a")));
        assertEquals(InternetError.GOPHER_PROTOCOL_ERROR, e.error());
    }

    @Test
    void aMovedItemIsADataErrorWithTheNewPlace() {
        server.raw("/a", "--2\r\n3 Admin <a@b>\r\n0New home\t/new\tother.host\t70\r\n".getBytes(StandardCharsets.US_ASCII));
        InternetException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(InternetException.class, () -> session.attributes("/a")));
        assertEquals(InternetError.GOPHER_DATA_ERROR, e.error());
        assertTrue(e.getMessage().contains("item has moved"), e.getMessage());
        assertTrue(e.serverReply().orElseThrow().contains("/new\tother.host"));
    }

    @Test
    void attributeBlocksKeepUnknownBlocksAndToleratesLf() throws Exception {
        server.raw("/a", "+-2\n+INFO: 0a\t/a\th\t70\t+\n+VIEWS:\n text/plain: <1k>\n application/pdf: <9k>\n+VERONICA:\n treewalk: yes\n"
                .getBytes(StandardCharsets.US_ASCII));
        var attributes = assertTimeoutPreemptively(LIMIT, () -> session.attributes("/a"));
        assertEquals(List.of("text/plain: <1k>", "application/pdf: <9k>"), attributes.views());
        assertEquals("treewalk: yes", attributes.block("+VERONICA").orElseThrow());
        assertEquals(List.of("+INFO", "+VIEWS", "+VERONICA"), List.copyOf(attributes.blocks().keySet()));
    }

    @Test
    void textWithoutTerminatorIsReadToTheEnd() throws Exception {
        assertEquals("line one\nline two\n", text("line one\nline two\n"));
    }

    @Test
    void textAfterTheTerminatorIsIgnoredAndLfStuffingUndone() throws Exception {
        assertEquals("..a\n.b\nc\n", text("...a\n..b\nc\n.\nnot part of it\n"));
    }

    @Test
    void aLoneDotAtTheEndOfTheStreamEndsText() throws Exception {
        assertEquals("x\r\n", text("x\r\n."));
    }

    @Test
    void emptyTextIsEmpty() throws Exception {
        assertEquals("", text(""));
    }

    @Test
    void aDotInsideALineIsKept() throws Exception {
        assertEquals("a.\r\n.\rb\r\n", text("a.\r\n.\rb\r\n.\r\n"));
    }

    @Test
    void aStalledDocumentTimesOut() {
        server.raw("/t", "partial text".getBytes(StandardCharsets.US_ASCII), AfterRaw.KEEP_OPEN);
        InternetException e = assertTimeoutPreemptively(LIMIT, () -> {
            try (InputStream in = session.open("/t", GopherItemType.TEXT_FILE)) {
                return assertThrows(InternetException.class, in::readAllBytes);
            }
        });
        assertEquals(InternetError.TIMEOUT, e.error());
    }

    @Test
    void aConnectionResetMidDocumentIsAConnectionError() throws Exception {
        byte[] big = new byte[200_000];
        new Random(3).nextBytes(big);
        server.raw("/b", big);
        try (FaultProxy proxy = FaultProxy.to(server::address)) {
            proxy.fault(Fault.resetAfter(Direction.DOWNSTREAM, 10_000));
            proxy.start();
            try (GopherSession viaProxy = internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "127.0.0.1")
                    .port(proxy.address().getPort()).build())) {
                InternetException e = assertTimeoutPreemptively(LIMIT, () -> {
                    try (InputStream in = viaProxy.open("/b", GopherItemType.BINARY)) {
                        return assertThrows(InternetException.class, in::readAllBytes);
                    }
                });
                assertTrue(e.error() == InternetError.CONNECTION_RESET || e.error() == InternetError.CONNECTION_ABORTED,
                        e.toString());
            }
        }
    }

    @Test
    void aDocumentThatIsOnlyAnErrorLineIsADataError() {
        server.raw("/t", "3 '/t' does not exist (no handler found)\t\terror.host\t1\r\n".getBytes(StandardCharsets.US_ASCII));
        InternetException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(InternetException.class, () -> session.open("/t", GopherItemType.BINARY)));
        assertEquals(InternetError.GOPHER_DATA_ERROR, e.error());
        assertEquals(" '/t' does not exist (no handler found)", e.serverReply().orElseThrow());
    }

    @Test
    void aDocumentStartingLikeAnErrorLineIsStillADocument() throws Exception {
        assertEquals("3\tthree\tfields\there\r\nand more text\r\n", text("3\tthree\tfields\there\r\nand more text\r\n"));
    }
}
