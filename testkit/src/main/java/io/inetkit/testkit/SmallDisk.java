package io.inetkit.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a given size on a folder, for a test of a full disk; unmounted by {@link #close()}.
 * Mounting needs root (with {@code CAP_SYS_ADMIN} in a container), as on the project's machines: a
 * capability of the machine, not a package CI could install, so elsewhere the test is skipped and
 * says why.
 *
 * <pre>{@code
 * try (SmallDisk disk = SmallDisk.mount(dir.resolve("small"), "1m")) {
 *     ... a download into disk.path() fails with DISK_FULL ...
 * }
 * }</pre>
 */
public final class SmallDisk implements AutoCloseable {

    private static final long WAIT_SECONDS = 30;

    private final Path path;

    private SmallDisk(Path path) {
        this.path = path;
    }

    /**
     * Mounts a tmpfs of {@code size} (mount's {@code size=} option: {@code 1m}, {@code 512k}) on
     * {@code folder}, made if missing; skips the calling test where it cannot.
     */
    public static SmallDisk mount(Path folder, String size) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean mounted = mount.waitFor(WAIT_SECONDS, TimeUnit.SECONDS) && mount.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (" + output.strip()
                + "): needs root and CAP_SYS_ADMIN");
        return new SmallDisk(folder);
    }

    /** The mounted folder. */
    public Path path() {
        return path;
    }

    /** Unmounts the disk; what a test left on it goes with it. */
    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", path.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
