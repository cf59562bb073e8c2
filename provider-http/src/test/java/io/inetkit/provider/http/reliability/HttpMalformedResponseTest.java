package io.inetkit.provider.http.reliability;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.testkit.corpus.Corpus;
import io.inetkit.testkit.leak.Leaks;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every response of {@code reliability/http-responses.txt}, served by {@link RawHttpServer} to a GET
 * whose body is read to the end: each ends in a result or an {@link InternetException} as the corpus
 * says, never an unchecked exception or a hang, and with no socket or thread left behind.
 */
class HttpMalformedResponseTest {

    static final Duration READ_TIMEOUT = Duration.ofMillis(700);

    static Stream<Corpus.Entry> corpus() {
        List<Corpus.Entry> entries = Corpus.load(HttpMalformedResponseTest.class, "/reliability/http-responses.txt", 4);
        assertTrue(entries.size() >= 50, "the HTTP corpus shrank: " + entries.size());
        return entries.stream();
    }

    @BeforeAll
    static void warmUp() throws Exception {
        run("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void endsInAResultOrAnInternetException(Corpus.Entry c) throws Exception {
        Leaks leaks = Leaks.snapshot().collectingGarbage();
        Throwable thrown = run(c.payload(), c.field(1).equals("hold"));
        if (thrown != null && !(thrown instanceof InternetException)) {
            throw new AssertionError(c + ": " + thrown + " is not an InternetException", thrown);
        }
        if (c.field(2).equals("error") && thrown == null) {
            fail(c + ": accepted a malformed response");
        }
        if (thrown != null) {
            assertTrue(thrown.getMessage() != null && !thrown.getMessage().isBlank(), c + ": no message");
        }
        leaks.assertNoLeak(c.name());
    }

    private static Throwable run(byte[] response, boolean hold) throws Exception {
        try (RawHttpServer server = new RawHttpServer(response, hold);
             Internet internet = Internet.newBuilder().connectTimeout(READ_TIMEOUT).readTimeout(READ_TIMEOUT).build()) {
            HttpSession session = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                    .port(server.port()).build());
            return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (session; HttpResponse answer = session.send(HttpRequest.get("/"))) {
                    try (InputStream body = answer.body()) {
                        body.transferTo(OutputStream.nullOutputStream());
                    }
                    return null;
                } catch (InternetException e) {
                    return e;
                } catch (RuntimeException e) {
                    return e;
                }
            });
        }
    }
}
