package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.EventListener;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.TlsInfo;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.RequestBody;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timed steps of HTTP calls ({@link EventListener}) on both engines, against real servers: the
 * order of the steps, their times, the key and context of each call, and every way a call ends.
 */
class HttpEventListenerTest {

    /** One step as the listener saw it. */
    record Step(long call, String name, Duration elapsed, Object detail, Object context) {
        @Override
        public String toString() {
            return name + (detail == null ? "" : " " + detail);
        }
    }

    /** Records every step, and the calls by their key. */
    static final class Recorder implements EventListener {
        final List<Step> steps = new CopyOnWriteArrayList<>();
        final List<Call> calls = new CopyOnWriteArrayList<>();

        private void add(Call call, String name, Duration elapsed, Object detail) {
            steps.add(new Step(call.id(), name, elapsed, detail, call.context().orElse(null)));
        }

        @Override
        public void callStart(Call call) {
            calls.add(call);
            add(call, "callStart", Duration.ZERO, null);
        }

        @Override
        public void nameResolutionStart(Call call, Duration elapsed, String host) {
            add(call, "nameResolutionStart", elapsed, host);
        }

        @Override
        public void nameResolutionEnd(Call call, Duration elapsed, String host, List<InetAddress> addresses) {
            add(call, "nameResolutionEnd", elapsed, addresses.isEmpty() ? null : host);
        }

        @Override
        public void connectStart(Call call, Duration elapsed, InetSocketAddress address) {
            add(call, "connectStart", elapsed, address.getPort());
        }

        @Override
        public void connectEnd(Call call, Duration elapsed, InetSocketAddress address) {
            add(call, "connectEnd", elapsed, address.getPort());
        }

        @Override
        public void connectFailed(Call call, Duration elapsed, InetSocketAddress address, IOException failure) {
            add(call, "connectFailed", elapsed, address.getPort());
        }

        @Override
        public void tlsHandshakeStart(Call call, Duration elapsed) {
            add(call, "tlsHandshakeStart", elapsed, null);
        }

        @Override
        public void tlsHandshakeEnd(Call call, Duration elapsed, TlsInfo info) {
            add(call, "tlsHandshakeEnd", elapsed, info.protocol().startsWith("TLSv1.") ? "TLS" : info);
        }

        @Override
        public void requestHeadSent(Call call, Duration elapsed) {
            add(call, "requestHeadSent", elapsed, null);
        }

        @Override
        public void requestBodySent(Call call, Duration elapsed, long bytes) {
            add(call, "requestBodySent", elapsed, bytes);
        }

        @Override
        public void responseHeadReceived(Call call, Duration elapsed) {
            add(call, "responseHeadReceived", elapsed, null);
        }

        @Override
        public void responseBodyEnd(Call call, Duration elapsed, long bytes) {
            add(call, "responseBodyEnd", elapsed, bytes);
        }

        @Override
        public void callEnd(Call call, Duration elapsed) {
            add(call, "callEnd", elapsed, null);
        }

        @Override
        public void callFailed(Call call, Duration elapsed, InternetException failure) {
            add(call, "callFailed", elapsed, failure.error());
        }

        /** The steps of each call, by key, in order. */
        Map<Long, List<Step>> byCall() {
            return steps.stream().collect(Collectors.groupingBy(Step::call, java.util.LinkedHashMap::new,
                    Collectors.toList()));
        }

        /** The names (and details) of the steps of the one call. */
        List<String> only() {
            Map<Long, List<Step>> calls = byCall();
            assertEquals(1, calls.size(), steps.toString());
            return names(calls.values().iterator().next());
        }

        static List<String> names(List<Step> steps) {
            return steps.stream().map(Step::toString).toList();
        }
    }

    @StartStop final TestHttpServer server = TestHttpServer.create();

    final Recorder recorder = new Recorder();
    final List<Internet> internets = new ArrayList<>();

    @AfterEach
    void close() {
        internets.forEach(Internet::close);
    }

    Internet internet() {
        Internet internet = Internet.newBuilder().eventListener(recorder).readTimeout(Duration.ofSeconds(5))
                .sslContext(TestCertificate.localhost().clientContext()).build();
        internets.add(internet);
        return internet;
    }

