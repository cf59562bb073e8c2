package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inetkit.ProxyConfig;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class ProviderContextTest {

    /** Only the time-outs matter here. */
    private static ProviderContext withTimeouts(Duration connect, Duration read) {
        return new ProviderContext() {
            @Override public String agent() { return "test"; }
            @Override public Duration connectTimeout() { return connect; }
            @Override public Duration readTimeout() { return read; }
            @Override public ProxyConfig proxy() { return ProxyConfig.direct(); }
            @Override public SSLContext sslContext() { throw new UnsupportedOperationException(); }
            @Override public Executor executor() { return Runnable::run; }
            @Override public StatusPublisher status() { throw new UnsupportedOperationException(); }
            @Override public <T> T shared(Class<T> key, Supplier<? extends T> factory) { return factory.get(); }
        };
    }

    @Test
    void socketMillisAreTheTimeoutsInMilliseconds() {
        ProviderContext context = withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(1500));
        assertEquals(30_000, context.connectTimeoutMillis());
        assertEquals(1_500, context.readTimeoutMillis());
    }

    @Test
    void aTimeoutUnderAMillisecondIsOneNotZeroWhichSocketsTakeForNever() {
        ProviderContext context = withTimeouts(Duration.ofNanos(500_000), Duration.ofNanos(1));
        assertEquals(1, context.connectTimeoutMillis());
        assertEquals(1, context.readTimeoutMillis());
    }
}
