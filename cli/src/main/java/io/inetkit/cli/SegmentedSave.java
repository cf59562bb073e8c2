package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.SegmentedDownload;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Model.ArgSpec;

/**
 * {@code get --segments N -o FILE}: one file over N connections, the library's
 * {@link SegmentedDownload}, as aria2's {@code -x N -s N} and lftp's {@code pget -n N}.
 */
final class SegmentedSave {

    int segments = 1;

    /** Declares the option for a command, which keeps its value here. */
    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "segments", "--segments")
                .paramLabel("N")
                .description("HTTP, FTP, SFTP: fetch the file over N connections at once (1 to "
                        + SegmentedDownload.MAX_SEGMENTS + ", at most " + SegmentedDownload.DEFAULT_MAX_CONNECTIONS_PER_HOST
                        + " to a host), each a range of it, into -o FILE or -O's; fewer for a file under 2 MiB, one"
                        + " when the server ignores ranges. A file that changes meanwhile fails the transfer.")
                .build());
    }

    /** Whether more than one connection was asked for. */
    boolean wanted() {
        return segments != 1;
    }

    /** Refuses a count out of bounds, or {@code --segments} where it cannot apply. */
    void check(Path output, boolean otherOptions) throws InternetException {
        if (segments < 1 || segments > SegmentedDownload.MAX_SEGMENTS) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--segments must be from 1 to "
                    + SegmentedDownload.MAX_SEGMENTS + ", not " + segments);
        }
        if (!wanted()) {
            return;
        }
        if (output == null || output.toString().equals("-")) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--segments writes to a file: give -o FILE"
                    + " or -O");
        }
        if (otherOptions) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--segments takes a plain download: not"
                    + " with -C, -T, -X, -d, -H, -I, -i, -b, -c, -e, --raw or --view");
        }
    }

    /** Downloads {@code uri} into {@code target}, the progress line fed from every connection. */
    void save(Internet internet, URI uri, ConnectFlag[] flags, SshOptions ssh, Path target, Progress progress,
            Stop stop) throws InternetException {
        AtomicLong received = new AtomicLong();
        stop.downloadTo(target);
        Thread ticker = progress.enabled() ? ticker(received, progress) : null;
        try {
            SegmentedDownload download = SegmentedDownload.newBuilder().segments(segments).build();
            // An SFTP session needs the command's key files and host keys, which a URL cannot carry.
            SegmentedDownload.Result result = SftpTarget.is(internet, uri)
                    ? download.download(internet, SftpTarget.request(uri, Set.of(flags), ssh), SftpTarget.path(uri),
                            target, received)
                    : download.download(internet, uri, target, received, flags);
            progress.expect(result.bytes());
        } finally {
            if (ticker != null) {
                ticker.interrupt();
            }
            stop.downloadTo(null);
        }
        progress.at(received.get());
    }

    /** A daemon thread that shows the bytes received so far, until interrupted. */
    private static Thread ticker(AtomicLong received, Progress progress) {
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(PartProgress.EVERY_MILLIS);
                    progress.at(received.get());
                }
            } catch (InterruptedException e) {
                // Done.
            }
        }, "inetkit-progress");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
