package io.inetkit.testkit.proxy;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a {@link FaultProxy} does to one connection: forward it cleanly, swallow it, reset it, or
 * slow, cut, reset, half-close, stall or rewrite one of its directions. Faults are immutable values;
 * {@link #and(Fault)} combines them.
 *
 * <pre>{@code
 * proxy.fault(Fault.delay(Direction.DOWNSTREAM, Duration.ofMillis(500))
 *         .and(Fault.drip(Direction.DOWNSTREAM, 10, Duration.ofMillis(50)))
 *         .and(Fault.resetAfter(Direction.DOWNSTREAM, 1000)));
 * proxy.enqueue(Fault.blackHole()); // only the next connection
 * }</pre>
 *
 * <p>Byte counts are of bytes forwarded in the direction, after any rewriting. In one direction
 * there is at most one ending (cut, reset, half-close, stall); combining two keeps the later one.
 */
public final class Fault {

    /** What happens to the connection as a whole. */
    enum Mode {
        FORWARD,
        BLACK_HOLE,
        RESET_ON_ACCEPT
    }

    private static final Fault NONE = new Fault(Mode.FORWARD, Shape.CLEAN, Shape.CLEAN);

    private final Mode mode;
    private final Shape upstream;
    private final Shape downstream;

    private Fault(Mode mode, Shape upstream, Shape downstream) {
        this.mode = mode;
        this.upstream = upstream;
        this.downstream = downstream;
    }

    /** Forwards both directions untouched. */
    public static Fault none() {
        return NONE;
    }

    /**
     * Accepts the connection, reads and discards what the client sends, and never connects to the
     * target nor answers: the client waits until its own timeout.
     */
    public static Fault blackHole() {
        return new Fault(Mode.BLACK_HOLE, Shape.CLEAN, Shape.CLEAN);
    }

    /**
     * Accepts the connection and resets it at once (RST), before connecting to the target: the
     * client's first read or write fails with "Connection reset". To refuse the TCP handshake
     * itself, use {@link FaultProxy#refuseConnections()}.
     */
    public static Fault resetOnAccept() {
        return new Fault(Mode.RESET_ON_ACCEPT, Shape.CLEAN, Shape.CLEAN);
    }

    /** Waits {@code delay} before forwarding the first byte in the direction. */
    public static Fault delay(Direction direction, Duration delay) {
        requirePositive(delay);
        return shaping(direction, Shape.CLEAN.withFirstDelay(delay));
    }

    /** Waits {@code delay} before forwarding each chunk read in the direction. */
    public static Fault delayEachChunk(Direction direction, Duration delay) {
        requirePositive(delay);
        return shaping(direction, Shape.CLEAN.withChunkDelay(delay));
    }

    /** Forwards {@code bytes} bytes at a time with {@code every} between them. */
    public static Fault drip(Direction direction, int bytes, Duration every) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be positive: " + bytes);
        }
        requirePositive(every);
        return shaping(direction, Shape.CLEAN.withDrip(bytes, every));
    }

    /** Forwards {@code bytes} bytes in the direction, then closes both sides cleanly (FIN). */
    public static Fault cutAfter(Direction direction, long bytes) {
        return ending(direction, Ending.Kind.CUT, bytes);
    }

    /** Forwards {@code bytes} bytes in the direction, then resets both sides (RST). */
    public static Fault resetAfter(Direction direction, long bytes) {
        return ending(direction, Ending.Kind.RESET, bytes);
    }

    /**
     * Forwards {@code bytes} bytes in the direction, then shuts down output towards the receiving
     * side (it reads end of stream) while the other direction goes on: downstream, the client sees
     * EOF and may still send; upstream, the target sees EOF and may still answer. Further bytes in
     * the direction are read and discarded.
     */
    public static Fault halfCloseAfter(Direction direction, long bytes) {
        return ending(direction, Ending.Kind.HALF_CLOSE, bytes);
    }

    /**
     * Forwards {@code bytes} bytes in the direction, then stops reading and forwarding in it while
     * keeping the connection open, so the receiving side waits and the sending side fills its
     * buffers. The other direction goes on.
     */
    public static Fault stallAfter(Direction direction, long bytes) {
        return ending(direction, Ending.Kind.STALL, bytes);
    }

    /**
     * Applies {@code function} to every line in the direction. A line is given without its line
     * terminator ({@code LF} or {@code CR LF}, which is put back after it), decoded as ISO-8859-1 so
     * that every byte is one char and comes back unchanged unless the function changes it. Bytes
     * are held until their line is complete or the stream ends. For example, pointing an FTP
     * passive reply at another port:
     *
     * <pre>{@code
     * Fault.rewriteLines(Direction.DOWNSTREAM, line -> line.startsWith("227 ")
     *         ? "227 Entering Passive Mode (127,0,0,1,4,1)" : line)
     * }</pre>
     */
    public static Fault rewriteLines(Direction direction, UnaryOperator<String> function) {
        return shaping(direction, Shape.CLEAN.withRewrite(Objects.requireNonNull(function, "function")));
    }

    /**
     * This fault and {@code other} together. Where both set the same thing, {@code other} wins; a
     * black hole or reset-on-accept in either wins over forwarding.
     */
    public Fault and(Fault other) {
        Mode combined = other.mode != Mode.FORWARD ? other.mode : mode;
        return new Fault(combined, upstream.and(other.upstream), downstream.and(other.downstream));
    }

    Mode mode() {
        return mode;
    }

    Shape shape(Direction direction) {
        return direction == Direction.UPSTREAM ? upstream : downstream;
    }

    private static Fault shaping(Direction direction, Shape shape) {
        Objects.requireNonNull(direction, "direction");
        return direction == Direction.UPSTREAM
                ? new Fault(Mode.FORWARD, shape, Shape.CLEAN)
                : new Fault(Mode.FORWARD, Shape.CLEAN, shape);
    }

    private static Fault ending(Direction direction, Ending.Kind kind, long bytes) {
        return shaping(direction, Shape.CLEAN.withEnding(new Ending(kind, bytes)));
    }

    private static void requirePositive(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive: " + duration);
        }
    }

    @Override
    public String toString() {
        return "Fault[" + mode + ", upstream=" + upstream + ", downstream=" + downstream + "]";
    }
}
