package io.inetkit.provider.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.SegmentedDownload;
import io.inetkit.Service;
import io.inetkit.mirror.Mirror;
import io.inetkit.mirror.MirrorResult;
import io.inetkit.mirror.RemoteTree;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.daemon.Sshd;
import io.inetkit.testkit.leak.Leaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments and mirroring against Debian's OpenSSH {@code sshd}: its SFTP version 3 refuses a rename
 * onto an existing file, which a mirror's upload of a changed file meets. Skipped as {@link Sshd} says.
 */
class SshdScaleTest {

    @TempDir
    Path dir;

    @Test
    void aTreeGoesDownAndUpAndASegmentedDownloadMatchesByteForByte() throws Exception {
        Leaks leaks = Leaks.snapshot();
        byte[] big = new byte[2_000_003];
        new Random(22).nextBytes(big);
        try (Sshd sshd = Sshd.newBuilder().hostKeys(Sshd.KeyType.ED25519).start(dir.resolve("sshd"));
                Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(5))
                        .readTimeout(Duration.ofSeconds(10)).build()) {
            Files.createDirectories(sshd.root().resolve("tree/sub"));
            Files.writeString(sshd.root().resolve("tree/a.txt"), "a");
            Files.write(sshd.root().resolve("tree/sub/big.bin"), big);
            Files.createSymbolicLink(sshd.root().resolve("tree/up"), Path.of(".."));
            ConnectRequest<SftpSession> request = ConnectRequest.newBuilder(Service.SFTP, sshd.host())
                    .port(sshd.port()).user(sshd.user()).password(sshd.password())
                    .option(SftpOptions.newBuilder().knownHosts(sshd.knownHosts()).build()).build();

            Path seg = dir.resolve("seg.bin");
            SegmentedDownload.Result segmented = SegmentedDownload.newBuilder().segments(4)
                    .minSegmentSize(256 * 1024).build()
                    .download(internet, request, sshd.remotePath("tree/sub/big.bin"), seg, new AtomicLong());
            assertArrayEquals(big, Files.readAllBytes(seg));
            assertTrue(segmented.ranged(), segmented::toString);
            assertEquals(4, segmented.connections(), segmented::toString);

            Path into = dir.resolve("into");
            try (SftpSession one = internet.connect(request); SftpSession two = internet.connect(request);
                    SftpSession three = internet.connect(request)) {
                List<RemoteTree> trees = List.of(RemoteTree.of(one), RemoteTree.of(two), RemoteTree.of(three));
                MirrorResult down = Mirror.newBuilder().build().download(trees, sshd.remotePath("tree"), into);
                assertEquals(new MirrorResult(2, 0, 0, 1, 0), down);
                assertArrayEquals(big, Files.readAllBytes(into.resolve("sub/big.bin")));
                assertFalse(Files.exists(into.resolve("up")));

                List<RemoteTree> up = List.of(RemoteTree.of(one));
                MirrorResult first = Mirror.newBuilder().build().upload(into, up, sshd.remotePath("back"));
                assertEquals(2, first.transferred(), first::toString);
                Files.writeString(into.resolve("a.txt"), "changed");
                MirrorResult second = Mirror.newBuilder().build().upload(into, up, sshd.remotePath("back"));
                assertEquals(1, second.transferred(), second::toString);
                assertEquals("changed", Files.readString(sshd.root().resolve("back/a.txt")));
                assertArrayEquals(big, Files.readAllBytes(sshd.root().resolve("back/sub/big.bin")));
                try (var names = Files.list(sshd.root().resolve("back"))) {
                    assertEquals(List.of("a.txt", "sub"), names.map(p -> p.getFileName().toString()).sorted().toList());
                }
            }
        }
        leaks.assertNoLeak("sshd scale");
    }
}
