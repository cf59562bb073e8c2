package io.inetkit.toolbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * The local file of a download as the sink of {@link WriteWatchdog#receive}, remembering its own
 * failures: they are the disk's (full, gone, not writable), not the network's, and must be reported
 * as such ({@link io.inetkit.InternetException#localFile}), while the watchdog throws what either
 * side throws as it is. A {@link FileChannel} is interruptible: an interrupt of the writing thread
 * closes it with a {@link ClosedByInterruptException}, which is the caller's cancel and is not
 * remembered as the file's failure.
 *
 * <pre>{@code
 * FileSink sink = new FileSink(file);
 * try {
 *     watchdog.receive(socket, sink, buffer, context.readTimeout(), progress -> { });
 * } catch (IOException e) {
 *     if (sink.failure().isPresent()) {
 *         throw InternetException.localFile("cannot write", target, sink.failure().get());
 *     }
 *     throw networkFailure(e);
 * }
 * }</pre>
 */
public final class FileSink implements WritableByteChannel {

    private final FileChannel file;
    private volatile IOException failure;

    /** A sink writing to {@code file} from its position. */
    public FileSink(FileChannel file) {
        this.file = file;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        try {
            return file.write(source);
        } catch (ClosedByInterruptException e) {
            throw e; // the thread's interrupt, which closed the file: a cancel, not the disk's failure
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** The file's failure, if one ended the download; never an interrupt's. */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
