package io.inetkit.spi;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The client side of the two tunnel handshakes, on a socket already connected to the proxy: SOCKS5
 * (RFC 1928) with user and password (RFC 1929), and HTTP {@code CONNECT}. It reads exactly the
 * bytes of the handshake, so that what follows belongs to the tunnelled protocol.
 *
 * <p>Failures name the proxy, since it is the proxy that failed: a refused target is
 * {@link InternetError#CANNOT_CONNECT}, refused credentials {@link InternetError#LOGIN_FAILURE}, a
 * reply that is not the protocol {@link InternetError#INVALID_PROXY_REQUEST}.
 */
final class ProxyHandshake {

    private static final int MAX_HEAD = 16 * 1024;

    private final ProxyRoute route;
    private final InputStream in;
    private final OutputStream out;

    ProxyHandshake(ProxyRoute route, InputStream in, OutputStream out) {
        this.route = route;
        this.in = in;
        this.out = out;
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
        StringBuilder request = new StringBuilder()
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        if (route.user().isPresent() && route.password().isPresent()) {
            String pair = route.user().get() + ":" + route.password().get();
            request.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        request.append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String head = readHead();
        String statusLine = head.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].toUpperCase(Locale.ROOT).startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw invalid("answered CONNECT with \"" + printable(statusLine) + "\"; is it an HTTP proxy?");
        }
        int status = Integer.parseInt(parts[1]);
        if (status / 100 == 2) {
            return;
        }
        // 407 is the standard answer; tinyproxy (1.11) answers CONNECT with 401.
        if (status == 407 || status == 401) {
            throw new InternetException(InternetError.LOGIN_FAILURE, route.describe()
                    + (route.user().isPresent() ? " refused the user " + route.user().get()
                            + "; check the proxy user name and password" : " wants a user and password")
                    + " (" + printable(statusLine) + ")", statusLine, null);
        }
        throw new InternetException(InternetError.CANNOT_CONNECT, route.describe() + " refused to connect to "
                + authority + ": " + printable(statusLine), statusLine, null);
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
