package io.inetkit.provider.http;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context that is another one, except that its engines are {@link WatchedEngine}s: it works
 * for any context, the {@code Internet}'s own or one an application gave.
 */
final class WatchedContext extends SSLContext {

    WatchedContext(SSLContext tls, HandshakeWatch watch) {
        super(new Spi(tls, watch), tls.getProvider(), tls.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {

        private final SSLContext tls;
        private final HandshakeWatch watch;

        Spi(SSLContext tls, HandshakeWatch watch) {
            this.tls = tls;
            this.watch = watch;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("a watched TLS context is made from one set up already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return tls.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return tls.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return new WatchedEngine(tls.createSSLEngine(), watch);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return new WatchedEngine(tls.createSSLEngine(host, port), watch);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return tls.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return tls.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return tls.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return tls.getSupportedSSLParameters();
        }
    }
}
