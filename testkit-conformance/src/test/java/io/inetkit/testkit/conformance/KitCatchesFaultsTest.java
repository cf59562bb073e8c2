package io.inetkit.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.conformance.tiny.TinyProvider;
import io.inetkit.testkit.conformance.tiny.TinyProvider.Fault;
import io.inetkit.testkit.conformance.tiny.TinySession;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each rule the tiny provider breaks, the kit's check for it fails, saying what is wrong. */
class KitCatchesFaultsTest {

    private final TinyConformanceTest kit = new TinyConformanceTest();

    @BeforeEach
    void start() throws Exception {
        kit.server.start();
    }

    @AfterEach
    void stop() throws Exception {
        TinyProvider.faults(Set.of());
        kit.server.close();
    }

    private static void fails(Executable check, String saying) {
        AssertionError e = assertThrows(AssertionError.class, check);
        assertTrue(e.getMessage().contains(saying), e.getMessage());
    }

    @Test
    void aProviderThatGoesAroundAnUnreachableProxyFails() {
        TinyProvider.faults(Set.of(Fault.IGNORES_PROXY));
        fails(kit::anUnreachableSocksProxyIsTriedNotBypassed, "went around the proxy");
        fails(kit::anUnreachableHttpProxyIsTriedNotBypassed, "went around the proxy");
    }

    @Test
    void aResetReportedAsAbortedFails() {
        TinyProvider.faults(Set.of(Fault.RESET_AS_ABORTED));
        fails(kit::aResetConnectionFailsWithConnectionReset, "expected ERROR_INTERNET_CONNECTION_RESET (12031)");
    }

    @Test
    void aConnectionLeftOpenByCloseFails() {
        TinyProvider.faults(Set.of(Fault.LEAKS_ON_CLOSE));
        fails(kit::closingTheInternetClosesItsSessionsAndTheirConnections, "still open");
    }

    @Test
    void anEventAfterHandleClosingFails() {
        TinyProvider.faults(Set.of(Fault.LATE_EVENT));
        fails(kit::everyStatusEventCarriesTheContextAndHandleClosingComesLast, "the last event is not HANDLE_CLOSING");
    }

    @Test
    void aProviderThatIgnoresTheDeadlineFails() {
        TinyProvider.faults(Set.of(Fault.IGNORES_DEADLINE));
        fails(kit::aTricklingServerIsCutAtTheDeadline, "under a deadline of 2000 ms");
    }

    @Test
    void anInfoOfAnotherTypeThanItsStatusSaysFails() {
        TinyProvider.faults(Set.of(Fault.WRONG_INFO_TYPE));
        fails(kit::everyStatusEventCarriesTheContextAndHandleClosingComesLast, "RESPONSE_RECEIVED carries a Long");
    }

    @Test
    void anIdentityTheProviderDoesNotHaveFails() {
        ProviderConformance<TinySession> wrong = new TinyConformanceTest() {
            @Override
            protected ProviderIdentity<TinySession> identity() {
                return ProviderIdentity.of(TinyProvider.class, TinySession.SERVICE, 7, "tiny");
            }
        };
        fails(wrong::theRegistryFindsAndPicksTheProvider, "default port");
        fails(wrong::theProviderSaysWhatItIs, "defaultPort(no flags)");
    }
}
