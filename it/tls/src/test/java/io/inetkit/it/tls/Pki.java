package io.inetkit.it.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test certificate authority and the server certificates it issues, made with the {@code openssl}
 * command as an administrator makes them: keys in PEM files, certificates with the chain a server
 * presents. Also certificates a server must not be trusted with: expired, for another name,
 * self-signed.
 */
final class Pki {

    /** The key of a certificate. */
    enum Key {
        EC_P256("EC", "ec_paramgen_curve:P-256"),
        EC_P384("EC", "ec_paramgen_curve:P-384"),
        RSA_2048("RSA", "rsa_keygen_bits:2048");

        final String algorithm;
        final String option;

        Key(String algorithm, String option) {
            this.algorithm = algorithm;
            this.option = option;
        }
    }

    /** A server's certificate file (leaf first, then the CA, as servers send it) and its key file. */
    record Issued(Path certificate, Path key) {
    }

    private final Path dir;
    private final Path caCertificate;
    private final Path caKey;
    private int serial = 1;

    Pki(Path dir) throws IOException {
        this.dir = dir;
        caKey = key("ca", Key.EC_P256);
        caCertificate = dir.resolve("ca.crt");
        openssl("req", "-x509", "-new", "-key", caKey.toString(), "-subj", "/CN=inetkit TLS test CA",
                "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", caCertificate.toString());
    }

    /** The CA's certificate: what {@code --cacert} names. */
    Path ca() {
        return caCertificate;
    }

    /** A certificate for {@code localhost} and 127.0.0.1, valid now. */
    Issued issue(String name, Key key) throws IOException {
        return issue(name, key, "DNS:localhost,IP:127.0.0.1", false);
    }

    /**
     * A certificate signed by the CA.
     *
     * @param subjectAlternativeNames OpenSSL's form, such as {@code DNS:localhost,IP:127.0.0.1}
     * @param expired whether its validity ended (a month ago) rather than running now
     */
    Issued issue(String name, Key key, String subjectAlternativeNames, boolean expired) throws IOException {
        Path keyFile = key(name, key);
        Path request = dir.resolve(name + ".csr");
        openssl("req", "-new", "-key", keyFile.toString(), "-subj", "/CN=" + name, "-out", request.toString());
        Path extensions = Files.writeString(dir.resolve(name + ".ext"), String.join("\n",
                "basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment",
                "extendedKeyUsage=serverAuth", "subjectAltName=" + subjectAlternativeNames, ""));
        Path leaf = dir.resolve(name + ".leaf.crt");
        List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", request.toString(),
                "-CA", caCertificate.toString(), "-CAkey", caKey.toString(), "-set_serial", String.valueOf(serial++),
                "-extfile", extensions.toString(), "-out", leaf.toString()));
        if (expired) {
            // OpenSSL 3.0's x509 sets no start date; its 'ca' command sets both ends of the validity.
            Path config = Files.writeString(dir.resolve(name + ".cnf"), String.join("\n",
                    "[ca]", "default_ca=test", "[test]", "database=" + dir.resolve(name + ".index"),
                    "new_certs_dir=" + dir, "serial=" + dir.resolve(name + ".serial"), "default_md=sha256",
                    "policy=any", "unique_subject=no", "[any]", "commonName=supplied", "[leaf]",
                    "basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment",
                    "extendedKeyUsage=serverAuth", "subjectAltName=" + subjectAlternativeNames, ""));
            Files.writeString(dir.resolve(name + ".index"), "");
            Files.writeString(dir.resolve(name + ".serial"), "1000\n");
            openssl("ca", "-batch", "-config", config.toString(), "-cert", caCertificate.toString(),
                    "-keyfile", caKey.toString(), "-in", request.toString(), "-out", leaf.toString(),
                    "-startdate", "20200101000000Z", "-enddate", "20200201000000Z", "-extensions", "leaf",
                    "-notext");
        } else {
            sign.addAll(List.of("-days", "30"));
            openssl(sign.toArray(new String[0]));
        }
        Path chain = dir.resolve(name + ".crt");
        Files.writeString(chain, Files.readString(leaf) + Files.readString(caCertificate));
        return new Issued(chain, keyFile);
    }

    /** A certificate for {@code localhost} signed by its own key: trusted by nobody. */
    Issued selfSigned(String name, Key key) throws IOException {
        Path keyFile = key(name, key);
        Path certificate = dir.resolve(name + ".crt");
        openssl("req", "-x509", "-new", "-key", keyFile.toString(), "-subj", "/CN=localhost", "-days", "30",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-out", certificate.toString());
        return new Issued(certificate, keyFile);
    }

    private Path key(String name, Key key) throws IOException {
        Path file = dir.resolve(name + ".key");
        openssl("genpkey", "-algorithm", key.algorithm, "-pkeyopt", key.option, "-out", file.toString());
        return file;
    }

    private void openssl(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("openssl " + String.join(" ", arguments) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
