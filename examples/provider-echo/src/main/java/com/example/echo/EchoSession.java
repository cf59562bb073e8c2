package com.example.echo;

import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;

/**
 * A session with an RFC 862 Echo server: what it is sent, it sends back.
 *
 * <pre>{@code
 * EchoSession echo = internet.connect(EchoSession.SERVICE, "localhost");
 * String same = echo.echo("ping");
 * }</pre>
 */
public interface EchoSession extends Session {

    /** The Echo service. Its id, 862, is the RFC's number: no WinINet service has it. */
    Service<EchoSession> SERVICE = Service.of(862, "echo", EchoSession.class);

    /** The Echo Protocol's port. */
    int DEFAULT_PORT = 7;

    /**
     * Sends the text (UTF-8) and returns what the server sent back. Connects on first use, through
     * the {@code Internet}'s proxy if it has one.
     *
     * @throws InternetException {@code TIMEOUT} if the server does not echo within the read
     *     timeout, {@code CANNOT_CONNECT} if it cannot be reached, {@code CONNECTION_RESET} if it
     *     resets the connection, {@code CONNECTION_ABORTED} if it closes early; the proxy's errors ({@code PROXY_SERVER_UNREACHABLE}, ...) naming the proxy
     */
    String echo(String text) throws InternetException;
}
