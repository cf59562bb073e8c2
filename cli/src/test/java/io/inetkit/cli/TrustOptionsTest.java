package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.Trust;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cacert} and {@code --capath} against a real TLS server of testkit, as curl reads them. */
class TrustOptionsTest {

    @TempDir
    static Path served;

    @TempDir
    Path local;

    @StartStop final TestGopherServer gophers = TestGopherServer.newBuilder().root(served).tls().build();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String url() throws Exception {
        Files.writeString(served.resolve("hello.txt"), "over TLS\n");
        return "gophers://localhost:" + gophers.port() + "/0/hello.txt";
    }

    private Path caFile() throws Exception {
        return Files.writeString(local.resolve("ca.pem"), TestCertificate.localhost().certificatePem());
    }

    @Test
    void withoutTheCaTheServerIsRefusedAsAnUnknownAuthority() throws Exception {
        assertEquals(60, run("get", url()));
        String[] lines = err.toString().split("\\R");
        assertTrue(lines[0].startsWith("inetkit: ERROR_INTERNET_INVALID_CA (12045): "), err.toString());
        assertEquals("inetkit: to trust the server's CA, give its certificate with --cacert FILE or --capath DIR;"
                + " -k skips the check and with it the protection", lines[1]);
    }

    @Test
    void cacertTrustsTheCertificatesOfAPemFile() throws Exception {
        Path file = local.resolve("got.txt");
        assertEquals(0, run("get", "--cacert", caFile().toString(), url(), "-o", file.toString()), err.toString());
        assertEquals("over TLS\r\n", Files.readString(file));
    }

    @Test
    void capathTrustsTheCertificatesOfADirectory() throws Exception {
        Path dir = Files.createDirectory(local.resolve("certs"));
        Files.writeString(dir.resolve("localhost.pem"), TestCertificate.localhost().certificatePem());
        Files.writeString(dir.resolve("notes.txt"), "not a certificate");
        assertEquals(0, run("get", "--capath", dir.toString(), url()), err.toString());
    }

    @Test
    void verboseShowsWhatTheHandshakeAgreedOn() throws Exception {
        assertEquals(0, run("get", "-v", "--cacert", caFile().toString(), url()), err.toString());
        assertTrue(err.toString().contains("* TLS_HANDSHAKE_COMPLETE gopher://localhost:" + gophers.port()
                + " context=" + url() + " info=TLSv1.3 TLS_"), err.toString());
    }

    @Test
    void aMissingCaFileIsFileNotFoundBeforeAnythingIsSent() throws Exception {
        assertEquals(77, run("get", "--cacert", local.resolve("none.pem").toString(), url()));
        assertTrue(err.toString().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): the CA certificate file "),
                err.toString());
        assertEquals(0, gophers.connectionCount(), "nothing reached the server");
    }

    @Test
    void curlsEnvironmentVariablesStandInForTheOptions() throws Exception {
        Path ca = caFile();
        Path dir = Files.createDirectory(local.resolve("dir"));
        Files.writeString(dir.resolve("two.pem"), TestCertificate.generate("CN=two", "dns:two").certificatePem());
        assertEquals(Trust.system(), Authorities.trust(null, null, Map.of()));
        assertEquals(Trust.pem(ca), Authorities.trust(null, null, Map.of("CURL_CA_BUNDLE", ca.toString(),
                "SSL_CERT_FILE", "/nonexistent")));
        assertEquals(Trust.pem(ca), Authorities.trust(null, null, Map.of("SSL_CERT_FILE", ca.toString())));
        assertEquals(Trust.pem(ca), Authorities.trust(null, null,
                Map.of("SSL_CERT_FILE", ca.toString(), "SSL_CERT_DIR", dir.toString())), "the bundle, not both");
        assertEquals(Trust.pemDirectory(dir), Authorities.trust(null, null, Map.of("SSL_CERT_DIR", dir.toString())));
        assertEquals(Trust.pem(ca).and(Trust.pemDirectory(dir)), Authorities.trust(ca.toString(), dir.toString(),
                Map.of()), "both options, both read");
        assertEquals(Trust.pemDirectory(dir), Authorities.trust(null, dir.toString(),
                Map.of("CURL_CA_BUNDLE", ca.toString())), "an option overrides every variable");
        ExitStatus.Known missing = assertThrows(ExitStatus.Known.class,
                () -> Authorities.trust(null, null, Map.of("CURL_CA_BUNDLE", "/nonexistent.pem")));
        assertEquals(InternetError.FILE_NOT_FOUND, missing.failure().error());
        assertEquals(Authorities.CA_FILE, ExitStatus.of(missing, ExitStatus.Activity.DOWNLOAD));
        assertEquals(1, Trust.pem(ca).certificates().size());
        assertEquals(List.of(TestCertificate.localhost().certificate()), Trust.pem(ca).certificates());
    }
}
