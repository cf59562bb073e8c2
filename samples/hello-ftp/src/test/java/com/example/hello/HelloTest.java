package com.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hello against testkit's real FTP server, started and stopped for each test by {@code @StartStop}. */
class HelloTest {

    @TempDir static Path served;
    @TempDir Path local;

    @StartStop final TestFtpServer server = TestFtpServer.newBuilder().root(served).build();

    @Test
    void listsTheRootAndDownloadsAFile() throws Exception {
        Files.writeString(served.resolve("readme.txt"), "hello\n");
        List<String> names = Hello.listAndGet(server.host(), server.port(), "readme.txt", local.resolve("readme.txt"));
        assertEquals(List.of("readme.txt"), names);
        assertEquals("hello\n", Files.readString(local.resolve("readme.txt")));
    }

    @Test
    void aMissingFileIsTheServersRefusalAndLeavesNoFile() {
        InternetException e = assertThrows(InternetException.class,
                () -> Hello.listAndGet(server.host(), server.port(), "missing.txt", local.resolve("missing.txt")));
        assertEquals(InternetError.EXTENDED_ERROR, e.error());
        assertEquals("550", e.serverReply().orElseThrow().substring(0, 3));
        assertEquals(false, Files.exists(local.resolve("missing.txt")));
    }
}
