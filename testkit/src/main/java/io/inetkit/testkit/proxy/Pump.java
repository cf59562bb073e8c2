package io.inetkit.testkit.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;

/** Moves the bytes of one direction of one connection, shaped as its {@link Shape} says. */
final class Pump implements Runnable {

    private final Direction direction;
    private final InputStream in;
    private final OutputStream out;
    private final Shape shape;
    private final LineRewriter rewriter;
    private final ProxyConnection connection;
    private final ProxyStats stats;
    private final Throttle throttle;
    private long forwarded;
    private long writes;

    Pump(Direction direction, InputStream in, OutputStream out, Shape shape, long bytesPerSecond,
            ProxyConnection connection, ProxyStats stats) {
        this.direction = direction;
        this.in = in;
        this.out = out;
        this.shape = shape;
        this.rewriter = shape.rewrite().map(LineRewriter::new).orElse(null);
        this.connection = connection;
        this.stats = stats;
        this.throttle = new Throttle(bytesPerSecond);
    }

    @Override
    public void run() {
        try {
            if (shape.ending().kind() != Ending.Kind.NONE && shape.ending().afterBytes() == 0) {
                end();
                return;
            }
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                byte[] data = rewriter != null ? rewriter.feed(buffer, n) : Arrays.copyOf(buffer, n);
                if (!forward(data)) {
                    return;
                }
            }
            if (rewriter != null && !forward(rewriter.finish())) {
                return;
            }
            connection.sourceEnded(direction);
        } catch (IOException e) {
            connection.failed(direction, e);
        }
    }

    /** Forwards what the budget allows; false once the direction's ending has been applied. */
    private boolean forward(byte[] data) throws IOException {
        Ending ending = shape.ending();
        int length = data.length;
        boolean ends = false;
        if (ending.kind() != Ending.Kind.NONE && forwarded + length >= ending.afterBytes()) {
            length = (int) (ending.afterBytes() - forwarded);
            ends = true;
        }
        write(data, length);
        if (ends) {
            end();
            return false;
        }
        return true;
    }

    private void write(byte[] data, int length) throws IOException {
        if (length == 0) {
            return;
        }
        if (writes == 0) {
            pause(shape.firstDelay());
        }
        pause(shape.chunkDelay());
        int step = shape.dripBytes() > 0 ? shape.dripBytes() : length;
        if (throttle.active()) {
            step = Math.min(step, throttle.step());
        }
        for (int offset = 0; offset < length; offset += step) {
            if (shape.dripBytes() > 0 && writes > 0) {
                pause(shape.dripEvery());
            }
            int n = Math.min(step, length - offset);
            // Counted before the write: a peer's answer to these bytes can reach the client, and a
            // test read the counts, before this thread runs again after the write.
            stats.forwarded(direction, n);
            out.write(data, offset, n);
            out.flush();
            writes++;
            forwarded += n;
            if (throttle.active()) {
                pause(throttle.after(n));
            }
        }
    }

    private void pause(Duration duration) throws IOException {
        if (!duration.isZero() && connection.awaitClosed(duration)) {
            throw new IOException("connection closed while delaying");
        }
    }

    private void end() throws IOException {
        switch (shape.ending().kind()) {
            case CUT -> connection.closeAll(false);
            case RESET -> connection.closeAll(true);
            case HALF_CLOSE -> {
                connection.shutdownOutput(direction);
                in.transferTo(OutputStream.nullOutputStream());
                connection.sourceEnded(direction);
            }
            case STALL -> connection.stall(direction);
            case NONE -> throw new AssertionError("no ending to apply");
        }
    }
}
