package io.inetkit.bench;

import io.inetkit.Credentials;
import io.inetkit.InternetStatus;
import io.inetkit.Service;
import io.inetkit.StatusListener;
import io.inetkit.internal.StatusDispatcher;
import io.inetkit.spi.ConnectSpec;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One status event published by a provider, as on the transfer path (a byte count as the info):
 * with no listener (the common case, which must cost nothing), with a listener that only looks at
 * the event, and with a listener that throws (shielded and logged once, then at DEBUG).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StatusDispatchBenchmark {

    @Param({"none", "consuming", "throwing"})
    public String listener;

    private StatusDispatcher dispatcher;
    private long bytes;

    @Setup
    public void makeDispatcher(Blackhole hole) {
        StatusListener chosen = switch (listener) {
            case "none" -> null;
            case "consuming" -> event -> hole.consume(event.status());
            default -> event -> {
                throw new IllegalStateException("listener failure");
            };
        };
        ConnectSpec spec = new ConnectSpec(Service.HTTP, "127.0.0.1", 8080, Credentials.of("anonymous", "x"), Set.of());
        dispatcher = new StatusDispatcher(chosen, spec, "context");
    }

    @Benchmark
    public void publishReceived() {
        dispatcher.publish(InternetStatus.RESPONSE_RECEIVED, bytes += 65536);
    }

    @Benchmark
    public boolean guardedPublish() {
        // What a provider can do on a hot path: ask first, and box the count only when someone listens.
        if (dispatcher.isEnabled()) {
            dispatcher.publish(InternetStatus.RESPONSE_RECEIVED, bytes += 65536);
            return true;
        }
        return false;
    }
}
