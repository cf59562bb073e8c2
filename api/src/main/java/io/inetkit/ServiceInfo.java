package io.inetkit;

import java.util.List;
import java.util.Objects;

/**
 * An installed provider, as {@link Internet#services()} lists it: what the {@code inetkit services}
 * command prints.
 *
 * <pre>{@code
 * for (ServiceInfo info : internet.services()) {
 *     System.out.println(info.service() + " " + info.defaultPort() + " " + info.schemes());
 * }
 * }</pre>
 *
 * @param service the service it provides
 * @param defaultPort the port used for {@link Ports#DEFAULT} without {@link ConnectFlag#SECURE}
 * @param schemes the URL schemes it handles, for example {@code [ftp, ftps]}
 * @param module the name of the module it comes from, or {@code unnamed} on the class path
 * @param providerClass the class name of the provider
 */
public record ServiceInfo(Service<?> service, int defaultPort, List<String> schemes, String module,
        String providerClass) {

    /** Checks and copies the fields. */
    public ServiceInfo {
        Objects.requireNonNull(service, "service");
        schemes = List.copyOf(schemes);
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(providerClass, "providerClass");
    }
}