    HttpSession connect(Internet internet, TestHttpServer to, Object context, ConnectFlag... flags)
            throws InternetException {
        ConnectRequest.Builder<HttpSession> request = ConnectRequest.newBuilder(Service.HTTP, "localhost")
                .port(to.port()).flags(flags);
        return internet.connect(context == null ? request.build() : request.context(context).build());
    }

    static String read(HttpResponse response) throws IOException {
        try (response; InputStream in = response.body()) {
            return new String(in.readAllBytes());
        }
    }

    static void assertTimesNeverGoBack(List<Step> steps) {
        Duration last = Duration.ZERO;
        for (Step step : steps) {
            assertTrue(step.elapsed().compareTo(last) >= 0, "time went back at " + step + ": " + steps);
            last = step.elapsed();
        }
    }

    @Test
    void aCallOnANewConnectionReportsEveryStepInOrderAndAReusedOneSkipsTheConnection() throws Exception {
        server.enqueue(TestResponse.ok("hello"));
        server.enqueue(TestResponse.ok("again"));
        try (HttpSession http = connect(internet(), server, "ctx-7")) {
            assertEquals("hello", read(http.send(HttpRequest.get("/a"))));
            assertEquals("again", read(http.send(HttpRequest.get("/b"))));
        }
        Map<Long, List<Step>> calls = recorder.byCall();
        assertEquals(2, calls.size(), recorder.steps.toString());
        List<List<Step>> each = new ArrayList<>(calls.values());
        assertEquals(List.of("callStart", "nameResolutionStart localhost", "nameResolutionEnd localhost",
                "connectStart " + server.port(), "connectEnd " + server.port(), "requestHeadSent",
                "responseHeadReceived", "responseBodyEnd 5", "callEnd"), Recorder.names(each.get(0)));
        assertEquals(List.of("callStart", "requestHeadSent", "responseHeadReceived", "responseBodyEnd 5", "callEnd"),
                Recorder.names(each.get(1)), "the kept-alive connection has no connection steps");
        each.forEach(HttpEventListenerTest::assertTimesNeverGoBack);
        assertTrue(recorder.steps.stream().allMatch(step -> "ctx-7".equals(step.context())), recorder.steps.toString());
        EventListener.Call first = recorder.calls.get(0);
        assertEquals("GET /a", first.operation());
        assertEquals(Service.HTTP, first.service());
        assertEquals("localhost", first.host());
        assertEquals(server.port(), first.port());
        assertNotEquals(first.id(), recorder.calls.get(1).id());
    }

    @Test
    void aPreconnectIsACallOfItsOwnWithTheConnectionStepsAndTheRequestAfterItHasNone() throws Exception {
        try (TestHttpServer https = TestHttpServer.newBuilder().https().build()) {
            https.start();
            https.enqueue(TestResponse.ok("warm"));
            try (HttpSession http = connect(internet(), https, "ctx-p", ConnectFlag.SECURE)) {
                http.preconnect();
                assertEquals("warm", read(http.send(HttpRequest.get("/w"))));
            }
            List<List<Step>> each = new ArrayList<>(recorder.byCall().values());
            assertEquals(2, each.size(), recorder.steps.toString());
            assertEquals(List.of("callStart", "nameResolutionStart localhost", "nameResolutionEnd localhost",
                    "connectStart " + https.port(), "connectEnd " + https.port(), "tlsHandshakeStart",
                    "tlsHandshakeEnd TLS", "callEnd"), Recorder.names(each.get(0)));
            assertEquals(List.of("callStart", "requestHeadSent", "responseHeadReceived", "responseBodyEnd 4",
                    "callEnd"), Recorder.names(each.get(1)), "the request took the connection opened ahead");
            assertEquals("preconnect https://localhost:" + https.port(), recorder.calls.get(0).operation());
            assertTrue(recorder.steps.stream().allMatch(step -> "ctx-p".equals(step.context())),
                    recorder.steps.toString());
        }
    }

