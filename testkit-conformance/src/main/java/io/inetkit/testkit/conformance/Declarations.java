package io.inetkit.testkit.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.InvalidModuleDescriptorException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * The two declarations of the services a provider's jar or classes folder provides, read from the
 * files themselves: the {@code provides} clauses of its {@code module-info.class} (the module path)
 * and its {@code META-INF/services} files (the class path). A provider declared in only one of them
 * is silently missing on the other path.
 *
 * <p>The {@code module-info.class} is read as it is, not through a {@link java.lang.module.ModuleFinder},
 * which would make a jar without one an automatic module whose {@code provides} are copied from
 * its services files: the comparison would then agree with itself.
 */
final class Declarations {

    /** The service every inetkit provider declares. */
    static final String SERVICE = "io.inetkit.spi.ServiceProvider";

    private static final String MODULE_INFO = "module-info.class";
    private static final String SERVICES = "META-INF/services/";

    private final Path location;
    private final ModuleDescriptor module;
    private final Map<String, Set<String>> servicesFiles;

    Declarations(Path location, ModuleDescriptor module, Map<String, Set<String>> servicesFiles) {
        this.location = location;
        this.module = module;
        this.servicesFiles = servicesFiles;
    }

    /** The declarations of the jar or classes folder a class was loaded from. */
    static Declarations of(Class<?> type) throws IOException {
        return read(location(type));
    }

    /** The declarations of a jar or a classes folder. */
    static Declarations read(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            ModuleDescriptor module = null;
            Path moduleInfo = location.resolve(MODULE_INFO);
            if (Files.isRegularFile(moduleInfo)) {
                try (InputStream in = Files.newInputStream(moduleInfo)) {
                    module = descriptor(in, moduleInfo.toString());
                }
            }
            Map<String, Set<String>> files = new TreeMap<>();
            Path dir = location.resolve(SERVICES);
            if (Files.isDirectory(dir)) {
                try (var list = Files.list(dir)) {
                    for (Path file : (Iterable<Path>) list::iterator) {
                        if (Files.isRegularFile(file)) {
                            files.put(file.getFileName().toString(), names(Files.readString(file, StandardCharsets.UTF_8)));
                        }
                    }
                }
            }
            return new Declarations(location, module, files);
        }
        // Opened as the runtime would: a multi-release jar's versioned module-info wins.
        try (JarFile jar = new JarFile(location.toFile(), true, ZipFile.OPEN_READ, Runtime.version())) {
            ModuleDescriptor module = null;
            JarEntry moduleInfo = jar.getJarEntry(MODULE_INFO);
            if (moduleInfo != null) {
                try (InputStream in = jar.getInputStream(moduleInfo)) {
                    module = descriptor(in, location + "!/" + moduleInfo.getRealName());
                }
            }
            Map<String, Set<String>> files = new TreeMap<>();
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(SERVICES) && name.indexOf('/', SERVICES.length()) < 0) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.put(name.substring(SERVICES.length()),
                                names(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
            return new Declarations(location, module, files);
        }
    }

    private static ModuleDescriptor descriptor(InputStream in, String where) throws IOException {
        try {
            return ModuleDescriptor.read(in);
        } catch (InvalidModuleDescriptorException e) {
            throw new IOException(where + " is not a valid module-info.class: " + e.getMessage(), e);
        }
    }

    /** The class names a services file lists: one a line, {@code #} starts a comment (ServiceLoader's format). */
    static Set<String> names(String file) {
        Set<String> names = new TreeSet<>();
        for (String line : file.split("\r\n|\r|\n")) {
            int hash = line.indexOf('#');
            String name = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** The jar or classes folder a class was loaded from. */
    static Path location(Class<?> type) throws IOException {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        try {
            if (url != null && url.getProtocol().equals("file")) {
                return Path.of(url.toURI());
            }
            String resource = type.getName().replace('.', '/') + ".class";
            URL classFile = type.getClassLoader() == null ? null : type.getClassLoader().getResource(resource);
            if (classFile != null && classFile.getProtocol().equals("jar")) {
                String spec = classFile.toString();
                return Path.of(new java.net.URI(spec.substring("jar:".length(), spec.indexOf("!/"))));
            }
            if (classFile != null && classFile.getProtocol().equals("file")) {
                String path = Path.of(classFile.toURI()).toString();
                return Path.of(path.substring(0, path.length() - resource.length()));
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot tell where " + type.getName() + " was loaded from (" + url + ")", e);
        }
        throw new IOException(type.getName() + " was not loaded from a jar or a classes folder ("
                + (url != null ? url : "no code source") + "); run the test with the provider's jar or classes on"
                + " the class path or the module path");
    }

    /** Where the declarations were read. */
    Path location() {
        return location;
    }

    /** The module descriptor; empty when there is no {@code module-info.class}. */
    Optional<ModuleDescriptor> module() {
        return Optional.ofNullable(module);
    }

    /** Every services file: service name to the class names it lists. */
    Map<String, Set<String>> servicesFiles() {
        return servicesFiles;
    }

    /**
     * What is wrong with the declarations of this provider class: missing from either, or the two
     * disagreeing about any service. Empty when both name it and agree.
     */
    List<String> problems(String providerClass) {
        List<String> problems = new ArrayList<>();
        if (module == null) {
            problems.add(location + " has no module-info.class: on the module path it would be an automatic module;"
                    + " declare the provider there too: provides " + SERVICE + " with " + providerClass + ";");
        } else if (!provided(module).getOrDefault(SERVICE, Set.of()).contains(providerClass)) {
            problems.add("the module-info of " + module.name() + " (" + location + ") does not provide " + SERVICE
                    + " with " + providerClass + ": on the module path the provider is not found");
        }
        if (!servicesFiles.getOrDefault(SERVICE, Set.of()).contains(providerClass)) {
            problems.add(location + " has no " + SERVICES + SERVICE + " naming " + providerClass
                    + ": on the class path the provider is not found");
        }
        if (module != null) {
            problems.addAll(disagreements(module, servicesFiles));
        }
        return problems;
    }

    /** Where {@code provides} and the services files name different classes, for every service. */
    static List<String> disagreements(ModuleDescriptor module, Map<String, Set<String>> servicesFiles) {
        Map<String, Set<String>> provided = provided(module);
        Set<String> services = new TreeSet<>(provided.keySet());
        services.addAll(servicesFiles.keySet());
        List<String> problems = new ArrayList<>();
        for (String service : services) {
            Set<String> inModule = provided.getOrDefault(service, Set.of());
            Set<String> listed = servicesFiles.getOrDefault(service, Set.of());
            for (String name : inModule) {
                if (!listed.contains(name)) {
                    problems.add(module.name() + " provides " + name + " in module-info but not in " + SERVICES
                            + service);
                }
            }
            for (String name : listed) {
                if (!inModule.contains(name)) {
                    problems.add(module.name() + " lists " + name + " in " + SERVICES + service
                            + " but not in module-info");
                }
            }
        }
        return problems;
    }

    private static Map<String, Set<String>> provided(ModuleDescriptor module) {
        Map<String, Set<String>> provided = new TreeMap<>();
        for (ModuleDescriptor.Provides p : module.provides()) {
            provided.put(p.service(), new TreeSet<>(p.providers()));
        }
        return provided;
    }
}
