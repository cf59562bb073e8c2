import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the inetkit jlink image: the command, the API, the chosen providers and what they need,
 * and nothing else. Run by the build (a single-file Java program, so it works the same on every
 * machine with a JDK):
 *
 *   java LinkImage.java JAVA_HOME CLI_JAR MODULES_DIR PROVIDERS OUTPUT
 *
 * PROVIDERS is a comma-separated list of ftp, http, gopher (or empty for none).
 */
public final class LinkImage {

    public static void main(String[] args) throws Exception {
        Path javaHome = Path.of(args[0]);
        Path cliJar = Path.of(args[1]);
        Path modules = Path.of(args[2]);
        String providers = args[3].trim();
        Path output = Path.of(args[4]);

        // java.naming: logback-classic's configurator needs it at run time but declares it only as
        // 'requires static', so jlink would leave it out.
        List<String> roots = new ArrayList<>(List.of("io.inetkit.cli", "java.naming"));
        for (String provider : providers.isEmpty() ? new String[0] : providers.split(",")) {
            String name = provider.trim();
            if (!List.of("ftp", "http", "gopher").contains(name)) {
                throw new IllegalArgumentException("inetkit.providers: unknown provider '" + name
                        + "'; choose from ftp, http, gopher");
            }
            roots.add("io.inetkit.provider." + name);
        }
        // Only the chosen providers may be on the module path: jlink's service binding would
        // otherwise pull every provider in.
        Path staging = output.resolveSibling(output.getFileName() + "-modules");
        deleteRecursively(staging);
        Files.createDirectories(staging);
        Files.copy(cliJar, staging.resolve(cliJar.getFileName()));
        try (Stream<Path> jars = Files.list(modules)) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                String name = jar.getFileName().toString();
                boolean provider = name.startsWith("inetkit-provider-");
                if (!provider || roots.stream().anyMatch(r -> name.startsWith("inetkit-provider-"
                        + r.substring(r.lastIndexOf('.') + 1) + "-"))) {
                    Files.copy(jar, staging.resolve(name));
                }
            }
        }
        deleteRecursively(output);
        Path jmods = javaHome.resolve("jmods");
        String modulePath = staging + (Files.isDirectory(jmods) ? java.io.File.pathSeparator + jmods : "");
        List<String> command = List.of(javaHome.resolve("bin").resolve("jlink").toString(),
                "--module-path", modulePath,
                "--add-modules", String.join(",", roots),
                "--launcher", "inetkit=io.inetkit.cli/io.inetkit.cli.Main",
                // java.net.http reads bodies in 16 KiB buffers by default; 1 MiB is 2.5-3x faster on
                // large downloads (BENCHMARKS.md). It is JVM-wide, so the command sets it, not the library.
                "--add-options=-Djdk.httpclient.bufsize=1048576",
                "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2",
                "--output", output.toString());
        System.out.println("[link] " + String.join(" ", command));
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("jlink failed with exit code " + exit
                    + (Files.isDirectory(jmods) ? "" : "; this JDK has no jmods folder: install its jmods"
                    + " package (Debian: openjdk-17-jmods) or use a JDK that ships them"));
        }
        System.out.println("[link] image: " + output.resolve("bin").resolve("inetkit"));
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
