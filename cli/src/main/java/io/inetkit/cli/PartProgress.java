package io.inetkit.cli;

import io.inetkit.spi.PartFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The progress line of a download that the library writes to a file itself, which reports no
 * bytes as they come: the size of its {@code .part} file, looked at every {@link #EVERY_MILLIS}.
 * Only when the progress line is shown at all (a terminal); otherwise no thread is started.
 */
final class PartProgress implements AutoCloseable {

    static final long EVERY_MILLIS = 200;

    private static final PartProgress NONE = new PartProgress(null, null, null, null);

    private final Path target;
    private final Progress progress;
    private final Set<Path> before;
    private final Path fixed; // a file watched from the start: a resumed download's target
    private volatile boolean off;
    private Thread thread;

    private PartProgress(Path target, Progress progress, Set<Path> before, Path fixed) {
        this.target = target;
        this.progress = progress;
        this.before = before;
        this.fixed = fixed;
    }

    /** Watches the {@code .part} files of a download to {@code target} that appear from now on. */
    static PartProgress of(Path target, Progress progress) {
        if (!progress.enabled()) {
            return NONE;
        }
        return start(new PartProgress(target, progress, partFiles(target), null));
    }

    /** Watches {@code file} itself, which a resumed download ({@code -C -}) writes into. */
    static PartProgress growing(Path file, Progress progress) {
        if (!progress.enabled()) {
            return NONE;
        }
        return start(new PartProgress(file, progress, Set.of(), file));
    }

    private static PartProgress start(PartProgress watch) {
        watch.thread = new Thread(watch::run, "inetkit-progress");
        watch.thread.setDaemon(true);
        watch.thread.start();
        return watch;
    }

    /** The {@code .part} files of downloads to {@code target} now there; none if the directory cannot be read. */
    static Set<Path> partFiles(Path target) {
        Set<Path> found = new HashSet<>();
        Path directory = target.toAbsolutePath().getParent();
        if (directory == null) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PartFile.glob(target))) {
            files.forEach(found::add);
        } catch (IOException e) {
            // No directory yet, or none to read: the download will fail and say why.
        }
        return found;
    }

    private void run() {
        Path watched = fixed; // found once, then only its size is read: the directory may be large
        while (!off) {
            try {
                Thread.sleep(EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (watched == null) {
                watched = partFiles(target).stream().filter(part -> !before.contains(part)).findFirst().orElse(null);
            }
            if (watched != null) {
                try {
                    long bytes = Files.size(watched);
                    if (!off) {
                        progress.at(bytes);
                    }
                } catch (IOException e) {
                    // Moved onto the target or deleted: the line keeps its last size, not 0.
                    watched = fixed;
                }
            }
        }
    }

    @Override
    public void close() {
        off = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