    @Test
    void httpsOnTheEngineReportsItsHandshakeAndAnUploadItsBody() throws Exception {
        try (TestHttpServer https = TestHttpServer.newBuilder().https().build()) {
            https.start();
            https.enqueue(TestResponse.status(201));
            try (HttpSession http = connect(internet(), https, null, ConnectFlag.SECURE)) {
                read(http.send(HttpRequest.newBuilder("/up").method("PUT").body(RequestBody.of(new byte[1000]))
                        .build()));
            }
            assertEquals(List.of("callStart", "nameResolutionStart localhost", "nameResolutionEnd localhost",
                    "connectStart " + https.port(), "connectEnd " + https.port(), "tlsHandshakeStart",
                    "tlsHandshakeEnd TLS", "requestHeadSent", "requestBodySent 1000", "responseHeadReceived",
                    "responseBodyEnd 0", "callEnd"), recorder.only());
        }
    }

    @Test
    void http2OnJavaNetHttpReportsWhatTheJdkShows() throws Exception {
        // The test server has no HTTP/2: java.net.http falls back to its own HTTP/1.1, still out of sight.
        try (TestHttpServer https = TestHttpServer.newBuilder().https().build()) {
            https.start();
            https.enqueue(TestResponse.ok("jdk"));
            try (HttpSession http = connect(internet(), https, null, ConnectFlag.SECURE)) {
                assertEquals("jdk", read(http.send(HttpRequest.newBuilder("/up").method("POST")
                        .body(RequestBody.of(new byte[100])).version(HttpVersion.HTTP_2).build())));
            }
        }
        assertEquals(List.of("callStart", "requestBodySent 100", "responseHeadReceived", "responseBodyEnd 3",
                "callEnd"), recorder.only());
        assertTimesNeverGoBack(recorder.steps);
    }

    @Test
    void aRedirectIsOneCallWithTheStepsOfEachHop() throws Exception {
        server.enqueue(TestResponse.redirect(302, "/there"));
        server.enqueue(TestResponse.ok("there"));
        try (HttpSession http = connect(internet(), server, null)) {
            assertEquals("there", read(http.send(HttpRequest.get("/here"))));
        }
        List<String> steps = recorder.only();
        assertEquals(1, steps.stream().filter(s -> s.equals("callStart")).count(), steps.toString());
        assertEquals(2, steps.stream().filter(s -> s.equals("responseHeadReceived")).count(), steps.toString());
        assertEquals("callEnd", steps.get(steps.size() - 1), steps.toString());
    }

