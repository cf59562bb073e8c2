package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.spi.TlsSupport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The one place where java.net.http's exceptions become WinINet errors. The JDK reports most
 * failures as a bare {@link IOException} with a cause or a message, so the mapping looks down the
 * cause chain and, as a last resort, at the message.
 */
final class Errors {

    /** The JDK's bound in its refusals: "Too many interim responses received: 9 > 8". */
    private static final Pattern BOUND = Pattern.compile("\\d+ > (\\d+)");

    private Errors() {
    }

    /** A failure before the response headers arrived. */
    static InternetException ofSend(IOException e, String where, Duration connectTimeout, Duration readTimeout) {
        if (e instanceof InternetException) {
            return (InternetException) e;
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new InternetException(InternetError.TIMEOUT, "connecting to " + where + " (TCP, and the TLS"
                    + " handshake of https) took longer than " + connectTimeout.toMillis() + " ms", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new InternetException(InternetError.TIMEOUT, where + " sent no response within "
                    + readTimeout.toMillis() + " ms", e);
        }
        if (has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class)) {
            return new InternetException(InternetError.NAME_NOT_RESOLVED, "cannot resolve the host of " + where, e);
        }
        if (has(e, SSLException.class)) {
            return TlsSupport.failure(e, where);
        }
        if (e instanceof ConnectException || has(e, ConnectException.class) || has(e, NoRouteToHostException.class)) {
            return new InternetException(InternetError.CANNOT_CONNECT, "cannot connect to " + where + ": "
                    + message(e) + "; check the host, the port and that the server runs", e);
        }
        if (has(e, ProtocolException.class)) {
            return refused(e, where);
        }
        return ofStream(e, where);
    }

    /**
     * A response head java.net.http refused: the server broke HTTP, or went past one of the JDK's
     * own bounds. Those are JVM-wide system properties, not the {@code Internet}'s {@code Limits},
     * and the message says so: the interim responses ({@code jdk.httpclient.maxNonFinalResponses},
     * 8 by default) and the header section's size as the JDK counts it ({@code jdk.http.maxHeaderSize},
     * 384 KiB by default, each field counted with 32 bytes more).
     */
    static InternetException refused(IOException e, String where) {
        String text = message(e);
        Matcher bound = BOUND.matcher(text);
        String limit = bound.find() ? bound.group(1) : null;
        String what;
        if (text.contains("interim responses") && limit != null) {
            what = " sent more than " + limit + " interim (1xx) responses before the final one; java.net.http, which"
                    + " runs HTTP/2, allows no more (its system property"
                    + " jdk.httpclient.maxNonFinalResponses, not Limits.maxInterimResponses)";
        } else if (text.contains("Header size too big") && limit != null) {
            what = " sent a response head of more than " + limit + " bytes as java.net.http counts them; it allows"
                    + " no more (its system property jdk.http.maxHeaderSize), whatever Limits.maxHeaderBytes says";
        } else {
            what = " sent a response that java.net.http refused";
        }
        return new InternetException(InternetError.HTTP_INVALID_SERVER_RESPONSE, where + what + ": " + text, e);
    }

    /** A failure of a connection already open: while sending or reading the body. */
    static InternetException ofStream(IOException e, String where) {
        if (e instanceof InternetException) {
            return (InternetException) e;
        }
        if (has(e, SSLException.class)) {
            return TlsSupport.failure(e, where);
        }
        String text = message(e).toLowerCase(Locale.ROOT);
        if (text.contains("reset")) {
            return new InternetException(InternetError.CONNECTION_RESET, "the connection to " + where
                    + " was reset: " + message(e), e);
        }
        return new InternetException(InternetError.CONNECTION_ABORTED, "the connection to " + where
                + " failed: " + message(e), e);
    }

    static String message(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(m) < 0) {
                text.append(text.length() == 0 ? "" : "; ").append(m);
            }
        }
        return text.toString();
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
