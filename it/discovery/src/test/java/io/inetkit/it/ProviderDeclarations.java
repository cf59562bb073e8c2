package io.inetkit.it;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares the two declarations of each service a module provides: {@code provides} in its module-info and the
 * {@code META-INF/services} file. A provider declared in only one of them works on one path and is
 * silently missing on the other: a classic JPMS bug.
 */
final class ProviderDeclarations {

    static final String SERVICE = "io.inetkit.spi.ServiceProvider";

    private ProviderDeclarations() {
    }

    /** The module at a location (a jar or a directory of classes with module-info.class). */
    static ModuleDescriptor descriptor(Path location) {
        Set<ModuleReference> found = ModuleFinder.of(location).findAll();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one module at " + location + ", found " + found.size());
        }
        return found.iterator().next().descriptor();
    }

    /** Every META-INF/services file at a location: service name to the class names it lists. */
    static Map<String, Set<String>> servicesFiles(Path classes) throws IOException {
        Map<String, Set<String>> files = new TreeMap<>();
        Path dir = classes.resolve("META-INF/services");
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : (Iterable<Path>) list::iterator) {
                Set<String> names = new TreeSet<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String name = line.replaceAll("#.*", "").trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
                files.put(file.getFileName().toString(), names);
            }
        }
        return files;
    }

    /** What disagrees between the two declarations, for every service; empty when they agree. */
    static List<String> problems(ModuleDescriptor module, Map<String, Set<String>> servicesFiles) {
        Map<String, Set<String>> provided = new TreeMap<>();
        module.provides().forEach(p -> provided.put(p.service(), new TreeSet<>(p.providers())));
        Set<String> services = new TreeSet<>(provided.keySet());
        services.addAll(servicesFiles.keySet());
        List<String> problems = new ArrayList<>();
        for (String service : services) {
            Set<String> inModule = provided.getOrDefault(service, Set.of());
            Set<String> listed = servicesFiles.getOrDefault(service, Set.of());
            for (String name : inModule) {
                if (!listed.contains(name)) {
                    problems.add(module.name() + " provides " + name + " in module-info but not in META-INF/services/"
                            + service);
                }
            }
            for (String name : listed) {
                if (!inModule.contains(name)) {
                    problems.add(module.name() + " lists " + name + " in META-INF/services/" + service
                            + " but not in module-info");
                }
            }
        }
        return problems;
    }
}
