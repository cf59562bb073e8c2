package io.inetkit.provider.gopher.reliability;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.testkit.corpus.Corpus;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.leak.Leaks;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reply of {@code reliability/gopher-replies.txt}, served raw: each ends in a result or an
 * {@link InternetException} as the corpus says, never an unchecked exception, a hang, or a heap
 * grown past the provider's limits (menus and attribute replies are bounded; documents stream).
 */
class GopherMalformedReplyTest {

    static final Duration READ_TIMEOUT = Duration.ofMillis(700);

    static Stream<Corpus.Entry> corpus() {
        List<Corpus.Entry> entries = Corpus.load(GopherMalformedReplyTest.class, "/reliability/gopher-replies.txt", 4);
        assertTrue(entries.size() >= 50, "the Gopher corpus shrank: " + entries.size());
        return entries.stream();
    }

    @BeforeAll
    static void warmUp() throws Exception {
        run("warm-up", "menu", ".\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void endsInAResultOrAnInternetException(Corpus.Entry c) throws Exception {
        Leaks leaks = Leaks.snapshot();
        Throwable thrown = run(c.name(), c.field(1), c.payload());
        if (thrown != null && !(thrown instanceof InternetException)) {
            throw new AssertionError(c + ": " + thrown + " is not an InternetException", thrown);
        }
        if (c.field(2).equals("error") && thrown == null) {
            fail(c + ": accepted a malformed reply");
        }
        if (thrown != null) {
            assertTrue(thrown.getMessage() != null && !thrown.getMessage().isBlank(), c + ": no message");
        }
        leaks.assertNoLeak(c.name());
    }

    private static Throwable run(String name, String op, byte[] reply) throws Exception {
        try (TestGopherServer server = TestGopherServer.create();
             Internet internet = Internet.newBuilder().readTimeout(READ_TIMEOUT).build()) {
            server.start();
            server.rawForAny(reply);
            GopherSession session = internet.connect(ConnectRequest.newBuilder(Service.GOPHER, "127.0.0.1")
                    .port(server.port()).build());
            long heapBefore = usedHeap();
            return assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                try (session) {
                    switch (op) {
                        case "menu" -> session.menu("/x");
                        case "search" -> session.search("/x", "query");
                        case "attributes" -> session.attributes("/x");
                        case "text", "binary" -> {
                            try (InputStream in = session.open("/x",
                                    op.equals("text") ? GopherItemType.TEXT_FILE : GopherItemType.BINARY)) {
                                in.transferTo(java.io.OutputStream.nullOutputStream()); // streamed, never held
                            }
                        }
                        default -> throw new IllegalArgumentException("unknown operation " + op);
                    }
                    long grown = usedHeap() - heapBefore;
                    assertTrue(grown < 256L * 1024 * 1024, name + ": the heap grew by " + grown + " bytes");
                    return null;
                } catch (InternetException e) {
                    return e;
                } catch (RuntimeException e) {
                    return e;
                }
            });
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
