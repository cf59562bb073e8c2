package io.inetkit.provider.sftp;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.spi.Deadline;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * The streams of {@code openRead} and {@code openWrite}: they hold the session's channel and the
 * operation's deadline until closed, and fail with inetkit's errors.
 */
final class Streams {

    /** How much of a write runs under one write time-out. */
    static final int PIECE = 64 * 1024;

    private Streams() {
    }

    /** A remote file's bytes. */
    static final class Read extends FilterInputStream {

        private final SftpConnection connection;
        private final Deadline deadline;
        private final String what;
        private final Consumer<AutoCloseable> onClose;
        private boolean closed;

        Read(InputStream in, SftpConnection connection, Deadline deadline, String what,
                Consumer<AutoCloseable> onClose) {
            super(in);
            this.connection = connection;
            this.deadline = deadline;
            this.what = what;
            this.onClose = onClose;
        }

        private void ensureOpen() throws InternetException {
            if (closed) {
                throw new InternetException(InternetError.INVALID_HANDLE, "the stream " + what + " is closed");
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            try {
                return super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw Failures.of(connection, deadline, what, e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            ensureOpen();
            return super.skip(n);
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                super.close();
            } catch (IOException | RuntimeException ignored) {
                // the connection is gone: nothing to release
            } finally {
                deadline.close();
                onClose.accept(this);
            }
        }
    }

    /** The bytes of a remote file being written. */
    static final class Write extends FilterOutputStream {

        private final SftpConnection connection;
        private final Deadline deadline;
        private final String what;
        private final Consumer<AutoCloseable> onClose;
        private final WriteWatch writes;
        private boolean closed;

        Write(OutputStream out, SftpConnection connection, Deadline deadline, String what,
                Consumer<AutoCloseable> onClose) {
            super(out);
            this.connection = connection;
            this.deadline = deadline;
            this.what = what;
            this.onClose = onClose;
            this.writes = new WriteWatch(connection.context(), connection.transport());
        }

        private void ensureOpen() throws InternetException {
            if (closed) {
                throw new InternetException(InternetError.INVALID_HANDLE, "the stream " + what + " is closed");
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            try {
                for (int done = 0; done < len; done += PIECE) {
                    writes.next();
                    out.write(b, off + done, Math.min(PIECE, len - done));
                }
            } catch (IOException | RuntimeException e) {
                throw Failures.of(connection, deadline, writes, what, e);
            } finally {
                writes.idle();
            }
        }

        @Override
        public void flush() throws IOException {
            ensureOpen();
            try {
                writes.next();
                out.flush();
            } catch (IOException | RuntimeException e) {
                throw Failures.of(connection, deadline, writes, what, e);
            } finally {
                writes.idle();
            }
        }

        /** Finishes the file: the server's close reply is its verdict. */
        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                writes.next();
                out.close();
            } catch (IOException | RuntimeException e) {
                throw Failures.of(connection, deadline, writes, what, e);
            } finally {
                writes.close();
                deadline.close();
                onClose.accept(this);
            }
        }
    }
}
