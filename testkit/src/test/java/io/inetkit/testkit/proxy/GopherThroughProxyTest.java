package io.inetkit.testkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.Wire;
import io.inetkit.testkit.gopher.GopherItem;
import io.inetkit.testkit.gopher.TestGopherServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two halves together, as a client library's tests would use them. */
class GopherThroughProxyTest {

    @StartStop
    final TestGopherServer gopher = TestGopherServer.create()
            .search("/find", query -> List.of(GopherItem.of('0', "Hit for " + query, "/hit.txt")));
    @StartStop
    final FaultProxy proxy = FaultProxy.to(gopher::address);

    @Test
    void clientSeesTheWholeMenuThroughACleanProxy() throws Exception {
        String menu = Wire.exchangeText(proxy.address(), "/find\tgopher");

        assertEquals("0Hit for gopher\t/hit.txt\t127.0.0.1\t" + gopher.port() + "\r\n.\r\n", menu);
        assertEquals("/find\tgopher", gopher.takeRequest(Duration.ofSeconds(5)).orElseThrow().line());
    }

    @Test
    void cutMenuLacksItsFinalPeriodLine() throws Exception {
        proxy.fault(Fault.cutAfter(Direction.DOWNSTREAM, 10));

        String menu = Wire.exchangeText(proxy.address(), "/find\tgopher");

        assertEquals("0Hit for g", menu);
        assertFalse(menu.endsWith(".\r\n"));
    }

    @Test
    void drippedMenuArrivesWholeButSlowly() throws Exception {
        proxy.fault(Fault.drip(Direction.DOWNSTREAM, 8, Duration.ofMillis(20)));
        long start = System.nanoTime();

        String menu = Wire.exchangeText(proxy.address(), "/find\tgopher");

        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(menu.endsWith("\r\n.\r\n"), menu);
        int pieces = (menu.length() + 7) / 8;
        assertTrue(elapsedMillis >= (pieces - 1) * 20L, elapsedMillis + " ms for " + pieces + " pieces");
    }
}
