package io.inetkit.internal;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Credentials;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Ports;
import io.inetkit.Service;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.ServiceProvider;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link ConnectRequest} into a {@link ConnectSpec}, refusing, before any byte is sent,
 * what no server should see: WinINet's checks of {@code InternetConnect}'s arguments, and the
 * injection of commands through line breaks.
 */
public final class ConnectValidator {

    /** WinINet's {@code INTERNET_MAX_HOST_NAME_LENGTH}. */
    static final int MAX_HOST = 256;
    /** Generous, so that tokens fit, but bounded. */
    static final int MAX_CREDENTIAL = 4096;

    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z._-]+)?");
    private static final String HOST_FORBIDDEN = "/\\?#@[]<>\"'`{}|^";

    private ConnectValidator() {
    }

    /** Checks the request against the provider that will serve it. */
    public static ConnectSpec check(ConnectRequest<?> request, ServiceProvider provider,
            String anonymousPassword) throws InternetException {
        String host = checkHost(request.host());
        Credentials credentials = credentials(request);
        if (credentials == null) {
            credentials = Credentials.anonymous(anonymousPassword);
        }
        Set<ConnectFlag> flags = request.flags().isEmpty()
                ? EnumSet.noneOf(ConnectFlag.class) : EnumSet.copyOf(request.flags());
        checkFlags(flags, provider);
        int port = request.port(); // in range: its builder checked it
        if (port == Ports.DEFAULT) {
            port = provider.defaultPort(flags);
            if (port < 1 || port > Ports.MAX) {
                throw new InternetException(InternetError.INTERNAL_ERROR, "provider "
                        + provider.getClass().getName() + " gave default port " + port);
            }
        }
        return new ConnectSpec(request.service(), host, port, credentials, flags, request.options());
    }

    /** Refuses a provider whose sessions are not of the requested service's type. */
    public static void checkSessionType(Service<?> requested, ServiceProvider provider)
            throws InternetException {
        Class<?> offered = provider.service().sessionType();
        if (!requested.sessionType().isAssignableFrom(offered)) {
            throw new InternetException(InternetError.INCORRECT_HANDLE_TYPE, "the installed provider for "
                    + requested + " (" + provider.getClass().getName() + ") makes "
                    + offered.getName() + " sessions, not " + requested.sessionType().getName());
        }
    }

    /**
     * The credentials by WinINet's four rules, or {@code null} for "neither given", which each
     * service answers its own way (FTP: anonymous).
     */
    static Credentials credentials(ConnectRequest<?> request) throws InternetException {
        String user = request.user().orElse(null);
        String password = request.password().orElse(null);
        if (user == null && password != null) {
            throw new InternetException(InternetError.INCORRECT_USER_NAME,
                    "a password was given without a user name; give the user too, or neither for anonymous access");
        }
        if (user == null) {
            return null;
        }
        if (user.isEmpty()) {
            throw invalid("the user name is empty; leave it unset for anonymous access");
        }
        checkCredential("user name", user);
        if (password == null) {
            return Credentials.of(user, "");
        }
        checkCredential("password", password);
        return Credentials.of(user, password);
    }

    private static void checkCredential(String what, String value) throws InternetException {
        if (value.length() > MAX_CREDENTIAL) {
            throw invalid("the " + what + " is longer than " + MAX_CREDENTIAL + " characters");
        }
        // Never echo the value: it may be a password.
        if (hasControl(value)) {
            throw invalid("the " + what + " contains a control character (line break, NUL or the like)");
        }
    }

    static String checkHost(String host) throws InternetException {
        if (host.isEmpty()) {
            throw invalid("the host is empty; give a host name or address");
        }
        String bare = host;
        if (host.startsWith("[") && host.endsWith("]")) {
            bare = host.substring(1, host.length() - 1);
            if (!IPV6_LITERAL.matcher(bare).matches()) {
                throw invalid("host " + printable(host) + " is not an IPv6 address in brackets");
            }
            return bare;
        }
        if (host.length() > MAX_HOST) {
            throw invalid("the host is longer than " + MAX_HOST + " characters");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw invalid("host " + printable(host) + " contains a space or control character");
            }
            if (HOST_FORBIDDEN.indexOf(c) >= 0) {
                throw invalid("host " + printable(host) + " contains '" + c
                        + "'; give only the host name, not a URL or user");
            }
        }
        if (host.indexOf(':') >= 0 && !IPV6_LITERAL.matcher(host).matches()) {
            throw invalid("host " + printable(host) + " contains ':'; give the port separately");
        }
        return bare;
    }

    private static void checkFlags(Set<ConnectFlag> flags, ServiceProvider provider) throws InternetException {
        Set<ConnectFlag> supported = provider.supportedFlags();
        for (ConnectFlag flag : flags) {
            if (flag != ConnectFlag.EXISTING_CONNECT && !supported.contains(flag)) {
                throw invalid("flag " + flag + " does not apply to " + provider.service()
                        + "; it takes " + supported);
            }
        }
        if (flags.contains(ConnectFlag.SECURE) && flags.contains(ConnectFlag.START_TLS)) {
            throw invalid("SECURE and START_TLS contradict each other: TLS from the first byte, or an upgrade; pick one");
        }
        boolean tls = flags.contains(ConnectFlag.SECURE) || flags.contains(ConnectFlag.START_TLS);
        for (ConnectFlag flag : flags) {
            if (flag.weakensTls() && !tls) {
                throw invalid(flag + " weakens TLS, but this session uses none; add SECURE or START_TLS");
            }
        }
    }

    /** Whether the text holds a C0 control character or DEL. */
    public static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** The text with control characters shown as escapes, safe for a one-line message. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < Math.min(text.length(), 80); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7f) {
                out.append(String.format("\\x%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(text.length() > 80 ? "...'" : "'").toString();
    }

    private static InternetException invalid(String message) {
        return new InternetException(InternetError.INVALID_PARAMETER, message);
    }
}
