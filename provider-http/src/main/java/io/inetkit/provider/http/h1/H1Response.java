package io.inetkit.provider.http.h1;

/**
 * A final response head and its body, as the engine hands them to the session.
 *
 * @param head the status, reason phrase, headers and framing
 * @param body the body, streaming from the connection
 */
public record H1Response(H1Head head, H1BodyStream body) {
}
