package io.inetkit;

import io.inetkit.http.AuthScheme;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How an {@link Internet} reaches servers: directly, through the system's proxy settings, or
 * through a named HTTP or SOCKS5 proxy, with a list of hosts that bypass it. WinINet's
 * {@code dwAccessType}, {@code lpszProxy} and {@code lpszProxyBypass} of {@code InternetOpen}.
 *
 * <pre>{@code
 * ProxyConfig proxy = ProxyConfig.socks5("proxy.corp", Ports.SOCKS)
 *         .withCredentials("joe", secret)
 *         .withBypass("<local>", "*.corp");
 * Internet internet = Internet.newBuilder().proxy(proxy).build();
 * }</pre>
 *
 * <p>Bypass patterns are host names, with {@code *} matching any run of characters, and
 * {@code <local>}, WinINet's word for every host name without a dot and the loopback names.
 * Matching ignores case. The password never appears in {@link #toString()}.
 *
 * <p>Every provider honours it. FTP (control and passive data connections) and Gopher go through
 * a SOCKS5 proxy or an HTTP proxy's {@code CONNECT} tunnel; active FTP through a proxy fails with
 * {@link InternetError#NOT_PROXY_REQUEST}. HTTP goes through HTTP proxies with {@code java.net.http}'s
 * own support, and through SOCKS5 (and authenticated {@code CONNECT}s) by a loopback bridge of the
 * HTTP provider that keeps TLS end to end. Failures of the proxy name it:
 * {@link InternetError#PROXY_SERVER_UNREACHABLE}, {@link InternetError#CANNOT_CONNECT} when it
 * refuses the server, {@link InternetError#LOGIN_FAILURE} when it refuses the credentials. An HTTP
 * proxy's challenge (407) is answered with the schemes of {@link #withAuthSchemes}.
 */
public final class ProxyConfig {

    /** The kinds of proxy. */
    public enum Type {
        /** No proxy: {@code INTERNET_OPEN_TYPE_DIRECT}. */
        DIRECT,
        /** The JVM's {@link java.net.ProxySelector#getDefault()}: {@code INTERNET_OPEN_TYPE_PRECONFIG}. */
        SYSTEM,
        /** An HTTP proxy, with CONNECT tunnels for what is not plain HTTP. */
        HTTP,
        /** A SOCKS5 proxy (RFC 1928). */
        SOCKS5
    }

    private static final Set<AuthScheme> BASIC = Set.of(AuthScheme.BASIC);
    private static final ProxyConfig DIRECT = new ProxyConfig(Type.DIRECT, null, 0, null, null, true, List.of(), BASIC);
    private static final ProxyConfig SYSTEM = new ProxyConfig(Type.SYSTEM, null, 0, null, null, true, List.of(), BASIC);

    private final Type type;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final boolean remoteDns;
    private final List<String> bypass;
    private final Set<AuthScheme> authSchemes;

    private ProxyConfig(Type type, String host, int port, String user, String password,
            boolean remoteDns, List<String> bypass, Set<AuthScheme> authSchemes) {
        this.type = type;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.remoteDns = remoteDns;
        this.bypass = List.copyOf(bypass);
        this.authSchemes = Set.copyOf(authSchemes);
    }

    /** No proxy. */
    public static ProxyConfig direct() {
        return DIRECT;
    }

    /** Whatever {@link java.net.ProxySelector#getDefault()} says: the default. */
    public static ProxyConfig system() {
        return SYSTEM;
    }

    /** An HTTP proxy. */
    public static ProxyConfig http(String host, int port) {
        return new ProxyConfig(Type.HTTP, checkHost(host), checkPort(port), null, null, true, List.of(), BASIC);
    }

    /** A SOCKS5 proxy that resolves host names itself, as curl's {@code socks5h}. */
    public static ProxyConfig socks5(String host, int port) {
        return new ProxyConfig(Type.SOCKS5, checkHost(host), checkPort(port), null, null, true, List.of(), BASIC);
    }

    /**
     * The same proxy with a user and password to give it.
     *
     * @throws IllegalStateException for {@link Type#DIRECT} and {@link Type#SYSTEM}
     */
    public ProxyConfig withCredentials(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        requireNamedProxy("credentials");
        return new ProxyConfig(type, host, port, user, password, remoteDns, bypass, authSchemes);
    }

    /**
     * The same SOCKS5 proxy, resolving host names locally ({@code false}, curl's {@code socks5}) or
     * at the proxy ({@code true}, curl's {@code socks5h}, the default).
     */
    public ProxyConfig withRemoteDns(boolean remote) {
        if (type != Type.SOCKS5) {
            throw new IllegalStateException("only a SOCKS5 proxy resolves names; this one is " + type);
        }
        return new ProxyConfig(type, host, port, user, password, remote, bypass, authSchemes);
    }

    /**
     * The same HTTP proxy, answering its challenges (a 407, to a {@code CONNECT} or to a plain
     * request) with these schemes only: the strongest one it offers, Negotiate before Digest before
     * Basic. The default is Basic alone, as curl's: then, with credentials, Basic goes up front, with
     * no round trip for a challenge. With Digest or Negotiate allowed nothing goes up front, so that
     * the password never goes in clear to a proxy that would take Digest (curl's
     * {@code --proxy-anyauth}). The credentials are {@link #withCredentials}'s or, without them, the
     * {@link io.inetkit.http.Authenticator}'s, asked with {@link io.inetkit.http.AuthChallenge#proxy()}
     * true. Negotiate asks for a Kerberos ticket for the proxy's {@code HTTP@host}.
     *
     * @throws IllegalArgumentException for no scheme
     * @throws IllegalStateException for a proxy that is not {@link Type#HTTP}
     */
    public ProxyConfig withAuthSchemes(AuthScheme... schemes) {
        if (type != Type.HTTP) {
            throw new IllegalStateException("only an HTTP proxy asks with challenges; this one is " + type);
        }
        if (schemes.length == 0) {
            throw new IllegalArgumentException("no authentication scheme");
        }
        EnumSet<AuthScheme> set = EnumSet.noneOf(AuthScheme.class);
        for (AuthScheme scheme : schemes) {
            set.add(Objects.requireNonNull(scheme, "scheme"));
        }
        return new ProxyConfig(type, host, port, user, password, remoteDns, bypass, set);
    }

    /** The schemes that may answer the proxy's challenges; Basic alone by default. */
    public Set<AuthScheme> authSchemes() {
        return authSchemes;
    }

    /** The same proxy, bypassed for hosts that match one of these patterns. */
    public ProxyConfig withBypass(String... patterns) {
        requireNamedProxy("a bypass list");
        for (String pattern : patterns) {
            if (Objects.requireNonNull(pattern, "pattern").isBlank()) {
                throw new IllegalArgumentException("blank bypass pattern");
            }
        }
        return new ProxyConfig(type, host, port, user, password, remoteDns, List.of(patterns), authSchemes);
    }

    /** The kind of proxy. */
    public Type type() {
        return type;
    }

    /** The proxy's host, for {@link Type#HTTP} and {@link Type#SOCKS5}. */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /** The proxy's port, or 0 where {@link #host()} is empty. */
    public int port() {
        return port;
    }

    /** The user to give the proxy. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The password to give the proxy. Never log it. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** Whether the SOCKS5 proxy resolves host names. */
    public boolean remoteDns() {
        return remoteDns;
    }

    /** The bypass patterns. */
    public List<String> bypass() {
        return bypass;
    }

    /** Whether a connection to this host goes around the proxy, by the bypass list. */
    public boolean bypasses(String targetHost) {
        String target = targetHost.toLowerCase(Locale.ROOT);
        for (String pattern : bypass) {
            if (pattern.equalsIgnoreCase("<local>")) {
                if (!target.contains(".") && !target.contains(":") || target.equals("127.0.0.1")
                        || target.equals("::1") || target.equals("localhost")) {
                    return true;
                }
            } else if (globMatches(pattern.toLowerCase(Locale.ROOT), target)) {
                return true;
            }
        }
        return false;
    }

    private static boolean globMatches(String pattern, String text) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(text);
        }
        String head = pattern.substring(0, star);
        if (!text.startsWith(head)) {
            return false;
        }
        String tail = pattern.substring(star + 1);
        for (int i = head.length(); i <= text.length(); i++) {
            if (globMatches(tail, text.substring(i))) {
                return true;
            }
        }
        return false;
    }

    private void requireNamedProxy(String what) {
        if (host == null) {
            throw new IllegalStateException("a " + type + " proxy config takes no " + what);
        }
    }

    private static String checkHost(String host) {
        if (Objects.requireNonNull(host, "host").isBlank()) {
            throw new IllegalArgumentException("proxy host is blank");
        }
        return host;
    }

    private static int checkPort(int port) {
        if (port < 1 || port > Ports.MAX) {
            throw new IllegalArgumentException("proxy port out of range 1.." + Ports.MAX + ": " + port);
        }
        return port;
    }

    /** The kind, address, user and bypass list; never the password. */
    @Override
    public String toString() {
        if (host == null) {
            return "ProxyConfig[" + type + "]";
        }
        return "ProxyConfig[" + type + " " + host + ":" + port
                + (user == null ? "" : ", user=" + user + ", password=(hidden)")
                + (type == Type.SOCKS5 && !remoteDns ? ", local DNS" : "")
                + (bypass.isEmpty() ? "" : ", bypass=" + bypass)
                + (authSchemes.equals(BASIC) ? "" : ", auth=" + EnumSet.copyOf(authSchemes)) + "]";
    }
}
