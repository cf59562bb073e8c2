package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartFileTest {

    @TempDir
    Path dir;

    @Test
    void aCommittedDownloadIsTheTargetAndNothingElseIsLeft() throws Exception {
        Path target = dir.resolve("data.bin");
        try (PartFile part = PartFile.beside(target)) {
            assertTrue(FileSystems.getDefault().getPathMatcher("glob:" + PartFile.glob(target))
                    .matches(part.path().getFileName()), part.path().toString());
            Files.writeString(part.path(), "whole");
            part.commit();
            assertTrue(part.isCommitted());
        }
        assertEquals("whole", Files.readString(target));
        assertEquals(Set.of(target), entries());
    }

    @Test
    void anUncommittedDownloadLeavesNothing() throws Exception {
        try (PartFile part = PartFile.beside(dir.resolve("data.bin"))) {
            Files.writeString(part.path(), "half");
        }
        assertEquals(Set.of(), entries());
    }

    @Test
    void twoDownloadsToOneTargetHaveTheirOwnPartFiles() throws Exception {
        Path target = dir.resolve("data.bin");
        try (PartFile one = PartFile.beside(target); PartFile two = PartFile.beside(target)) {
            assertFalse(one.path().equals(two.path()));
        }
    }

    /** The download is the user's file: the permissions of any new file there, not a temp file's 0600. */
    @Test
    void theDownloadedFileHasTheUsualPermissionsOfANewFile() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path usual = Files.createFile(dir.resolve("usual"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(usual);
        Assumptions.assumeTrue(expected.contains(PosixFilePermission.GROUP_READ)
                || expected.contains(PosixFilePermission.OTHERS_READ), "a umask that lets others read");
        Path target = dir.resolve("data.bin");
        try (PartFile part = PartFile.beside(target)) {
            part.commit();
        }
        assertEquals(expected, Files.getPosixFilePermissions(target));
    }

    @Test
    void aMissingDirectoryIsFileNotFoundAtOnce() {
        InternetException e = assertThrows(InternetException.class,
                () -> PartFile.beside(dir.resolve("missing").resolve("data.bin")));
        assertEquals(InternetError.FILE_NOT_FOUND, e.error(), e.toString());
    }

    private Set<Path> entries() throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return Set.copyOf(list.toList());
        }
    }
}
