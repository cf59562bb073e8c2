package io.inetkit.provider.http;

import io.inetkit.InternetException;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.Interceptor;
import java.util.List;
import java.util.Objects;

/**
 * The application's {@link Interceptor}s of a call, in order, then the provider's stages: the
 * {@link Interceptor.Chain} each interceptor gets. One object per interceptor per call; a session
 * of an {@code Internet} without interceptors never makes one.
 */
final class ApplicationChain implements Interceptor.Chain {

    /** The provider's stages, from the request checks on. */
    @FunctionalInterface
    interface Stages {
        HttpResponse proceed(HttpRequest request) throws InternetException;
    }

    private final List<Interceptor> interceptors;
    private final int index;
    private final HttpRequest request;
    private final HttpSession session;
    private final Stages stages;

    /** The chain from the first interceptor on. */
    ApplicationChain(List<Interceptor> interceptors, HttpRequest request, HttpSession session, Stages stages) {
        this(interceptors, 0, request, session, stages);
    }

    private ApplicationChain(List<Interceptor> interceptors, int index, HttpRequest request, HttpSession session,
            Stages stages) {
        this.interceptors = interceptors;
        this.index = index;
        this.request = request;
        this.session = session;
        this.stages = stages;
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public HttpSession session() {
        return session;
    }

    /** Runs the interceptor at this chain's place, or the provider's stages after the last one. */
    @Override
    public HttpResponse proceed(HttpRequest next) throws InternetException {
        Objects.requireNonNull(next, "request");
        if (index == interceptors.size()) {
            return stages.proceed(next);
        }
        Interceptor interceptor = interceptors.get(index);
        HttpResponse response = interceptor.intercept(new ApplicationChain(interceptors, index + 1, next, session,
                stages));
        if (response == null) {
            throw new IllegalStateException("the interceptor " + interceptor + " returned no response for " + next);
        }
        return response;
    }
}
