package io.inetkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which certificate authorities TLS connections trust: the runtime's own trust store, certificates
 * from PEM files, or both. Give it to {@link Internet.Builder#trust(Trust)}; no {@code KeyStore}
 * to build by hand.
 *
 * <pre>{@code
 * // The runtime's authorities and a company CA:
 * Internet internet = Internet.newBuilder()
 *         .trust(Trust.system().and(Trust.pem(Path.of("corp-ca.pem"))))
 *         .build();
 * // Only the CA that signed a test server (as curl's --cacert):
 * Internet pinned = Internet.newBuilder().trust(Trust.pem(Path.of("test-ca.pem"))).build();
 * }</pre>
 *
 * <p>{@link #system()} is the runtime's default trust store: the {@code lib/security/cacerts} of the
 * JDK or image that runs the program (in a jlink image, the JDK's list from the day it was linked),
 * or the store the {@code javax.net.ssl.trustStore} system property names. Certificates are read
 * when the {@code Trust} is made, so a missing or unreadable file fails there, not at the first
 * connection. Instances are immutable.
 */
public final class Trust {

    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";
    private static final Trust SYSTEM = new Trust(true, List.of(), List.of("the system trust store"));

    private final boolean system;
    private final List<X509Certificate> certificates;
    private final List<String> sources;

    private Trust(boolean system, List<X509Certificate> certificates, List<String> sources) {
        this.system = system;
        this.certificates = List.copyOf(certificates);
        this.sources = List.copyOf(sources);
    }

    /** The runtime's default trust store, the default of every {@link Internet}. */
    public static Trust system() {
        return SYSTEM;
    }

    /**
     * Only the certificates of a PEM file: one or several {@code -----BEGIN CERTIFICATE-----} blocks,
     * with any text between them (as in the bundles curl and Debian ship).
     *
     * @throws InternetException {@link InternetError#FILE_NOT_FOUND} when the file does not exist,
     *     {@link InternetError#INVALID_PARAMETER} when it cannot be read or holds no certificate
     */
    public static Trust pem(Path file) throws InternetException {
        Objects.requireNonNull(file, "file");
        List<X509Certificate> read = read(file);
        if (read.isEmpty()) {
            throw new InternetException(InternetError.INVALID_PARAMETER, file + " holds no PEM certificate"
                    + " (a block from " + BEGIN + " to " + END + ")");
        }
        return new Trust(false, read, List.of(file + " (" + count(read.size()) + ")"));
    }

    /**
     * Only the certificates of the PEM files in a directory, as curl's {@code --capath} and OpenSSL's
     * certificate directories (such as {@code /etc/ssl/certs}): every regular file in it, links
     * followed, not its subdirectories; files without a readable certificate are skipped, as
     * OpenSSL skips them.
     *
     * @throws InternetException {@link InternetError#FILE_NOT_FOUND} when the directory does not
     *     exist, {@link InternetError#INVALID_PARAMETER} when it cannot be read or no file in it
     *     holds a certificate
     */
    public static Trust pemDirectory(Path directory) throws InternetException {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new InternetException(Files.exists(directory) ? InternetError.INVALID_PARAMETER
                    : InternetError.FILE_NOT_FOUND, directory + " is not a directory of PEM certificates");
        }
        Set<X509Certificate> found = new LinkedHashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    try {
                        found.addAll(read(file));
                    } catch (InternetException notACertificate) {
                        // Such directories hold other files too (hash links, CRLs, README); skip them.
                    }
                }
            }
        } catch (IOException e) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "cannot read the directory " + directory
                    + ": " + e, e);
        }
        if (found.isEmpty()) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "no file in " + directory
                    + " holds a PEM certificate");
        }
        return new Trust(false, new ArrayList<>(found), List.of(directory + "/ (" + count(found.size()) + ")"));
    }

    /** Only these certificates. */
    public static Trust certificates(Collection<? extends X509Certificate> certificates) {
        List<X509Certificate> copy = List.copyOf(certificates);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("no certificates given");
        }
        return new Trust(false, copy, List.of(count(copy.size())));
    }

    /** The authorities of both. */
    public Trust and(Trust other) {
        Objects.requireNonNull(other, "other");
        Set<X509Certificate> both = new LinkedHashSet<>(certificates);
        both.addAll(other.certificates);
        List<String> named = new ArrayList<>(sources);
        for (String source : other.sources) {
            if (!named.contains(source)) {
                named.add(source);
            }
        }
        return new Trust(system || other.system, new ArrayList<>(both), named);
    }

    /** Whether the runtime's default trust store is part of this. */
    public boolean includesSystem() {
        return system;
    }

    /** The certificates trusted beyond the runtime's store. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Trust that && system == that.system && certificates.equals(that.certificates);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(system) * 31 + certificates.hashCode();
    }

    /** Where the certificates came from, for example {@code Trust[the system trust store, ca.pem (2 certificates)]}. */
    @Override
    public String toString() {
        return "Trust" + sources;
    }

    private static String count(int certificates) {
        return certificates + (certificates == 1 ? " certificate" : " certificates");
    }

    private static List<X509Certificate> read(Path file) throws InternetException {
        String text;
        try {
            // ISO-8859-1 reads any bytes; PEM itself is ASCII.
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new InternetException(InternetError.FILE_NOT_FOUND, "the CA certificate file " + file
                    + " does not exist", e);
        } catch (IOException e) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "cannot read the CA certificate file "
                    + file + ": " + e, e);
        }
        List<X509Certificate> found = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this runtime has no X.509 certificate factory", e);
        }
        int from = text.indexOf(BEGIN);
        while (from >= 0) {
            int end = text.indexOf(END, from);
            if (end < 0) {
                throw new InternetException(InternetError.INVALID_PARAMETER, file + " has a certificate without "
                        + END);
            }
            String base64 = text.substring(from + BEGIN.length(), end).replaceAll("\\s+", "");
            try {
                byte[] der = Base64.getDecoder().decode(base64);
                found.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new InternetException(InternetError.INVALID_PARAMETER, file + " holds a certificate that"
                        + " cannot be read (certificate " + (found.size() + 1) + "): " + e.getMessage(), e);
            }
            from = text.indexOf(BEGIN, end);
        }
        return found;
    }
}
