package io.inetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.inetkit.testing.LineProvider;
import io.inetkit.testing.LineServer;
import io.inetkit.testing.LineSession;
import io.inetkit.testing.OddProviders;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Choosing a provider by service id: none, one, several; and the class-path discovery through
 * META-INF/services (the module path is tested in it/discovery, with real JVMs).
 */
class ProviderRegistryTest {

    private final Logger registryLog = (Logger) LoggerFactory.getLogger(ProviderRegistry.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        registryLog.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        registryLog.detachAppender(log);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    @Test
    void loadFindsTheProviderListedInMetaInfServicesOnTheClassPath() {
        ProviderRegistry registry = ProviderRegistry.load();
        ServiceInfo info = registry.services().stream().filter(i -> i.service().id() == 9001)
                .findFirst().orElseThrow(() -> new AssertionError("not found: " + registry));
        assertEquals(LineProvider.class.getName(), info.providerClass());
        assertEquals("unnamed", info.module(), "on the class path the provider is in the unnamed module");
        assertEquals(List.of("line"), info.schemes());
        assertEquals(1, info.defaultPort());
        assertEquals(LineSession.SERVICE, registry.service(9001).orElseThrow());
        assertEquals(LineSession.SERVICE, registry.serviceForScheme("LINE").orElseThrow());
    }

    @Test
    void loadWithAClassLoaderFindsTheSame() {
        assertEquals(ProviderRegistry.load().services(),
                ProviderRegistry.load(getClass().getClassLoader()).services());
    }

    @Test
    void zeroProvidersListNothingAndConnectNamesTheMissingService() {
        ProviderRegistry empty = ProviderRegistry.of();
        assertTrue(empty.services().isEmpty());
        assertTrue(empty.service(1).isEmpty());
        try (Internet internet = Internet.newBuilder().registry(empty).build()) {
            InternetException e = assertThrows(InternetException.class,
                    () -> internet.connect(LineSession.SERVICE, "127.0.0.1"));
            assertEquals(InternetError.PROTOCOL_NOT_FOUND, e.error());
            assertTrue(e.getMessage().contains("Installed: none"), e.getMessage());
        }
        assertTrue(warnings().isEmpty());
    }

    @Test
    void aMissingProviderIsAddedToThePathOrInsideAnImageToJlinksModules() {
        assertEquals("add io.inetkit:inetkit-provider-ftp (module io.inetkit.provider.ftp) to the class or module path",
                ProviderRegistry.whatToAdd(Service.FTP.id(), false));
        assertEquals("this runtime image was linked without it: link it again with --add-modules"
                + " io.inetkit.provider.http (artifact io.inetkit:inetkit-provider-http)",
                ProviderRegistry.whatToAdd(Service.HTTP.id(), true));
        assertEquals("add the artifact of its provider to the class or module path",
                ProviderRegistry.whatToAdd(862, false));
        assertTrue(ProviderRegistry.whatToAdd(862, true).contains("jlink's --add-modules"));
    }

    @Test
    void oneProviderIsChosenWithoutWarning() {
        ProviderRegistry registry = ProviderRegistry.of(new LineProvider());
        assertEquals(1, registry.services().size());
        assertTrue(warnings().isEmpty());
    }

    @Test
    void twoProvidersForOneIdChooseTheHigherPriorityAndWarnOnce() throws Exception {
        try (LineServer low = new LineServer(); LineServer high = new LineServer()) {
            ProviderRegistry registry = ProviderRegistry.of(new OddProviders.Rival(low.port(), 0),
                    new OddProviders.Rival(high.port(), 5));
            assertEquals(1, registry.services().size());
            try (Internet internet = Internet.newBuilder().registry(registry).build();
                 LineSession session = internet.connect(LineSession.SERVICE, "127.0.0.1")) {
                assertEquals(high.port(), session.port(), "the priority-5 provider's default port");
            }
            assertEquals(1, warnings().size(), warnings().toString());
            assertTrue(warnings().get(0).contains("2 providers for service line (9001)"), warnings().get(0));
        }
    }

    @Test
    void twoProvidersWithEqualPriorityChooseByClassNameWhateverTheOrder() {
        LineProvider plain = new LineProvider(100);
        LineProvider rival = new OddProviders.Rival(200, 0);
        // io.inetkit.testing.LineProvider sorts before io.inetkit.testing.OddProviders$Rival.
        assertEquals(100, ProviderRegistry.of(plain, rival).services().get(0).defaultPort());
        assertEquals(100, ProviderRegistry.of(rival, plain).services().get(0).defaultPort());
        assertEquals(2, warnings().size(), "one warning per registry");
    }

    @Test
    void aProviderThatCrashesGivesAnInternalErrorNotARuntimeException() {
        try (Internet internet = Internet.newBuilder()
                .registry(ProviderRegistry.of(new OddProviders.Crashing())).build()) {
            InternetException e = assertThrows(InternetException.class,
                    () -> internet.connect(LineSession.SERVICE, "127.0.0.1"));
            assertEquals(InternetError.INTERNAL_ERROR, e.error());
            assertTrue(e.getMessage().contains("bug in provider"), e.getMessage());
        }
    }

    @Test
    void aProviderOfAnotherSessionTypeIsRefused() {
        try (Internet internet = Internet.newBuilder()
                .registry(ProviderRegistry.of(new OddProviders.WrongType())).build()) {
            InternetException e = assertThrows(InternetException.class,
                    () -> internet.connect(LineSession.SERVICE, "127.0.0.1"));
            assertEquals(InternetError.INCORRECT_HANDLE_TYPE, e.error());
        }
    }

    @Test
    void servicesAreListedByIdWithTheirDetails() {
        try (Internet internet = Internet.newBuilder().registry(ProviderRegistry.of(new LineProvider(70))).build()) {
            ServiceInfo info = internet.services().get(0);
            assertEquals(new ServiceInfo(LineSession.SERVICE, 70, List.of("line"), "unnamed",
                    LineProvider.class.getName()), info);
        }
    }
}
