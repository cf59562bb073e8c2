package io.inetkit.it.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.it.tls.Clients.Outcome;
import io.inetkit.it.tls.Clients.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TLS matrix: every server configuration × every client (the library, the {@code inetkit} image,
 * an application's image of one provider), verified with the test CA given as {@code --cacert} and
 * refused without it. Each cell checks what the handshake agreed on: the TLS version, an ECDHE key
 * exchange for TLS 1.2 with the certificate's type, and for HTTP the ALPN protocol.
 */
class TlsMatrixTest {

    private static TlsServers servers;

    /**
     * One server configuration.
     *
     * @param expected what the handshake must agree on, as the start of {@link io.inetkit.TlsInfo#toString()}
     *     and the parts it must hold
     */
    record Server(String name, String url, boolean startTls, Clients.Version version, String protocol, String suite,
            String alpn) {
        @Override
        public String toString() {
            return name + (version == Clients.Version.DEFAULT ? "" : " " + version.option);
        }
    }

    static List<Server> servers() {
        List<Server> all = new ArrayList<>();
        // HTTPS without a version, and with --http1.1, is HTTP/1.1 on the provider's engine, which
        // offers http/1.1 alone by ALPN, also to the servers that have h2. With --http2 it is
        // java.net.http, which offers h2 and http/1.1: h2 where the server has it.
        for (Clients.Version version : Clients.Version.values()) {
            boolean h2 = version == Clients.Version.HTTP_2;
            all.add(https("https-ec-tls13-h2", version, "TLSv1.3", "TLS_AES_", h2 ? "h2" : "http/1.1"));
            all.add(https("https-ec-tls12-h2", version, "TLSv1.2", "TLS_ECDHE_ECDSA_", h2 ? "h2" : "http/1.1"));
            all.add(https("https-rsa-x25519-tls13", version, "TLSv1.3", "TLS_AES_", "http/1.1"));
            all.add(https("https-rsa-x25519-tls12", version, "TLSv1.2", "TLS_ECDHE_RSA_", "http/1.1"));
            all.add(https("https-ec384-tls13-h2", version, "TLSv1.3", "TLS_AES_", h2 ? "h2" : "http/1.1"));
        }
        Clients.Version none = Clients.Version.DEFAULT;
        all.add(new Server("ftps-ec-explicit", "ftp://localhost:%d/readme.txt", true, none, "TLSv1.3", "TLS_AES_", ""));
        all.add(new Server("ftps-rsa-explicit", "ftp://localhost:%d/readme.txt", true, none, "TLSv1.3", "TLS_AES_", ""));
        all.add(new Server("ftps-ec-implicit", "ftps://localhost:%d/readme.txt", false, none, "TLSv1.3", "TLS_AES_", ""));
        all.add(new Server("ftps-rsa-implicit", "ftps://localhost:%d/readme.txt", false, none, "TLSv1.3", "TLS_AES_", ""));
        all.add(new Server("ftps-ec-explicit-tls12", "ftp://localhost:%d/readme.txt", true, none, "TLSv1.2",
                "TLS_ECDHE_ECDSA_", ""));
        all.add(new Server("gophers-ec", "gophers://localhost:%d/0/hello.txt", false, none, "TLSv1.3", "TLS_", ""));
        return all;
    }

    private static Server https(String name, Clients.Version version, String protocol, String suite, String alpn) {
        return new Server(name, "https://localhost:%d/index.txt", false, version, protocol, suite, alpn);
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Server server : servers()) {
            for (Clients client : Clients.values()) {
                cells.add(Arguments.of(server, client));
            }
        }
        return cells.stream();
    }

    @BeforeAll
    @Timeout(300)
    static void start() throws Exception {
        servers = new TlsServers(Files.createTempDirectory("inetkit-tls-"));
        servers.startNginx();
        servers.startVsftpd();
        servers.startGophers();
        for (String provider : List.of("ftp", "http", "gopher")) {
            Clients.linkAppImage(provider);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    private static Request request(Server server, Path cacert) {
        Request request = Request.of(String.format(server.url(), servers.port(server.name())), cacert);
        request = server.startTls() ? request.withStartTls() : request;
        return request.with(server.version());
    }

    @ParameterizedTest(name = "{0} through {1}")
    @MethodSource("cells")
    void verifiedWithTheCaItAgreesOnModernTls(Server server, Clients client) throws Exception {
        Outcome outcome = client.run(request(server, servers.ca()));
        assertTrue(outcome.succeeded(), outcome.error() + ": " + outcome.message() + "\n" + outcome.transcript()
                + "\n" + servers.log(server.name()));
        assertEquals(TlsServers.CONTENT, outcome.body().replace("\r\n", "\n"), outcome.transcript());
        assertEquals(1, outcome.tls().size(), "one handshake reported: " + outcome.tls() + "\n" + outcome.transcript());
        String tls = outcome.tls().get(0);
        assertTrue(tls.startsWith(server.protocol() + " " + server.suite()), tls);
        assertTrue(server.alpn().isEmpty() ? !tls.contains("ALPN=") : tls.contains(" ALPN=" + server.alpn() + " "), tls);
        assertTrue(tls.contains(" server=CN="), tls);
    }

    @ParameterizedTest(name = "{0} through {1}")
    @MethodSource("cells")
    void withoutTheCaTheServerIsRefusedAsUntrusted(Server server, Clients client) throws Exception {
        Outcome outcome = client.run(request(server, null));
        assertEquals("ERROR_INTERNET_INVALID_CA (12045)", outcome.error(), outcome.transcript());
        assertTrue(outcome.message().contains("not signed by a trusted authority"), outcome.message());
        assertEquals("", outcome.body());
    }

    @Test
    void anApplicationImageHoldsItsProviderAndWhatTlsNeedsAndNothingElse() throws Exception {
        for (String provider : List.of("ftp", "http", "gopher")) {
            Path image = Clients.appImage(provider + "://x");
            Process list = new ProcessBuilder(image.resolve("bin").resolve("java").toString(), "--list-modules")
                    .redirectErrorStream(true).start();
            String modules = new String(list.getInputStream().readAllBytes());
            list.waitFor();
            assertTrue(modules.contains("io.inetkit.provider." + provider + "@"), modules);
            assertTrue(modules.contains("jdk.crypto.ec@"), modules);
            for (String other : List.of("ftp", "http", "gopher")) {
                assertTrue(other.equals(provider) || !modules.contains("io.inetkit.provider." + other + "@"), modules);
            }
        }
    }

    @Test
    void anApplicationImageWithoutAProviderNamesTheModuleToLink() throws Exception {
        Path ftpOnly = Clients.appImage("ftp://x");
        Process process = new ProcessBuilder(ftpOnly.resolve("bin").resolve("fetch").toString(),
                "https://localhost:1/").redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes());
        assertEquals(1, process.waitFor(), said);
        String error = said.lines().filter(l -> l.startsWith("fetch: ")).findFirst().orElse(said);
        assertTrue(error.startsWith("fetch: ERROR_INTERNET_PROTOCOL_NOT_FOUND (12008): "), said);
        assertTrue(error.contains("link it again with --add-modules io.inetkit.provider.http"), said);
    }
}
