package io.inetkit.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.conformance.tiny.TinyProvider;
import io.inetkit.testkit.conformance.tiny.TinyServer;
import io.inetkit.testkit.conformance.tiny.TinySession;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * The kit on a provider that keeps the contract: every check passes, except the one on the
 * declarations, since the tiny provider's classes folder (the tests') has no module-info.
 */
class TinyConformanceTest extends ProviderConformance<TinySession> {

    @StartStop final TinyServer server = new TinyServer();

    @Override
    protected ProviderIdentity<TinySession> identity() {
        return ProviderIdentity.of(TinyProvider.class, TinySession.SERVICE, 4242, "tiny");
    }

    @Override
    protected InetSocketAddress server() {
        return server.address();
    }

    @Override
    protected void operate(TinySession session) throws IOException {
        assertEquals("HELLO", session.ask("hello"));
    }

    @Test
    @Override
    public void bothDeclarationsNameTheProviderAndAgree() {
        AssertionError e = assertThrows(AssertionError.class, super::bothDeclarationsNameTheProviderAndAgree);
        assertTrue(e.getMessage().contains("has no module-info.class"), e.getMessage());
    }
}
