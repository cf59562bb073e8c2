package io.inetkit.testkit.script;

import java.io.IOException;
import java.io.OutputStream;

/**
 * What a {@link HostileHttpServer} answers to one request: exact bytes, written by the scenario
 * itself, at the pace it chooses. {@link HostileHttpScenarios} holds the named ones; a test may
 * write its own as a lambda:
 *
 * <pre>{@code
 * HostileHttpScenario twice = (request, out) -> {
 *     out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
 *     return request.number() < 2; // close the connection after its second answer
 * };
 * }</pre>
 *
 * <p>A scenario that writes forever ends when the client goes away (a write fails) or when the
 * server closes; an {@link IOException} or an interrupt ends the connection quietly.
 */
@FunctionalInterface
public interface HostileHttpScenario {

    /**
     * Answers one request.
     *
     * @param request the request the server read
     * @param out the connection's output, unbuffered: each write goes to the socket as it is
     * @return {@code true} to read the next request on this connection, {@code false} to close it
     */
    boolean answer(HostileHttpRequest request, OutputStream out) throws IOException, InterruptedException;
}
