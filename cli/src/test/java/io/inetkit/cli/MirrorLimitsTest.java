package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.ftp.FtpSession;
import io.inetkit.mirror.Mirror;
import io.inetkit.mirror.MirrorListener;
import io.inetkit.mirror.MirrorResult;
import io.inetkit.mirror.RemoteTree;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.ftp.TestFtpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's {@link Mirror} held to {@link Limits#maxTreeDepth()} and {@link Limits#maxTreeEntries()}. */
class MirrorLimitsTest {

    @TempDir
    static Path served;

    @TempDir
    Path work;

    @StartStop final TestFtpServer ftp = TestFtpServer.newBuilder().root(served).build();

    private MirrorResult mirror(Limits limits, List<String> failures, Path target) throws Exception {
        try (Internet internet = Internet.newBuilder().build();
             FtpSession session = (FtpSession) internet.connectUrl(ftp.url())) {
            return Mirror.newBuilder().limits(limits).listener(new MirrorListener() {
                @Override
                public void failed(String path, InternetException failure) {
                    failures.add(path + " " + failure.getMessage());
                }
            }).build().download(List.of(RemoteTree.of(session)), "/", target);
        }
    }

    @Test
    void aTreeDeeperThanMaxTreeDepthIsNotEntered() throws Exception {
        Files.createDirectories(served.resolve("d1/d2/d3"));
        Files.writeString(served.resolve("d1/d2/two.txt"), "2");
        Files.writeString(served.resolve("d1/d2/d3/three.txt"), "3");
        List<String> failures = new ArrayList<>();
        MirrorResult result = mirror(Limits.newBuilder().maxTreeDepth(2).build(), failures, work);
        assertEquals(1, result.failed(), failures.toString());
        assertTrue(failures.get(0).startsWith("d1/d2/d3/ the server sent a tree deeper than 2 directories"
                + " (Limits.maxTreeDepth)"), failures.toString());
        assertEquals("2", Files.readString(work.resolve("d1/d2/two.txt")));
        assertTrue(Files.notExists(work.resolve("d1/d2/d3/three.txt")));
    }

    @Test
    void aTreeOfMoreThanMaxTreeEntriesEndsTheMirror() throws Exception {
        for (int i = 0; i < 5; i++) {
            Files.writeString(served.resolve("f" + i), "x");
        }
        InternetException failure = assertThrows(InternetException.class,
                () -> mirror(Limits.newBuilder().maxTreeEntries(4).build(), new ArrayList<>(), work));
        assertEquals(InternetError.INVALID_OPERATION, failure.error());
        assertTrue(failure.getMessage().contains("a tree of more than 4 entries (Limits.maxTreeEntries)"),
                failure.getMessage());
    }
}
