package io.inetkit.internal;

import io.inetkit.Trust;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Makes the TLS context of an {@link io.inetkit.Internet} from its {@link Trust}.
 *
 * <p>TLS 1.2 sessions of such a context resume by session id, never by RFC 5077 ticket. vsftpd, the
 * most common FTP server, gives TLS 1.2 clients that offer tickets an empty session id and a ticket
 * that lives 2^31-1 s; the JDK drops tickets of more than 7 days, so it has nothing to resume, and
 * vsftpd's default {@code require_ssl_reuse=YES} then refuses every FTPS data connection. The JDK
 * offers tickets per context, read from a system property when the context is made, and no API per
 * socket; so the property is set to {@code false} only while the context is made, under a lock.
 * TLS 1.3 resumption is not affected.
 */
public final class TlsContexts {

    private static final String TICKETS = "jdk.tls.client.enableSessionTicketExtension";
    private static final Object PROPERTY_LOCK = new Object();

    private TlsContexts() {
    }

    /** A new context that trusts what {@code trust} names and resumes TLS 1.2 sessions by id. */
    public static SSLContext of(Trust trust) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (trust.certificates().isEmpty()) {
            factory.init((KeyStore) null); // the runtime's own store, as the JDK's default context
        } else {
            factory.init(keyStore(trust));
        }
        return of(factory.getTrustManagers());
    }

    private static KeyStore keyStore(Trust trust) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot make an empty key store", e);
        }
        int n = 0;
        if (trust.includesSystem()) {
            for (X509Certificate authority : systemAuthorities()) {
                store.setCertificateEntry("system-" + n++, authority);
            }
        }
        for (X509Certificate certificate : trust.certificates()) {
            store.setCertificateEntry("given-" + n++, certificate);
        }
        return store;
    }

    private static List<X509Certificate> systemAuthorities() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return List.of(((X509TrustManager) manager).getAcceptedIssuers());
            }
        }
        return List.of();
    }

    /** A new context with these trust managers that resumes TLS 1.2 sessions by id. */
    public static SSLContext of(TrustManager... trustManagers) throws GeneralSecurityException {
        synchronized (PROPERTY_LOCK) {
            String before = System.getProperty(TICKETS);
            System.setProperty(TICKETS, "false");
            try {
                // The context's session cache reads the property in SSLContext.getInstance.
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trustManagers, null);
                return context;
            } finally {
                if (before == null) {
                    System.clearProperty(TICKETS);
                } else {
                    System.setProperty(TICKETS, before);
                }
            }
        }
    }
}
