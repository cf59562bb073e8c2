package io.inetkit.testkit.http;

/**
 * Chooses the response to a request, for tests whose answers depend on what was asked rather
 * than on the order of arrival. Called on the server's threads, possibly concurrently.
 *
 * <pre>{@code
 * TestHttpServer server = TestHttpServer.newBuilder()
 *         .dispatcher(request -> request.path().equals("/old")
 *                 ? TestResponse.redirect(301, "/new")
 *                 : TestResponse.ok("you asked for " + request.path()))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface Dispatcher {

    /**
     * The response to {@code request}.
     *
     * @return the response; never {@code null}
     */
    TestResponse dispatch(RecordedRequest request);
}
