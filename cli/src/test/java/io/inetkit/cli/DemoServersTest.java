package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import java.io.File;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's servers loaded as the image loads them: testkit and its jars, Apache FtpServer's
 * automatic modules among them, in a module layer of their own.
 */
class DemoServersTest {

    private static final Pattern DEMO_JARS = Pattern.compile(
            "inetkit-testkit|testkit[/\\\\]target[/\\\\]classes|ftpserver-core|ftplet-api|mina-core|junit-jupiter-api"
                    + "|opentest4j|junit-platform-commons|slf4j-api|sshd-osgi|sshd-sftp|eddsa");

    @TempDir
    Path served;

    @Test
    void startsAnFtpServerFromALayerOfJars() throws Exception {
        // The test runs on the class path: the jars come from it. slf4j-api too, which the image
        // links and this test JVM's boot layer lacks.
        Path[] jars = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .filter(entry -> DEMO_JARS.matcher(entry).find()).map(Path::of).toArray(Path[]::new);
        assertEquals(11, jars.length, List.of(jars).toString());
        DemoServers servers = DemoServers.inLayer(ModuleFinder.of(jars), "the class path");
        Files.writeString(served.resolve("layer.txt"), "from a layer");
        try (AutoCloseable ftp = servers.start("io.inetkit.testkit.ftp.TestFtpServer", served)) {
            Module module = ftp.getClass().getModule();
            assertTrue(module.isNamed(), module.toString());
            assertNotSame(ModuleLayer.boot(), module.getLayer());
            try (Internet internet = Internet.create();
                 FtpSession session = internet.connect(
                         ConnectRequest.newBuilder(Service.FTP, "127.0.0.1").port(DemoServers.port(ftp)).build())) {
                assertEquals(12, session.size("layer.txt"));
            }
        }
    }
}
