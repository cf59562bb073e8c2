package io.inetkit.provider.gopher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inetkit.Service;
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherSession;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.conformance.ProviderConformance;
import io.inetkit.testkit.conformance.ProviderIdentity;
import io.inetkit.testkit.gopher.TestGopherServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The Gopher provider keeps the contract every inetkit provider keeps: the conformance kit's checks. */
class GopherConformanceTest extends ProviderConformance<GopherSession> {

    @TempDir
    static Path root;

    @StartStop
    final TestGopherServer gopher = TestGopherServer.serving(root);

    @BeforeAll
    static void files() throws IOException {
        Files.writeString(root.resolve("about.txt"), "conformance\n");
    }

    @Override
    protected ProviderIdentity<GopherSession> identity() {
        return ProviderIdentity.of(GopherProvider.class, Service.GOPHER, 70, "gopher", "gophers");
    }

    @Override
    protected InetSocketAddress server() {
        return gopher.address();
    }

    @Override
    protected void operate(GopherSession session) throws IOException {
        List<GopherItem> menu = session.menu();
        assertEquals(List.of("about.txt"), menu.stream().map(GopherItem::display).toList());
    }
}
