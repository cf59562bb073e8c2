package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.inetkit.ProviderRegistry;
import io.inetkit.ServiceInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code inetkit services}: its hand-padded columns are what the format it replaced laid out. */
class ServicesCommandTest {

    @Test
    void everyLineIsLaidOutAsTheFormatWould() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new String[] {"services"}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter())));
        List<String> expected = new ArrayList<>();
        String format = "%-4s %-8s %-6s %-16s %s";
        expected.add(String.format(format, "ID", "SERVICE", "PORT", "SCHEMES", "MODULE"));
        List<ServiceInfo> services = ProviderRegistry.load().services();
        assertFalse(services.isEmpty(), "the tests have at least the Echo example provider");
        for (ServiceInfo info : services) {
            expected.add(String.format(format, info.service().id(), info.service().name(), info.defaultPort(),
                    String.join(",", info.schemes()), info.module()));
        }
        assertEquals(expected, out.toString().lines().toList());
    }
}
