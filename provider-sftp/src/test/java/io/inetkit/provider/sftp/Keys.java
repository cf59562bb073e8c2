package io.inetkit.provider.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Key files made by OpenSSH's own {@code ssh-keygen}, as users have them. */
final class Keys {

    private Keys() {
    }

    /** Makes a private key file {@code name} (and {@code name.pub}) in {@code dir}. */
    static Path generate(Path dir, String name, String type, String passphrase) throws Exception {
        Path key = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase,
                "-C", "inetkit-test", "-f", key.toString()));
        if (type.equals("rsa")) {
            command.addAll(List.of("-b", "3072"));
        }
        run(command);
        return key;
    }

    /** Rewrites a known_hosts file with every host name hashed, as {@code HashKnownHosts yes} does. */
    static void hash(Path knownHosts) throws Exception {
        run(List.of("ssh-keygen", "-q", "-H", "-f", knownHosts.toString()));
        Files.deleteIfExists(Path.of(knownHosts + ".old"));
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " did not end");
        }
        if (process.exitValue() != 0) {
            throw new IOException(command + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
