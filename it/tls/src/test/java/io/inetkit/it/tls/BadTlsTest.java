package io.inetkit.it.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.it.tls.Clients.Outcome;
import io.inetkit.it.tls.Clients.Request;
import io.inetkit.testkit.leak.Leaks;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS that must fail, through every client: a clear error with its WinINet code and a message that
 * says what to do, within the timeout, with nothing left open. The test CA is trusted in every case,
 * so that only the fault under test can fail the handshake.
 */
class BadTlsTest {

    private static TlsServers servers;

    /** A broken server and what it must give. */
    record Bad(String name, String url, String error, String says) {
        @Override
        public String toString() {
            return name + " (" + url.substring(0, url.indexOf(':')) + ")";
        }
    }

    static List<Bad> bad() {
        return List.of(
                new Bad("https-expired", "https://localhost:%d/index.txt",
                        "ERROR_INTERNET_SEC_CERT_DATE_INVALID (12037)", "has expired or is not yet valid"),
                new Bad("https-other-name", "https://localhost:%d/index.txt",
                        "ERROR_INTERNET_SEC_CERT_CN_INVALID (12038)", "connect with a name the certificate lists"),
                new Bad("https-self-signed", "https://localhost:%d/index.txt",
                        "ERROR_INTERNET_INVALID_CA (12045)", "trust its CA"),
                new Bad("https-tls10-11", "https://localhost:%d/index.txt",
                        "ERROR_INTERNET_SECURITY_CHANNEL_ERROR (12157)", "speaks no TLS version inetkit accepts"),
                new Bad("https-no-forward-secrecy", "https://localhost:%d/index.txt",
                        "ERROR_INTERNET_SECURITY_CHANNEL_ERROR (12157)", "forward-secret cipher suites"),
                new Bad("gophers-expired", "gophers://localhost:%d/0/hello.txt",
                        "ERROR_INTERNET_SEC_CERT_DATE_INVALID (12037)", "has expired or is not yet valid"),
                new Bad("gophers-other-name", "gophers://localhost:%d/0/hello.txt",
                        "ERROR_INTERNET_SEC_CERT_CN_INVALID (12038)", "connect with a name the certificate lists"),
                new Bad("stall", "https://localhost:%d/index.txt", "ERROR_INTERNET_TIMEOUT (12002)",
                        "took longer than 2000 ms"),
                new Bad("stall", "ftps://localhost:%d/readme.txt", "ERROR_INTERNET_TIMEOUT (12002)",
                        "2000 ms"),
                new Bad("stall", "gophers://localhost:%d/0/hello.txt", "ERROR_INTERNET_TIMEOUT (12002)",
                        "the TLS handshake with localhost:%d took longer than 2000 ms"));
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Bad bad : bad()) {
            for (Clients client : Clients.values()) {
                cells.add(Arguments.of(bad, client));
            }
        }
        return cells.stream();
    }

    @BeforeAll
    @Timeout(300)
    static void start() throws Exception {
        servers = new TlsServers(Files.createTempDirectory("inetkit-badtls-"));
        servers.startNginx();
        servers.startGophers();
        servers.startStall();
        for (String provider : List.of("ftp", "http", "gopher")) {
            if (!Files.isDirectory(Clients.appImage(provider + "://x"))) {
                Clients.linkAppImage(provider);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @ParameterizedTest(name = "{0} through {1}")
    @MethodSource("cells")
    void failsClearlyWithinTheTimeoutAndLeavesNothingOpen(Bad bad, Clients client) throws Exception {
        int timeout = 2;
        // In this JVM, the library's sockets and threads; a process's end with the process.
        // java.net.http (JDK 17) has no close: its selector thread ends when its client is collected.
        Leaks leaks = client == Clients.LIBRARY ? Leaks.snapshot().collectingGarbage() : null;
        Outcome outcome = client.run(Request.of(String.format(bad.url(), servers.port(bad.name())), servers.ca())
                .timeout(timeout));
        if (leaks != null) {
            leaks.assertNoLeak(bad + " through the library");
        }
        assertEquals(bad.error(), outcome.error(), outcome.transcript());
        assertTrue(outcome.message().contains(String.format(bad.says(), servers.port(bad.name()))), outcome.message());
        assertEquals("", outcome.body());
        // The process clients start a JVM, which takes its own time before the timeout starts.
        Duration bound = Duration.ofSeconds(timeout + (client == Clients.LIBRARY ? 1 : 3));
        assertTrue(outcome.elapsed().compareTo(bound) < 0, outcome.elapsed() + " is not within " + bound);
        assertEquals(0, servers.stalledStillOpen(), "connections to the stalling server left open");
    }
}
