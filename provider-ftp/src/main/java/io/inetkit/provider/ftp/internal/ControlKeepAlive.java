package io.inetkit.provider.ftp.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The {@code NOOP}s of a file transfer that inetkit copies itself ({@link FileUpload},
 * {@link FileDownload}): one on the control connection every keep-alive interval, its reply awaited
 * briefly, as Commons Net's {@code storeFile} and {@code retrieveFile} send them, so that NAT boxes
 * keep the control connection open through a long transfer. Replies not read in time are read after
 * the transfer's own ({@link #readLateReplies}).
 */
final class ControlKeepAlive {

    private final ProtectedFtpClient client;
    private final long intervalNanos;
    private long lastNoop = System.nanoTime();
    private int unanswered; // NOOPs whose replies were not read in time: read after the transfer's

    ControlKeepAlive(ProtectedFtpClient client) {
        this.client = client;
        Duration interval = client.getControlKeepAliveTimeoutDuration();
        this.intervalNanos = interval.isZero() || interval.isNegative() ? Long.MAX_VALUE : interval.toNanos();
    }

    /** A NOOP when the keep-alive interval has passed since the last (or the start). */
    void tick() {
        long now = System.nanoTime();
        if (now - lastNoop < intervalNanos) {
            return;
        }
        lastNoop = now;
        try {
            int timeout = client.getSoTimeout();
            client.setSoTimeout((int) Math.max(1, client.getControlKeepAliveReplyTimeoutDuration().toMillis()));
            try {
                client.sendNoOp();
            } finally {
                client.setSoTimeout(timeout);
            }
        } catch (SocketTimeoutException e) {
            unanswered++; // many servers answer only after the transfer
        } catch (IOException e) {
            // As Commons Net: a failed NOOP is the control connection's matter, seen at the transfer's reply.
        }
    }

    /** Whether NOOPs wait for their replies. */
    boolean hasLateReplies() {
        return unanswered > 0;
    }

    /** Reads the replies to NOOPs that were not answered in time; after the transfer's own reply. */
    void readLateReplies() throws IOException {
        for (; unanswered > 0; unanswered--) {
            client.getReply();
        }
    }
}
