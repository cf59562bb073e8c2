package io.inetkit;

import io.inetkit.spi.ServiceProvider;
import io.inetkit.toolbox.Logs;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The installed providers, one per service id: what {@link Internet} picks from when it connects.
 *
 * <p>{@link #load()} finds them with {@link ServiceLoader}: on the module path through the
 * {@code provides} clauses of provider modules, on the class path through
 * {@code META-INF/services/io.inetkit.spi.ServiceProvider} files. When two providers give the same
 * id, the one with the higher {@link ServiceProvider#priority()} wins, then the one whose class name
 * sorts first, and one warning names both. A provider that fails to load is logged and skipped.
 *
 * <pre>{@code
 * ProviderRegistry registry = ProviderRegistry.load();
 * registry.services().forEach(System.out::println);
 * Internet internet = Internet.newBuilder().registry(registry).build();
 * }</pre>
 *
 * <p>A registry is immutable and thread-safe; one can serve many {@code Internet}s.
 */
public final class ProviderRegistry {

    /** The artifacts that hold WinINet's services, to name in the error when one is missing. */
    private static final Map<Integer, String[]> KNOWN_ARTIFACTS = Map.of(
            1, new String[] {"io.inetkit:inetkit-provider-ftp", "io.inetkit.provider.ftp"},
            2, new String[] {"io.inetkit:inetkit-provider-gopher", "io.inetkit.provider.gopher"},
            3, new String[] {"io.inetkit:inetkit-provider-http", "io.inetkit.provider.http"});

    // WinINet's own schemes are known without their provider, so a missing one is named as such.
    private static final Map<String, Service<?>> KNOWN_SCHEMES = Map.of(
            "ftp", Service.FTP, "ftps", Service.FTP,
            "http", Service.HTTP, "https", Service.HTTP,
            "gopher", Service.GOPHER, "gophers", Service.GOPHER);

    private final Map<Integer, ServiceProvider> byId;

    private ProviderRegistry(List<ServiceProvider> providers) {
        // Loops and named comparators rather than lambdas: the first lambda a program links costs it
        // some 4 ms of method-handle set-up, which the inetkit command would pay for this alone at
        // every start.
        Map<Integer, List<ServiceProvider>> grouped = new TreeMap<>();
        for (ServiceProvider provider : providers) {
            Service<?> service = provider.service();
            if (service == null) {
                throw new NullPointerException(provider.getClass().getName() + ".service() returned null");
            }
            List<ServiceProvider> candidates = grouped.get(service.id());
            if (candidates == null) {
                candidates = new ArrayList<>();
                grouped.put(service.id(), candidates);
            }
            candidates.add(provider);
        }
        Map<Integer, ServiceProvider> chosen = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<ServiceProvider>> entry : grouped.entrySet()) {
            List<ServiceProvider> candidates = entry.getValue();
            candidates.sort(Preference.INSTANCE);
            ServiceProvider winner = candidates.get(0);
            chosen.put(entry.getKey(), winner);
            if (candidates.size() > 1) {
                log().warn("{} providers for service {}: using {}, ignoring {}; remove the extra artifacts"
                        + " or give the one you want a higher priority()", candidates.size(), winner.service(),
                        describe(winner), candidates.subList(1, candidates.size()).stream()
                                .map(ProviderRegistry::describe).collect(Collectors.joining(", ")));
            }
        }
        this.byId = Map.copyOf(chosen);
    }

    /** The providers visible to this module's {@code uses} clause and the context class loader. */
    public static ProviderRegistry load() {
        return fromLoader(ServiceLoader.load(ServiceProvider.class));
    }

    /** The providers visible through a class loader (module path layers and class path). */
    public static ProviderRegistry load(ClassLoader loader) {
        return fromLoader(ServiceLoader.load(ServiceProvider.class, loader));
    }

    /** The providers in the modules of a layer and its parents. */
    public static ProviderRegistry load(ModuleLayer layer) {
        return fromLoader(ServiceLoader.load(layer, ServiceProvider.class));
    }

    /** Exactly these providers; for tests and for applications that wire providers by hand. */
    public static ProviderRegistry of(ServiceProvider... providers) {
        return new ProviderRegistry(List.of(providers));
    }

    private static ProviderRegistry fromLoader(ServiceLoader<ServiceProvider> loader) {
        List<ServiceProvider> providers = new ArrayList<>();
        Iterator<ServiceProvider> it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                providers.add(it.next());
            } catch (ServiceConfigurationError e) {
                // One broken plugin must not take the others down with it.
                log().warn("skipping a provider that failed to load: {}", e.getMessage(), e);
            }
        }
        return new ProviderRegistry(providers);
    }

    /**
     * The log, made at the first warning: a registry with nothing to say starts no logging back end,
     * which is most of the cost of listing the services in a short-lived program.
     */
    private static Logger log() {
        return Logs.get(ProviderRegistry.class);
    }

    /** What is installed, by service id. */
    public List<ServiceInfo> services() {
        // Loops rather than streams: this runs at the start of short-lived programs.
        List<ServiceProvider> providers = new ArrayList<>(byId.values());
        providers.sort(ById.INSTANCE);
        List<ServiceInfo> infos = new ArrayList<>(providers.size());
        for (ServiceProvider provider : providers) {
            infos.add(info(provider));
        }
        return List.copyOf(infos);
    }

    /** The installed service with this id ({@code dwService}), if any. */
    public Optional<Service<?>> service(int id) {
        return Optional.ofNullable(byId.get(id)).map(ServiceProvider::service);
    }

    /** The installed service that handles this URL scheme, if any; case does not matter. */
    public Optional<Service<?>> serviceForScheme(String scheme) {
        String wanted = scheme.toLowerCase(Locale.ROOT);
        return byId.values().stream().filter(p -> p.schemes().contains(wanted))
                .map(ServiceProvider::service).findFirst();
    }

    /**
     * The provider for a service.
     *
     * @throws InternetException {@link InternetError#PROTOCOL_NOT_FOUND} naming what to add
     */
    ServiceProvider require(Service<?> service) throws InternetException {
        ServiceProvider provider = byId.get(service.id());
        if (provider == null) {
            throw new InternetException(InternetError.PROTOCOL_NOT_FOUND,
                    "no provider for service " + service + " is installed; " + whatToAdd(service.id(),
                            linkedIntoImage()) + ". Installed: "
                            + (byId.isEmpty() ? "none" : services().stream().map(i -> i.service().toString())
                                    .collect(Collectors.joining(", "))));
        }
        return provider;
    }

    /**
     * The provider for a URL scheme.
     *
     * @throws InternetException {@link InternetError#PROTOCOL_NOT_FOUND} naming what to add for a
     *     scheme of FTP, HTTP or Gopher whose provider is missing, {@link InternetError#UNRECOGNIZED_SCHEME}
     *     naming the installed schemes for any other
     */
    ServiceProvider requireScheme(String scheme) throws InternetException {
        String wanted = scheme.toLowerCase(Locale.ROOT);
        for (ServiceProvider provider : byId.values()) {
            if (provider.schemes().contains(wanted)) {
                return provider;
            }
        }
        Service<?> known = KNOWN_SCHEMES.get(wanted);
        if (known != null) {
            return require(known);
        }
        String installed = byId.values().stream().flatMap(p -> p.schemes().stream()).sorted()
                .collect(Collectors.joining(", "));
        throw new InternetException(InternetError.UNRECOGNIZED_SCHEME, "no installed provider handles '"
                + scheme + ":' URLs; installed schemes: " + (installed.isEmpty() ? "none" : installed));
    }

    /**
     * What to add for a missing provider: to the class or module path, or — when the API itself is
     * linked into the running image, where no path reaches — to jlink's modules.
     */
    static String whatToAdd(int serviceId, boolean inRuntimeImage) {
        String[] known = KNOWN_ARTIFACTS.get(serviceId);
        if (inRuntimeImage) {
            return known == null
                    ? "this runtime image was linked without its provider: link it again with the provider's module"
                            + " in jlink's --add-modules"
                    : "this runtime image was linked without it: link it again with --add-modules " + known[1]
                            + " (artifact " + known[0] + ")";
        }
        return known == null ? "add the artifact of its provider to the class or module path"
                : "add " + known[0] + " (module " + known[1] + ") to the class or module path";
    }

    /** Whether this module was linked into the running image, rather than found on a path. */
    private static boolean linkedIntoImage() {
        Module module = ProviderRegistry.class.getModule();
        if (!module.isNamed() || module.getLayer() == null) {
            return false;
        }
        Optional<ResolvedModule> resolved = module.getLayer().configuration().findModule(module.getName());
        if (resolved.isEmpty()) {
            return false;
        }
        Optional<URI> location = resolved.get().reference().location();
        return location.isPresent() && "jrt".equals(location.get().getScheme());
    }

    private static ServiceInfo info(ServiceProvider provider) {
        List<String> schemes = new ArrayList<>(provider.schemes());
        Collections.sort(schemes);
        return new ServiceInfo(provider.service(), provider.defaultPort(java.util.Set.of()), schemes,
                moduleName(provider), provider.getClass().getName());
    }

    private static String moduleName(ServiceProvider provider) {
        Module module = provider.getClass().getModule();
        return module.isNamed() ? module.getName() : "unnamed";
    }

    private static String describe(ServiceProvider provider) {
        return provider.getClass().getName() + " (" + moduleName(provider) + ", priority "
                + provider.priority() + ")";
    }

    @Override
    public String toString() {
        return "ProviderRegistry" + services().stream().map(i -> i.service().toString())
                .collect(Collectors.toList());
    }

    /** Higher priority first, then class name. */
    private static final class Preference implements Comparator<ServiceProvider> {
        static final Preference INSTANCE = new Preference();

        @Override
        public int compare(ServiceProvider a, ServiceProvider b) {
            int byPriority = Integer.compare(b.priority(), a.priority());
            return byPriority != 0 ? byPriority : a.getClass().getName().compareTo(b.getClass().getName());
        }
    }

    /** By service id. */
    private static final class ById implements Comparator<ServiceProvider> {
        static final ById INSTANCE = new ById();

        @Override
        public int compare(ServiceProvider a, ServiceProvider b) {
            return Integer.compare(a.service().id(), b.service().id());
        }
    }
}
