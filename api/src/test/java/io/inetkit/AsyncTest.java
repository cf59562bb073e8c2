package io.inetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testing.LineProvider;
import io.inetkit.testing.LineServer;
import io.inetkit.testing.LineSession;
import io.inetkit.testing.Recorder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** connectAsync and Session.async run on the Internet's executor and complete with the outcome. */
class AsyncTest {

    private LineServer server;
    private ExecutorService executor;
    private Recorder recorder;
    private Internet internet;

    @BeforeEach
    void start() throws Exception {
        server = new LineServer();
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-executor"));
        recorder = new Recorder();
        internet = Internet.newBuilder().registry(ProviderRegistry.of(new LineProvider(server.port())))
                .executor(executor).statusListener(recorder).build();
    }

    @AfterEach
    void stop() throws Exception {
        internet.close();
        executor.shutdownNow();
        server.close();
    }

    @Test
    void connectAsyncConnectsOnTheExecutorAndCompletesWithTheSession() throws Exception {
        AtomicReference<String> connectingThread = new AtomicReference<>();
        try (Internet watched = Internet.newBuilder().registry(ProviderRegistry.of(new LineProvider(server.port())))
                .executor(executor).statusListener(event -> {
                    recorder.onStatus(event);
                    if (event.status() == InternetStatus.CONNECTING_TO_SERVER) {
                        connectingThread.set(Thread.currentThread().getName());
                    }
                }).build()) {
            CompletableFuture<LineSession> future = watched.connectAsync(
                    ConnectRequest.newBuilder(LineSession.SERVICE, "127.0.0.1").context("async").build());
            try (LineSession session = future.get(10, TimeUnit.SECONDS)) {
                assertEquals("PONG", session.send("PING"));
            }
        }
        assertEquals("app-executor", connectingThread.get());
        assertTrue(recorder.statusesFor("async").contains(InternetStatus.REQUEST_COMPLETE));
    }

    @Test
    void connectAsyncFailsWithTheInternetException() throws Exception {
        CompletableFuture<LineSession> future = internet.connectAsync(
                ConnectRequest.newBuilder(LineSession.SERVICE, "").context("bad").build());
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        InternetException cause = assertInstanceOf(InternetException.class, e.getCause());
        assertEquals(InternetError.INVALID_PARAMETER, cause.error());
        StatusEvent complete = recorder.events().stream()
                .filter(ev -> ev.status() == InternetStatus.REQUEST_COMPLETE).findFirst().orElseThrow();
        assertEquals("bad", complete.context().orElseThrow());
        assertEquals(cause, complete.info(AsyncResult.class).orElseThrow().failure().orElseThrow());
    }

    @Test
    void sessionAsyncRunsTheOperationAndReportsCompletion() throws Exception {
        try (LineSession session = internet.connect(ConnectRequest.newBuilder(LineSession.SERVICE, "127.0.0.1")
                .context("op").build())) {
            assertEquals("PONG", session.async(() -> session.send("PING")).get(10, TimeUnit.SECONDS));
            assertTrue(recorder.statusesFor("op").contains(InternetStatus.REQUEST_COMPLETE));
        }
    }

    @Test
    void sessionAsyncOnAClosedSessionFailsWithInvalidHandle() throws Exception {
        LineSession session = internet.connect(LineSession.SERVICE, "127.0.0.1");
        session.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> session.async(() -> session.send("PING")).get(10, TimeUnit.SECONDS));
        assertEquals(InternetError.INVALID_HANDLE, ((InternetException) e.getCause()).error());
    }

    @Test
    void theDefaultExecutorEndsWithTheInternet() throws Exception {
        try (Internet own = Internet.newBuilder().registry(ProviderRegistry.of(new LineProvider(server.port())))
                .build()) {
            own.connectAsync(ConnectRequest.newBuilder(LineSession.SERVICE, "127.0.0.1").build())
                    .get(10, TimeUnit.SECONDS).close();
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("inetkit-async")));
            own.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> own.connectAsync(
                    ConnectRequest.newBuilder(LineSession.SERVICE, "127.0.0.1").build()).get(10, TimeUnit.SECONDS));
            assertEquals(InternetError.INVALID_HANDLE, ((InternetException) e.getCause()).error());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("inetkit-async")
                && t.isAlive()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("inetkit-async") && t.isAlive()), "async threads ended");
    }
}
