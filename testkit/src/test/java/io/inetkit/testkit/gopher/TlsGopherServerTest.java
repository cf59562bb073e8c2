package io.inetkit.testkit.gopher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.Wire;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsGopherServerTest {

    @TempDir
    static Path root;

    @StartStop
    final TestGopherServer gophers = TestGopherServer.newBuilder().root(prepared()).tls().build();

    static Path prepared() {
        try {
            Files.writeString(root.resolve("hello.txt"), "over TLS\n");
            return root;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String fetch(SSLContext context, String line) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(gophers.address(), Wire.TIMEOUT_MILLIS);
            socket.setSoTimeout(Wire.TIMEOUT_MILLIS);
            SSLParameters parameters = socket.getSSLParameters();
            // Check the host name the way an HTTPS client does, so the test proves the SAN fits.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.getOutputStream().write((line + "\r\n").getBytes(UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), UTF_8);
        }
    }

    @Test
    void clientTrustingTheTestCertificateReadsMenusAndFiles() throws Exception {
        assertTrue(gophers.isTls());
        SSLContext trusting = TestCertificate.localhost().clientContext();

        assertEquals("0hello.txt\t/hello.txt\t127.0.0.1\t" + gophers.port() + "\r\n.\r\n", fetch(trusting, ""));
        assertEquals("over TLS\r\n.\r\n", fetch(trusting, "/hello.txt"));
        assertEquals("", gophers.takeRequest(Duration.ofSeconds(5)).orElseThrow().line());
        assertEquals("/hello.txt", gophers.takeRequest(Duration.ofSeconds(5)).orElseThrow().line());
    }

    @Test
    void clientWithDefaultTrustRefusesTheServer() throws Exception {
        assertThrows(SSLException.class, () -> fetch(SSLContext.getDefault(), ""));
        assertEquals(0, gophers.requestCount());
    }

    @Test
    void plainClientGetsNoGopherReply() throws Exception {
        String reply;
        try {
            // A request line long enough to be read as a (bad) TLS record, so the server fails fast.
            reply = new String(Wire.exchange(gophers.address(), "/hello.txt"), UTF_8);
        } catch (IOException e) {
            reply = "";
        }
        assertTrue(!reply.contains("hello.txt"), reply);
        // The server survives the bad client: the next TLS client is served.
        assertEquals("over TLS\r\n.\r\n", fetch(TestCertificate.localhost().clientContext(), "/hello.txt"));
    }
}
