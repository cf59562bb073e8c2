package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.Credentials;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.TlsInfo;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
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
        return settings(tls, new StatusPublisher() {
            public void publish(io.inetkit.InternetStatus status, Object info) {
            }

            public boolean isEnabled() {
                return false;
            }
        });
    }

    /** As above, publishing to {@code events}. */
    private static ProviderContext settings(SSLContext tls, StatusPublisher events) {
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
                return events;
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

    @Test
    void onlyTls12And13WithForwardSecretSuitesAreOffered() throws Exception {
        SSLParameters parameters = TlsSupport.parameters(jdkDefault(), spec("localhost", 1));
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(parameters.getProtocols()));
        List<String> suites = List.of(parameters.getCipherSuites());
        assertTrue(suites.contains("TLS_AES_128_GCM_SHA256"), suites.toString());
        assertTrue(suites.contains("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), suites.toString());
        assertTrue(suites.contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), suites.toString());
        for (String suite : suites) {
            assertTrue(suite.matches("TLS_(AES|CHACHA20)_.*|TLS_(EC)?DHE_.*|TLS_EMPTY_RENEGOTIATION_INFO_SCSV"), suite);
        }
        List<String> jdk = List.of(jdkDefault().getDefaultSSLParameters().getCipherSuites());
        assertTrue(jdk.contains("TLS_RSA_WITH_AES_256_GCM_SHA384"), "the JDK would offer RSA key exchange: " + jdk);
        assertTrue(suites.indexOf("TLS_AES_128_GCM_SHA256") < suites.indexOf("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
                "the context's order of preference is kept: " + suites);
    }

    @Test
    void aServerWithoutForwardSecrecyIsRefusedWithAnErrorThatSaysWhatInetkitOffers() throws Exception {
        SSLContext server = TestCertificate.generate("CN=localhost", "dns:localhost", "RSA").serverContext();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
            listener.setEnabledProtocols(new String[] {"TLSv1.2"});
            listener.setEnabledCipherSuites(new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256"});
            Thread accept = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    ((SSLSocket) s).startHandshake();
                } catch (Exception expected) {
                    // the client refuses
                }
            });
            accept.start();
            InternetException e = assertThrows(InternetException.class, () -> TlsSupport.handshake(
                    connectTo(listener.getLocalPort()), spec("localhost", listener.getLocalPort(),
                            ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE), settings(jdkDefault())));
            accept.join(5000);
            assertEquals(InternetError.SECURITY_CHANNEL_ERROR, e.error(), e.getMessage());
            assertTrue(e.getMessage().contains("forward-secret cipher suites"), e.getMessage());
        }
    }

    @Test
    void aCompletedHandshakePublishesWhatItAgreedOn() throws Exception {
        List<Object> infos = new ArrayList<>();
        StatusPublisher events = new StatusPublisher() {
            public void publish(InternetStatus status, Object info) {
                if (status == InternetStatus.TLS_HANDSHAKE_COMPLETE) {
                    infos.add(info);
                }
            }

            public boolean isEnabled() {
                return true;
            }
        };
        SSLSocket socket = TlsSupport.handshake(connect(localhost), spec("localhost", localhost.port()),
                settings(TestCertificate.localhost().clientContext(), events));
        socket.close();
        assertEquals(1, infos.size(), infos.toString());
        TlsInfo info = (TlsInfo) infos.get(0);
        assertEquals("TLSv1.3", info.protocol());
        assertTrue(info.cipherSuite().startsWith("TLS_"), info.toString());
        assertEquals("", info.applicationProtocol());
        assertTrue(info.serverCertificate().contains("CN=localhost"), info.toString());
        assertTrue(info.toString().startsWith("TLSv1.3 TLS_") && info.toString().contains(" server=CN=localhost"),
                info.toString());
    }

    @Test
    void aResetDuringTheHandshakeIsAConnectionResetNotATlsFailure() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0)) {
            Thread reset = new Thread(() -> {
                try (Socket accepted = listener.accept()) {
                    accepted.getInputStream().read(); // the ClientHello's first byte
                    accepted.setSoLinger(true, 0); // close with RST
                } catch (Exception ignored) {
                    // the client's verdict is what counts
                }
            });
            reset.start();
            InternetException e = assertThrows(InternetException.class, () -> TlsSupport.handshake(
                    connectTo(listener.getLocalPort()), spec("localhost", listener.getLocalPort()),
                    settings(jdkDefault())));
            reset.join(5000);
            assertEquals(InternetError.CONNECTION_RESET, e.error(), e.getMessage());
            assertTrue(e.getMessage().contains("reset the connection during TLS"), e.getMessage());
        }
    }
}
