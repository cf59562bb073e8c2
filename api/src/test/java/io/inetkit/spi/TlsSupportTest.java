package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.Credentials;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import io.inetkit.testing.LineSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** TLS as every provider does it, against real TLS servers of testkit: verified unless told not to. */
class TlsSupportTest {

    private static final TestCertificate OTHER_HOST = TestCertificate.generate("CN=other.test", "dns:other.test");

    @StartStop final TestGopherServer localhost = TestGopherServer.newBuilder().tls().build();
    @StartStop final TestGopherServer otherHost = TestGopherServer.newBuilder().tls(OTHER_HOST.serverContext()).build();
    @StartStop final TestGopherServer plain = TestGopherServer.create();
    @StartStop final FaultProxy silent = FaultProxy.to(plain::address);

    /** The settings a provider would get from an Internet with this TLS context. */
    private static ProviderContext settings(SSLContext tls) {
        return new ProviderContext() {
            public String agent() {
                return "test";
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            public Duration readTimeout() {
                return Duration.ofSeconds(2);
            }

            public ProxyConfig proxy() {
                return ProxyConfig.direct();
            }

            public SSLContext sslContext() {
                return tls;
            }

            public Executor executor() {
                return Runnable::run;
            }

            public StatusPublisher status() {
                return new StatusPublisher() {
                    public void publish(io.inetkit.InternetStatus status, Object info) {
                    }

                    public boolean isEnabled() {
                        return false;
                    }
                };
            }

            public <T> T shared(Class<T> key, Supplier<? extends T> factory) {
                return factory.get();
            }
        };
    }

    private static SSLContext jdkDefault() throws NoSuchAlgorithmException {
        return SSLContext.getDefault();
    }

    private static ConnectSpec spec(String host, int port, ConnectFlag... flags) {
        Set<ConnectFlag> set = EnumSet.of(ConnectFlag.SECURE, flags);
        return new ConnectSpec(LineSession.SERVICE, host, port, Credentials.anonymous("x@"), set);
    }

    private static String rootMenuOver(SSLSocket socket) throws Exception {
        try (socket) {
            socket.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Socket connect(TestGopherServer server) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
        socket.setSoTimeout(2000);
        return socket;
    }

    @Test
    void anUntrustedCertificateIsRefusedByDefault() throws Exception {
        InternetException e = assertThrows(InternetException.class, () -> TlsSupport.handshake(
                connect(localhost), spec("localhost", localhost.port()), settings(jdkDefault())));
        assertEquals(InternetError.INVALID_CA, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains("localhost:" + localhost.port()), e.getMessage());
    }

    @Test
    void aTrustedCertificateForTheHostIsAccepted() throws Exception {
        SSLSocket socket = TlsSupport.handshake(connect(localhost), spec("localhost", localhost.port()),
                settings(TestCertificate.localhost().clientContext()));
        assertTrue(rootMenuOver(socket).endsWith(".\r\n"), "a whole menu came back over TLS");
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        InternetException e = assertThrows(InternetException.class, () -> TlsSupport.handshake(
                connect(otherHost), spec("localhost", otherHost.port()), settings(OTHER_HOST.clientContext())));
        assertEquals(InternetError.SEC_CERT_CN_INVALID, e.error(), e.getMessage());
    }

    @Test
    void skippingTheHostnameCheckAcceptsAnotherHostsTrustedCertificate() throws Exception {
        SSLSocket socket = TlsSupport.handshake(connect(otherHost),
                spec("localhost", otherHost.port(), ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK),
                settings(OTHER_HOST.clientContext()));
        assertTrue(rootMenuOver(socket).endsWith(".\r\n"));
    }

    @Test
    void skippingTheHostnameCheckStillRefusesAnUntrustedCertificate() throws Exception {
        InternetException e = assertThrows(InternetException.class, () -> TlsSupport.handshake(connect(otherHost),
                spec("localhost", otherHost.port(), ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK), settings(jdkDefault())));
        assertEquals(InternetError.INVALID_CA, e.error());
    }

    @Test
    void trustingAnyCertificateAcceptsAnUntrustedOne() throws Exception {
        SSLSocket socket = TlsSupport.handshake(connect(otherHost),
                spec("localhost", otherHost.port(), ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE), settings(jdkDefault()));
        assertTrue(rootMenuOver(socket).endsWith(".\r\n"));
    }

    @Test
    void aServerThatDoesNotSpeakTlsIsASecurityChannelError() throws Exception {
        InternetException e = assertThrows(InternetException.class, () -> TlsSupport.handshake(
                connect(plain), spec("localhost", plain.port()), settings(jdkDefault())));
        assertEquals(InternetError.SECURITY_CHANNEL_ERROR, e.error(), e.getMessage());
    }

    @Test
    void aSilentServerTimesOutWithinTheConnectTimeout() throws Exception {
        silent.fault(Fault.blackHole());
        InternetException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(
                InternetException.class, () -> TlsSupport.handshake(connectTo(silent.port()),
                        spec("localhost", silent.port()), settings(jdkDefault()))));
        assertEquals(InternetError.TIMEOUT, e.error(), e.getMessage());
    }

    private static Socket connectTo(int port) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    @Test
    void sniIsSentForHostNamesOnly() throws Exception {
        SSLContext tls = TestCertificate.localhost().clientContext();
        assertEquals(1, TlsSupport.parameters(tls, spec("localhost", 1)).getServerNames().size());
        assertTrue(TlsSupport.parameters(tls, spec("127.0.0.1", 1)).getServerNames() == null
                || TlsSupport.parameters(tls, spec("127.0.0.1", 1)).getServerNames().isEmpty());
        assertEquals("HTTPS", TlsSupport.parameters(tls, spec("h", 1)).getEndpointIdentificationAlgorithm());
    }
}
