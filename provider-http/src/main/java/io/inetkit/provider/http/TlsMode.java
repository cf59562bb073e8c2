package io.inetkit.provider.http;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetException;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.TlsSupport;
import javax.net.ssl.SSLContext;

/**
 * How a session of HTTP/2 checks its server: each mode gets its own {@code HttpClient}, and so its
 * own connection pool, so that a connection made with weaker checks is never lent to a session
 * that asked for the full ones. ({@link ConnectFlag#INSECURE_SKIP_HOSTNAME_CHECK} has no mode:
 * java.net.http cannot skip the host name check per client, and {@link HttpClients#refusal} refuses
 * HTTP/2 with it.)
 */
enum TlsMode {
    /** The certificate chain and the host name, the default. */
    VERIFY,
    /** Nothing: {@link ConnectFlag#INSECURE_TRUST_ANY_CERTIFICATE}. */
    TRUST_ANY;

    static TlsMode of(ConnectSpec spec) {
        return spec.has(ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE) ? TRUST_ANY : VERIFY;
    }

    /** The TLS context of this mode for the {@code Internet}'s settings. */
    SSLContext context(ConnectSpec spec, ProviderContext context) throws InternetException {
        return TlsSupport.context(spec, context);
    }
}
