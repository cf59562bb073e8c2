import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the inetkit jlink image: the command, the API, the chosen providers and what they need,
 * and nothing else; then, when asked, the demo's servers as jars beside it; then a class-data
 * sharing archive of the command's start-up. Run by the build (a single-file Java program, so it
 * works the same on every machine with a JDK):
 *
 *   java LinkImage.java JAVA_HOME CLI_JAR MODULES_DIR PROVIDERS OUTPUT DEMO_JARS DEMO PICOCLI_SOURCES
 *
 * PROVIDERS is a comma-separated list of ftp, http, gopher, sftp (or empty for none). DEMO_JARS
 * holds testkit and the jars it may need; DEMO is true, false, or auto (the demo when FTP, HTTP and
 * Gopher are linked, since it walks through those three). PICOCLI_SOURCES holds picocli's unpacked sources jar,
 * which is compiled for Java 17 and linked in place of the picocli jar in MODULES_DIR.
 */
public final class LinkImage {

    private static final String TESTKIT = "io.inetkit.testkit";
    private static final List<String> ALL_PROVIDERS = List.of("ftp", "http", "gopher", "sftp");
    /** What the demo walks through. */
    private static final List<String> DEMO_PROVIDERS = List.of("ftp", "http", "gopher");

    public static void main(String[] args) throws Exception {
        Path javaHome = Path.of(args[0]);
        Path cliJar = Path.of(args[1]);
        Path modules = Path.of(args[2]);
        String providers = args[3].trim();
        Path output = Path.of(args[4]);
        Path demoJars = Path.of(args[5]);
        String demo = args[6].trim();
        Path picocliSources = Path.of(args[7]);

        List<String> chosen = new ArrayList<>();
        List<String> roots = new ArrayList<>(List.of("io.inetkit.cli"));
        for (String provider : providers.isEmpty() ? new String[0] : providers.split(",")) {
            String name = provider.trim();
            if (!ALL_PROVIDERS.contains(name)) {
                throw new IllegalArgumentException("inetkit.providers: unknown provider '" + name
                        + "'; choose from " + String.join(", ", ALL_PROVIDERS));
            }
            chosen.add(name);
            roots.add("io.inetkit.provider." + name);
        }
        boolean withDemo = switch (demo) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> chosen.containsAll(DEMO_PROVIDERS);
            default -> throw new IllegalArgumentException("inetkit.demo: true, false or auto, not '" + demo + "'");
        };
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
                if (name.startsWith("picocli-")) {
                    Picocli.compile(jar, picocliSources, staging.resolve(Picocli.MODULE));
                } else if (!provider || chosen.stream().anyMatch(p -> name.startsWith("inetkit-provider-" + p + "-"))) {
                    MultiRelease.copy(jar, staging.resolve(name));
                }
            }
        }
        Path jmods = javaHome.resolve("jmods");
        // This program runs on the JDK it links from (the build passes its own java.home), and
        // ModuleFinder cannot read jmod files: the JDK's modules are found as the running system's.
        ModuleFinder jdk = ModuleFinder.ofSystem();
        List<Path> demoCopies = new ArrayList<>();
        if (withDemo) {
            roots.addAll(demoNeeds(demoJars, staging, jdk, demoCopies));
        }

        deleteRecursively(output);
        String modulePath = staging + (Files.isDirectory(jmods) ? java.io.File.pathSeparator + jmods : "");
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("jlink").toString(),
                "--module-path", modulePath,
                "--add-modules", String.join(",", roots),
                "--launcher", "inetkit=io.inetkit.cli/io.inetkit.cli.Main",
                // java.net.http, which runs HTTP/2, reads bodies in 16 KiB buffers by default; 1 MiB
                // took 2.6x less CPU per byte on large downloads from nginx. It is JVM-wide, so the
                // command sets it, not the library.
                // Logback starts at the first warning, not at every start (LazyLogback); SLF4J's
                // note that it uses the provider named by the property would be printed at every run.
                "--add-options=-Djdk.httpclient.bufsize=1048576 -Dslf4j.provider=io.inetkit.cli.LazyLogback"
                        + " -Dslf4j.internal.verbosity=WARN",
                // Provider-configuration files are for the class path; a named module provides with
                // 'provides'. Left in, every ServiceLoader lookup reads and decompresses them from
                // lib/modules, only to skip the named modules' classes they list.
                "--exclude-resources=regex:/(io\\.inetkit|ch\\.qos\\.logback)[^/]*/META-INF/services/.*",
                "--strip-debug", "--no-header-files", "--no-man-pages",
                // The same zip level 6; JDK 21 named it and deprecated the number.
                Runtime.version().feature() >= 21 ? "--compress=zip-6" : "--compress=2",
                "--output", output.toString()));
        if (!Launcher.AOT) {
            // The JDK's own classes, pre-parsed into lib/server/classes.jsa. An image with an AOT
            // cache holds them there instead, and would carry 14 MB that the command never maps.
            command.add("--generate-cds-archive");
        }
        System.out.println("[link] " + String.join(" ", command));
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("jlink failed with exit code " + exit
                    + (Files.isDirectory(jmods) ? "" : "; this JDK has no jmods folder: install its jmods"
                    + " package (Debian: openjdk-17-jmods) or use a JDK that ships them"));
        }
        if (withDemo) {
            Path folder = Files.createDirectories(output.resolve("lib").resolve("demo"));
            for (Path jar : demoCopies) {
                Files.copy(jar, folder.resolve(jar.getFileName()));
            }
            System.out.println("[link] demo: " + demoCopies.size() + " jars in " + folder);
        }
        // The JDK's archive for heaps over 32 GB (no compressed oops): 11 MB a command never uses.
        Files.deleteIfExists(output.resolve("lib").resolve("server").resolve("classes_nocoops.jsa"));
        manuals(output);
        Launcher.write(output);
        System.out.println("[link] image: " + output.resolve("bin").resolve("inetkit"));
    }

    /** The manual page and the shell completion, which the image's own command writes from its models. */
    private static void manuals(Path image) throws Exception {
        List<String> command = List.of(image.resolve("bin").resolve("java").toString(), "-Xshare:off",
                "-m", "io.inetkit.cli/io.inetkit.cli.Manuals", image.toString());
        Process run = new ProcessBuilder(command).inheritIO().start();
        if (!run.waitFor(Launcher.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS) || run.exitValue() != 0) {
            run.destroyForcibly();
            throw new IllegalStateException("writing the manual page and completion failed: " + String.join(" ", command));
        }
        System.out.println("[link] manual page and bash completion in " + image.resolve("share"));
    }

    /**
     * What the demo needs beyond the command: the jars of testkit and of the modules it requires
     * that the image does not link (JUnit's API, Apache FtpServer and MINA, which jlink cannot link
     * since they are automatic modules), collected in {@code copies}; and the JDK modules testkit
     * requires (jdk.httpserver), returned to be linked, since a layer above the boot layer can only
     * read the JDK modules the image holds and the boot layer resolved.
     */
    private static Set<String> demoNeeds(Path demoJars, Path staging, ModuleFinder jdk, List<Path> copies)
            throws IOException {
        ModuleFinder jars = ModuleFinder.of(demoJars);
        if (jars.find(TESTKIT).isEmpty()) {
            throw new IllegalStateException("the demo needs " + TESTKIT + " in " + demoJars
                    + "; build it, or link without the demo: -Dinetkit.demo=false");
        }
        Set<String> linked = ModuleFinder.of(staging).findAll().stream().map(m -> m.descriptor().name())
                .collect(Collectors.toSet());
        Configuration needs = Configuration.empty().resolve(ModuleFinder.compose(jars, jdk), ModuleFinder.of(),
                Set.of(TESTKIT));
        Set<String> jdkModules = new TreeSet<>();
        for (ResolvedModule module : needs.modules()) {
            String name = module.name();
            if (jdk.find(name).isPresent() && jars.find(name).isEmpty()) {
                jdkModules.add(name);
            } else if (!linked.contains(name)) {
                copies.add(Path.of(module.reference().location().orElseThrow()));
            }
        }
        jdkModules.remove("java.base");
        return jdkModules;
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

/**
 * A multi-release modular jar as this JDK sees it, for jlink. JSch's {@code module-info} lists every
 * package of the jar, including those only its Java 23 classes have ({@code com.jcraft.jsch.windowsapi},
 * the Windows agent on the FFM API); a JDK older than that does not see them, and jlink refuses a
 * module whose descriptor names packages it does not hold. Such a jar is flattened: its base classes
 * with the versioned ones up to this JDK's over them, then packed by the {@code jar} tool, which
 * writes the descriptor's package list from what the jar holds. Any other jar is copied as it is.
 */
final class MultiRelease {

    private static final String VERSIONS = "META-INF/versions/";

    private MultiRelease() {
    }

    static void copy(Path jar, Path target) throws IOException {
        if (!isMultiRelease(jar)) {
            Files.copy(jar, target);
            return;
        }
        Path tree = Files.createTempDirectory("inetkit-link-mr");
        try {
            flatten(jar, tree, Runtime.version().feature());
            Set<String> declared = ModuleFinder.of(jar).findAll().stream()
                    .flatMap(m -> m.descriptor().packages().stream()).collect(Collectors.toSet());
            Set<String> held;
            try (Stream<Path> walk = Files.walk(tree)) {
                held = walk.filter(p -> p.toString().endsWith(".class") && !p.endsWith("module-info.class"))
                        .map(p -> tree.relativize(p.getParent()).toString().replace(java.io.File.separatorChar, '.'))
                        .collect(Collectors.toSet());
            }
            if (declared.isEmpty() || held.containsAll(declared)) {
                Files.copy(jar, target);
                return;
            }
            int exit = ToolProvider.findFirst("jar").orElseThrow().run(System.out, System.err,
                    "--create", "--file", target.toString(), "-C", tree.toString(), ".");
            if (exit != 0) {
                throw new IllegalStateException("jar failed on the flattened " + jar + " with exit code " + exit);
            }
            System.out.println("[link] " + jar.getFileName() + ": multi-release, flattened for Java "
                    + Runtime.version().feature());
        } finally {
            try (Stream<Path> walk = Files.walk(tree)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    private static boolean isMultiRelease(Path jar) throws IOException {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest manifest = file.getManifest();
            return manifest != null && "true".equalsIgnoreCase(
                    manifest.getMainAttributes().getValue("Multi-Release"));
        }
    }

    /** The base entries, then each version's up to {@code feature} over them; no manifest, no signatures. */
    private static void flatten(Path jar, Path tree, int feature) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            for (int version = 0; version <= feature; version++) {
                String prefix = version == 0 ? "" : VERSIONS + version + "/";
                for (java.util.zip.ZipEntry entry : java.util.Collections.list(zip.entries())) {
                    String name = entry.getName();
                    if (entry.isDirectory() || !name.startsWith(prefix)
                            || (version == 0 && name.startsWith(VERSIONS))
                            || name.equals("META-INF/MANIFEST.MF") || name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")) {
                        continue;
                    }
                    Path out = tree.resolve(name.substring(prefix.length())).normalize();
                    if (!out.startsWith(tree)) {
                        throw new IOException(jar + " has an entry outside the jar: " + name);
                    }
                    Files.createDirectories(out.getParent());
                    try (java.io.InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}

/**
 * picocli compiled from its sources for Java 17, as an exploded module for jlink. The released jar
 * is compiled for Java 5 (class file version 49), and class-data sharing cannot archive such classes:
 * the JVM would parse them and check them with the old type-inferring verifier at every start, most
 * of the command's start-up time. picocli supports being built from its sources; the module
 * descriptor is the released jar's, so the image's picocli is the same module, only newer bytecode.
 */
final class Picocli {

    /** picocli's module name, and the name of the exploded module's folder. */
    static final String MODULE = "info.picocli";

    private Picocli() {
    }

    /** Compiles the sources in {@code sources} into the exploded module {@code output}, described as {@code jar} is. */
    static void compile(Path jar, Path sources, Path output) throws IOException {
        ModuleDescriptor descriptor = ModuleFinder.of(jar).findAll().stream().map(ModuleReference::descriptor)
                .filter(d -> d.name().equals(MODULE)).findFirst()
                .orElseThrow(() -> new IllegalStateException(jar + " holds no module " + MODULE));
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(sources)) {
            walk.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java"))
                    .forEach(p -> files.add(p.toString()));
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no picocli sources in " + sources);
        }
        Path moduleInfo = Files.createTempDirectory("picocli-module").resolve("module-info.java");
        Files.writeString(moduleInfo, source(descriptor));
        files.add(moduleInfo.toString());
        List<String> javac = new ArrayList<>(List.of("--release", "17",
                // String concatenation by invokedynamic spins method-handle classes at run time, which
                // class-data sharing does not keep: plain StringBuilder code starts faster.
                "-XDstringConcat=inline", "-nowarn", "-Xlint:none", "-proc:none",
                "-encoding", "UTF-8", "-d", output.toString()));
        descriptor.rawVersion().ifPresent(v -> javac.addAll(List.of("--module-version", v)));
        javac.addAll(files);
        System.out.println("[link] compiling " + MODULE + " " + descriptor.rawVersion().orElse("")
                + " for Java 17 from " + sources);
        int exit = ToolProvider.findFirst("javac").orElseThrow().run(System.out, System.err,
                javac.toArray(String[]::new));
        Files.delete(moduleInfo);
        Files.delete(moduleInfo.getParent());
        if (exit != 0) {
            throw new IllegalStateException("javac failed on picocli's sources with exit code " + exit);
        }
    }

    /** {@code module-info.java} for what the descriptor says (picocli: exports picocli; requires static java.sql). */
    private static String source(ModuleDescriptor descriptor) {
        StringBuilder text = new StringBuilder("module ").append(descriptor.name()).append(" {\n");
        for (ModuleDescriptor.Requires requires : descriptor.requires()) {
            if (requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.MANDATED)) {
                continue;
            }
            text.append("    requires ");
            for (ModuleDescriptor.Requires.Modifier modifier : requires.modifiers()) {
                if (modifier == ModuleDescriptor.Requires.Modifier.STATIC
                        || modifier == ModuleDescriptor.Requires.Modifier.TRANSITIVE) {
                    text.append(modifier.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
                }
            }
            text.append(requires.name()).append(";\n");
        }
        for (ModuleDescriptor.Exports exports : descriptor.exports()) {
            text.append("    exports ").append(exports.source())
                    .append(exports.isQualified() ? " to " + String.join(", ", exports.targets()) : "").append(";\n");
        }
        for (ModuleDescriptor.Opens opens : descriptor.opens()) {
            text.append("    opens ").append(opens.source())
                    .append(opens.isQualified() ? " to " + String.join(", ", opens.targets()) : "").append(";\n");
        }
        for (String uses : descriptor.uses()) {
            text.append("    uses ").append(uses).append(";\n");
        }
        for (ModuleDescriptor.Provides provides : descriptor.provides()) {
            text.append("    provides ").append(provides.service()).append(" with ")
                    .append(String.join(", ", provides.providers())).append(";\n");
        }
        return text.append("}\n").toString();
    }
}

/**
 * The image's {@code bin/inetkit}: the JVM options of a short-lived command, and what a training
 * run of the usual command lines leaves for every start. On JDK 25 and later that is an AOT cache
 * (JEP 483, made in one step by JEP 514): the command's classes loaded and linked as the training
 * run left them, which took a get of a small file over HTTP from 136 ms of CPU with a class-data
 * sharing archive to 88 ms on the same runtime. On JDK 17 to 24 it is an application class-data
 * sharing archive: the command's own classes (picocli, Logback, the API, the providers) start
 * pre-parsed and verified. The image's runtime is the JDK this program runs on.
 */
final class Launcher {

    /** Where the class-data sharing archive lives, relative to the image (JDK 17 to 24). */
    static final String ARCHIVE = "lib/inetkit.jsa";

    /** Where the AOT cache lives, relative to the image (JDK 25 and later). */
    static final String AOT_CACHE = "lib/inetkit.aot";

    /** Whether the image's runtime, the one running this, makes AOT caches in one step (JDK 25+). */
    static final boolean AOT = Runtime.version().feature() >= 25;

    /**
     * Options for a command that runs for milliseconds to seconds: no perf-data file in /tmp. The
     * archive is added by the script, whose path it needs. The collector stays the default, G1:
     * the serial one started no faster (159 ms of CPU for {@code inetkit services} against G1's
     * 161, within the noise), and on JDK 17 it cannot map the JDK archive's pre-built heap objects,
     * which only G1 can; large transfers run in the same image.
     */
    static final List<String> OPTIONS = List.of("-XX:-UsePerfData");

    /**
     * The compile thresholds of the JDK's core packages and picocli raised tenfold: a small fetch then
     * compiles 7 methods at tier 3 instead of 46, a tenth of its CPU, while the code that moves data
     * (the engines, the ciphers, the socket's streams) compiles as soon as ever. Raising every method's
     * C1 thresholds instead cost a 256 MiB SFTP transfer 1.12x its time; raising both tiers
     * everywhere ({@code -XX:CompileThresholdScaling}) cost an HTTPS download twice its CPU.
     *
     * <p>AES-GCM's and AES-CTR's classes and JSch's have their thresholds lowered tenfold instead:
     * a transfer's hot loop (the cipher, the SSH packet's encoding and reading) then reaches C2 within
     * its first megabytes rather than running profiled C1 code while C2 catches up. A 512 MiB SFTP
     * download took 0.92x the time and an upload 0.87x. Lowering all of the JDK's cipher provider
     * cost a small HTTPS fetch 5% more CPU (its handshake's HMACs and key derivation compiled
     * sooner); these classes cost it nothing measurable. JSch alone moved nothing.
     */
    static final List<String> JIT = List.of("-XX:CompileCommand=quiet",
            "-XX:CompileCommand=CompileThresholdScaling,java.lang.*::*,10.0",
            "-XX:CompileCommand=CompileThresholdScaling,java.util.*::*,10.0",
            "-XX:CompileCommand=CompileThresholdScaling,jdk.internal.*::*,10.0",
            "-XX:CompileCommand=CompileThresholdScaling,picocli.*::*,10.0",
            "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.GaloisCounterMode*::*,0.1",
            "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.GHASH::*,0.1",
            "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.GCTR::*,0.1",
            "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.AESCrypt::*,0.1",
            "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.CounterMode::*,0.1",
            "-XX:CompileCommand=CompileThresholdScaling,com.jcraft.jsch.*::*,0.1");

    /**
     * C1 alone for a mirror over plain FTP or Gopher, in place of {@link #JIT}. A mirror of many small
     * files runs each of its per-file methods some thousands of times, the range where tiered
     * compilation profiles them at tier 3 and then has C2 compile them: of 10,000 files of 4 KiB that
     * was 1.3 s of 5.4 s of CPU, and C1 alone mirrored them 1.3x as fast; without the start-up's raised
     * thresholds (a mirror is no short command) 0.93x that time again. A large file over plain FTP
     * copies as fast either way (the kernel moves its bytes). The ciphers of TLS and SSH need C2 (C1
     * alone costs them 3x their CPU), so any other URL among the arguments (ftps, sftp, a proxy's) or
     * {@code --ftp-ssl} keeps {@link #JIT}, as does every other command.
     */
    static final List<String> PLAIN_MIRROR_JIT = List.of("-XX:TieredStopAtLevel=1");

    /**
     * On JDK 25 the JVM starts a thread to replay the cache's method profiles even when the cache
     * has none (it is made without them): about 6% of a small fetch's CPU. The switch is diagnostic.
     */
    static final List<String> AOT_RUNTIME = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining");

    /**
     * The command's main class, named without {@code -m}: the JDK's archive then supplies the boot
     * layer's module graph, which a named main module makes the JVM resolve at every start. The
     * class's module is in that layer because its package is exported.
     */
    static final String MAIN = "io.inetkit.cli.launch.Launch";

    /** The class whose run the archive is made from: the usual command lines, in one JVM. */
    static final String TRAINING = "io.inetkit.cli.launch.Training";

    /**
     * The class path: a folder the image does not have. Launched by class name without one, the JVM
     * searches the working directory for classes and service files (its historic default, which
     * {@code -m} turns off), so any folder the command runs in could add code to it. A missing entry
     * is also one that class-data sharing leaves out of the paths it compares, wherever the image is.
     */
    static final String NO_CLASS_PATH = "lib/no-class-path";

    /** How long the training run and the check may take: each of their commands fails in seconds. */
    static final long WAIT_SECONDS = 300;

    private Launcher() {
    }

    /** The options, each in single quotes: the patterns' {@code *} must reach the JVM unglobbed. */
    private static String quoted(List<String> options) {
        return String.join(" ", options.stream().map(o -> "'" + o + "'").toList());
    }

    /** Whether the process ended in time; if not, it is stopped. */
    private static boolean finished(Process run) throws InterruptedException {
        if (run.waitFor(WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
            return true;
        }
        run.destroyForcibly().waitFor();
        return false;
    }

    static void write(Path image) throws Exception {
        Path java = image.resolve("bin").resolve("java");
        Path archive = image.resolve(AOT ? AOT_CACHE : ARCHIVE);
        List<String> training = new ArrayList<>(List.of(java.toString()));
        training.addAll(OPTIONS);
        if (AOT) {
            // Classes only, no method profiles (JEP 515): replayed, the profiles have the JIT compile
            // at once what the training run found hot, which a command of a tenth of a second never
            // earns back: 20 ms of CPU more a small fetch (BENCHMARKS.md). A long transfer
            // profiles and compiles its hot loop itself within its first megabytes.
            training.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining"));
        }
        training.addAll(List.of((AOT ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive,
                "-cp", image.resolve(NO_CLASS_PATH).toString(), TRAINING));
        System.out.println("[link] " + String.join(" ", training));
        Process run = new ProcessBuilder(training).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean archived = finished(run) && run.exitValue() == 0 && Files.isRegularFile(archive);
        if (!archived) {
            // The image works without it, only slower to start: say so, do not fail the build.
            System.out.println("[link] warning: no class-data sharing archive was made (exit "
                    + (run.isAlive() ? "none: stopped after " + WAIT_SECONDS + " s" : run.exitValue()) + ")");
        }
        // 'exec' spares a shell process; -Xshare:auto runs on without the archive if it does not
        // match (the image was modified after the build). Called through a symbolic link (one in
        // /usr/local/bin), $0 is the link: the loop follows it to the image's bin folder.
        // The folder of a path is cut with the shell's own expansion: a dirname process would cost
        // a fork and an exec at every start.
        List<String> base = new ArrayList<>(OPTIONS);
        if (AOT) {
            base.addAll(AOT_RUNTIME);
        }
        List<String> usual = new ArrayList<>(base);
        usual.addAll(JIT);
        List<String> plainMirror = new ArrayList<>(base);
        plainMirror.addAll(PLAIN_MIRROR_JIT);
        String exec = "exec \"$DIR/java\" " + (AOT ? "-XX:AOTCache=\"$DIR/../" + AOT_CACHE + "\" "
                : "-XX:SharedArchiveFile=\"$DIR/../" + ARCHIVE + "\" -Xshare:auto ");
        String rest = " -cp \"$DIR/../" + NO_CLASS_PATH + "\" $JLINK_VM_OPTIONS " + MAIN + " \"$@\"\n";
        String script = "#!/bin/sh\n"
                + "self=$0\n"
                + "case $self in */*) DIR=${self%/*} ;; *) DIR=. ;; esac\n"
                + "while [ -h \"$self\" ]; do\n"
                + "  link=`readlink \"$self\"`\n"
                + "  case $link in /*) self=$link ;; *) self=$DIR/$link ;; esac\n"
                + "  case $self in */*) DIR=${self%/*} ;; *) DIR=. ;; esac\n"
                + "done\n"
                + "plain=\n"
                + "if [ \"$1\" = mirror ]; then\n"
                + "  plain=yes\n"
                + "  for a do\n"
                + "    case $a in\n"
                + "      --ftp-ssl) plain= ;;\n"
                + "      [Ff][Tt][Pp]://*|[Gg][Oo][Pp][Hh][Ee][Rr]://*) ;;\n"
                + "      *://*) plain= ;;\n"
                + "    esac\n"
                + "  done\n"
                + "fi\n"
                + "if [ -n \"$plain\" ]; then\n"
                + "  " + exec + quoted(plainMirror) + rest
                + "fi\n"
                + exec + quoted(usual) + rest;
        Path launcher = image.resolve("bin").resolve("inetkit");
        Files.writeString(launcher, script);
        launcher.toFile().setExecutable(true, false);
        check(launcher, archived);
    }

    /**
     * Runs {@code inetkit services} in a folder that offers a provider on the class path, which the
     * command must not see, and with {@code -Xshare:on} ({@code -XX:AOTMode=on}) when there is an
     * archive (a cache), which fails if the
     * launcher's command line does not match the one the archive was made with. It calls the
     * launcher through two symbolic links, a relative one to an absolute one, as a link in
     * {@code /usr/local/bin} would.
     */
    private static void check(Path launcher, boolean archived) throws Exception {
        Path folder = Files.createTempDirectory("inetkit-launcher-check");
        Path services = folder.resolve("META-INF").resolve("services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.inetkit.spi.ServiceProvider"), "not.a.Provider\n");
        Path absoluteLink = Files.createSymbolicLink(folder.resolve("inetkit-absolute"), launcher.toAbsolutePath());
        Path relativeLink = Files.createSymbolicLink(folder.resolve("inetkit"), absoluteLink.getFileName());
        ProcessBuilder builder = new ProcessBuilder(relativeLink.toString(), "services")
                .directory(folder.toFile()).redirectErrorStream(true);
        Path classes = folder.resolve("classes.log");
        // -Xlog's file option takes no quotes: a folder with a space in its name goes without the log.
        boolean logged = archived && !classes.toString().contains(" ");
        // On: the JVM fails if it cannot use the archive or cache (its default runs on without it).
        String on = AOT ? "-XX:AOTMode=on" : "-Xshare:on";
        builder.environment().put("JLINK_VM_OPTIONS", !archived ? ""
                : logged ? on + " -Xlog:class+load:file=" + classes : on);
        Process run = builder.redirectOutput(folder.resolve("output").toFile()).start();
        int exit = finished(run) ? run.exitValue() : -1;
        String output = Files.readString(folder.resolve("output"));
        Files.delete(folder.resolve("output"));
        List<String> unarchived = logged && Files.exists(classes) ? unarchived(classes) : List.of(); // none: no JVM ran
        Files.deleteIfExists(classes);
        Files.delete(services.resolve("io.inetkit.spi.ServiceProvider"));
        Files.delete(services);
        Files.delete(services.getParent());
        Files.delete(relativeLink);
        Files.delete(absoluteLink);
        Files.delete(folder);
        if (exit != 0 || !output.startsWith("ID   SERVICE") || output.contains("not.a.Provider")) {
            throw new IllegalStateException("the image's launcher failed its check (exit " + exit + "): it must run"
                    + " through symbolic links, with its archive, and see nothing of the working directory; it"
                    + " printed:\n" + output);
        }
        if (!unarchived.isEmpty()) {
            throw new IllegalStateException("'inetkit services' loaded classes of its own from outside the archive,"
                    + " or generated classes, which costs every start milliseconds (is the class missing from the"
                    + " training run, or a lambda new on the path?):\n"
                    + String.join("\n", unarchived));
        }
    }

    /**
     * The classes of inetkit the JVM read from {@code lib/modules} rather than the archive, and the
     * classes it generated at run time (the method handles of a first lambda), from a class-loading
     * log. The JDK's own classes are left out: the JDK's archive decides those.
     */
    private static List<String> unarchived(Path log) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.contains("source: jrt:/io.inetkit") || line.contains("__JVM_LookupDefineClass__")
                    || line.contains("__dynamic_proxy__")) {
                found.add(line);
            }
        }
        return found;
    }
}
