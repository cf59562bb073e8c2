package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Deadline} on a real loopback connection: its timer resets the socket of a blocked read. */
class DeadlineTest {

    private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();
    private ServerSocket server;
    private Socket client;
    private Socket accepted;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        accepted = server.accept(); // and never written to
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        accepted.close();
        server.close();
        shared.values().forEach(timer -> ((Deadline.Timer) timer).close());
    }

    private ProviderContext context(Duration deadline, Duration write) {
        return new ProviderContext() {
            @Override public String agent() { return "test"; }
            @Override public Duration connectTimeout() { return Duration.ofSeconds(5); }
            @Override public Duration readTimeout() { return Duration.ofSeconds(30); }
            @Override public Duration writeTimeout() { return write; }
            @Override public Optional<Duration> deadline() { return Optional.ofNullable(deadline); }
            @Override public ProxyConfig proxy() { return ProxyConfig.direct(); }
            @Override public SSLContext sslContext() { throw new UnsupportedOperationException(); }
            @Override public Executor executor() { return Runnable::run; }
            @Override public StatusPublisher status() { throw new UnsupportedOperationException(); }
            @Override public <T> T shared(Class<T> key, Supplier<? extends T> factory) {
                return key.cast(shared.computeIfAbsent(key, k -> factory.get()));
            }
        };
    }

    @Test
    void withoutABoundNothingRunsOutAndNoTimerIsMade() {
        Deadline none = Deadline.start(context(null, Duration.ofSeconds(1)));
        assertSame(Deadline.none(), none);
        assertFalse(none.isExpired());
        assertEquals(Optional.empty(), none.remaining());
        assertEquals(Duration.ofSeconds(5), none.bound(Duration.ofSeconds(5)));
        assertTrue(shared.isEmpty(), "no timer for an Internet without a deadline");
    }

    @Test
    void theCutResetsABlockedReadAndTheErrorNamesTheDeadline() {
        Deadline deadline = Deadline.start(context(Duration.ofMillis(300), Duration.ofSeconds(1)));
        deadline.cuts(client);
        IOException failed = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(IOException.class, () -> client.getInputStream().read()));
        assertTrue(deadline.isExpired());
        assertTrue(client.isClosed(), "the socket is closed when the reader sees the cut");
        InternetException e = deadline.error("reading from test:1", failed);
        assertEquals(InternetError.TIMEOUT, e.error());
        assertEquals("reading from test:1: the operation ran past its deadline of 300 ms (Internet.Builder.deadline)",
                e.getMessage());
        assertSame(failed, e.getCause());
        deadline.close();
    }

    @Test
    void aClosedDeadlineNeverCuts() throws Exception {
        Deadline deadline = Deadline.start(context(Duration.ofMillis(100), Duration.ofSeconds(1)));
        deadline.cuts(client);
        deadline.close();
        Thread.sleep(300);
        assertFalse(client.isClosed());
        assertFalse(deadline.isExpired());
    }

    @Test
    void aCutGivenAfterTheDeadlineRanOutRunsAtOnce() throws Exception {
        Deadline deadline = Deadline.start(context(Duration.ofMillis(50), Duration.ofSeconds(1)));
        Thread.sleep(300);
        assertTrue(deadline.isExpired());
        deadline.cuts(client);
        assertTrue(client.isClosed());
        assertEquals(Duration.ZERO, deadline.remaining().orElseThrow());
        assertEquals(Duration.ofMillis(1), deadline.bound(Duration.ofSeconds(5)), "never zero, which means forever");
    }

    @Test
    void aWriteBoundNamesTheWriteTimeout() {
        try (Deadline write = Deadline.writing(context(null, Duration.ofMillis(700)))) {
            assertEquals("sending to test:1: the server took in nothing for 700 ms, the write timeout"
                    + " (Internet.Builder.writeTimeout)", write.error("sending to test:1", null).getMessage());
        }
    }
}
