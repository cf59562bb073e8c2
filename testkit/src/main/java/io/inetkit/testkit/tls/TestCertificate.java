package io.inetkit.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, made with the
 * JDK's own {@code keytool} the first time it is asked for and shared by every server in the JVM.
 *
 * <p>Servers use {@link #serverContext()}. A client that should trust the test servers uses
 * {@link #clientContext()}; a client with the JDK's default trust store refuses them, which is how
 * tests prove that TLS verification is on:
 *
 * <pre>{@code
 * SSLContext trusting = TestCertificate.localhost().clientContext();
 * }</pre>
 */
public final class TestCertificate {

    private static final char[] STORE_PASSWORD = "inetkit-testkit".toCharArray();
    private static final String ALIAS = "inetkit-test";
    private static volatile TestCertificate localhost;

    private final KeyStore keyStore;
    private final X509Certificate certificate;

    private TestCertificate(KeyStore keyStore) throws GeneralSecurityException {
        this.keyStore = keyStore;
        this.certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
    }

    /** The shared certificate for the loopback names; made once per JVM (about half a second). */
    public static TestCertificate localhost() {
        TestCertificate result = localhost;
        if (result == null) {
            synchronized (TestCertificate.class) {
                result = localhost;
                if (result == null) {
                    localhost = result = generate("CN=localhost, O=inetkit testkit",
                            "dns:localhost,ip:127.0.0.1,ip:::1");
                }
            }
        }
        return result;
    }

    /**
     * Makes a new self-signed certificate.
     *
     * @param distinguishedName the subject, for example {@code CN=example.test}
     * @param subjectAlternativeNames keytool's SAN list, for example {@code dns:example.test,ip:127.0.0.1}
     */
    public static TestCertificate generate(String distinguishedName, String subjectAlternativeNames) {
        return generate(distinguishedName, subjectAlternativeNames, "EC");
    }

    /**
     * Makes a new self-signed certificate with a key of this algorithm.
     *
     * @param keyAlgorithm {@code EC} (a P-256 key) or {@code RSA} (2048 bits)
     */
    public static TestCertificate generate(String distinguishedName, String subjectAlternativeNames,
            String keyAlgorithm) {
        List<String> key = switch (keyAlgorithm) {
            case "EC" -> List.of("-keyalg", "EC", "-groupname", "secp256r1");
            case "RSA" -> List.of("-keyalg", "RSA", "-keysize", "2048");
            default -> throw new IllegalArgumentException("EC or RSA, not " + keyAlgorithm);
        };
        try {
            Path dir = Files.createTempDirectory("inetkit-cert");
            Path file = dir.resolve("keystore.p12");
            try {
                List<String> command = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", ALIAS));
                command.addAll(key);
                command.addAll(List.of("-validity", "7",
                        "-dname", distinguishedName, "-ext", "SAN=" + subjectAlternativeNames,
                        "-storetype", "PKCS12", "-keystore", file.toString(),
                        "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD)));
                runKeytool(command);
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, STORE_PASSWORD);
                }
                return new TestCertificate(store);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a test certificate", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test certificate", e);
        }
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void runKeytool(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("keytool failed (" + process.exitValue() + "): " + output.strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a test certificate", e);
        }
    }

    /** The certificate itself. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate in PEM, for servers configured by files (nginx, vsftpd). */
    public String certificatePem() {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the test certificate", e);
        }
    }

    /** The private key in PKCS#8 PEM, for servers configured by files. Test use only. */
    public String privateKeyPem() {
        try {
            return pem("PRIVATE KEY", keyStore.getKey(ALIAS, STORE_PASSWORD).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A key store holding the private key and certificate, for servers that take one. */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** The password of {@link #keyStore()} and of its key. */
    public char[] keyStorePassword() {
        return STORE_PASSWORD.clone();
    }

    /** A trust store holding only this certificate. */
    public KeyStore trustStore() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate);
            return trust;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store", e);
        }
    }

    /** A TLS context that presents this certificate, for a server. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, STORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server TLS context", e);
        }
    }

    /** A TLS context that trusts this certificate and no other, for a client. */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }
}
