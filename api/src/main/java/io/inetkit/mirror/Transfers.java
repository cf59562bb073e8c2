package io.inetkit.mirror;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The file transfers of a mirror, on a bounded pool: one thread per session, each with its own,
 * fed through a bounded queue, so that the walk waits rather than piling up work without end. With
 * one session the walking thread transfers itself.
 */
final class Transfers {

    /** One file's transfer on a session. */
    interface Job {
        void run(RemoteTree tree) throws InternetException;
    }

    /** Where a failed job is reported. */
    interface Failures {
        void failed(String path, InternetException failure);
    }

    private static final Job END = tree -> { };

    /**
     * The jobs the walk may be ahead of the transfers by. A queue of a few jobs a session starved
     * them: the walk lists the next directory only once the last files of this one are queued, and
     * a listing takes longer than a few small files, so the sessions waited on every directory
     * (a third of their time in a mirror of 100 directories of 100 files of 4 KiB). A job is a
     * path and an entry: a thousand of them are some 300 KiB.
     */
    static final int AHEAD = 1_024;

    private final RemoteTree inline;
    private final Failures failures;
    private final BlockingQueue<Object[]> queue;
    private final List<Thread> workers = new ArrayList<>();

    Transfers(List<? extends RemoteTree> trees, Failures failures) {
        this.failures = failures;
        if (trees.size() == 1) {
            inline = trees.get(0);
            queue = null;
            return;
        }
        inline = null;
        queue = new ArrayBlockingQueue<>(Math.max(AHEAD, 2 * trees.size()));
        int n = 0;
        for (RemoteTree tree : trees) {
            Thread worker = new Thread(() -> work(tree), "inetkit-mirror-" + ++n);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** Runs the job on a free session, or waits for one; its failure is reported, not thrown. */
    void submit(String path, Job job) throws InternetException {
        if (inline != null) {
            run(inline, path, job);
            return;
        }
        try {
            queue.put(new Object[] {path, job});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternetException(InternetError.OPERATION_CANCELLED, "the mirror was interrupted");
        }
    }

    /** Waits for every job to end; no thread of the pool is left. */
    void finish() throws InternetException {
        if (inline != null) {
            return;
        }
        try {
            for (int i = 0; i < workers.size(); i++) {
                queue.put(new Object[] {"", END});
            }
            for (Thread worker : workers) {
                // Each job ends within its session's time-outs; a join has nothing else to wait for.
                worker.join();
            }
        } catch (InterruptedException e) {
            for (Thread worker : workers) {
                worker.interrupt();
            }
            Thread.currentThread().interrupt();
            throw new InternetException(InternetError.OPERATION_CANCELLED, "the mirror was interrupted");
        }
    }

    private void work(RemoteTree tree) {
        while (true) {
            Object[] next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next[1] == END) {
                return;
            }
            run(tree, (String) next[0], (Job) next[1]);
        }
    }

    private void run(RemoteTree tree, String path, Job job) {
        try {
            job.run(tree);
        } catch (InternetException failure) {
            failures.failed(path, failure);
        } catch (RuntimeException failure) {
            failures.failed(path, new InternetException(InternetError.INTERNAL_ERROR, String.valueOf(failure), failure));
        }
    }
}
