package io.inetkit.spi;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.Authenticator;
import io.inetkit.toolbox.Logs;
import io.inetkit.toolbox.auth.ProxyChallenges;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The client side of the two tunnel handshakes, on a socket already connected to the proxy: SOCKS5
 * (RFC 1928) with user and password (RFC 1929), and HTTP {@code CONNECT}. It reads exactly the
 * bytes of the handshake, so that what follows belongs to the tunnelled protocol.
 *
 * <p>Failures name the proxy, since it is the proxy that failed: a refused target is
 * {@link InternetError#CANNOT_CONNECT}, refused credentials {@link InternetError#LOGIN_FAILURE}, a
 * reply that is not the protocol {@link InternetError#INVALID_PROXY_REQUEST}. An HTTP proxy's 407
 * to {@code CONNECT} is answered on the same connection ({@link ProxyChallenges}: Basic, Digest,
 * Negotiate as the proxy's settings allow); one that closes the connection after it can be given
 * Basic only, up front.
 */
final class ProxyHandshake {

    private static final Logger LOG = Logs.get(ProxyHandshake.class);
    private static final int MAX_HEAD = 16 * 1024;
    /** The most of a 407's body read to answer it on the same connection: a page of HTML. */
    private static final int MAX_REFUSAL_BODY = 64 * 1024;

    private final ProxyRoute route;
    private final InputStream in;
    private final OutputStream out;
    private final Set<AuthScheme> schemes;
    private final Optional<Authenticator> authenticator;
    private final Limits limits;
    private final ProxyChallenges.Memory memory;

    ProxyHandshake(ProxyRoute route, InputStream in, OutputStream out, Set<AuthScheme> schemes,
            Optional<Authenticator> authenticator, Limits limits, ProxyChallenges.Memory memory) {
        this.route = route;
        this.in = in;
        this.out = out;
        this.schemes = schemes;
        this.authenticator = authenticator;
        this.limits = limits;
        this.memory = memory;
    }

    void run(InetSocketAddress target) throws IOException {
        if (route.kind() == ProxyRoute.Kind.SOCKS5) {
            socks5(target);
        } else {
            httpConnect(target);
        }
    }

    // ---------------------------------------------------------------- SOCKS5

    private void socks5(InetSocketAddress target) throws IOException {
        boolean withPassword = route.user().isPresent() && route.password().isPresent();
        out.write(withPassword ? new byte[] {5, 2, 0, 2} : new byte[] {5, 1, 0});
        out.flush();
        int version = readByte();
        int method = readByte();
        if (version != 5) {
            throw invalid("answered the SOCKS5 greeting with version " + version + "; is it a SOCKS5 proxy?");
        }
        if (method == 0xFF) {
            throw new InternetException(InternetError.LOGIN_FAILURE, route.describe() + " accepts none of our"
                    + " authentication methods" + (withPassword ? "" : "; it may want a user and password"));
        }
        if (method == 2 && withPassword) {
            authenticate();
        } else if (method != 0) {
            throw invalid("chose the unknown authentication method " + method);
        }
        out.write(connectRequest(target));
        out.flush();
        if (readByte() != 5) {
            throw invalid("answered the SOCKS5 CONNECT with another version");
        }
        int reply = readByte();
        if (reply != 0) {
            // Judged before the rest of the reply, which some proxies do not send on failure.
            throw new InternetException(InternetError.CANNOT_CONNECT, route.describe() + " could not connect to "
                    + where(target) + ": " + socksReply(reply) + " (SOCKS5 reply " + reply + ")");
        }
        readByte(); // reserved
        skipBoundAddress(readByte());
    }

    private void authenticate() throws IOException {
        byte[] user = route.user().orElseThrow().getBytes(StandardCharsets.UTF_8);
        byte[] password = route.password().orElseThrow().getBytes(StandardCharsets.UTF_8);
        if (user.length > 255 || password.length > 255) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "the user or password for "
                    + route.describe() + " is longer than SOCKS5 allows (255 bytes)");
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(1);
        request.write(user.length);
        request.writeBytes(user);
        request.write(password.length);
        request.writeBytes(password);
        out.write(request.toByteArray());
        out.flush();
        readByte(); // the sub-negotiation's version
        if (readByte() != 0) {
            throw new InternetException(InternetError.LOGIN_FAILURE, route.describe() + " refused the user "
                    + route.user().orElseThrow() + "; check the proxy user name and password");
        }
    }

    private byte[] connectRequest(InetSocketAddress target) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(new byte[] {5, 1, 0});
        String host = target.getHostString();
        if (route.remoteDns() && !isAddressLiteral(host)) {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            if (name.length > 255) {
                throw new InternetException(InternetError.INVALID_URL, "the host name " + host
                        + " is longer than SOCKS5 allows (255 bytes)");
            }
            request.write(3);
            request.write(name.length);
            request.writeBytes(name);
        } else {
            byte[] bytes = resolve(target).getAddress();
            request.write(bytes.length == 4 ? 1 : 4);
            request.writeBytes(bytes);
        }
        request.write(target.getPort() >> 8);
        request.write(target.getPort() & 0xFF);
        return request.toByteArray();
    }

    private InetAddress resolve(InetSocketAddress target) throws InternetException {
        if (!target.isUnresolved()) {
            return target.getAddress();
        }
        try {
            return InetAddress.getByName(target.getHostString());
        } catch (UnknownHostException e) {
            throw new InternetException(InternetError.NAME_NOT_RESOLVED, "cannot resolve " + target.getHostString()
                    + " to give its address to " + route.describe() + "; use socks5h to let the proxy resolve it", e);
        }
    }

    private void skipBoundAddress(int type) throws IOException {
        int length = switch (type) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> readByte();
            default -> throw invalid("sent an unknown address type " + type);
        };
        for (int i = 0; i < length + 2; i++) {
            readByte();
        }
    }

    private static String socksReply(int reply) {
        return switch (reply) {
            case 1 -> "general failure";
            case 2 -> "not allowed by its rules";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused";
            case 6 -> "time to live expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "unknown error";
        };
    }

    // ---------------------------------------------------------------- HTTP CONNECT

    private void httpConnect(InetSocketAddress target) throws IOException {
        String authority = where(target);
        InetSocketAddress proxy = route.proxyAddress().orElseThrow();
        ProxyChallenges challenges = new ProxyChallenges(route.describe(), proxy.getHostString(), proxy.getPort(),
                route.user().orElse(null), route.password().orElse(null), schemes, authenticator, limits, LOG::debug,
                memory);
        String authorization = challenges.first("CONNECT", authority);
        while (true) {
            StringBuilder request = new StringBuilder()
                    .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(authority).append("\r\n");
            if (authorization != null) {
                request.append("Proxy-Authorization: ").append(authorization).append("\r\n");
            }
            request.append("\r\n");
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String head = readHead();
            List<String> lines = head.lines().toList();
            String statusLine = lines.isEmpty() ? "" : lines.get(0);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].toUpperCase(Locale.ROOT).startsWith("HTTP/")
                    || !parts[1].matches("\\d{3}")) {
                throw invalid("answered CONNECT with \"" + printable(statusLine) + "\"; is it an HTTP proxy?");
            }
            int status = Integer.parseInt(parts[1]);
            if (status / 100 == 2) {
                challenges.taken();
                return;
            }
            // 407 is the standard answer; tinyproxy (1.11) answers CONNECT with 401.
            if (status != 407 && status != 401) {
                throw new InternetException(InternetError.CANNOT_CONNECT, route.describe() + " refused to connect to "
                        + authority + ": " + printable(statusLine), statusLine, null);
            }
            List<String> offered = values(lines, "Proxy-Authenticate");
            if (offered.isEmpty() && status == 401) {
                offered = values(lines, "WWW-Authenticate");
            }
            // Throws when nothing answers, the answer was refused or the bound is reached.
            String next = challenges.answer(offered, statusLine, "CONNECT", authority);
            if (!skipBody(parts[0], lines)) {
                throw new InternetException(InternetError.LOGIN_FAILURE, route.describe() + " closed the connection"
                        + " after its challenge to CONNECT (" + printable(statusLine) + "), so it cannot be answered"
                        + " there; give the proxy Basic credentials up front (ProxyConfig.withCredentials with"
                        + " the default authSchemes)", statusLine, null);
            }
            authorization = next;
        }
    }

    /** The values of a header field in a reply head. */
    private static List<String> values(List<String> lines, String name) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            int colon = lines.get(i).indexOf(':');
            if (colon > 0 && lines.get(i).substring(0, colon).trim().equalsIgnoreCase(name)) {
                values.add(lines.get(i).substring(colon + 1).trim());
            }
        }
        return values;
    }

    /**
     * Reads the body of a refusal so that the connection can carry the next try; false when the
     * proxy closes the connection after it (it says so, or the body runs to the close).
     */
    private boolean skipBody(String version, List<String> lines) throws IOException {
        boolean close = version.equalsIgnoreCase("HTTP/1.0");
        for (String connection : values(lines, "Connection")) {
            for (String token : connection.split(",")) {
                close = close && !token.trim().equalsIgnoreCase("keep-alive") || token.trim().equalsIgnoreCase("close");
            }
        }
        if (close) {
            return false;
        }
        List<String> encodings = values(lines, "Transfer-Encoding");
        if (!encodings.isEmpty()) {
            if (!encodings.get(encodings.size() - 1).toLowerCase(Locale.ROOT).endsWith("chunked")) {
                return false;
            }
            skipChunks();
            return true;
        }
        List<String> lengths = values(lines, "Content-Length");
        if (lengths.isEmpty()) {
            return false; // the body runs to the close
        }
        long length;
        try {
            length = Long.parseLong(lengths.get(0));
        } catch (NumberFormatException e) {
            throw invalid("sent the Content-Length \"" + printable(lengths.get(0)) + "\"");
        }
        skip(length);
        return true;
    }

    private void skipChunks() throws IOException {
        long total = 0;
        while (true) {
            String line = readLine();
            int semicolon = line.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon >= 0 ? line.substring(0, semicolon) : line).trim(), 16);
            } catch (NumberFormatException e) {
                throw invalid("sent a chunk size \"" + printable(line) + "\"");
            }
            total += size;
            if (size < 0 || total > MAX_REFUSAL_BODY) {
                throw invalid("sent a refusal body of more than " + MAX_REFUSAL_BODY + " bytes");
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailer fields: not needed
                }
                return;
            }
            skip(size);
            readLine();
        }
    }

    private void skip(long length) throws IOException {
        if (length < 0 || length > MAX_REFUSAL_BODY) {
            throw invalid("sent a refusal body of " + length + " bytes; at most " + MAX_REFUSAL_BODY + " are read");
        }
        for (long i = 0; i < length; i++) {
            readByte();
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = readByte()) != '\n') {
            if (line.length() > MAX_HEAD) {
                throw invalid("sent a line longer than " + MAX_HEAD + " bytes");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** The status line and headers, up to the blank line, read byte by byte: the tunnel starts after it. */
    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last = 0;
        while (last != 0x0D0A0D0A) {
            int b = readByte();
            head.write(b);
            last = last << 8 | b;
            if (head.size() > MAX_HEAD) {
                throw invalid("sent a reply head longer than " + MAX_HEAD + " bytes");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- shared

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("closed by the proxy during the handshake");
        }
        return b;
    }

    private InternetException invalid(String what) {
        return new InternetException(InternetError.INVALID_PROXY_REQUEST, route.describe() + " " + what);
    }

    static String where(InetSocketAddress target) {
        String host = target.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + target.getPort();
    }

    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    private static String printable(String text) {
        String line = text.replaceAll("[^\\x20-\\x7E]", "?");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
