package io.inetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.tls.TestCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust from PEM files and directories, as curl's --cacert and --capath read them. */
class TrustTest {

    private static final TestCertificate ONE = TestCertificate.localhost();
    private static final TestCertificate TWO = TestCertificate.generate("CN=two.test", "dns:two.test");

    @TempDir Path dir;

    @Test
    void aBundleWithTextBetweenItsCertificatesGivesEachCertificate() throws Exception {
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), "# Issuer: CN=localhost\n"
                + ONE.certificatePem() + "\nsome words between\n\n" + TWO.certificatePem() + "# end\n");
        Trust trust = Trust.pem(bundle);
        assertEquals(List.of(ONE.certificate(), TWO.certificate()), trust.certificates());
        assertFalse(trust.includesSystem());
        assertEquals("Trust[" + bundle + " (2 certificates)]", trust.toString());
    }

    @Test
    void aMissingFileIsFileNotFoundAndAFileWithoutCertificatesIsAnInvalidParameter() throws Exception {
        InternetException missing = assertThrows(InternetException.class, () -> Trust.pem(dir.resolve("none.pem")));
        assertEquals(InternetError.FILE_NOT_FOUND, missing.error());
        assertTrue(missing.getMessage().contains("none.pem does not exist"), missing.getMessage());

        Path key = Files.writeString(dir.resolve("key.pem"), ONE.privateKeyPem());
        InternetException noCertificate = assertThrows(InternetException.class, () -> Trust.pem(key));
        assertEquals(InternetError.INVALID_PARAMETER, noCertificate.error());
        assertTrue(noCertificate.getMessage().contains("holds no PEM certificate"), noCertificate.getMessage());

        Path broken = Files.writeString(dir.resolve("broken.pem"), ONE.certificatePem().replace("M", "!"));
        assertEquals(InternetError.INVALID_PARAMETER, assertThrows(InternetException.class,
                () -> Trust.pem(broken)).error());
        Path unterminated = Files.writeString(dir.resolve("cut.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n");
        assertTrue(assertThrows(InternetException.class, () -> Trust.pem(unterminated)).getMessage()
                .contains("without -----END CERTIFICATE-----"));
        assertEquals(InternetError.INVALID_PARAMETER,
                assertThrows(InternetException.class, () -> Trust.pem(dir)).error(), "a directory is not a file");
    }

    @Test
    void aDirectoryGivesTheCertificatesOfItsFilesOnceEachAndSkipsTheRest() throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));
        Files.writeString(certs.resolve("one.pem"), ONE.certificatePem());
        Files.writeString(certs.resolve("two.crt"), TWO.certificatePem());
        Files.createSymbolicLink(certs.resolve("0a1b2c3d.0"), certs.resolve("one.pem"));
        Files.writeString(certs.resolve("README"), "not a certificate");
        Files.writeString(certs.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n");
        Files.createDirectory(certs.resolve("sub"));
        Files.writeString(certs.resolve("sub").resolve("deep.pem"), ONE.certificatePem());
        List<X509Certificate> read = Trust.pemDirectory(certs).certificates();
        assertEquals(2, read.size(), read.toString());
        assertTrue(read.containsAll(List.of(ONE.certificate(), TWO.certificate())));

        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals(InternetError.INVALID_PARAMETER,
                assertThrows(InternetException.class, () -> Trust.pemDirectory(empty)).error());
        assertEquals(InternetError.FILE_NOT_FOUND,
                assertThrows(InternetException.class, () -> Trust.pemDirectory(dir.resolve("nope"))).error());
    }

    @Test
    void andKeepsBothSidesAndTheSystemStoreIfEitherHasIt() throws Exception {
        Trust one = Trust.pem(Files.writeString(dir.resolve("one.pem"), ONE.certificatePem()));
        Trust both = Trust.system().and(one).and(Trust.certificates(List.of(TWO.certificate(), ONE.certificate())));
        assertTrue(both.includesSystem());
        assertEquals(List.of(ONE.certificate(), TWO.certificate()), both.certificates());
        assertTrue(both.toString().startsWith("Trust[the system trust store, "), both.toString());
        assertTrue(Trust.system().includesSystem());
        assertTrue(Trust.system().certificates().isEmpty());
        assertEquals(one, Trust.certificates(List.of(ONE.certificate())));
        assertThrows(IllegalArgumentException.class, () -> Trust.certificates(List.of()));
    }

    @Test
    void anInternetTakesATrustOrAContextNotBoth() throws Exception {
        Trust one = Trust.certificates(List.of(ONE.certificate()));
        try (Internet internet = Internet.newBuilder().registry(ProviderRegistry.of()).trust(one).build()) {
            assertEquals(one, internet.trust());
            assertTrue(internet.sslContext().isEmpty());
        }
        try (Internet internet = Internet.newBuilder().registry(ProviderRegistry.of()).build()) {
            assertEquals(Trust.system(), internet.trust());
        }
        Internet.Builder both = Internet.newBuilder().registry(ProviderRegistry.of()).trust(one)
                .sslContext(ONE.clientContext());
        assertTrue(assertThrows(IllegalStateException.class, both::build).getMessage()
                .contains("either sslContext or trust"));
    }
}
