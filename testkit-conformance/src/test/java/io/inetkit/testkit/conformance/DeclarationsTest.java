package io.inetkit.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and comparing the two declarations, from folders and jars. */
class DeclarationsTest {

    private static final String URL_HANDLERS = "java.net.spi.URLStreamHandlerProvider";

    @TempDir Path dir;

    @Test
    void theApisOwnDeclarationsAreReadAndAgree() throws Exception {
        Declarations api = Declarations.of(Internet.class);
        assertEquals("io.inetkit", api.module().orElseThrow().name());
        assertTrue(api.servicesFiles().containsKey(URL_HANDLERS), api.servicesFiles().toString());
        assertEquals(List.of(), Declarations.disagreements(api.module().orElseThrow(), api.servicesFiles()));
    }

    @Test
    void aJarIsReadAsAFolderIs() throws Exception {
        // The API's own files, from its classes folder or its jar, whichever the build put on the path.
        Path api = Declarations.location(Internet.class);
        byte[] moduleInfo = read(api, "module-info.class");
        byte[] services = read(api, "META-INF/services/" + URL_HANDLERS);
        Path jar = dir.resolve("api.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("module-info.class"));
            out.write(moduleInfo);
            out.putNextEntry(new JarEntry("META-INF/services/" + URL_HANDLERS));
            out.write(services);
        }
        Path folder = dir.resolve("classes");
        Files.createDirectories(folder.resolve("META-INF/services"));
        Files.write(folder.resolve("module-info.class"), moduleInfo);
        Files.write(folder.resolve("META-INF/services/" + URL_HANDLERS), services);
        Declarations fromJar = Declarations.read(jar);
        Declarations fromFolder = Declarations.read(folder);
        assertEquals("io.inetkit", fromJar.module().orElseThrow().name());
        assertEquals(fromFolder.module().orElseThrow().provides(), fromJar.module().orElseThrow().provides());
        assertEquals(fromFolder.servicesFiles(), fromJar.servicesFiles());
        assertFalse(fromJar.servicesFiles().get(URL_HANDLERS).isEmpty());
    }

    private static byte[] read(Path location, String entry) throws Exception {
        if (Files.isDirectory(location)) {
            return Files.readAllBytes(location.resolve(entry));
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            try (InputStream in = jar.getInputStream(jar.getJarEntry(entry))) {
                return in.readAllBytes();
            }
        }
    }

    @Test
    void aProviderDeclaredInNeitherIsReportedForBothPaths() throws Exception {
        List<String> problems = Declarations.of(Internet.class).problems("com.example.Missing");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("does not provide " + Declarations.SERVICE + " with com.example.Missing"),
                problems.get(0));
        assertTrue(problems.get(1).contains("naming com.example.Missing"), problems.get(1));
    }

    @Test
    void aFolderWithoutModuleInfoIsReported() throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(Declarations.SERVICE), "# a comment\n com.example.P # trailing\n\n");
        Declarations declarations = Declarations.read(dir);
        assertEquals(Map.of(Declarations.SERVICE, Set.of("com.example.P")), declarations.servicesFiles());
        List<String> problems = declarations.problems("com.example.P");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("has no module-info.class"), problems.get(0));
    }

    @Test
    void disagreementsAreReportedBothWays() {
        ModuleDescriptor module = ModuleDescriptor.newModule("m")
                .provides(Declarations.SERVICE, List.of("m.New")).build();
        assertEquals(List.of("m provides m.New in module-info but not in META-INF/services/" + Declarations.SERVICE,
                "m lists m.Old in META-INF/services/" + Declarations.SERVICE + " but not in module-info"),
                Declarations.disagreements(module, Map.of(Declarations.SERVICE, Set.of("m.Old"))));
    }

    @Test
    void aServicesFileIsReadAsServiceLoaderReadsIt() {
        assertEquals(Set.of("a.B", "c.D"), Declarations.names("a.B\r\n#c.X\n  c.D  # why\n\t\n"));
    }
}
