package io.inetkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Trust;
import io.inetkit.testkit.tls.TestCertificate;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The TLS contexts an Internet makes from its Trust. */
class TlsContextsTest {

    private static final String TICKETS = "jdk.tls.client.enableSessionTicketExtension";
    private static final TestCertificate SERVER = TestCertificate.localhost();

    /** Handshakes with a local server presenting the test certificate; true if the client accepted it. */
    private static void handshake(SSLContext client) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) SERVER.serverContext().getServerSocketFactory()
                .createServerSocket(0)) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket accepted = listener.accept()) {
                    ((SSLSocket) accepted).startHandshake();
                } catch (Exception ignored) {
                    // the client's verdict is what counts
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("localhost",
                    listener.getLocalPort())) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
            } finally {
                served.join();
            }
        }
    }

    @Test
    void aContextFromAPemTrustAcceptsItsServerAndTheSystemStoreAloneDoesNot() throws Exception {
        handshake(TlsContexts.of(Trust.certificates(List.of(SERVER.certificate()))));
        handshake(TlsContexts.of(Trust.system().and(Trust.certificates(List.of(SERVER.certificate())))));
        assertThrows(SSLHandshakeException.class, () -> handshake(TlsContexts.of(Trust.system())));
    }

    @Test
    void theTicketPropertyIsSetOnlyWhileAContextIsMade() throws Exception {
        assertNull(System.getProperty(TICKETS));
        TlsContexts.of(Trust.system());
        assertNull(System.getProperty(TICKETS), "an unset property stays unset");
        System.setProperty(TICKETS, "true");
        try {
            TlsContexts.of(Trust.system());
            assertEquals("true", System.getProperty(TICKETS), "a property set by the application is kept");
        } finally {
            System.clearProperty(TICKETS);
        }
    }

    @Test
    void theContextIsANewOneEachTimeWithTls12And13() throws Exception {
        SSLContext one = TlsContexts.of(Trust.system());
        SSLContext two = TlsContexts.of(Trust.system());
        assertTrue(one != two && one != SSLContext.getDefault());
        List<String> protocols = List.of(one.getSupportedSSLParameters().getProtocols());
        assertTrue(protocols.containsAll(List.of("TLSv1.3", "TLSv1.2")), protocols.toString());
    }
}
