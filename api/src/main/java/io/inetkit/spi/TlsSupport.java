package io.inetkit.spi;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.TlsInfo;
import io.inetkit.internal.TlsContexts;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS the same way in every provider: TLS 1.2 and 1.3 with forward-secret cipher suites only,
 * certificates and host names verified unless a connect flag named {@code INSECURE_…} says
 * otherwise, SNI sent, the handshake bounded by the connect timeout, what it agreed published as
 * {@link InternetStatus#TLS_HANDSHAKE_COMPLETE}, and a failure mapped to the WinINet error that says
 * what was wrong and what to do.
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

    /** The protocol versions offered, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final String SCSV = "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";

    private TlsSupport() {
    }

    /**
     * The context's default parameters narrowed to {@link #PROTOCOLS} and to forward-secret cipher
     * suites (TLS 1.3's, and TLS 1.2's ECDHE and DHE ones), in the context's order of preference;
     * no host-name check and no SNI yet. For clients that set those themselves, such as
     * {@code java.net.http}.
     */
    public static SSLParameters modern(SSLContext tls) {
        SSLParameters parameters = tls.getDefaultSSLParameters();
        List<String> supported = List.of(tls.getSupportedSSLParameters().getProtocols());
        parameters.setProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
        parameters.setCipherSuites(Arrays.stream(parameters.getCipherSuites())
                .filter(TlsSupport::isForwardSecret).toArray(String[]::new));
        return parameters;
    }

    /** Whether a cipher suite's key exchange keeps past sessions secret if the server's key leaks. */
    static boolean isForwardSecret(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")
                || suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_") || suite.equals(SCSV);
    }

    /**
     * What a handshake agreed on, for {@link InternetStatus#TLS_HANDSHAKE_COMPLETE}.
     *
     * @param applicationProtocol the ALPN protocol, empty or {@code null} for none
     */
    public static TlsInfo info(SSLSession session, String applicationProtocol) {
        String subject = "";
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate) {
                subject = ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
            }
        } catch (SSLPeerUnverifiedException e) {
            // An anonymous server: nothing to name.
        }
        return new TlsInfo(session.getProtocol(), session.getCipherSuite(),
                applicationProtocol == null ? "" : applicationProtocol, subject);
    }

    /** Publishes what the handshake of a connected socket agreed on, if anyone listens. */
    public static void published(SSLSocket socket, StatusPublisher status) {
        if (status.isEnabled()) {
            status.publish(InternetStatus.TLS_HANDSHAKE_COMPLETE, info(socket.getSession(),
                    socket.getApplicationProtocol()));
        }
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
            return TlsContexts.of(new TrustingAnything());
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
     * The parameters of a client socket or engine to this host: {@link #modern(SSLContext)}, host-name
     * verification as {@link #verifiesHostname(ConnectSpec)} says, and SNI for a host name (not for
     * an address).
     */
    public static SSLParameters parameters(SSLContext tls, ConnectSpec spec) {
        SSLParameters parameters = modern(tls);
        if (verifiesHostname(spec)) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (isHostName(spec.host())) {
            parameters.setServerNames(List.of(new SNIHostName(spec.host())));
        }
        return parameters;
    }

    /**
     * Layers TLS over a connected socket and completes the handshake within the connect timeout,
     * then publishes {@link InternetStatus#TLS_HANDSHAKE_COMPLETE}. On failure the socket is closed.
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
            published(socket, context.status());
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
     * The WinINet error of a failed TLS connection: {@code CONNECTION_RESET} for a reset, which the
     * JDK reports inside an {@code SSLException}, {@code INVALID_CA} for an untrusted issuer,
     * {@code SEC_CERT_CN_INVALID} for a certificate of another host, {@code SEC_CERT_DATE_INVALID}
     * for an expired one, {@code SECURITY_CHANNEL_ERROR} for anything else.
     *
     * @param where the server, as {@code host:port}, for the message
     */
    public static InternetException failure(IOException e, String where) {
        String detail = causes(e);
        String lower = detail.toLowerCase(Locale.ROOT);
        if (TransportErrors.has(e, SocketException.class)
                && (lower.contains("connection reset") || lower.contains("broken pipe"))) {
            // The JDK wraps a reset in an SSLException; it is the network's failure, not TLS's.
            return new InternetException(InternetError.CONNECTION_RESET, where + " reset the connection during"
                    + " TLS (" + detail + ")", e);
        }
        if (TransportErrors.has(e, CertificateExpiredException.class)
                || TransportErrors.has(e, CertificateNotYetValidException.class)
                || lower.contains("validity check failed")) {
            return new InternetException(InternetError.SEC_CERT_DATE_INVALID, "the certificate of " + where
                    + " has expired or is not yet valid (" + detail + "); the server must renew it, or this"
                    + " machine's clock is wrong", e);
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return new InternetException(InternetError.SEC_CERT_CN_INVALID, "the certificate of " + where
                    + " is for another host (" + detail + "); connect with a name the certificate lists", e);
        }
        if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")
                || TransportErrors.has(e, CertPathValidatorException.class)) {
            return new InternetException(InternetError.INVALID_CA, "the certificate of " + where
                    + " is not signed by a trusted authority (" + detail + "); if you trust the server, trust"
                    + " its CA: Internet.Builder.trust(Trust.system().and(Trust.pem(caFile)))", e);
        }
        if (lower.contains("protocol_version") || lower.contains("protocol version")) {
            return new InternetException(InternetError.SECURITY_CHANNEL_ERROR, where + " speaks no TLS version"
                    + " inetkit accepts (" + String.join(", ", PROTOCOLS) + "): " + detail
                    + "; older versions are broken, the server must be upgraded", e);
        }
        if (lower.contains("handshake_failure") || lower.contains("insufficient_security")
                || lower.contains("no appropriate cipher suite") || lower.contains("no negotiable cipher suite")) {
            return new InternetException(InternetError.SECURITY_CHANNEL_ERROR, "the TLS handshake with " + where
                    + " failed: " + detail + "; the server accepted none of what inetkit offers (TLS 1.2 or 1.3,"
                    + " forward-secret cipher suites, ECDHE or DHE key exchange), so it is out of date or"
                    + " not a TLS server", e);
        }
        String what = e instanceof SSLHandshakeException ? "the TLS handshake with " : "TLS with ";
        return new InternetException(InternetError.SECURITY_CHANNEL_ERROR, what + where + " failed: " + detail, e);
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
