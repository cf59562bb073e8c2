package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.script.HostileHttpScenarios;
import io.inetkit.testkit.script.HostileHttpServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * curl's CA variables are read where TLS is asked for, and only there: a plain-text command does not
 * pay for reading a system's whole bundle, nor fail on one that is missing.
 */
class TrustEnvironmentTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @StartStop final HostileHttpServer plain = HostileHttpServer.plain(HostileHttpScenarios.ok("plain"));
    @StartStop final HostileHttpServer tls = HostileHttpServer.tls(HostileHttpScenarios.ok("secure"));

    @Test
    void aPlainCommandDoesNotReadTheCaVariables() {
        ImageRun.Finished get = ImageRun.of("get", plain.url("/x").toString())
                .env("CURL_CA_BUNDLE", "/nonexistent/ca.pem").env("SSL_CERT_DIR", "/nonexistent").run(TIMEOUT);
        assertEquals(0, get.status(), get.describe());
        assertEquals("plain", get.stdoutText());
    }

    @Test
    void aTlsCommandReadsThemAsCurlDoes() {
        ImageRun.Finished get = ImageRun.of("get", tls.url("/x").toString())
                .env("CURL_CA_BUNDLE", "/nonexistent/ca.pem").run(TIMEOUT);
        assertEquals(77, get.status(), get.describe()); // curl's CURLE_SSL_CACERT_BADFILE
        assertTrue(get.stderrText().startsWith("inetkit: ERROR_FILE_NOT_FOUND (2): the CA certificate file"
                + " /nonexistent/ca.pem does not exist"), get.describe());
    }
}
