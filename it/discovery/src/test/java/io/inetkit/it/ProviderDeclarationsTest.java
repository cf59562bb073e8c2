package io.inetkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every provider module names the same classes in module-info and in META-INF/services. */
class ProviderDeclarationsTest {

    static Stream<Path> providerModules() {
        return Arrays.stream(System.getProperty("inetkit.it.providers", "").split(","))
                .filter(s -> !s.isBlank()).map(s -> Path.of(s).normalize());
    }

    @Test
    void everyProviderModuleIsChecked() {
        assertEquals(6, providerModules().count(), "api (URL handlers), ftp, http, gopher, echo and twin");
    }

    @ParameterizedTest
    @MethodSource("providerModules")
    void bothDeclarationsNameTheSameClasses(Path classes) throws Exception {
        ModuleDescriptor module = ProviderDeclarations.descriptor(classes);
        List<String> problems = ProviderDeclarations.problems(module, ProviderDeclarations.servicesFiles(classes));
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void theEchoProvidersAreDeclaredBothWays() throws Exception {
        Path echo = Path.of(System.getProperty("inetkit.it.echo"));
        assertEquals(Map.of(ProviderDeclarations.SERVICE, Set.of("com.example.echo.internal.EchoProvider")),
                ProviderDeclarations.servicesFiles(echo));
        assertEquals(1, ProviderDeclarations.descriptor(echo).provides().size());
    }

    @Test
    void aProviderMissingFromTheServicesFileIsReported() {
        ModuleDescriptor module = ModuleDescriptor.newModule("com.example.half")
                .provides(ProviderDeclarations.SERVICE, List.of("com.example.half.Impl")).build();
        assertEquals(List.of("com.example.half provides com.example.half.Impl in module-info but not in"
                + " META-INF/services/" + ProviderDeclarations.SERVICE), ProviderDeclarations.problems(module, Map.of()));
    }

    @Test
    void aProviderMissingFromModuleInfoIsReported() {
        ModuleDescriptor module = ModuleDescriptor.newModule("com.example.half").build();
        assertEquals(List.of("com.example.half lists com.example.half.Impl in META-INF/services/"
                + ProviderDeclarations.SERVICE + " but not in module-info"),
                ProviderDeclarations.problems(module, Map.of(ProviderDeclarations.SERVICE, Set.of("com.example.half.Impl"))));
    }

    @Test
    void aRenamedProviderIsReportedBothWays() {
        ModuleDescriptor module = ModuleDescriptor.newModule("m")
                .provides(ProviderDeclarations.SERVICE, List.of("m.New")).build();
        assertEquals(2, ProviderDeclarations.problems(module, Map.of(ProviderDeclarations.SERVICE, Set.of("m.Old"))).size());
    }
}
