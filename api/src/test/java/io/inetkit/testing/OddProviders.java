package io.inetkit.testing;

import io.inetkit.ConnectFlag;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.Connection;
import io.inetkit.spi.ProviderContext;
import io.inetkit.spi.ServiceProvider;
import java.util.Set;

/** Providers that misbehave or compete, for the registry's and the Internet's error paths. */
public final class OddProviders {

    private OddProviders() {
    }

    /** A second provider of the line service, with a priority of its choosing. */
    public static final class Rival extends LineProvider {
        private final int priority;

        public Rival(int defaultPort, int priority) {
            super(defaultPort);
            this.priority = priority;
        }

        @Override
        public int priority() {
            return priority;
        }
    }

    /** A provider whose connect has a bug. */
    public static final class Crashing extends LineProvider {
        @Override
        public Connection connect(ConnectSpec spec, ProviderContext context) {
            throw new IllegalStateException("bug in provider");
        }
    }

    /** A provider that claims the line service but makes sessions of another type. */
    public static final class WrongType implements ServiceProvider {
        public interface OtherSession extends io.inetkit.Session {
        }

        @Override
        public Service<?> service() {
            return Service.of(9001, "line", OtherSession.class);
        }

        @Override
        public int defaultPort(Set<ConnectFlag> flags) {
            return 1;
        }

        @Override
        public Set<String> schemes() {
            return Set.of();
        }

        @Override
        public Set<ConnectFlag> supportedFlags() {
            return Set.of();
        }

        @Override
        public Connection connect(ConnectSpec spec, ProviderContext context) throws InternetException {
            throw new AssertionError("must not be reached: the session type is checked first");
        }
    }
}
