package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.HttpHeaders;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.Interceptor;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Application interceptors ({@link Internet.Builder#interceptor}): once per call, in order, before
 * the provider's checks, redirects and credentials, against a real server.
 */
class HttpInterceptorTest {

    @StartStop final TestHttpServer server = TestHttpServer.create();

    HttpSession connect(Internet internet) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, server.host()).port(server.port()).build());
    }

    static String text(HttpResponse response) throws IOException {
        try (response; InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theExampleOfTheJavadocAddsAHeaderAndFailsADelete() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        server.enqueue(TestResponse.ok("tagged"));
        // As in Interceptor's class documentation, with the log line kept for the test.
        try (Internet internet = Internet.newBuilder()
                     .interceptor(chain -> {
                         HttpRequest request = chain.request();
                         if (request.method().equals("DELETE")) {
                             throw new InternetException(InternetError.NOT_SUPPORTED, "this tool sends no DELETE: "
                                     + request);
                         }
                         long start = System.nanoTime();
                         HttpResponse response = chain.proceed(request.toBuilder()
                                 .header("X-Request-Id", UUID.randomUUID().toString())
                                 .build());
                         log.add(String.format("%s %s -> %d in %d ms", chain.session().host(), request,
                                 response.statusCode(), (System.nanoTime() - start) / 1_000_000));
                         return response;
                     })
                     .build();
             HttpSession http = connect(internet)) {
            assertEquals("tagged", text(http.send(HttpRequest.get("/a"))));
            InternetException e = assertThrows(InternetException.class,
                    () -> http.send(HttpRequest.newBuilder("/a").method("DELETE").build()));
            assertEquals(InternetError.NOT_SUPPORTED, e.error());
            assertEquals("this tool sends no DELETE: DELETE /a", e.getMessage());
        }
        RecordedRequest request = server.takeRequest();
        assertEquals(36, request.header("X-Request-Id").orElseThrow().length());
        assertEquals(1, server.requestCount(), "the DELETE never left");
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith(server.host() + " GET /a -> 200 in "), log.toString());
    }

    @Test
    void interceptorsRunInOrderOncePerCallBeforeRedirectsAndCredentials() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        server.enqueue(TestResponse.redirect(302, "/second"));
        server.enqueue(TestResponse.redirect(302, "/third"));
        server.enqueue(TestResponse.ok("arrived"));
        // Basic alone goes up front, so the request carries credentials without a challenge.
        try (Internet internet = Internet.newBuilder().authSchemes(AuthScheme.BASIC)
                     .interceptor(chain -> {
                         seen.add("outer " + chain.request() + " " + chain.request().headers());
                         HttpResponse response = chain.proceed(chain.request());
                         seen.add("outer got " + response.statusCode());
                         return response;
                     })
                     .interceptor(chain -> {
                         seen.add("inner " + chain.request());
                         return chain.proceed(chain.request());
                     })
                     .build();
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, server.host())
                     .port(server.port()).user("alice").password("s3cret").build())) {
            assertEquals("arrived", text(http.send(HttpRequest.get("/first"))));
        }
        // No Authorization in sight of the interceptor, no User-Agent yet: the stages after it add them.
        assertEquals(List.of("outer GET /first {}", "inner GET /first", "outer got 200"), seen);
        assertEquals(3, server.requestCount(), "the request and two redirects, under one interception");
        assertTrue(server.takeRequest().header("Authorization").orElseThrow().startsWith("Basic "));
    }

    @Test
    void anInterceptorMayAnswerItselfOrSendAgain() throws Exception {
        server.enqueue(TestResponse.status(503));
        server.enqueue(TestResponse.ok("second try"));
        HttpResponse own = new OwnResponse(204, "No Content");
        try (Internet internet = Internet.newBuilder()
                     .interceptor(chain -> {
                         if (chain.request().target().equals("/cached")) {
                             return own; // answered here: nothing is sent
                         }
                         HttpResponse response = chain.proceed(chain.request());
                         if (response.statusCode() == 503) {
                             response.close();
                             response = chain.proceed(chain.request());
                         }
                         return response;
                     })
                     .build();
             HttpSession http = connect(internet)) {
            assertSame(own, http.send(HttpRequest.get("/cached")));
            assertEquals("HTTP/1.1 204 No Content", http.lastResponse().orElseThrow());
            assertEquals(0, server.requestCount());
            assertEquals("second try", text(http.send(HttpRequest.get("/flaky"))));
            assertEquals(2, server.requestCount());
        }
    }

    @Test
    void whatAnInterceptorPassesOnIsCheckedAsTheCallersRequest() throws Exception {
        try (Internet internet = Internet.newBuilder()
                     .interceptor(chain -> chain.proceed(chain.request().toBuilder()
                             .header("X-Evil", "a\r\nInjected: yes").build()))
                     .build();
             HttpSession http = connect(internet)) {
            InternetException e = assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/")));
            assertEquals(InternetError.HTTP_INVALID_HEADER, e.error());
        }
        assertEquals(0, server.requestCount());
    }

    @Test
    void anErrorStatusReachesTheInterceptorAndExpectSuccessFailsAfterIt() throws Exception {
        server.enqueue(TestResponse.status(404));
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        try (Internet internet = Internet.newBuilder()
                     .interceptor(chain -> {
                         HttpResponse response = chain.proceed(chain.request());
                         statuses.add(response.statusCode());
                         return response;
                     })
                     .build();
             HttpSession http = connect(internet)) {
            InternetException e = assertThrows(InternetException.class,
                    () -> http.send(HttpRequest.newBuilder("/missing").expectSuccess().build()));
            assertEquals(InternetError.EXTENDED_ERROR, e.error());
        }
        assertEquals(List.of(404), statuses);
    }

    @Test
    void anInterceptorsBugReachesTheCallerUnchanged() throws Exception {
        IllegalArgumentException bug = new IllegalArgumentException("a bug");
        try (Internet throwing = Internet.newBuilder().interceptor(chain -> {
                 throw bug;
             }).build();
             Internet returningNull = Internet.newBuilder().interceptor(chain -> null).build();
             HttpSession first = connect(throwing);
             HttpSession second = connect(returningNull)) {
            assertSame(bug, assertThrows(IllegalArgumentException.class, () -> first.send(HttpRequest.get("/"))));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.send(HttpRequest.get("/")));
            assertTrue(e.getMessage().contains("returned no response for GET /"), e.getMessage());
        }
        assertEquals(0, server.requestCount());
    }

    @Test
    void theInternetListsItsInterceptorsInOrder() {
        Interceptor a = chain -> chain.proceed(chain.request());
        Interceptor b = chain -> chain.proceed(chain.request());
        try (Internet internet = Internet.newBuilder().interceptor(a).interceptor(b).build();
             Internet none = Internet.create()) {
            assertEquals(List.of(a, b), internet.interceptors());
            assertEquals(List.of(), none.interceptors());
        }
        assertThrows(NullPointerException.class, () -> Internet.newBuilder().interceptor(null));
    }

    /** A response an interceptor makes itself. */
    static final class OwnResponse implements HttpResponse {
        private final int status;
        private final String reason;

        OwnResponse(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }

        @Override
        public int statusCode() {
            return status;
        }

        @Override
        public String reasonPhrase() {
            return reason;
        }

        @Override
        public HttpVersion version() {
            return HttpVersion.HTTP_1_1;
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.empty();
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public void close() {
        }
    }
}
