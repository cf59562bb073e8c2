/**
 * A real HTTP/1.1 and HTTPS server for tests, in the style of OkHttp's MockWebServer:
 * {@link io.inetkit.testkit.http.TestHttpServer} answers with enqueued
 * {@link io.inetkit.testkit.http.TestResponse}s, a {@link io.inetkit.testkit.http.Dispatcher}
 * or files, and records every request as a {@link io.inetkit.testkit.http.RecordedRequest}.
 *
 * <pre>{@code
 * @StartStop final TestHttpServer server = TestHttpServer.create();
 *
 * @Test void sendsTheQuery() throws Exception {
 *     server.enqueue(TestResponse.ok("found"));
 *     client.get(server.url("/search?q=x"));
 *     assertEquals("q=x", server.takeRequest().query().orElseThrow());
 * }
 * }</pre>
 *
 * <p>Null policy: arguments are non-null unless documented otherwise; passing {@code null}
 * throws {@link java.lang.NullPointerException}. Nothing returns {@code null}; absent values are
 * empty {@link java.util.Optional}s.
 *
 * <p>Protocols: RFC 9110 (HTTP semantics), RFC 9112 (HTTP/1.1), RFC 7617 (Basic authentication).
 */
package io.inetkit.testkit.http;
