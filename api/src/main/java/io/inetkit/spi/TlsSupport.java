package io.inetkit.spi;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS the same way in every provider: certificates and host names verified unless a connect flag
 * named {@code INSECURE_…} says otherwise, SNI sent, the handshake bounded by the connect timeout,
 * and a failure mapped to the WinINet error that says what was wrong.
 *
 * <pre>{@code
 * Socket plain = ...;  // connected to spec.host():spec.port()
 * SSLSocket tls = TlsSupport.handshake(plain, spec, context);
 * }</pre>
 *
 * <p>{@link ConnectFlag#INSECURE_ACCEPT_EXPIRED_CERTIFICATE} is not implemented here; a provider
 * should not list it in {@link ServiceProvider#supportedFlags()} until it is. With
 * {@link ConnectFlag#INSECURE_TRUST_ANY_CERTIFICATE} the context is a new one, without the key
 * managers of the {@code Internet}'s: no client certificate is presented then.
 */
public final class TlsSupport {

    private TlsSupport() {
    }

    /**
     * The TLS context for a connection: the {@code Internet}'s, or one that trusts any certificate
     * for {@link ConnectFlag#INSECURE_TRUST_ANY_CERTIFICATE}.
     */
    public static SSLContext context(ConnectSpec spec, ProviderContext context) throws InternetException {
        if (!spec.has(ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE)) {
            return context.sslContext();
        }
        try {
            SSLContext trusting = SSLContext.getInstance("TLS");
            trusting.init(null, new X509ExtendedTrustManager[] {new TrustingAnything()}, null);
            return trusting;
        } catch (GeneralSecurityException e) {
            throw new InternetException(InternetError.SECURITY_CHANNEL_ERROR, "cannot set up TLS: " + e, e);
        }
    }

    /** Whether the server's certificate must name the host: yes, unless a flag says otherwise. */
    public static boolean verifiesHostname(ConnectSpec spec) {
        return !spec.has(ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK)
                && !spec.has(ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE);
    }

    /**
     * The parameters of a client socket or engine to this host: host-name verification as
     * {@link #verifiesHostname(ConnectSpec)} says, and SNI for a host name (not for an address).
     */
    public static SSLParameters parameters(SSLContext tls, ConnectSpec spec) {
        SSLParameters parameters = tls.getDefaultSSLParameters();
        if (verifiesHostname(spec)) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (isHostName(spec.host())) {
            parameters.setServerNames(List.of(new SNIHostName(spec.host())));
        }
        return parameters;
    }

    /**
     * Layers TLS over a connected socket and completes the handshake within the connect timeout.
     * On failure the socket is closed.
     *
     * @throws InternetException the certificate, time-out or channel error of the handshake
     */
    public static SSLSocket handshake(Socket plain, ConnectSpec spec, ProviderContext context)
            throws InternetException {
        try {
            SSLContext tls = context(spec, context);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, spec.host(), spec.port(), true);
            socket.setSSLParameters(parameters(tls, spec));
            int readTimeout = plain.getSoTimeout();
            socket.setSoTimeout(context.connectTimeoutMillis());
            socket.startHandshake();
            // Restored only on success: a failed handshake has closed the socket already.
            socket.setSoTimeout(readTimeout);
            return socket;
        } catch (InternetException e) {
            Sockets.closeQuietly(plain);
            throw e;
        } catch (SocketTimeoutException e) {
            Sockets.closeQuietly(plain);
            throw new InternetException(InternetError.TIMEOUT, "the TLS handshake with " + spec.host() + ":"
                    + spec.port() + " took longer than " + context.connectTimeout().toMillis() + " ms", e);
        } catch (IOException e) {
            Sockets.closeQuietly(plain);
            throw failure(e, spec.host() + ":" + spec.port());
        }
    }

    /**
     * The WinINet error of a failed TLS connection: {@code INVALID_CA} for an untrusted issuer,
     * {@code SEC_CERT_CN_INVALID} for a certificate of another host, {@code SEC_CERT_DATE_INVALID}
     * for an expired one, {@code SECURITY_CHANNEL_ERROR} for anything else.
     *
     * @param where the server, as {@code host:port}, for the message
     */
    public static InternetException failure(IOException e, String where) {
        String detail = causes(e);
        String lower = detail.toLowerCase(Locale.ROOT);
        if (has(e, CertificateExpiredException.class) || has(e, CertificateNotYetValidException.class)
                || lower.contains("validity check failed")) {
            return new InternetException(InternetError.SEC_CERT_DATE_INVALID, "the certificate of " + where
                    + " has expired or is not yet valid: " + detail, e);
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return new InternetException(InternetError.SEC_CERT_CN_INVALID, "the certificate of " + where
                    + " is for another host: " + detail, e);
        }
        if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")
                || has(e, CertPathValidatorException.class)) {
            return new InternetException(InternetError.INVALID_CA, "the certificate of " + where
                    + " is not signed by a trusted authority; give the Internet an SSLContext that trusts it: "
                    + detail, e);
        }
        String what = e instanceof SSLHandshakeException ? "the TLS handshake with " : "TLS with ";
        return new InternetException(InternetError.SECURITY_CHANNEL_ERROR, what + where + " failed: " + detail, e);
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 400; t = t.getCause()) {
            if (t.getMessage() != null && text.indexOf(t.getMessage()) < 0) {
                text.append(text.length() == 0 ? "" : "; ").append(t.getMessage());
            }
        }
        return text.length() == 0 ? e.toString() : text.toString();
    }

    private static boolean isHostName(String host) {
        return host.indexOf(':') < 0 && !host.matches("[0-9.]+");
    }

    /** Accepts every certificate: only for {@link ConnectFlag#INSECURE_TRUST_ANY_CERTIFICATE}. */
    private static final class TrustingAnything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
