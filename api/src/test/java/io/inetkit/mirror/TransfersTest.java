package io.inetkit.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TransfersTest {

    /** A session whose transfers do nothing: the jobs given to it do the waiting and counting. */
    private static RemoteTree session() {
        return new RemoteTree() {
            @Override
            public Stream<TreeEntry> list(String directory) {
                return Stream.empty();
            }

            @Override
            public void download(TreeEntry file, Path localFile) {
            }

            @Override
            public String child(String directory, String name) {
                return directory + "/" + name;
            }
        };
    }

    @Test
    void theWalkGoesOnWhileEverySessionIsBusyUntilItIsAThousandFilesAhead() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(2);
        AtomicInteger done = new AtomicInteger();
        Transfers transfers = new Transfers(List.of(session(), session()), (path, failure) -> { });
        Transfers.Job slow = tree -> {
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.incrementAndGet();
        };
        Transfers.Job quick = tree -> done.incrementAndGet();
        ExecutorService walk = Executors.newSingleThreadExecutor();
        try {
            transfers.submit("a", slow);
            transfers.submit("b", slow);
            assertTrue(busy.await(10, TimeUnit.SECONDS), "both sessions took a job");
            // Both sessions are held: the walk still queues a directory's worth of files and more.
            Future<?> ahead = walk.submit(() -> {
                for (int i = 0; i < Transfers.AHEAD; i++) {
                    transfers.submit("f" + i, quick);
                }
                return null;
            });
            ahead.get(10, TimeUnit.SECONDS);
            // One more is past the bound: the walk waits for a session.
            Future<?> past = walk.submit(() -> {
                transfers.submit("past", quick);
                return null;
            });
            try {
                past.get(200, TimeUnit.MILLISECONDS);
                throw new AssertionError("the walk went past the bound of " + Transfers.AHEAD + " queued files");
            } catch (TimeoutException expected) {
                // waiting, as it should
            }
            release.countDown();
            past.get(10, TimeUnit.SECONDS);
            transfers.finish();
            assertEquals(Transfers.AHEAD + 3, done.get());
        } finally {
            release.countDown();
            walk.shutdownNow();
        }
    }

    @Test
    void aFailedJobIsReportedAndTheOthersRun() throws Exception {
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Transfers transfers = new Transfers(List.of(session(), session(), session()),
                (path, failure) -> failed.incrementAndGet());
        for (int i = 0; i < 100; i++) {
            boolean fails = i % 10 == 0;
            transfers.submit("f" + i, tree -> {
                if (fails) {
                    throw new InternetException(io.inetkit.InternetError.CONNECTION_RESET, "reset");
                }
                done.incrementAndGet();
            });
        }
        transfers.finish();
        assertEquals(10, failed.get());
        assertEquals(90, done.get());
    }
}
