package io.inetkit.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread pools whose threads never keep a JVM alive and say whose they are in their names. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A cached pool: threads made on demand, ended after 30 idle seconds. */
    public static ExecutorService cachedPool(String prefix) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), factory(prefix));
    }

    /** A factory of daemon threads named {@code prefix-N}. */
    public static ThreadFactory factory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
