package io.inetkit.provider.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;

/**
 * What a channel's server sent and its reader has not taken yet: JSch's reading thread writes into
 * it, the reader takes from it. JSch's own pipe would do, but it refuses to take bytes once the
 * last thread that read from it has ended, which a channel kept for the next download meets.
 *
 * <p>It holds at most {@code capacity} bytes: the reader asks for no more than that, so a server
 * that sends more breaks the protocol, and JSch closes the channel on the failure of its write.
 */
final class Inbox extends OutputStream {

    private final int capacity;
    private byte[] ring = new byte[64 * 1024];
    private int head;
    private int count;
    private boolean closed;
    private String overflow;

    Inbox(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the channel's reader is gone");
        }
        if (len > capacity - count) {
            overflow = "the server sent more than the " + capacity + " bytes asked for";
            closed = true;
            notifyAll();
            throw new IOException(overflow);
        }
        if (count + len > ring.length) {
            grow(count + len);
        }
        int tail = (head + count) % ring.length;
        int first = Math.min(len, ring.length - tail);
        System.arraycopy(b, off, ring, tail, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
        count += len;
        notifyAll();
    }

    private void grow(int needed) {
        int size = ring.length;
        while (size < needed) {
            size *= 2;
        }
        byte[] larger = new byte[Math.min(size, capacity)];
        int first = Math.min(count, ring.length - head);
        System.arraycopy(ring, head, larger, 0, first);
        System.arraycopy(ring, 0, larger, first, count - first);
        ring = larger;
        head = 0;
    }

    /** The end of what the server sends: the channel closed. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /**
     * Takes up to {@code len} bytes, waiting at most {@code timeoutMillis} for the first of them
     * (0: no limit); -1 once the channel closed and all is taken.
     */
    synchronized int read(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (count == 0 && !closed) {
            long left = end - System.nanoTime();
            if (timeoutMillis != 0 && left <= 0) {
                throw new SocketTimeoutException("the SFTP server sent nothing for " + timeoutMillis + " ms");
            }
            try {
                // wait(0) waits for ever: a time-out waits at least its last millisecond.
                wait(timeoutMillis == 0 ? 0 : Math.max(1, (left + 999_999) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the SFTP server");
            }
        }
        if (count == 0) {
            return -1;
        }
        int n = Math.min(len, Math.min(count, ring.length - head));
        System.arraycopy(ring, head, b, off, n);
        head = (head + n) % ring.length;
        count -= n;
        return n;
    }

    /** Why the channel closed from this side, if it did: the server sent what was not asked for. */
    synchronized String overflow() {
        return overflow;
    }
}
