package io.inetkit.cli;

import io.inetkit.InternetException;
import io.inetkit.Trust;
import java.nio.file.Path;
import java.util.Map;

/**
 * The certificate authorities the command trusts, as curl chooses them: {@code --cacert} and
 * {@code --capath} replace the default store, and so do curl's environment variables when neither
 * option is given. Where the environment names both a bundle ({@code CURL_CA_BUNDLE},
 * {@code SSL_CERT_FILE}) and a directory ({@code SSL_CERT_DIR}), as many systems set both to the
 * same authorities, only the bundle is read: OpenSSL looks a directory up by hash, when a
 * certificate needs it, where reading one whole costs every run its hundreds of files.
 */
final class Authorities {

    private Authorities() {
    }

    /** curl's exit status for a CA certificate file that cannot be read or used (CURLE_SSL_CACERT_BADFILE). */
    static final int CA_FILE = 77;

    /**
     * The trust for these options and this environment; a file that cannot be used fails with
     * curl's status for it, {@link #CA_FILE}.
     *
     * @param cacert {@code --cacert}, or {@code null}
     * @param capath {@code --capath}, or {@code null}
     */
    static Trust trust(String cacert, String capath, Map<String, String> environment) {
        try {
            return read(cacert, capath, environment);
        } catch (InternetException e) {
            throw new ExitStatus.Known(e, CA_FILE); // curl's status for a CA file or folder it cannot use
        }
    }

    private static Trust read(String cacert, String capath, Map<String, String> environment) throws InternetException {
        if (cacert == null && capath == null) {
            cacert = first(environment, "CURL_CA_BUNDLE", "SSL_CERT_FILE");
            capath = cacert != null ? null : first(environment, "SSL_CERT_DIR");
        }
        Trust trust = null;
        if (cacert != null) {
            trust = Trust.pem(Path.of(cacert));
        }
        if (capath != null) {
            Trust directory = Trust.pemDirectory(Path.of(capath));
            trust = trust == null ? directory : trust.and(directory);
        }
        return trust == null ? Trust.system() : trust;
    }

    private static String first(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
