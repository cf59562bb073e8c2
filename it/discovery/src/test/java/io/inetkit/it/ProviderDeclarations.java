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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares the two declarations of a provider module: {@code provides} in its module-info and the
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

    /** The class names a META-INF/services file lists, without comments and blanks. */
    static Optional<Set<String>> servicesFile(Path classes) throws IOException {
        Path file = classes.resolve("META-INF/services/" + SERVICE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String name = line.replaceAll("#.*", "").trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return Optional.of(names);
    }

    /** What disagrees between the two declarations; empty when they agree. */
    static List<String> problems(ModuleDescriptor module, Optional<Set<String>> servicesFile) {
        Set<String> provided = module.provides().stream().filter(p -> p.service().equals(SERVICE))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed = servicesFile.orElse(Set.of());
        List<String> problems = new ArrayList<>();
        for (String name : provided) {
            if (!listed.contains(name)) {
                problems.add(module.name() + " provides " + name + " in module-info but not in META-INF/services");
            }
        }
        for (String name : listed) {
            if (!provided.contains(name)) {
                problems.add(module.name() + " lists " + name + " in META-INF/services but not in module-info");
            }
        }
        return problems;
    }
}
