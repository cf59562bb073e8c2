package io.inetkit.provider.http;

import io.inetkit.InternetException;

/**
 * One exchange on the wire: the request as the stages left it, and the response head, with its body
 * streaming from the connection. Two implementations: {@link H1Engine}, HTTP/1.1 on the provider's
 * own engine (package {@code h1}), and {@link H2Engine}, HTTP/2 on {@code java.net.http}.
 *
 * <p>An engine publishes the steps of the exchange as status events and makes the response a child
 * of the session, so that closing the session cancels it; a failure is the {@link InternetException}
 * with the WinINet error that says what went wrong.
 */
interface Engine {

    /** Sends the request and returns once the final response head has arrived. */
    ResponseImpl exchange(Outgoing request) throws InternetException;
}