    @Test
    void aConnectionRefusedFailsTheCallAfterItsAttempt() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (HttpSession http = internet().connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1").port(closed)
                .build())) {
            assertEquals(InternetError.CANNOT_CONNECT,
                    assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/"))).error());
        }
        // The default RetryPolicy tries twice more: each retry is a new attempt in the one call.
        List<String> attempt = List.of("nameResolutionStart 127.0.0.1", "nameResolutionEnd 127.0.0.1",
                "connectStart " + closed, "connectFailed " + closed);
        List<String> expected = new java.util.ArrayList<>(List.of("callStart"));
        for (int i = 0; i < 3; i++) {
            expected.addAll(attempt);
        }
        expected.add("callFailed ERROR_INTERNET_CANNOT_CONNECT (12029)");
        assertEquals(expected, recorder.only());
    }

    @Test
    void aNameThatDoesNotResolveFailsTheCall() throws Exception {
        try (HttpSession http = internet().connect(ConnectRequest.newBuilder(Service.HTTP, "no-such-host.invalid")
                .build())) {
            assertEquals(InternetError.NAME_NOT_RESOLVED,
                    assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/"))).error());
        }
        assertEquals(List.of("callStart", "nameResolutionStart no-such-host.invalid",
                "callFailed ERROR_INTERNET_NAME_NOT_RESOLVED (12007)"), recorder.only());
    }

    @Test
    void aBodyCutShortFailsTheCallAndABodyClosedEarlyEndsIt() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(200).body(new byte[100_000]).build());
        server.enqueue(TestResponse.newBuilder().status(200).body(new byte[100_000]).build());
        try (FaultProxy proxy = FaultProxy.to(server::address)) {
            proxy.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 5000));
            proxy.start();
            Internet internet = internet();
            try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, proxy.host())
                    .port(proxy.port()).build())) {
                InternetException e = assertThrows(InternetException.class, () -> read(http.send(HttpRequest.get("/"))));
                assertEquals(InternetError.CONNECTION_ABORTED, e.error());
                try (HttpResponse response = http.send(HttpRequest.get("/"))) {
                    response.body().read();
                }
            }
        }
        List<List<Step>> calls = new ArrayList<>(recorder.byCall().values());
        assertEquals(2, calls.size(), recorder.steps.toString());
        List<String> cut = Recorder.names(calls.get(0));
        assertEquals("callFailed ERROR_INTERNET_CONNECTION_ABORTED (12030)", cut.get(cut.size() - 1), cut.toString());
        assertFalse(cut.contains("callEnd") || cut.stream().anyMatch(s -> s.startsWith("responseBodyEnd")), cut.toString());
        List<String> closed = Recorder.names(calls.get(1));
        assertEquals("callEnd", closed.get(closed.size() - 1), closed.toString());
        assertFalse(closed.stream().anyMatch(s -> s.startsWith("responseBodyEnd")), "the body was not read to its end");
    }

    @Test
    void anErrorStatusFailsACallThatExpectsSuccessAndAnInterceptorsOwnAnswerEndsIt() throws Exception {
        server.enqueue(TestResponse.status(404));
        Internet internet = Internet.newBuilder().eventListener(recorder)
                .interceptor(chain -> chain.request().target().equals("/own")
                        ? new HttpInterceptorTest.OwnResponse(200, "OK") : chain.proceed(chain.request()))
                .build();
        internets.add(internet);
        try (HttpSession http = connect(internet, server, null)) {
            assertEquals(InternetError.EXTENDED_ERROR, assertThrows(InternetException.class,
                    () -> http.send(HttpRequest.newBuilder("/missing").expectSuccess().build())).error());
            http.send(HttpRequest.get("/own"));
        }
        List<List<Step>> calls = new ArrayList<>(recorder.byCall().values());
        List<String> failed = Recorder.names(calls.get(0));
        assertEquals("callFailed ERROR_INTERNET_EXTENDED_ERROR (12003)", failed.get(failed.size() - 1), failed.toString());
        assertEquals(List.of("callStart", "callEnd"), Recorder.names(calls.get(1)));
    }

    @Test
    void concurrentCallsAreToldApartByTheirKeys() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        try (TestHttpServer slow = TestHttpServer.newBuilder().dispatcher(request -> {
            both.countDown();
            try {
                both.await(5, TimeUnit.SECONDS); // each answer waits until both requests are in
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TestResponse.ok(request.target());
        }).build()) {
            slow.start();
            Internet internet = internet();
            try (HttpSession first = connect(internet, slow, "first"); HttpSession second = connect(internet, slow, "second")) {
                CompletableFuture<String> a = first.sendAsync(HttpRequest.get("/a")).thenApply(r -> {
                    try {
                        return read(r);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertEquals("/b", read(second.send(HttpRequest.get("/b"))));
                assertEquals("/a", a.get(10, TimeUnit.SECONDS));
            }
        }
        Map<Long, List<Step>> calls = recorder.byCall();
        assertEquals(2, calls.size());
        for (List<Step> steps : calls.values()) {
            assertEquals(1, steps.stream().map(Step::context).distinct().count(), steps.toString());
            assertEquals("callStart", steps.get(0).name());
            assertEquals("callEnd", steps.get(steps.size() - 1).name(), steps.toString());
            assertTimesNeverGoBack(steps);
        }
    }

    @Test
    void aListenerThatThrowsDisturbsNoCall() throws Exception {
        server.enqueue(TestResponse.ok("fine"));
        try (Internet internet = Internet.newBuilder().eventListener(new EventListener() {
                 @Override
                 public void callStart(Call call) {
                     throw new IllegalStateException("listener bug");
                 }

                 @Override
                 public void responseHeadReceived(Call call, Duration elapsed) {
                     throw new IllegalStateException("listener bug");
                 }
             }).build();
             HttpSession http = connect(internet, server, null)) {
            assertEquals("fine", read(http.send(HttpRequest.get("/"))));
        }
    }

    @Test
    void theInternetGivesItsListenerBack() {
        try (Internet with = Internet.newBuilder().eventListener(recorder).build(); Internet without = Internet.create()) {
            assertEquals(recorder, with.eventListener().orElseThrow());
            assertTrue(without.eventListener().isEmpty());
        }
        assertThrows(NullPointerException.class, () -> Internet.newBuilder().eventListener(null));
    }
}
