package io.inetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testing.LineProvider;
import io.inetkit.testing.LineServer;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** InternetOpenUrl's dispatch and its errors; the successful read is tested with the Echo example. */
class OpenUrlTest {

    private LineServer server;
    private Internet internet;

    @BeforeEach
    void start() throws Exception {
        server = new LineServer();
        internet = Internet.newBuilder().registry(ProviderRegistry.of(new LineProvider(server.port()))).build();
    }

    @AfterEach
    void stop() throws Exception {
        internet.close();
        server.close();
    }

    @Test
    void anUnknownSchemeNamesTheInstalledOnes() {
        InternetException e = assertThrows(InternetException.class,
                () -> internet.openUrl(URI.create("nntp://127.0.0.1/")));
        assertEquals(InternetError.UNRECOGNIZED_SCHEME, e.error());
        assertTrue(e.getMessage().contains("'nntp:'") && e.getMessage().contains("installed schemes: line"),
                e.getMessage());
        assertEquals(0, server.accepted());
    }

    @Test
    void aWinInetSchemeWithoutItsProviderNamesTheArtifactToAdd() {
        for (String url : new String[] {"gopher://127.0.0.1/", "GOPHERS://127.0.0.1/", "ftps://127.0.0.1/",
                "https://127.0.0.1/"}) {
            InternetException opened = assertThrows(InternetException.class, () -> internet.openUrl(URI.create(url)));
            assertEquals(InternetError.PROTOCOL_NOT_FOUND, opened.error(), url);
            assertTrue(opened.getMessage().contains("io.inetkit:inetkit-provider-"), opened.getMessage());
            InternetException connected = assertThrows(InternetException.class,
                    () -> internet.connectUrl(URI.create(url)));
            assertEquals(InternetError.PROTOCOL_NOT_FOUND, connected.error(), url);
        }
        assertEquals(0, server.accepted());
    }

    @Test
    void connectUrlLogsInWithTheUserInfoAndOpensNothing() throws Exception {
        URI uri = URI.create("line://j%C3%B6e:p%40ss@127.0.0.1:" + server.port() + "/some/path");
        try (Session session = internet.connectUrl(uri)) {
            assertTrue(session instanceof io.inetkit.testing.LineSession, session.toString());
            assertEquals(URI.create("line://j%C3%B6e@127.0.0.1:" + server.port() + "/some/path"),
                    session.context().orElseThrow());
            assertEquals("LOGIN jöe p@ss", server.takeLine(Duration.ofSeconds(5)));
        }
        assertTrue(server.awaitEnded(1, Duration.ofSeconds(5)), "closing the session closed its socket");
    }

    @Test
    void connectUrlRefusesABadUrlBeforeConnecting() {
        for (String url : new String[] {"/just/a/path", "line:///no-host", "line://127.0.0.1:70000/x"}) {
            assertEquals(InternetError.INVALID_URL, assertThrows(InternetException.class,
                    () -> internet.connectUrl(URI.create(url)), url).error(), url);
        }
        assertEquals(0, server.accepted());
    }

    @Test
    void aRelativeOrHostlessUrlIsInvalid() {
        for (String url : new String[] {"/just/a/path", "line:opaque", "line:///no-host"}) {
            InternetException e = assertThrows(InternetException.class, () -> internet.openUrl(URI.create(url)), url);
            assertEquals(InternetError.INVALID_URL, e.error(), url);
        }
        assertEquals(0, server.accepted());
    }

    @Test
    void userInfoIsPercentDecodedAndSentAsCredentials() throws Exception {
        URI uri = URI.create("line://j%C3%B6e:p%40ss%3Aw+rd@127.0.0.1:" + server.port() + "/x");
        InternetException e = assertThrows(InternetException.class, () -> internet.openUrl(uri));
        assertEquals(InternetError.NOT_SUPPORTED, e.error(), "the line provider opens no URLs");
        assertEquals("LOGIN jöe p@ss:w+rd", server.takeLine(Duration.ofSeconds(5)));
        assertFalse(e.getMessage().contains("p@ss"), e.getMessage());
    }

    @Test
    void theUrlIsTheContextOfStatusEventsWithoutItsPassword() throws Exception {
        io.inetkit.testing.Recorder recorder = new io.inetkit.testing.Recorder();
        try (Internet watched = Internet.newBuilder().registry(ProviderRegistry.of(new LineProvider(server.port())))
                .statusListener(recorder).build()) {
            assertThrows(InternetException.class, () -> watched.openUrl(
                    URI.create("line://joe:s3cret@127.0.0.1:" + server.port() + "/x")));
        }
        assertFalse(recorder.events().isEmpty());
        for (StatusEvent event : recorder.events()) {
            assertEquals(URI.create("line://joe@127.0.0.1:" + server.port() + "/x"), event.context().orElseThrow());
            assertFalse(event.toString().contains("s3cret"), event.toString());
        }
    }

    @Test
    void aFailedOpenClosesTheSessionItConnected() throws Exception {
        assertThrows(InternetException.class,
                () -> internet.openUrl(URI.create("line://127.0.0.1:" + server.port() + "/x")));
        assertTrue(server.awaitEnded(1, Duration.ofSeconds(5)), "the session's socket was closed");
    }

    @Test
    void aClosedInternetRefusesUrls() {
        internet.close();
        assertEquals(InternetError.INVALID_HANDLE, assertThrows(InternetException.class,
                () -> internet.openUrl(URI.create("line://127.0.0.1/"))).error());
    }

    @Test
    void javaNetUrlLeavesTheJdkSchemesAlone() throws Exception {
        // http stays the JDK's unless inetkit.url.override names it; the JDK's connection is an
        // HttpURLConnection, inetkit's would not be.
        assertTrue(new URL("http://127.0.0.1/").openConnection() instanceof java.net.HttpURLConnection);
    }
}
