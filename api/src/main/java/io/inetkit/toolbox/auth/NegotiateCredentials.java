package io.inetkit.toolbox.auth;

import java.util.Base64;
import java.util.Optional;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * Negotiate (RFC 4559): a SPNEGO token for the server's {@code HTTP@host} service from the JDK's
 * GSS-API, with the Kerberos credentials the JVM has for the calling thread (the current
 * {@code Subject}'s, or what JAAS finds when {@code javax.security.auth.useSubjectCredsOnly} is
 * false). One round, as Kerberos needs; the ticket is for that service alone, and no credentials
 * are delegated.
 */
public final class NegotiateCredentials {

    private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");

    private NegotiateCredentials() {
    }

    /**
     * The field value for the server {@code host}, or empty with why not (no Kerberos credentials,
     * no such service in the realm) when GSS-API has no token to give.
     *
     * @param why told the reason when there is no token; GSS-API's words, which hold no secret
     */
    public static Optional<String> authorization(String host, java.util.function.Consumer<String> why) {
        GSSContext context = null;
        try {
            GSSManager manager = GSSManager.getInstance();
            GSSName server = manager.createName("HTTP@" + host, GSSName.NT_HOSTBASED_SERVICE);
            context = manager.createContext(server, SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
            context.requestMutualAuth(true);
            context.requestCredDeleg(false);
            byte[] token = context.initSecContext(new byte[0], 0, 0);
            return token == null || token.length == 0 ? Optional.empty()
                    : Optional.of("Negotiate " + Base64.getEncoder().encodeToString(token));
        } catch (GSSException | SecurityException e) {
            why.accept(e.getMessage());
            return Optional.empty();
        } finally {
            if (context != null) {
                try {
                    context.dispose();
                } catch (GSSException e) {
                    why.accept(e.getMessage());
                }
            }
        }
    }

    private static Oid oid(String text) {
        try {
            return new Oid(text);
        } catch (GSSException e) {
            throw new IllegalStateException(text, e);
        }
    }
}
