package io.inetkit.provider.ftp.internal.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@link Internet} used from many threads, and many threads on one FTP session: operations take
 * turns on the control connection (every reply belongs to its command), and while a stream is open
 * the others get {@link InternetError#FTP_TRANSFER_IN_PROGRESS}, never mixed-up data.
 */
class FtpConcurrencyTest {

    /** Apache FtpServer allows ten logins at a time by default; one session a thread stays below. */
    static final int THREADS = 8;

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().user("alice", "secret").build();

    @TempDir Path local;

    final Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(10)).build();
    final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        internet.close();
    }

    ConnectRequest<FtpSession> request(ConnectFlag... extra) {
        List<ConnectFlag> flags = new ArrayList<>(List.of(extra));
        flags.add(ConnectFlag.PASSIVE);
        return ConnectRequest.newBuilder(Service.FTP, ftp.host()).port(ftp.port()).user("alice").password("secret")
                .flags(flags.toArray(ConnectFlag[]::new)).build();
    }

    static byte[] content(int i) {
        byte[] bytes = new byte[10_000 + i * 997];
        new Random(i).nextBytes(bytes);
        return bytes;
    }

    <T> List<T> inParallel(int n, IntCall<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit((Callable<T>) () -> {
                start.await();
                return call.run(index);
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    interface IntCall<T> {
        T run(int i) throws Exception;
    }

    @Test
    void oneInternetServesSessionsOnManyThreads() throws Exception {
        inParallel(THREADS, i -> {
            Path source = Files.write(local.resolve("src-" + i), content(i));
            try (FtpSession session = internet.connect(request())) {
                session.put(source, "f-" + i);
                Path back = local.resolve("back-" + i);
                session.get("f-" + i, back);
                assertArrayEquals(content(i), Files.readAllBytes(back));
                assertEquals(content(i).length, session.size("f-" + i));
            }
            return null;
        });
        assertEquals(THREADS, ftp.root().toFile().list().length);
    }

    @Test
    void threadsSharingOneSessionTakeTurnsAndGetTheirOwnReplies() throws Exception {
        for (int i = 0; i < THREADS; i++) {
            Files.write(ftp.root().resolve("f-" + i), content(i));
        }
        try (FtpSession session = internet.connect(request())) {
            inParallel(THREADS, i -> {
                for (int round = 0; round < 5; round++) {
                    assertEquals(content(i).length, session.size("f-" + i), "the reply of another command");
                    Path back = local.resolve("back-" + i + "-" + round);
                    session.get("f-" + i, back);
                    assertArrayEquals(content(i), Files.readAllBytes(back));
                    assertEquals(THREADS, session.list().size());
                }
                return null;
            });
            assertEquals("/", session.pwd());
        }
    }

    @Test
    void anOpenStreamMakesEveryOtherOperationATransferInProgress() throws Exception {
        Files.write(ftp.root().resolve("big"), content(500));
        // The cache shares by flags too, so both handles ask for EXISTING_CONNECT.
        try (FtpSession session = internet.connect(request(ConnectFlag.EXISTING_CONNECT));
             FtpSession shared = internet.connect(request(ConnectFlag.EXISTING_CONNECT))) {
            AtomicInteger refused = new AtomicInteger();
            try (InputStream in = session.openRead("big", TransferType.BINARY)) {
                List<InternetError> errors = inParallel(THREADS, i -> {
                    FtpSession handle = i % 2 == 0 ? session : shared;
                    try {
                        switch (i % 4) {
                            case 0 -> handle.pwd();
                            case 1 -> handle.list();
                            case 2 -> handle.get("big", local.resolve("x-" + i));
                            default -> handle.openRead("big", TransferType.BINARY).close();
                        }
                        return null;
                    } catch (InternetException e) {
                        refused.incrementAndGet();
                        return e.error();
                    }
                });
                assertArrayEquals(content(500), in.readAllBytes(), "the open stream's data is intact");
                assertEquals(THREADS, refused.get(), errors.toString());
                assertTrue(errors.stream().allMatch(e -> e == InternetError.FTP_TRANSFER_IN_PROGRESS), errors.toString());
            }
            assertEquals("/", shared.pwd());
            Path after = local.resolve("after");
            session.get("big", after);
            assertArrayEquals(content(500), Files.readAllBytes(after));
        }
        try (var files = Files.list(local)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("x-")), "no refused download left a file");
        }
    }
}
