package io.inetkit.testkit.gopher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The simple mapping between selectors and the files under a root directory: {@code ""} or
 * {@code "/"} is the root, {@code "/a/b.txt"} is {@code root/a/b.txt}. Hidden names (a leading
 * period) are neither listed nor served, and no selector reaches outside the root.
 */
final class SelectorMapping {

    private final Path root;

    SelectorMapping(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The existing file or directory a selector names, if it names one inside the root. */
    Optional<Path> resolve(String selector) {
        Path path = root;
        for (String segment : selector.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.startsWith(".") || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
                return Optional.empty();
            }
            path = path.resolve(segment);
        }
        path = path.normalize();
        if (!path.startsWith(root) || !Files.exists(path)) {
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /** The selector of a path inside the root: {@code ""} for the root itself. */
    String selectorOf(Path path) {
        Path relative = root.relativize(path.toAbsolutePath().normalize());
        if (relative.toString().isEmpty()) {
            return "";
        }
        StringBuilder selector = new StringBuilder();
        for (Path part : relative) {
            selector.append('/').append(part);
        }
        return selector.toString();
    }

    /** The menu item for a path, typed by {@link FileKind}. */
    GopherItem itemOf(Path path) throws IOException {
        String name = path.equals(root) ? "/" : path.getFileName().toString();
        return GopherItem.of(FileKind.of(path).type(), name, selectorOf(path));
    }

    /** The visible entries of a directory, sorted by name. */
    List<Path> entries(Path directory) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isDirectory(p) || Files.isRegularFile(p))
                    .sorted()
                    .forEach(entries::add);
        }
        return entries;
    }
}
