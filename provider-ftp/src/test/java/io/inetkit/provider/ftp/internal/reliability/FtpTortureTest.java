package io.inetkit.provider.ftp.internal.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torture, as curl tests itself: a clean download and a clean upload count the sockets they open
 * (control and data connections, through two fault proxies), then each is rerun once per opening
 * with that one opening failing (the proxy resets exactly that connection); and the download is
 * rerun with its one file opening failing (a read-only directory). Every rerun ends with an error,
 * in bounded time, with no file under the final name, no {@code .part} file and no leak.
 */
class FtpTortureTest {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final byte[] CONTENT = new byte[256 * 1024];

    @TempDir Path local;

    interface Run {
        void run(FtpSession session, Path dir) throws Exception;
    }

    private final Run download = (session, dir) -> session.get("big.bin", dir.resolve("got.bin"));
    private final Run upload = (session, dir) -> session.put(Files.write(dir.resolve("src.bin"), CONTENT), "up.bin");

    /** Connections of each proxy in one clean run: {control, data}. */
    private int[] cleanRun(Run run) throws Exception {
        try (FtpFaultTest.Rig rig = new FtpFaultTest.Rig(false); Internet internet = FtpFaultTest.quick()) {
            Files.write(rig.server.root().resolve("big.bin"), CONTENT);
            Path dir = Files.createTempDirectory(local, "clean");
            try (FtpSession session = rig.connect(internet, false)) {
                run.run(session, dir);
            }
            return new int[] {rig.control.connectionCount(), rig.data.connectionCount()};
        }
    }

    private List<String> tortureSockets(Run run, boolean isDownload) throws Exception {
        int[] openings = cleanRun(run);
        assertTrue(openings[0] == 1 && openings[1] >= 1, "openings " + openings[0] + "/" + openings[1]);
        List<String> outcomes = new ArrayList<>();
        for (int proxyIndex = 0; proxyIndex < 2; proxyIndex++) {
            for (int n = 1; n <= openings[proxyIndex]; n++) {
                Leaks leaks = Leaks.snapshot();
                int which = proxyIndex;
                int nth = n;
                Path dir = Files.createTempDirectory(local, "run");
                String name = (which == 0 ? "control" : "data") + " connection " + nth;
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                    try (FtpFaultTest.Rig rig = new FtpFaultTest.Rig(false); Internet internet = FtpFaultTest.quick()) {
                        Files.write(rig.server.root().resolve("big.bin"), CONTENT);
                        var proxy = which == 0 ? rig.control : rig.data;
                        for (int i = 1; i < nth; i++) {
                            proxy.enqueue(rewriteOf(rig, which));
                        }
                        proxy.enqueue(Fault.resetOnAccept());
                        InternetException e = assertThrows(InternetException.class, () -> {
                            try (FtpSession session = rig.connect(internet, false)) {
                                run.run(session, dir);
                            }
                        });
                        outcomes.add(name + ": " + e.error());
                        assertTrue(Set.of(InternetError.CANNOT_CONNECT, InternetError.CONNECTION_ABORTED,
                                InternetError.CONNECTION_RESET, InternetError.FTP_DROPPED, InternetError.TIMEOUT)
                                .contains(e.error()), name + ": " + e);
                    }
                });
                if (isDownload) {
                    try (Stream<Path> files = Files.list(dir)) {
                        assertEquals(List.of(), files.toList(), name + " left files");
                    }
                }
                leaks.assertNoLeak(name);
            }
        }
        return outcomes;
    }

    /** The Nth-but-last connections keep the proxy's standing fault: the control one rewrites EPSV. */
    private static Fault rewriteOf(FtpFaultTest.Rig rig, int which) {
        return which == 0 ? rig.proxied.controlRewrite : Fault.none();
    }

    @Test
    void everySocketOfADownloadFailingOnceEndsInAnError() throws Exception {
        List<String> outcomes = tortureSockets(download, true);
        assertTrue(outcomes.size() >= 2, outcomes.toString());
    }

    @Test
    void everySocketOfAnUploadFailingOnceEndsInAnError() throws Exception {
        List<String> outcomes = tortureSockets(upload, false);
        assertTrue(outcomes.size() >= 2, outcomes.toString());
    }

    @Test
    void theFileOpeningOfADownloadFailingEndsInALocalFileError() throws Exception {
        // A read-only directory stops no one when the tests run as root; a missing parent stops everyone.
        Path dir = local.resolve("missing");
        Leaks leaks = Leaks.snapshot();
        try (FtpFaultTest.Rig rig = new FtpFaultTest.Rig(false); Internet internet = FtpFaultTest.quick()) {
            Files.write(rig.server.root().resolve("big.bin"), CONTENT);
            try (FtpSession session = rig.connect(internet, false)) {
                InternetException e = assertThrows(InternetException.class, () -> download.run(session, dir));
                assertEquals(InternetError.FILE_NOT_FOUND, e.error(), e.toString());
                Path ok = Files.createTempDirectory(local, "after");
                download.run(session, ok);
                assertArrayEquals(CONTENT, Files.readAllBytes(ok.resolve("got.bin")), "the session still works");
            }
        }
        assertTrue(Files.notExists(dir));
        leaks.assertNoLeak("missing directory");
    }

    @Test
    void theFileOpeningOfADownloadFailingOnADirectoryInTheWayEndsInAnError() throws Exception {
        Path dir = Files.createTempDirectory(local, "taken");
        Files.createDirectory(dir.resolve("got.bin")); // the final name is a directory
        try (FtpFaultTest.Rig rig = new FtpFaultTest.Rig(false); Internet internet = FtpFaultTest.quick()) {
            Files.write(rig.server.root().resolve("big.bin"), CONTENT);
            try (FtpSession session = rig.connect(internet, false)) {
                InternetException e = assertThrows(InternetException.class, () -> download.run(session, dir));
                assertTrue(e.getMessage().contains("got.bin"), e.getMessage());
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("got.bin")), files.toList(), "no .part file left");
        }
    }
}
