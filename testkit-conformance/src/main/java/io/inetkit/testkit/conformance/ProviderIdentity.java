package io.inetkit.testkit.conformance;

import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.spi.ServiceProvider;
import java.util.Objects;
import java.util.Set;

/**
 * What a provider says it is, as its author means it: the class {@link java.util.ServiceLoader}
 * makes, the {@link Service} (its id, name and session interface), the default port and the URL
 * schemes. {@link ProviderConformance} checks the provider and its registration against it.
 *
 * <pre>{@code
 * ProviderIdentity.of(EchoProvider.class, EchoSession.SERVICE, 7, "echo")
 * }</pre>
 *
 * @param <S> the session interface of the service
 * @param providerClass the provider class, as both declarations name it
 * @param service the service, with its id, name and session interface
 * @param defaultPort the port used for {@link io.inetkit.Ports#DEFAULT} without flags
 * @param schemes the URL schemes, lower case; empty for none
 */
public record ProviderIdentity<S extends Session>(Class<? extends ServiceProvider> providerClass, Service<S> service,
        int defaultPort, Set<String> schemes) {

    /** Checks and copies the fields. */
    public ProviderIdentity {
        Objects.requireNonNull(providerClass, "providerClass");
        Objects.requireNonNull(service, "service");
        schemes = Set.copyOf(schemes);
        if (defaultPort < 1 || defaultPort > 65_535) {
            throw new IllegalArgumentException("defaultPort out of range 1..65535: " + defaultPort);
        }
    }

    /** The identity with these schemes. */
    public static <S extends Session> ProviderIdentity<S> of(Class<? extends ServiceProvider> providerClass,
            Service<S> service, int defaultPort, String... schemes) {
        return new ProviderIdentity<>(providerClass, service, defaultPort, Set.of(schemes));
    }
}
