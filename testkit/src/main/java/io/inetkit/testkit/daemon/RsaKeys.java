package io.inetkit.testkit.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** RSA keys for {@link Sshd}, one per role, made once per JVM in a folder deleted at its exit. */
final class RsaKeys {

    private static final Map<String, Path> MADE = new HashMap<>();
    private static Path folder;

    private RsaKeys() {
    }

    /** The private key for this role ({@code host_rsa}, {@code id_rsa}), its public half beside it. */
    static synchronized Path get(Path keygen, String role) throws IOException, InterruptedException {
        Path key = MADE.get(role);
        if (key == null) {
            key = folder().resolve(role);
            Sshd.Builder.generate(keygen, "rsa", "", key);
            MADE.put(role, key);
        }
        return key;
    }

    private static Path folder() throws IOException {
        if (folder == null) {
            Path made = Files.createTempDirectory("inetkit-sshd-rsa");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(made)));
            folder = made;
        }
        return folder;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // The JVM is ending; a key left in the temporary folder is harmless test material.
        }
    }
}
