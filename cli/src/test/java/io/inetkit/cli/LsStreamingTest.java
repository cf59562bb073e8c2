package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.script.Reply;
import io.inetkit.testkit.script.ScriptedFtpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code inetkit ls} prints each entry as it arrives, so that no listing is held whole. */
class LsStreamingTest {

    /**
     * Blocking tasks run on a thread of their own: the common pool has one thread on two cores, and
     * a task that an earlier test left waiting would hold this test's task back.
     */
    private static final Executor OWN_THREAD = task -> new Thread(task, "test-task").start();

    @StartStop final ScriptedFtpServer ftp = ScriptedFtpServer.create();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static String entry(long i) {
        return "-rw-r--r--   1 ftp      ftp             5 Jan 01  2020 f" + i + "\r\n";
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String url() {
        return "ftp://127.0.0.1:" + ftp.port() + "/";
    }

    @Test
    void entriesArePrintedWhileTheListingStillComes() throws Exception {
        ftp.data(Reply.trickle(Duration.ofMillis(100), LsStreamingTest::entry));
        CompletableFuture<Integer> ls = CompletableFuture.supplyAsync(() -> run("ls", "--max-time", "5", url()), OWN_THREAD);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!out.toString().contains(" f3\n") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(out.toString().contains(" f0\n") && out.toString().contains(" f3\n"),
                "entries printed before the listing ended: " + out);
        assertTrue(!ls.isDone(), "the listing is still coming");
        assertEquals(28, ls.get(10, TimeUnit.SECONDS), err.toString());
    }

    @Test
    void aListingWithoutEndIsPrintedUntilMaxTimeStopsIt() throws Exception {
        ftp.data(Reply.endless(LsStreamingTest::entry));
        long start = System.nanoTime();
        assertEquals(28, run("ls", "--max-time", "2", url()), err.toString());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 4000, millis + " ms");
        // Its memory stays bounded however long it runs: bench/run measures the heap of a
        // 1,000,000-entry listing, which a timed test on a shared machine cannot.
        long printed = out.toString().lines().count();
        assertTrue(printed > 1000, "entries printed as they came: " + printed);
        assertTrue(err.toString().startsWith("inetkit: ERROR_INTERNET_TIMEOUT (12002): the operation took longer"
                + " than --max-time 2 s"), err.toString());
    }
}
