package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The testkit's servers, found where they are: on the class or module path (tests, a development
 * checkout), or as jars in the image's {@code lib/demo} folder, loaded into a module layer of their
 * own only when the demo runs. The application image never needs them: testkit's FTP server library
 * is made of automatic modules, which jlink cannot link, and nothing else in the command uses them.
 *
 * <p>The command does not compile against testkit, so it reaches the servers by reflection, through
 * the public builders they all share: {@code newBuilder().root(dir).build()}, then {@code start},
 * {@code port} and {@code close} of {@code TestServer}.
 */
final class DemoServers {

    /** testkit's module, and the folder of the image that carries it. */
    static final String MODULE = "io.inetkit.testkit";
    static final Path IMAGE_FOLDER = Path.of(System.getProperty("java.home"), "lib", "demo");

    private final ClassLoader loader;

    private DemoServers(ClassLoader loader) {
        this.loader = loader;
    }

    /** The servers, or empty when neither the class path, the module path nor the image holds testkit. */
    static Optional<DemoServers> find() throws InternetException {
        Optional<Module> module = ModuleLayer.boot().findModule(MODULE);
        if (module.isPresent()) {
            return Optional.of(new DemoServers(module.get().getClassLoader()));
        }
        try {
            Class.forName("io.inetkit.testkit.TestServer", false, DemoServers.class.getClassLoader());
            return Optional.of(new DemoServers(DemoServers.class.getClassLoader()));
        } catch (ClassNotFoundException notOnTheClassPath) {
            return Files.isDirectory(IMAGE_FOLDER)
                    ? Optional.of(inLayer(ModuleFinder.of(IMAGE_FOLDER), IMAGE_FOLDER.toString()))
                    : Optional.empty();
        }
    }

    /**
     * The servers from a layer over the boot layer with testkit and what it needs from the jars:
     * explicit modules (JUnit's API) and the automatic ones of Apache FtpServer and MINA. A JDK
     * module the boot layer did not resolve comes from the image itself.
     *
     * @param where the jars' place, for the error message
     */
    static DemoServers inLayer(ModuleFinder jars, String where) throws InternetException {
        try {
            ModuleLayer boot = ModuleLayer.boot();
            Configuration configuration = boot.configuration().resolve(jars, ModuleFinder.ofSystem(), Set.of(MODULE));
            return new DemoServers(boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader())
                    .findLoader(MODULE));
        } catch (RuntimeException e) {
            throw new InternetException(InternetError.INTERNAL_ERROR, "cannot load the demo servers from "
                    + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a testkit server serving a folder on a free loopback port.
     *
     * @param type the server's class, for example {@code io.inetkit.testkit.ftp.TestFtpServer}
     */
    AutoCloseable start(String type, Path root) throws Exception {
        Class<?> server = Class.forName(type, true, loader);
        Object builder = server.getMethod("newBuilder").invoke(null);
        builder = builder.getClass().getMethod("root", Path.class).invoke(builder, root);
        AutoCloseable started = (AutoCloseable) builder.getClass().getMethod("build").invoke(builder);
        try {
            invoke(started, "start");
        } catch (Exception e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** The port a started server listens on. */
    static int port(AutoCloseable server) throws Exception {
        return (Integer) invoke(server, "port");
    }

    private static Object invoke(Object target, String method) throws Exception {
        try {
            // Through the public interface: the server classes are public, but their methods are
            // looked up on it so that a future non-public implementation still works.
            Class<?> api = Class.forName("io.inetkit.testkit.TestServer", false, target.getClass().getClassLoader());
            return api.getMethod(method).invoke(target);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }
}
