package io.inetkit.provider.http;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetException;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.TlsSupport;
import javax.net.ssl.SSLContext;

/**
 * How a session checks its server: each mode gets its own {@code HttpClient}, and so its own
 * connection pool, so that a connection made with weaker checks is never lent to a session that
 * asked for the full ones.
 */
enum TlsMode {
    /** The certificate chain and the host name, the default. */
    VERIFY,
    /** The chain but not the host name: {@link ConnectFlag#INSECURE_SKIP_HOSTNAME_CHECK}. */
    SKIP_HOSTNAME,
    /** Nothing: {@link ConnectFlag#INSECURE_TRUST_ANY_CERTIFICATE}. */
    TRUST_ANY;

    static TlsMode of(ConnectSpec spec) {
        if (spec.has(ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE)) {
            return TRUST_ANY;
        }
        return spec.has(ConnectFlag.INSECURE_SKIP_HOSTNAME_CHECK) ? SKIP_HOSTNAME : VERIFY;
    }

    /** The TLS context of this mode for the {@code Internet}'s settings. */
    SSLContext context(ConnectSpec spec, ProviderContext context) throws InternetException {
        SSLContext tls = TlsSupport.context(spec, context);
        return this == SKIP_HOSTNAME ? new HostnameBlindContext(tls) : tls;
    }
}
