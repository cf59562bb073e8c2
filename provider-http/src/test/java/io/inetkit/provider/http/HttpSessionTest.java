package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Limits;
import io.inetkit.ProxyConfig;
import io.inetkit.Service;
import io.inetkit.StatusEvent;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.http.RequestBody;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.http.RecordedRequest;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSessionTest {

    @StartStop final TestHttpServer server = TestHttpServer.create();

    final List<StatusEvent> events = new CopyOnWriteArrayList<>();
    Internet internet = Internet.newBuilder()
            .agent("inetkit-test/1")
            .readTimeout(Duration.ofSeconds(5))
            .statusListener(events::add)
            .build();

    @AfterEach
    void closeInternet() {
        internet.close();
    }

    HttpSession connect(ConnectFlag... flags) throws InternetException {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, server.host()).port(server.port())
                .flags(flags).build());
    }

    static String text(HttpResponse response) throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sendsNothingUntilTheFirstRequestThenReturnsStatusHeadersAndBody() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(200).header("Content-Type", "text/plain")
                .body("hello").build());
        try (HttpSession http = connect()) {
            assertEquals(0, server.requestCount());
            try (HttpResponse response = http.send(HttpRequest.get("/greeting?x=1"))) {
                assertEquals(200, response.statusCode());
                assertEquals("OK", response.reasonPhrase());
                assertEquals(HttpVersion.HTTP_1_1, response.version());
                assertEquals("text/plain", response.contentType().orElseThrow());
                assertEquals(5, response.contentLength().orElseThrow());
                assertEquals("hello", text(response));
            }
            assertEquals("HTTP/1.1 200 OK", http.lastResponse().orElseThrow());
        }
        RecordedRequest request = server.takeRequest();
        assertEquals("GET", request.method());
        assertEquals("/greeting?x=1", request.target());
        assertEquals("inetkit-test/1", request.header("User-Agent").orElseThrow());
        assertTrue(request.header("Authorization").isEmpty(), "anonymous sends no credentials");
    }

    @Test
    void sendsTheTargetAsGivenToTheSessionsOwnServer() throws Exception {
        try (HttpSession http = connect()) {
            for (String target : new String[] {"/a%2Fb%20c?q=%41&r#frag", "/p:q;r=s"}) {
                try (HttpResponse response = http.send(HttpRequest.get(target))) {
                    text(response);
                }
            }
            // Alone, "//elsewhere.invalid/x" names the host elsewhere.invalid, which does not resolve; after
            // the session's origin it is a path of this server, which answers (the JDK's server records
            // no such request, so its answer is the evidence).
            try (HttpResponse response = http.send(HttpRequest.get("//elsewhere.invalid/x"))) {
                text(response);
                assertTrue(response.statusCode() >= 200, "answered by the test server");
            }
        }
        assertEquals("/a%2Fb%20c?q=%41&r", server.takeRequest().target());
        assertEquals("/p:q;r=s", server.takeRequest().target());
    }

    @Test
    void sendsAnyMethodWithBodiesOfKnownAndUnknownLength(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("upload.bin");
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        Files.write(file, data);
        for (int i = 0; i < 4; i++) {
            server.enqueue(TestResponse.status(204));
        }
        try (HttpSession http = connect()) {
            http.send(HttpRequest.newBuilder("/bytes").method("PUT")
                    .body(RequestBody.of("abc".getBytes(StandardCharsets.UTF_8))).build()).close();
            http.send(HttpRequest.newBuilder("/file").method("POST").body(RequestBody.ofFile(file)).build()).close();
            http.send(HttpRequest.newBuilder("/stream").method("POST")
                    .body(RequestBody.ofStream(() -> new ByteArrayInputStream(data), -1)).build()).close();
            http.send(HttpRequest.newBuilder("/dav").method("PROPFIND").header("Depth", "1").build()).close();
        }
        RecordedRequest put = server.takeRequest();
        assertEquals("PUT", put.method());
        assertEquals("abc", put.bodyText());
        assertEquals("3", put.header("Content-Length").orElseThrow());
        RecordedRequest post = server.takeRequest();
        assertEquals(String.valueOf(data.length), post.header("Content-Length").orElseThrow());
        assertArrayEquals(data, post.body());
        RecordedRequest chunked = server.takeRequest();
        assertEquals("chunked", chunked.header("Transfer-Encoding").orElseThrow().toLowerCase());
        assertArrayEquals(data, chunked.body());
        RecordedRequest propfind = server.takeRequest();
        assertEquals("PROPFIND", propfind.method());
        assertEquals("1", propfind.header("depth").orElseThrow());
    }

    @Test
    void keepsMultiValuedHeadersBothWaysWithoutRegardToCase() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(200).header("Set-Cookie", "a=1")
                .header("Set-Cookie", "b=2").header("X-Trace", "t").body("").build());
        try (HttpSession http = connect();
             HttpResponse response = http.send(HttpRequest.newBuilder("/")
                     .header("Accept", "text/plain").header("accept", "text/html").build())) {
            assertEquals(List.of("a=1", "b=2"), response.headers().allValues("set-cookie"));
            assertEquals("t", response.headers().firstValue("x-TRACE").orElseThrow());
        }
        RecordedRequest request = server.takeRequest();
        assertEquals(List.of("text/plain", "text/html"), request.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Accept")).findFirst().orElseThrow().getValue());
    }

    @Test
    void refusesLineBreaksInHeadersBeforeSendingAnything() throws Exception {
        try (HttpSession http = connect()) {
            InternetException value = assertThrows(InternetException.class, () -> http.send(HttpRequest.newBuilder("/")
                    .header("X-Evil", "a\r\nInjected: yes").build()));
            assertEquals(InternetError.HTTP_INVALID_HEADER, value.error());
            InternetException name = assertThrows(InternetException.class, () -> http.send(HttpRequest.newBuilder("/")
                    .header("X-Evil\nInjected", "yes").build()));
            assertEquals(InternetError.HTTP_INVALID_HEADER, name.error());
            InternetException host = assertThrows(InternetException.class, () -> http.send(HttpRequest.newBuilder("/")
                    .header("Host", "elsewhere").build()));
            assertEquals(InternetError.HTTP_INVALID_HEADER, host.error());
            assertEquals(InternetError.INVALID_URL, assertThrows(InternetException.class,
                    () -> http.send(HttpRequest.get("/a b"))).error());
            assertEquals(InternetError.INVALID_URL, assertThrows(InternetException.class,
                    () -> http.send(HttpRequest.get("relative"))).error());
        }
        assertEquals(0, server.requestCount());
    }

    @Test
    void followsRedirectsAndSaysWhereTo() throws Exception {
        server.enqueue(TestResponse.redirect(302, "/second"));
        server.enqueue(TestResponse.redirect(301, "/third"));
        server.enqueue(TestResponse.ok("arrived"));
        try (HttpSession http = connect(); HttpResponse response = http.send(HttpRequest.get("/first"))) {
            assertEquals(200, response.statusCode());
            assertEquals("arrived", text(response));
        }
        assertEquals("/first", server.takeRequest().target());
        assertEquals("/second", server.takeRequest().target());
        assertEquals("/third", server.takeRequest().target());
        assertEquals(List.of(server.url("/second").toString(), server.url("/third").toString()),
                events.stream().filter(e -> e.status() == InternetStatus.REDIRECT)
                        .map(e -> e.info().orElseThrow().toString()).toList());
    }

    @Test
    void turnsPostIntoGetOnSeeOtherAndKeepsItOnTemporaryRedirect() throws Exception {
        server.enqueue(TestResponse.redirect(303, "/see"));
        server.enqueue(TestResponse.ok("seen"));
        server.enqueue(TestResponse.redirect(307, "/again"));
        server.enqueue(TestResponse.ok("again"));
        try (HttpSession http = connect()) {
            RequestBody body = RequestBody.of("payload".getBytes(StandardCharsets.UTF_8));
            assertEquals("seen", text(http.send(HttpRequest.newBuilder("/form").method("POST").body(body).build())));
            assertEquals("again", text(http.send(HttpRequest.newBuilder("/form").method("POST").body(body).build())));
        }
        server.takeRequest();
        RecordedRequest see = server.takeRequest();
        assertEquals("GET", see.method());
        assertEquals(0, see.bodySize());
        server.takeRequest();
        RecordedRequest again = server.takeRequest();
        assertEquals("POST", again.method());
        assertEquals("payload", again.bodyText());
    }

    @Test
    void stopsFollowingRedirectsAfterTheLimit() throws Exception {
        try (TestHttpServer loop = TestHttpServer.newBuilder()
                .dispatcher(request -> TestResponse.redirect(302, "/loop")).build()) {
            loop.start();
            try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, loop.host())
                    .port(loop.port()).build())) {
                InternetException e = assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/loop")));
                assertEquals(InternetError.HTTP_REDIRECT_FAILED, e.error());
                assertEquals(Limits.defaults().maxRedirects() + 1, loop.requestCount());
            }
        }
    }

    @Test
    void returnsTheRedirectWhenTheFlagOrTheRequestSaysSo() throws Exception {
        server.enqueue(TestResponse.redirect(302, "/elsewhere"));
        server.enqueue(TestResponse.redirect(302, "/elsewhere"));
        try (HttpSession noRedirect = connect(ConnectFlag.NO_AUTO_REDIRECT);
             HttpResponse response = noRedirect.send(HttpRequest.get("/"))) {
            assertEquals(302, response.statusCode());
            assertEquals("/elsewhere", response.headers().firstValue("Location").orElseThrow());
        }
        try (HttpSession http = connect();
             HttpResponse response = http.send(HttpRequest.newBuilder("/").followRedirects(false).build())) {
            assertEquals(302, response.statusCode());
        }
        assertEquals(2, server.requestCount());
    }

    @Test
    void refusesARedirectFromHttpsToHttp() throws Exception {
        try (TestHttpServer https = TestHttpServer.newBuilder().https().build()) {
            https.start();
            https.enqueue(TestResponse.redirect(302, server.url("/plain").toString()));
            try (Internet trusting = Internet.newBuilder()
                         .sslContext(TestCertificate.localhost().clientContext()).build();
                 HttpSession http = trusting.connect(ConnectRequest.newBuilder(Service.HTTP, https.host())
                         .port(https.port()).flags(ConnectFlag.SECURE).build())) {
                InternetException e = assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/")));
                assertEquals(InternetError.HTTPS_TO_HTTP_ON_REDIR, e.error());
                // The server's own status line: the JDK's HttpServer calls a 302 "Temporary Redirect".
                assertEquals("HTTP/1.1 302 Temporary Redirect", e.serverReply().orElseThrow());
            }
        }
        assertEquals(0, server.requestCount());
    }

    @Test
    void speaksHttpsWithACertificateTrustedExplicitlyAndRefusesItByDefault() throws Exception {
        try (TestHttpServer https = TestHttpServer.newBuilder().https().build()) {
            https.start();
            https.enqueue(TestResponse.ok("secret"));
            ConnectRequest<HttpSession> request = ConnectRequest.newBuilder(Service.HTTP, "localhost")
                    .port(https.port()).flags(ConnectFlag.SECURE).build();
            try (HttpSession http = internet.connect(request)) {
                InternetException e = assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/")));
                assertEquals(InternetError.INVALID_CA, e.error(), e.getMessage());
            }
            try (Internet trusting = Internet.newBuilder()
                         .sslContext(TestCertificate.localhost().clientContext()).build();
                 HttpSession http = trusting.connect(request);
                 HttpResponse response = http.send(HttpRequest.get("/"))) {
                assertEquals("secret", text(response));
            }
            assertTrue(https.takeRequest().tlsProtocol().isPresent());
        }
    }

    @Test
    void trustsAnyCertificateOnlyWhenTheInsecureFlagSaysSo() throws Exception {
        try (TestHttpServer https = TestHttpServer.newBuilder().https().build()) {
            https.start();
            https.enqueue(TestResponse.ok("insecure"));
            https.enqueue(TestResponse.ok("never"));
            try (HttpSession insecure = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost")
                    .port(https.port()).flags(ConnectFlag.SECURE, ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE).build());
                 HttpResponse response = insecure.send(HttpRequest.get("/"))) {
                assertEquals("insecure", text(response));
            }
            // The same Internet, without the flag: the insecure client's pooled connection is not lent.
            try (HttpSession verifying = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost")
                    .port(https.port()).flags(ConnectFlag.SECURE).build())) {
                assertEquals(InternetError.INVALID_CA,
                        assertThrows(InternetException.class, () -> verifying.send(HttpRequest.get("/"))).error());
            }
        }
    }

    @Test
    void goesAroundTheProxyForBypassedHosts() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        server.enqueue(TestResponse.ok("direct"));
        try (Internet proxied = Internet.newBuilder()
                     .proxy(ProxyConfig.http("127.0.0.1", closedPort).withBypass("<local>")).build();
             HttpSession http = proxied.connect(ConnectRequest.newBuilder(Service.HTTP, server.host())
                     .port(server.port()).build());
             HttpResponse response = http.send(HttpRequest.get("/direct"))) {
            assertEquals("direct", text(response));
        }
        assertEquals("/direct", server.takeRequest().target());
    }

    @Test
    void sendsBasicAuthFromTheSessionCredentials() throws Exception {
        try (TestHttpServer guarded = TestHttpServer.newBuilder().requireBasicAuth("alice", "s3cret").build()) {
            guarded.start();
            guarded.enqueue(TestResponse.ok("welcome"));
            try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, guarded.host())
                    .port(guarded.port()).user("alice").password("s3cret").build());
                 HttpResponse response = http.send(HttpRequest.get("/private"))) {
                assertEquals(200, response.statusCode());
                assertEquals("welcome", text(response));
            }
            try (HttpSession anonymous = internet.connect(ConnectRequest.newBuilder(Service.HTTP, guarded.host())
                    .port(guarded.port()).build())) {
                try (HttpResponse refused = anonymous.send(HttpRequest.get("/private"))) {
                    assertEquals(401, refused.statusCode());
                }
                InternetException e = assertThrows(InternetException.class, () -> anonymous.send(
                        HttpRequest.newBuilder("/private").expectSuccess().build()));
                assertEquals(InternetError.EXTENDED_ERROR, e.error());
                assertEquals("HTTP/1.1 401 Unauthorized", e.serverReply().orElseThrow());
                assertEquals("HTTP/1.1 401 Unauthorized", anonymous.lastResponse().orElseThrow());
            }
        }
    }

    @Test
    void readsChunkedAndSlowBodiesIncrementally() throws Exception {
        byte[] data = new byte[64 * 1024];
        new Random(2).nextBytes(data);
        server.enqueue(TestResponse.newBuilder().status(200).body(data).chunked()
                .throttle(8 * 1024, Duration.ofMillis(20)).build());
        try (HttpSession http = connect(); HttpResponse response = http.send(HttpRequest.get("/slow"))) {
            assertTrue(response.contentLength().isEmpty());
            InputStream in = response.body();
            byte[] first = in.readNBytes(1024);
            assertArrayEquals(Arrays.copyOf(data, 1024), first, "the first bytes arrive before the rest");
            byte[] rest = in.readAllBytes();
            assertEquals(data.length - 1024, rest.length);
        }
        assertTrue(events.stream().anyMatch(e -> e.status() == InternetStatus.RESPONSE_RECEIVED
                && e.info().orElseThrow().equals((long) data.length)));
    }

    @Test
    void failsAStalledBodyWithinTheReadTimeout() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(200).body(new byte[1000]).stallAfter(10).build());
        try (Internet quick = Internet.newBuilder().readTimeout(Duration.ofSeconds(1)).build();
             HttpSession http = quick.connect(ConnectRequest.newBuilder(Service.HTTP, server.host())
                     .port(server.port()).build());
             HttpResponse response = http.send(HttpRequest.get("/stall"))) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> response.body().readAllBytes());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(InternetError.TIMEOUT, e.error(), e.getMessage());
            assertTrue(millis < 2000, "timed out after " + millis + " ms");
        }
    }

    @Test
    void letsASlowUploadThatKeepsMovingOutliveTheReadTimeout() throws Exception {
        server.enqueue(TestResponse.status(201));
        RequestBody slow = RequestBody.ofStream(() -> new InputStream() {
            int sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent == 8) {
                    return -1;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                sent++;
                Arrays.fill(b, off, off + 1024, (byte) 'x');
                return 1024;
            }
        }, 8 * 1024);
        try (Internet quick = Internet.newBuilder().readTimeout(Duration.ofMillis(400)).build();
             HttpSession http = quick.connect(ConnectRequest.newBuilder(Service.HTTP, server.host())
                     .port(server.port()).build());
             HttpResponse response = http.send(HttpRequest.newBuilder("/upload").method("PUT").body(slow).build())) {
            assertEquals(201, response.statusCode());
        }
        assertEquals(8 * 1024, server.takeRequest().bodySize());
    }

    @Test
    void timesOutWaitingForHeadersWithAndWithoutABody() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(server::address);
             Internet quick = Internet.newBuilder().readTimeout(Duration.ofMillis(500)).build()) {
            proxy.fault(Fault.blackHole());
            proxy.start();
            HttpSession http = quick.connect(ConnectRequest.newBuilder(Service.HTTP, proxy.host())
                    .port(proxy.port()).build());
            for (HttpRequest request : List.of(HttpRequest.get("/"), HttpRequest.newBuilder("/").method("POST")
                    .body(RequestBody.of(new byte[100])).build())) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> http.send(request));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(InternetError.TIMEOUT, e.error(), e.getMessage());
                assertTrue(millis < 1500, request + " timed out after " + millis + " ms");
            }
        }
    }

    @Test
    void aTlsServerThatSaysNothingTimesOutAtTheReadTimeoutWhenItIsTheShorter() throws Exception {
        // It accepts and never answers the ClientHello: each read of the handshake waits the shorter of
        // the two timeouts, as java.net.http's request timeout ended HTTPS before the engine ran it.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Internet quick = Internet.newBuilder().connectTimeout(Duration.ofSeconds(20))
                     .readTimeout(Duration.ofMillis(500)).build();
             HttpSession http = quick.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost")
                     .port(silent.getLocalPort()).flags(ConnectFlag.SECURE).build())) {
            long start = System.nanoTime();
            InternetException e = assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/")));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(InternetError.TIMEOUT, e.error(), e.getMessage());
            assertTrue(e.getMessage().contains("sent nothing for 500 ms, the read timeout"), e.getMessage());
            assertTrue(millis < 1500, "timed out after " + millis + " ms");
        }
    }

    @Test
    void leavesNoThreadBehindAfterATimeout() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        server.enqueue(TestResponse.newBuilder().status(200).body(new byte[1000]).stallAfter(10).build());
        try (Internet quick = Internet.newBuilder().readTimeout(Duration.ofSeconds(1)).build();
             HttpSession http = quick.connect(ConnectRequest.newBuilder(Service.HTTP, server.host())
                     .port(server.port()).build());
             HttpResponse response = http.send(HttpRequest.get("/stall"))) {
            assertEquals(InternetError.TIMEOUT,
                    assertThrows(InternetException.class, () -> response.body().readAllBytes()).error());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<Thread> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.getName().startsWith("inetkit-httpclient-") && t.isAlive())
                    .toList();
            if (!left.isEmpty()) {
                Thread.sleep(50);
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertEquals(List.of(), left);
    }

    @Test
    void failsABodyStalledByTheFaultProxy() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(200).body(new byte[100_000]).build());
        try (FaultProxy proxy = FaultProxy.to(server::address);
             Internet quick = Internet.newBuilder().readTimeout(Duration.ofSeconds(1)).build()) {
            proxy.fault(Fault.stallAfter(Direction.DOWNSTREAM, 2000));
            proxy.start();
            HttpSession http = quick.connect(ConnectRequest.newBuilder(Service.HTTP, proxy.host())
                    .port(proxy.port()).build());
            try (HttpResponse response = http.send(HttpRequest.get("/big"))) {
                long start = System.nanoTime();
                InternetException e = assertThrows(InternetException.class, () -> response.body().readAllBytes());
                assertEquals(InternetError.TIMEOUT, e.error(), e.getMessage());
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
            }
        }
    }

    @Test
    void failsABodyCutShortInsteadOfEndingEarly() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(200).body(new byte[100_000]).build());
        try (FaultProxy proxy = FaultProxy.to(server::address)) {
            proxy.fault(Fault.cutAfter(Direction.DOWNSTREAM, 5000));
            proxy.start();
            HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, proxy.host())
                    .port(proxy.port()).build());
            // The cut may come before the response is handed over (send fails) or after (read fails).
            InternetException e = assertThrows(InternetException.class, () -> {
                try (HttpResponse response = http.send(HttpRequest.get("/big"))) {
                    response.body().readAllBytes();
                }
            });
            assertEquals(InternetError.CONNECTION_ABORTED, e.error(), e.toString());
            assertTrue(e.getMessage().contains("100000"), "the message says what was expected: " + e.getMessage());
        }
    }

    @Test
    void failsABodyResetMidway() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(200).body(new byte[100_000]).build());
        try (FaultProxy proxy = FaultProxy.to(server::address)) {
            proxy.fault(Fault.resetAfter(Direction.DOWNSTREAM, 5000));
            proxy.start();
            HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, proxy.host())
                    .port(proxy.port()).build());
            InternetException e = assertThrows(InternetException.class, () -> {
                try (HttpResponse response = http.send(HttpRequest.get("/big"))) {
                    response.body().readAllBytes();
                }
            });
            assertTrue(e.error() == InternetError.CONNECTION_ABORTED || e.error() == InternetError.CONNECTION_RESET,
                    e.toString());
        }
    }

    @Test
    void reusesTheConnectionAcrossRequestsAndSessions() throws Exception {
        for (int i = 0; i < 4; i++) {
            server.enqueue(TestResponse.ok("r" + i));
        }
        try (HttpSession first = connect(); HttpSession second = connect()) {
            for (int i = 0; i < 2; i++) {
                assertEquals("r" + i, text(first.send(HttpRequest.get("/a"))));
            }
            for (int i = 2; i < 4; i++) {
                assertEquals("r" + i, text(second.send(HttpRequest.get("/b"))));
            }
        }
        int connection = server.takeRequest().connectionIndex();
        for (int i = 1; i < 4; i++) {
            RecordedRequest request = server.takeRequest();
            assertEquals(connection, request.connectionIndex(), "request " + i);
            assertEquals(i, request.requestOnConnection());
        }
    }

    @Test
    void closingTheSessionClosesItsOpenResponses() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(200).body(new byte[1000]).stallAfter(10).build());
        HttpSession http = connect();
        HttpResponse response = http.send(HttpRequest.get("/"));
        http.close();
        InternetException e = assertThrows(InternetException.class, () -> response.body().read());
        assertTrue(e.error() == InternetError.INVALID_HANDLE || e.error() == InternetError.OPERATION_CANCELLED);
        assertEquals(InternetError.INVALID_HANDLE,
                assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/"))).error());
    }

    @Test
    void anInterruptedReadIsCancelledAndClosesTheConnection() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(200).body(new byte[1000]).stallAfter(10).build());
        try (HttpSession http = connect(); HttpResponse response = http.send(HttpRequest.get("/"))) {
            Thread reader = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ignored) {
                    return;
                }
                reader.interrupt();
            });
            interrupter.start();
            InternetException e = assertThrows(InternetException.class, () -> response.body().readAllBytes());
            assertEquals(InternetError.OPERATION_CANCELLED, e.error(), e.getMessage());
            assertTrue(Thread.interrupted(), "the interrupt is kept");
            interrupter.join(5000);
        }
        assertTrue(events.stream().anyMatch(e -> e.status() == InternetStatus.CONNECTION_CLOSED));
    }

    @Test
    void keepsCredentialsOfARedirectOutOfEventsAndRequests() throws Exception {
        server.enqueue(TestResponse.redirect(302, "http://joe:pw@" + server.host() + ":" + server.port() + "/next"));
        server.enqueue(TestResponse.ok("next"));
        try (HttpSession http = connect(); HttpResponse response = http.send(HttpRequest.get("/"))) {
            assertEquals("next", text(response));
        }
        server.takeRequest();
        assertTrue(server.takeRequest().header("Authorization").isEmpty());
        assertTrue(events.stream().noneMatch(e -> e.info().map(Object::toString).orElse("").contains("pw")));
    }

    @Test
    void mapsNetworkFailuresToWinInetErrors() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                .port(closedPort).build())) {
            assertEquals(InternetError.CANNOT_CONNECT,
                    assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/"))).error());
        }
        try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "no-such-host.invalid")
                .build())) {
            assertEquals(InternetError.NAME_NOT_RESOLVED,
                    assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/"))).error());
        }
    }

    @Test
    void publishesTheStepsOfARequestAndSendsAsynchronously() throws Exception {
        server.enqueue(TestResponse.ok("async"));
        try (HttpSession http = connect();
             HttpResponse response = http.sendAsync(HttpRequest.get("/")).get(10, TimeUnit.SECONDS)) {
            assertEquals("async", text(response));
        }
        List<InternetStatus> steps = events.stream().map(StatusEvent::status)
                .filter(s -> s.code() >= 30 && s.code() <= 41).toList();
        assertEquals(List.of(InternetStatus.SENDING_REQUEST, InternetStatus.REQUEST_SENT,
                InternetStatus.RECEIVING_RESPONSE, InternetStatus.RESPONSE_RECEIVED), steps);
    }

    @Test
    void publishesEachStepWithTheSessionContextAndCompletesAsyncSendsWithTheResponse() throws Exception {
        server.enqueue(TestResponse.ok("sync"));
        server.enqueue(TestResponse.ok("async"));
        Object context = "ctx-42";
        HttpResponse asyncResponse;
        try (HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, server.host())
                .port(server.port()).context(context).build())) {
            try (HttpResponse response = http.send(HttpRequest.get("/sync"))) {
                assertEquals("sync", text(response));
            }
            asyncResponse = http.sendAsync(HttpRequest.get("/async")).get(10, TimeUnit.SECONDS);
            assertEquals("async", text(asyncResponse));
        }
        List<StatusEvent> request = events.stream().filter(e -> e.status() != InternetStatus.HANDLE_CREATED
                && e.status() != InternetStatus.HANDLE_CLOSING).toList();
        // The HTTP/1.1 engine connects in sight, once: the second request reuses the connection.
        assertEquals(List.of(InternetStatus.RESOLVING_NAME, InternetStatus.NAME_RESOLVED,
                InternetStatus.CONNECTING_TO_SERVER, InternetStatus.CONNECTED_TO_SERVER,
                InternetStatus.SENDING_REQUEST, InternetStatus.REQUEST_SENT,
                InternetStatus.RECEIVING_RESPONSE, InternetStatus.RESPONSE_RECEIVED,
                InternetStatus.SENDING_REQUEST, InternetStatus.REQUEST_SENT, InternetStatus.RECEIVING_RESPONSE,
                InternetStatus.REQUEST_COMPLETE, InternetStatus.RESPONSE_RECEIVED),
                request.stream().map(StatusEvent::status).toList(), request.toString());
        for (StatusEvent event : events) {
            assertEquals(context, event.context().orElse(null), event.toString());
        }
        StatusEvent complete = request.get(11);
        assertEquals(asyncResponse, complete.info(io.inetkit.AsyncResult.class).orElseThrow().value().orElseThrow(),
                "REQUEST_COMPLETE carries the response");
        assertEquals(4L, request.get(7).info().orElseThrow(), "RESPONSE_RECEIVED carries the body's size");
        assertEquals(server.host(), request.get(0).info().orElseThrow(), "RESOLVING_NAME carries the host");
        assertEquals(server.port(), ((java.net.InetSocketAddress) request.get(3).info().orElseThrow()).getPort(),
                "CONNECTED_TO_SERVER carries the address");
    }

    @Test
    void javaNetHttpConnectsOutOfSight() throws Exception {
        server.enqueue(TestResponse.ok("h2c asked"));
        try (HttpSession http = connect();
             HttpResponse response = http.send(HttpRequest.newBuilder("/h2c").version(HttpVersion.HTTP_2).build())) {
            assertEquals("h2c asked", text(response));
            // java.net.http (HTTP/2 and default HTTPS) gives no reason phrase: the standard one stands in.
            assertEquals("OK", response.reasonPhrase());
        }
        assertTrue(events.stream().anyMatch(e -> e.status() == InternetStatus.SENDING_REQUEST), events.toString());
        // java.net.http resolves and connects out of sight: no RESOLVING_NAME to CONNECTED_TO_SERVER.
        assertTrue(events.stream().noneMatch(e -> e.status().code() >= 10 && e.status().code() <= 21),
                events.toString());
    }

    @Test
    void httpsWithoutAVersionIsHttp11OnTheEngineConnectingInSight() throws Exception {
        try (TestHttpServer https = TestHttpServer.newBuilder().https().build()) {
            https.start();
            https.enqueue(TestResponse.ok("h1"));
            try (Internet trusting = Internet.newBuilder().statusListener(events::add)
                         .sslContext(TestCertificate.localhost().clientContext()).build();
                 HttpSession http = trusting.connect(ConnectRequest.newBuilder(Service.HTTP, "localhost")
                         .port(https.port()).flags(ConnectFlag.SECURE).build());
                 HttpResponse response = http.send(HttpRequest.get("/"))) {
                assertEquals(HttpVersion.HTTP_1_1, response.version());
                assertEquals("h1", text(response));
            }
        }
        List<InternetStatus> steps = events.stream().map(StatusEvent::status).toList();
        assertEquals(List.of(InternetStatus.RESOLVING_NAME, InternetStatus.NAME_RESOLVED,
                InternetStatus.CONNECTING_TO_SERVER, InternetStatus.CONNECTED_TO_SERVER,
                InternetStatus.TLS_HANDSHAKE_COMPLETE, InternetStatus.SENDING_REQUEST), steps.subList(1, 7), steps.toString());
        // The JDK's test server takes no ALPN: NginxTest checks that only http/1.1 is offered.
        assertTrue(events.get(5).info().orElseThrow() instanceof io.inetkit.TlsInfo, events.get(5).toString());
    }

    @Test
    void sendsTheVersionAskedForAndHttp11InTheClearByDefault() throws Exception {
        server.enqueue(TestResponse.ok("default"));
        server.enqueue(TestResponse.ok("h2c asked"));
        try (HttpSession http = connect()) {
            assertEquals("default", text(http.send(HttpRequest.get("/default"))));
            // HTTP/2 in the clear is asked for with an upgrade; the test server stays on HTTP/1.1.
            try (HttpResponse response = http.send(HttpRequest.newBuilder("/h2c").version(HttpVersion.HTTP_2).build())) {
                assertEquals(HttpVersion.HTTP_1_1, response.version());
                assertEquals("h2c asked", text(response));
            }
        }
        assertTrue(server.takeRequest().header("Upgrade").isEmpty(), "no h2c upgrade unless asked for");
        assertEquals("h2c", server.takeRequest().header("Upgrade").orElseThrow().toLowerCase());
    }

    @Test
    void theSecureFlagMeansHttpsOnPort443ByDefault() throws Exception {
        try (HttpSession https = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "example.test")
                     .flags(ConnectFlag.SECURE).build());
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "example.test").build())) {
            assertEquals(443, https.port());
            assertEquals(80, http.port());
        }
    }

    @Test
    void aProxyRefusingTheCredentialsIsALoginFailureNamingTheProxyNotAResponse() throws Exception {
        server.enqueue(TestResponse.newBuilder().status(407).header("Proxy-Authenticate", "Basic realm=\"proxy\"")
                .body("no").build());
        server.enqueue(TestResponse.newBuilder().status(407).header("Proxy-Authenticate", "Basic realm=\"proxy\"")
                .body("no").build());
        ProxyConfig withUser = ProxyConfig.http(server.host(), server.port()).withCredentials("joe", "s3cret-pw");
        for (ProxyConfig proxy : List.of(withUser, ProxyConfig.http(server.host(), server.port()))) {
            try (Internet proxied = Internet.newBuilder().proxy(proxy).build();
                 HttpSession http = proxied.connect(ConnectRequest.newBuilder(Service.HTTP, "origin.example")
                         .build())) {
                InternetException e = assertThrows(InternetException.class, () -> http.send(HttpRequest.get("/")));
                assertEquals(InternetError.LOGIN_FAILURE, e.error(), e.toString());
                assertTrue(e.getMessage().contains(server.host() + ":" + server.port()), e.getMessage());
                assertFalse(e.getMessage().contains("origin.example"), e.getMessage());
                assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
                assertTrue(e.serverReply().orElseThrow().startsWith("HTTP/1.1 407"), e.serverReply().toString());
            }
        }
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("joe:s3cret-pw".getBytes(
                StandardCharsets.UTF_8)), server.takeRequest().header("Proxy-Authorization").orElseThrow());
        assertTrue(server.takeRequest().header("Proxy-Authorization").isEmpty());
    }

    @Test
    void goesThroughAnHttpProxy() throws Exception {
        // The test server answers proxy-form requests too: the target arrives as an absolute URI.
        server.enqueue(TestResponse.ok("proxied"));
        try (Internet proxied = Internet.newBuilder().proxy(ProxyConfig.http(server.host(), server.port())).build();
             HttpSession http = proxied.connect(ConnectRequest.newBuilder(Service.HTTP, "origin.example").port(8080)
                     .build());
             HttpResponse response = http.send(HttpRequest.get("/via"))) {
            assertEquals("proxied", text(response));
        }
        RecordedRequest request = server.takeRequest();
        assertTrue(request.target().endsWith("/via"), request.target());
        assertEquals("origin.example:8080", request.header("Host").orElseThrow());
        assertFalse(request.target().isEmpty());
    }
}
