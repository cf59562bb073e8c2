package io.inetkit.bench;

import io.inetkit.ProviderRegistry;
import io.inetkit.Service;
import java.util.Optional;
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

/**
 * Finding providers: loading the registry (a ServiceLoader scan of the class path, once per
 * {@code Internet.create()}), and looking a service up by id or by URL scheme in a loaded one
 * (per connect and per {@code openUrl}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProviderLookupBenchmark {

    @Param({"ftp", "http", "gopher"})
    public String scheme;

    private ProviderRegistry registry;
    private int id;

    @Setup
    public void load() {
        registry = ProviderRegistry.load();
        id = registry.serviceForScheme(scheme).orElseThrow().id();
    }

    @Benchmark
    public ProviderRegistry loadRegistry() {
        return ProviderRegistry.load();
    }

    @Benchmark
    public Optional<Service<?>> byId() {
        return registry.service(id);
    }

    @Benchmark
    public Optional<Service<?>> byScheme() {
        return registry.serviceForScheme(scheme);
    }
}
