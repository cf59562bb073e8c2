package io.inetkit.provider.http;

import io.inetkit.InternetException;

/**
 * One stage of an HTTP call, with one job, as OkHttp's interceptors: it looks at the request, hands
 * it (or a changed copy) to the rest of the chain, and looks at the response that comes back. The
 * last stage, {@link Exchange}, puts the request on the wire and calls nothing after it.
 *
 * <p>The chain of a session is joined once, when the session is made ({@link #chain}), so a call
 * costs one method call per stage and allocates nothing for the chain itself.
 */
interface Stage {

    /**
     * Runs this stage.
     *
     * @param request the request as the stages before this one left it
     * @param next the rest of the chain; a stage may call it once, several times (a redirect), or
     *     not at all (a stage that answers by itself)
     */
    ResponseImpl proceed(Outgoing request, Next next) throws InternetException;

    /** The rest of the chain, after a stage. */
    @FunctionalInterface
    interface Next {
        ResponseImpl proceed(Outgoing request) throws InternetException;
    }

    /** Joins the stages, in order, into one chain; the last must not call its {@code next}. */
    static Next chain(Stage... stages) {
        Next rest = request -> {
            throw new IllegalStateException("the last stage of the chain must not call next: " + request.what());
        };
        for (int i = stages.length - 1; i >= 0; i--) {
            Stage stage = stages[i];
            Next after = rest;
            rest = request -> stage.proceed(request, after);
        }
        return rest;
    }
}
