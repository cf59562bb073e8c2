package io.inetkit.testkit.proxy;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Everything a {@link Fault} does to one direction. Empty slots leave the bytes alone. */
record Shape(Duration firstDelay, Duration chunkDelay, int dripBytes, Duration dripEvery, Ending ending,
        Optional<UnaryOperator<String>> rewrite) {

    static final Shape CLEAN = new Shape(Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Ending.NONE, Optional.empty());

    Shape withFirstDelay(Duration delay) {
        return new Shape(delay, chunkDelay, dripBytes, dripEvery, ending, rewrite);
    }

    Shape withChunkDelay(Duration delay) {
        return new Shape(firstDelay, delay, dripBytes, dripEvery, ending, rewrite);
    }

    Shape withDrip(int bytes, Duration every) {
        return new Shape(firstDelay, chunkDelay, bytes, every, ending, rewrite);
    }

    Shape withEnding(Ending newEnding) {
        return new Shape(firstDelay, chunkDelay, dripBytes, dripEvery, newEnding, rewrite);
    }

    Shape withRewrite(UnaryOperator<String> function) {
        return new Shape(firstDelay, chunkDelay, dripBytes, dripEvery, ending, Optional.of(function));
    }

    /** This shape with every slot that {@code other} sets taken from {@code other}. */
    Shape and(Shape other) {
        return new Shape(
                other.firstDelay.isZero() ? firstDelay : other.firstDelay,
                other.chunkDelay.isZero() ? chunkDelay : other.chunkDelay,
                other.dripBytes == 0 ? dripBytes : other.dripBytes,
                other.dripBytes == 0 ? dripEvery : other.dripEvery,
                other.ending.kind() == Ending.Kind.NONE ? ending : other.ending,
                other.rewrite.isPresent() ? other.rewrite : rewrite);
    }
}
