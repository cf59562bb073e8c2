package io.inetkit.testkit.internal;

import io.inetkit.testkit.tls.TestCertificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.apache.ftpserver.ssl.ClientAuth;
import org.apache.ftpserver.ssl.SslConfiguration;

/**
 * MINA's TLS settings taken from a {@link TestCertificate}. MINA's own factory wants key store
 * files; the certificate already has an {@link SSLContext}, so it is handed over directly.
 */
public final class FtpSslConfiguration implements SslConfiguration {

    private final SSLContext context;

    public FtpSslConfiguration(TestCertificate certificate) {
        this.context = certificate.serverContext();
    }

    @Override
    public SSLSocketFactory getSocketFactory() {
        return context.getSocketFactory();
    }

    @Override
    public SSLContext getSSLContext() {
        return context;
    }

    @Override
    public SSLContext getSSLContext(String protocol) {
        return context;
    }

    @Override
    public String[] getEnabledCipherSuites() {
        // null: the JDK's defaults.
        return null;
    }

    @Override
    public String getEnabledProtocol() {
        return "TLS";
    }

    @Override
    public String[] getEnabledProtocols() {
        return null;
    }

    @Override
    public ClientAuth getClientAuth() {
        return ClientAuth.NONE;
    }
}
