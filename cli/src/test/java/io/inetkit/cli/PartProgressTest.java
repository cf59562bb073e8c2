package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.spi.PartFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress of a download the library writes itself: the size of its {@code .part} file, not
 * of one a download before it left there.
 */
@Timeout(30)
class PartProgressTest {

    @TempDir
    Path dir;

    @Test
    void theLineShowsTheSizeOfTheDownloadsOwnPartFile() throws Exception {
        Path target = dir.resolve("data.bin");
        Files.write(dir.resolve(".data.bin.left-by-a-crash.part"), new byte[5_000_000]);
        StringWriter shown = new StringWriter();
        try (PartProgress watch = PartProgress.of(target, new Progress(new PrintWriter(shown), true));
             PartFile part = PartFile.beside(target)) {
            Files.write(part.path(), new byte[3_000_000]);
            // The line appears once the transfer has run a second; each look is 200 ms apart.
            long until = System.nanoTime() + 20_000_000_000L;
            while (!shown.toString().contains("3.00 MB ") && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        }
        assertTrue(shown.toString().contains("\r3.00 MB "), shown.toString());
        assertTrue(!shown.toString().contains("8.00 MB"), shown.toString());
    }

    @Test
    void aPartFileMovedOntoItsTargetLeavesTheLastSizeNotZero() throws Exception {
        Path target = dir.resolve("done.bin");
        StringWriter shown = new StringWriter();
        try (PartProgress watch = PartProgress.of(target, new Progress(new PrintWriter(shown), true))) {
            try (PartFile part = PartFile.beside(target)) {
                Files.write(part.path(), new byte[2_000_000]);
                long until = System.nanoTime() + 20_000_000_000L;
                while (!shown.toString().contains("2.00 MB ") && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                part.commit();
            }
            Thread.sleep(600); // three more looks at a part file that is gone
        }
        assertTrue(shown.toString().contains("\r2.00 MB "), shown.toString());
        assertTrue(!shown.toString().contains("\r0 B "), shown.toString());
    }

    @Test
    void aResumedDownloadShowsTheLengthOfItsTargetFromTheStart() throws Exception {
        Path target = Files.write(dir.resolve("resumed.bin"), new byte[1_000_000]);
        StringWriter shown = new StringWriter();
        try (PartProgress watch = PartProgress.growing(target, new Progress(new PrintWriter(shown), true))) {
            Files.write(target, new byte[4_000_000]);
            long until = System.nanoTime() + 20_000_000_000L;
            while (!shown.toString().contains("4.00 MB ") && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        }
        assertTrue(shown.toString().contains("\r4.00 MB "), shown.toString());
    }
}
