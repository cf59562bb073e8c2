package io.inetkit.provider.http;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.spi.TransportErrors;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What java.net.http alone reports, as WinINet errors: its own time-outs and the response heads it
 * refuses. Every other failure is a transport failure, mapped by {@link TransportErrors}.
 */
final class Errors {

    /** The JDK's bound in its refusals: "Too many interim responses received: 9 > 8". */
    private static final Pattern BOUND = Pattern.compile("\\d+ > (\\d+)");

    private Errors() {
    }

    /**
     * A failure before the response headers arrived: what java.net.http alone reports (its own
     * time-outs, a head it refused) is said here, every transport failure as in every provider.
     */
    static InternetException ofSend(IOException e, String where, Duration connectTimeout, Duration readTimeout) {
        if (e instanceof InternetException) {
            return (InternetException) e;
        }
        TransportErrors errors = new TransportErrors(where, connectTimeout, readTimeout);
        if (e instanceof HttpConnectTimeoutException) {
            return errors.shaped(InternetError.TIMEOUT, "connecting", "no connection (TCP, and the TLS handshake of"
                    + " https) within the connect time-out of " + connectTimeout.toMillis() + " ms", null, e);
        }
        if (e instanceof HttpTimeoutException) {
            return errors.shaped(InternetError.TIMEOUT, "waiting for the response", "the server sent no response"
                    + " within " + readTimeout.toMillis() + " ms, the read time-out", null, e);
        }
        if (TransportErrors.cause(e, ProtocolException.class).isPresent()
                && TransportErrors.cause(e, javax.net.ssl.SSLException.class).isEmpty()) {
            return refused(e, where);
        }
        return errors.of("sending the request", e);
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

    static String message(Throwable e) {
        return TransportErrors.causes(e);
    }
}
