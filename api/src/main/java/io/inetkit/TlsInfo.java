package io.inetkit;

import java.util.Objects;

/**
 * What a TLS handshake agreed on, the info of {@link InternetStatus#TLS_HANDSHAKE_COMPLETE}: WinINet's
 * {@code INTERNET_SECURITY_CONNECTION_INFO} as a value.
 *
 * <pre>{@code
 * StatusListener tls = event -> {
 *     if (event.info().orElse(null) instanceof TlsInfo info) {
 *         System.err.println(info.protocol() + " " + info.cipherSuite());   // TLSv1.3 TLS_AES_128_GCM_SHA256
 *     }
 * };
 * }</pre>
 *
 * @param protocol the protocol version, as the JDK names it: {@code TLSv1.3}, {@code TLSv1.2}
 * @param cipherSuite the cipher suite's standard name, such as {@code TLS_AES_256_GCM_SHA384}
 * @param applicationProtocol the protocol agreed by ALPN ({@code h2}, {@code http/1.1}), or empty
 *     when none was (FTP and Gopher offer none)
 * @param serverCertificate the subject of the server's certificate, or empty when it sent none
 */
public record TlsInfo(String protocol, String cipherSuite, String applicationProtocol, String serverCertificate) {

    /** Checks the fields. */
    public TlsInfo {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(applicationProtocol, "applicationProtocol");
        Objects.requireNonNull(serverCertificate, "serverCertificate");
    }

    /** For example {@code TLSv1.3 TLS_AES_128_GCM_SHA256 ALPN=h2 server=CN=example.org}. */
    @Override
    public String toString() {
        return protocol + " " + cipherSuite + (applicationProtocol.isEmpty() ? "" : " ALPN=" + applicationProtocol)
                + (serverCertificate.isEmpty() ? "" : " server=" + serverCertificate);
    }
}
