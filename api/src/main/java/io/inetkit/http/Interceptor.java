package io.inetkit.http;

import io.inetkit.InternetException;

/**
 * A stage of your own in every HTTP call of an {@link io.inetkit.Internet}, as OkHttp's application
 * interceptors: it sees each request that an {@link HttpSession} sends, may change it, answer it
 * itself or send it again, and sees the response that comes back. Register it with
 * {@link io.inetkit.Internet.Builder#interceptor(Interceptor)}.
 *
 * <pre>{@code
 * Internet internet = Internet.newBuilder()
 *         .interceptor(chain -> {
 *             HttpRequest request = chain.request();
 *             if (request.method().equals("DELETE")) {
 *                 // Fail the call: send throws this to its caller as it is.
 *                 throw new InternetException(InternetError.NOT_SUPPORTED, "this tool sends no DELETE: " + request);
 *             }
 *             long start = System.nanoTime();
 *             HttpResponse response = chain.proceed(request.toBuilder()
 *                     .header("X-Request-Id", UUID.randomUUID().toString())
 *                     .build());
 *             System.err.printf("%s %s -> %d in %d ms%n", chain.session().host(), request,
 *                     response.statusCode(), (System.nanoTime() - start) / 1_000_000);
 *             return response;
 *         })
 *         .build();
 * }</pre>
 *
 * <p>Interceptors run once per {@link HttpSession#send(HttpRequest)}, in the order they were
 * registered, before the provider's own stages: before the request is checked, before redirects
 * are followed and before the session's credentials are added. So one sees the request as the
 * caller made it (its target relative to the session's host, its headers without
 * {@code Authorization} unless the caller set one) and the final response, after any redirects; a
 * status of 400 or more is a response here, even when the request asks for
 * {@link HttpRequest.Builder#expectSuccess()}, which {@code send} applies after the last
 * interceptor. What an interceptor passes on is checked as the caller's request would be.
 *
 * <p><b>Failing.</b> To fail a call, throw an {@link InternetException} with the
 * {@link io.inetkit.InternetError} that says why: {@code send} throws it to its caller unchanged.
 * An unchecked exception is taken for a bug and also reaches the caller unchanged. A response an
 * interceptor does not return (one it replaced, or one it sends again for) must be closed; one it
 * forgets is closed with its session.
 *
 * <p>Interceptors run on the thread that sends (the {@code Internet}'s executor for
 * {@link HttpSession#sendAsync(HttpRequest)}), for every session of the {@code Internet}, and may be
 * called by many threads at once.
 */
@FunctionalInterface
public interface Interceptor {

    /**
     * Runs this stage of a call: usually {@code return chain.proceed(chain.request());} with
     * something done before or after.
     *
     * @return the response for the caller; never {@code null}
     * @throws InternetException to fail the call
     */
    HttpResponse intercept(Chain chain) throws InternetException;

    /** The call as an interceptor sees it: its request, and the rest of the chain. */
    interface Chain {

        /** The request, as the caller or the interceptor before this one passed it on. */
        HttpRequest request();

        /**
         * Hands a request to the rest of the chain (the next interceptor, or the provider's stages)
         * and returns the response once its head has arrived. May be called more than once.
         *
         * @throws InternetException as {@link HttpSession#send(HttpRequest)}
         */
        HttpResponse proceed(HttpRequest request) throws InternetException;

        /** The session the call runs on: its host, port, flags and context. */
        HttpSession session();
    }
}
