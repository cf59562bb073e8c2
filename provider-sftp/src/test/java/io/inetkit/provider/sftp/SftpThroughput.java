package io.inetkit.provider.sftp;

import com.jcraft.jsch.JSch;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import io.inetkit.testkit.daemon.Sshd;
import io.inetkit.testkit.daemon.Sshd.KeyType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: a bench that times 512 MiB (or {@code -Dsize=MiB}) down and up through the library,
 * {@code curl sftp://} (libssh2) and OpenSSH's {@code sftp -b}, from a real OpenSSH sshd on loopback,
 * with each client's CPU. Run with {@code java -cp ... io.inetkit.provider.sftp.SftpThroughput};
 * {@code -Drounds=N}, {@code -Dclients=inetkit,curl,sftp}, {@code -Dcipher=...} (JSch's cipher list).
 */
public final class SftpThroughput {

    private SftpThroughput() {
    }

    public static void main(String[] args) throws Exception {
        long size = Long.getLong("size", 512) * 1024 * 1024;
        int rounds = Integer.getInteger("rounds", 3);
        List<String> clients = List.of(System.getProperty("clients", "inetkit,curl,sftp").split(","));
        String cipher = System.getProperty("cipher");
        if (cipher != null) {
            JSch.setConfig("cipher.s2c", cipher);
            JSch.setConfig("cipher.c2s", cipher);
        }
        Path dir = Files.createTempDirectory("sftp-bench");
        try (Sshd sshd = Sshd.newBuilder().hostKeys(KeyType.ED25519).start(dir.resolve("sshd"))) {
            Path remote = sshd.root().resolve("src.bin");
            Path up = dir.resolve("up.bin");
            write(remote, size);
            Files.copy(remote, up);
            Path key = sshd.privateKey(KeyType.ED25519);
            Path pub = Path.of(key + ".pub");
            if (!Files.exists(pub)) {
                Files.copy(sshd.publicKey(KeyType.ED25519), pub);
            }
            String pin = Base64.getEncoder().encodeToString(sshd.hostKeySha256(KeyType.ED25519));
            Path down = dir.resolve("down.bin");
            System.out.printf(Locale.ROOT, "size %d MiB, java %s, cipher %s%n", size >> 20,
                    System.getProperty("java.version"), cipher == null ? "(JSch default)" : cipher);
            Internet internet = Internet.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .readTimeout(Duration.ofSeconds(30)).build();
            var request = ConnectRequest.newBuilder(Service.SFTP, sshd.host()).port(sshd.port())
                    .user(sshd.user()).option(SftpOptions.newBuilder().knownHosts(sshd.knownHosts()).identity(key)
                            .build()).build();
            List<String> variants = List.of(System.getProperty("ciphers", "").split(","));
            for (int round = 0; round < rounds; round++) {
                for (String variant : variants) {
                    if (clients.contains("inetkit") && !variant.isEmpty()) {
                        String name = variant.replace("@openssh.com", "");
                        if (variant.startsWith("bulk")) {
                            System.setProperty("xbulk", variant.substring(4));
                        } else {
                            JSch.setConfig("cipher.s2c", variant);
                            JSch.setConfig("cipher.c2s", variant);
                        }
                        inetkit(name + " get", size, () -> {
                            try (SftpSession session = internet.connect(request)) {
                                session.get(sshd.remotePath("src.bin"), down);
                            }
                        });
                        check(down, size);
                        inetkit(name + " put", size, () -> {
                            try (SftpSession session = internet.connect(request)) {
                                session.put(up, sshd.remotePath("up.bin"));
                            }
                        });
                        check(sshd.root().resolve("up.bin"), size);
                    }
                }
                if (clients.contains("inetkit") && variants.size() == 1 && variants.get(0).isEmpty()) {
                    inetkit("inetkit get", size, () -> {
                        try (SftpSession session = internet.connect(request)) {
                            session.get(sshd.remotePath("src.bin"), down);
                        }
                    });
                    check(down, size);
                    inetkit("inetkit put", size, () -> {
                        try (SftpSession session = internet.connect(request)) {
                            session.put(up, sshd.remotePath("up.bin"));
                        }
                    });
                    check(sshd.root().resolve("up.bin"), size);
                }
                if (clients.contains("curl")) {
                    external("curl get", size, List.of("curl", "-sS", "--hostpubsha256", pin, "--key", key.toString(),
                            "--pubkey", pub.toString(), "-o", down.toString(), sshd.url("src.bin").toString()));
                    check(down, size);
                    external("curl put", size, List.of("curl", "-sS", "--hostpubsha256", pin, "--key", key.toString(),
                            "--pubkey", pub.toString(), "-T", up.toString(), sshd.url("up.bin").toString()));
                    check(sshd.root().resolve("up.bin"), size);
                }
                if (clients.contains("sftp")) {
                    external("sftp get", size, sftp(sshd, key, dir, "get " + sshd.remotePath("src.bin") + " " + down));
                    check(down, size);
                    external("sftp put", size, sftp(sshd, key, dir, "put " + up + " " + sshd.remotePath("up.bin")));
                    check(sshd.root().resolve("up.bin"), size);
                }
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private interface Transfer {
        void run() throws Exception;
    }

    private static void inetkit(String name, long size, Transfer transfer) throws Exception {
        long cpu = cpuNanos();
        long start = System.nanoTime();
        transfer.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (cpuNanos() - cpu) / 1e9;
        report(name, size, seconds, cpuSeconds);
    }

    /** The JVM's user and system CPU: every thread's, the collector's and the compiler's too. */
    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static void external(String name, long size, List<String> command) throws Exception {
        Path times = Files.createTempFile("time", ".txt");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S"));
        timed.addAll(command);
        Process process = new ProcessBuilder(timed).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        String[] t = Files.readString(times).trim().split("\\s+");
        Files.delete(times);
        report(name, size, Double.parseDouble(t[0]), Double.parseDouble(t[1]) + Double.parseDouble(t[2]));
    }

    private static List<String> sftp(Sshd sshd, Path key, Path dir, String line) throws IOException {
        Path batch = Files.writeString(dir.resolve("batch"), line + "\n");
        return List.of("sftp", "-q", "-i", key.toString(), "-P", String.valueOf(sshd.port()), "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + sshd.knownHosts(),
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-b", batch.toString(),
                sshd.user() + "@" + sshd.host());
    }

    private static void report(String name, long size, double seconds, double cpuSeconds) {
        double mib = size / 1048576.0;
        System.out.printf(Locale.ROOT, "%-22s %7.2f s %7.1f MB/s  cpu %6.2f s  %6.2f cpu-s/GiB%n", name, seconds,
                size / 1e6 / seconds, cpuSeconds, cpuSeconds / (mib / 1024));
    }

    private static void write(Path file, long size) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(size).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                block[0]++;
                out.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
    }

    private static void check(Path file, long size) throws IOException {
        if (Files.size(file) != size) {
            throw new IOException(file + " has " + Files.size(file) + " bytes, not " + size);
        }
        Files.delete(file);
    }
}
